"""Limits of the central import (issue 11, defect 9): a package above the documented size is
refused before it is read whole, a package dated in the future is refused, and one package
cannot rename the themes the other diensten' findings are counted under."""

from __future__ import annotations

import hashlib
import json
import tracemalloc

import pytest

from tests.rode_draden.packages import make_package, pick
from visitor_app.errors import DamagedFileError, InputError
from visitor_app.rode_draden import package as packages
from visitor_app.rode_draden.package import compute_digest, read_package


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite(path, change) -> None:
    pkg = json.loads(path.read_text(encoding="utf-8"))
    change(pkg)
    pkg["digest"] = compute_digest(pkg)
    path.write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")


def test_a_package_above_the_limit_is_refused_before_it_is_read(tmp_path, three, monkeypatch):
    monkeypatch.setattr(packages, "MAX_PACKAGE_BYTES", 64 * 1024)
    big = three["paths"][0]
    big.write_bytes(big.read_bytes() + b" " * (64 * 1024))  # still a valid package, only larger
    tracemalloc.start()
    with pytest.raises(InputError, match="groter dan") as info:
        read_package(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert big.name in info.value.message and "MB" in info.value.message
    assert peak < 64 * 1024  # not read


def test_a_huge_sparse_package_is_refused_at_once(tmp_path):
    huge = tmp_path / "groot.rodedraden"
    with open(huge, "wb") as fh:
        fh.write(b'{"format": "visitor-app-rodedraden"')
        fh.truncate(600 * 1024 * 1024)  # 600 MB on paper, nothing on disk
    tracemalloc.start()
    with pytest.raises(InputError, match="groter dan"):
        read_package(huge)
    assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    tracemalloc.stop()


def test_the_limit_is_also_kept_while_reading(tmp_path, three, monkeypatch):
    """A file that grows after its size was looked at (or a device) is read only up to the cap."""
    monkeypatch.setattr(packages, "MAX_PACKAGE_BYTES", 64 * 1024)
    path = three["paths"][0]
    monkeypatch.setattr(packages, "_stat_size", lambda p: 10)  # as if it were small
    path.write_bytes(path.read_bytes() + b" " * (128 * 1024))
    with pytest.raises(InputError, match="groter dan"):
        read_package(path)


def test_a_package_dated_in_the_future_is_refused(db, tmp_path, framework):
    x, _, kinds = pick(framework)
    path = make_package(tmp_path, framework, "OD Toekomst", [(x["id"], kinds[0], "Iets.", None)])
    good = tmp_path / "later.rodedraden"
    good.write_bytes(path.read_bytes())
    rewrite(path, lambda pkg: pkg.update(exported="9999-12-31T23:59:59.000000Z"))
    with pytest.raises(DamagedFileError, match="toekomst"):
        read_package(path)
    refused = db.import_packages([path])[0]
    assert refused["status"] == "geweigerd" and "toekomst" in refused["message"]
    assert db.import_packages([good])[0]["status"] == "nieuw"  # the real export still comes in


def test_a_small_clock_difference_is_allowed(db, tmp_path, framework):
    from datetime import datetime, timedelta, timezone
    x, _, kinds = pick(framework)
    soon = (datetime.now(timezone.utc) + timedelta(hours=2)).isoformat(timespec="microseconds")
    path = make_package(tmp_path, framework, "OD Klokverschil", [(x["id"], kinds[0], "Iets.", None)],
                        exported=soon.replace("+00:00", "Z"))
    assert db.import_packages([path])[0]["status"] == "nieuw"


def test_one_package_cannot_rename_the_themes_of_the_other_diensten(db, tmp_path, three, framework):
    db.import_packages(three["paths"])
    x = three["x"]
    names = {t["id"]: t["name"] for t in db.themes()}
    path = make_package(tmp_path, framework, "OD Hernoemd",
                        [(x["id"], three["k1"], "Iets.", None)])

    def rename(pkg):
        pkg["framework"]["version"] = "9999"
        for theme in pkg["framework"]["themes"]:
            theme["name"] = "Door één pakket hernoemd"

    rewrite(path, rename)
    result = db.import_packages([path])[0]
    assert result["status"] == "nieuw"
    assert "Door één pakket hernoemd" in result["message"] and names[x["id"]] in result["message"]
    assert {t["id"]: t["name"] for t in db.themes()} == names
    assert {t["id"]: t["name"] for t in db.matrix()["themes"]} == names



def test_a_central_database_with_a_damaged_index_gets_no_write(tmp_path, three):
    """Issue 11 defect 2 on the central side: damage quick_check misses (a flipped theme in
    the findings' index) is found before an import writes into the database."""
    import sqlite3

    from visitor_app.rode_draden.database import CentralDb
    path = tmp_path / "centraal.db"
    with CentralDb.open(path, create=True) as db:
        db.import_packages(three["paths"][:2])
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    [page] = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'findings_theme_kind' AND pagetype = 'leaf'")][:1]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    theme = three["x"]["id"].encode()
    at = data.find(theme, (page - 1) * size, page * size)
    data[at + len(theme) - 1] = ord("~")
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    before = sha(path)
    with pytest.raises(DamagedFileError, match="beschadigd|bruikbare"):
        with CentralDb.open(path) as db:
            db.import_packages(three["paths"][2:])
    assert sha(path) == before
