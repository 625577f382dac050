"""Package schema 3: the opvolging of the previous visitation, counted per status and per
theme (no texts); packages of schema 2 still read. On each framework."""

from __future__ import annotations

import json

import pytest

from visitor_app.errors import DamagedFileError
from visitor_app.rode_draden.package import (build_package, compute_digest, export_central,
                                             previous_source, read_package)
from visitor_app.services import Visitation


@pytest.fixture
def followed(tmp_path, framework):
    """A visitation with three recommendations of its previous visitation, two followed up."""
    kinds = framework.follow_up_kinds()
    t1, t2 = framework.themes[0]["id"], framework.themes[1]["id"]
    old_path = tmp_path / "vorige.visitatie"
    with Visitation.create(old_path, "OD Cyclus", "2022-03-08", "2022-03-09", framework=framework) as old:
        for theme, text in ((t1, "Leg vast."), (t1, "Meet het."), (t2, "Deel het.")):
            old.findings.add(theme, kinds[0], text)
        export_central(old, tmp_path / "vorige.rodedraden")
    visit = Visitation.create(tmp_path / "nu.visitatie", "OD Cyclus", "2026-03-10", "2026-03-11",
                              framework=framework)
    visit.previous.import_source(previous_source(tmp_path / "vorige.rodedraden"))
    statuses = [s["id"] for s in framework.follow_up_statuses()]
    rows = visit.previous.list()
    visit.previous.set_opvolging(rows[0]["id"], statuses[0], toelichting="Geheim detail.")
    visit.previous.set_opvolging(rows[2]["id"], statuses[0])
    visit.findings.add(t1, kinds[0], "Een nieuwe aanbeveling.")
    yield visit, statuses, t1, t2
    visit.close()


def test_the_package_counts_the_opvolging_per_status_and_theme(followed, tmp_path):
    visit, statuses, t1, t2 = followed
    out = tmp_path / "nu.rodedraden"
    export_central(visit, out)
    pkg = read_package(out)
    counts = {s["id"]: s["count"] for s in pkg["follow_up"]["statuses"]}
    default = visit.framework.follow_up_default()
    assert counts[statuses[0]] == 2 and counts[default] == 1 and sum(counts.values()) == 3
    assert sorted((r["theme"], r["status"], r["count"]) for r in pkg["follow_up"]["themes"]) == sorted(
        [(t1, statuses[0], 1), (t1, default, 1), (t2, statuses[0], 1)])
    assert "Geheim detail" not in out.read_text(encoding="utf-8")  # counts only, no toelichting


def test_no_follow_up_without_a_previous_visitation(visit):
    visit.findings.add(visit.framework.themes[0]["id"], visit.framework.finding_kinds[0]["id"], "Iets.")
    assert "follow_up" not in build_package(visit)


def test_counts_that_do_not_add_up_are_refused(followed, tmp_path):
    visit = followed[0]
    out = tmp_path / "nu.rodedraden"
    export_central(visit, out)
    pkg = json.loads(out.read_text(encoding="utf-8"))
    pkg["follow_up"]["statuses"][0]["count"] += 1
    pkg["digest"] = compute_digest(pkg)
    out.write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DamagedFileError, match=r"follow_up\.statuses"):
        read_package(out)


def test_a_schema_2_package_is_still_read(followed, tmp_path):
    visit = followed[0]
    out = tmp_path / "nu.rodedraden"
    export_central(visit, out)
    pkg = json.loads(out.read_text(encoding="utf-8"))
    pkg["schema_version"] = 2
    del pkg["follow_up"]
    pkg["digest"] = compute_digest(pkg)
    out.write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    assert read_package(out)["schema_version"] == 2


def test_the_central_database_counts_the_opvolging_across_the_cycle(followed, tmp_path, db):
    visit, statuses, t1, t2 = followed
    out = tmp_path / "nu.rodedraden"
    export_central(visit, out)
    assert db.import_package(out)["status"] == "nieuw"
    assert db.import_package(tmp_path / "vorige.rodedraden")["status"] == "nieuw"  # none to count
    cycle = db.follow_up()
    assert cycle["visitations"] == 1 and cycle["per_visitation"][0]["dienst"] == "OD Cyclus"
    counts = {s["id"]: s["count"] for s in cycle["statuses"]}
    assert counts[statuses[0]] == 2 and sum(counts.values()) == 3
    assert cycle["themes"][t1][statuses[0]] == 1 and cycle["themes"][t2] == {statuses[0]: 1}


def test_a_central_database_of_schema_1_is_upgraded_when_opened(followed, tmp_path):
    import sqlite3
    from visitor_app.rode_draden.database import CentralDb
    from visitor_app.store.central_db import CENTRAL_SCHEMA_VERSION
    from tests.rode_draden.old_central import old_copy
    with CentralDb.open(tmp_path / "nu.db", create=True) as central:
        central.import_package(tmp_path / "vorige.rodedraden")
    path = old_copy(tmp_path / "nu.db", tmp_path / "oud.db", version=1)  # no follow_up_json
    out = tmp_path / "nu.rodedraden"
    export_central(followed[0], out)
    with CentralDb.open(path) as central:
        assert len(central.visitations()) == 1  # what it held stays
        assert central.import_package(out)["status"] == "nieuw"
        assert central.follow_up()["visitations"] == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == CENTRAL_SCHEMA_VERSION


def test_central_matrix_says_how_many_were_followed_up(followed, tmp_path, capsys):
    from visitor_app.cli import main
    visit = followed[0]
    out = tmp_path / "nu.rodedraden"
    export_central(visit, out)
    db = tmp_path / "c.db"
    assert main(["central", "import", str(db), str(out)]) == 0
    capsys.readouterr()
    assert main(["central", "matrix", str(db)]) == 0
    text = capsys.readouterr().out
    name = visit.framework.follow_up_statuses()[0]["name"]
    assert "Opvolging van de vorige visitatie (bij 1 van 1" in text and f"{name} 2" in text
    assert "(van 3 punten)" in text
