"""The central database: importing packages (all or nothing each), replacing, counting."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.rode_draden.packages import make_package, pick
from visitor_app.services import Visitation
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.package import compute_digest, export_central
from visitor_app.errors import DamagedFileError, InputError, NewerSchemaError


def digest_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_matrix_counts_bij_k_van_n_diensten(db, three, framework):
    results = db.import_packages(three["paths"])
    assert [r["status"] for r in results] == ["nieuw"] * 3
    assert [r["findings"] for r in results] == [2, 1, 1]
    m = db.matrix()
    assert set(m) == {"cycle", "visitations", "themes", "assessments"} and m["visitations"] == 3
    assert [t["id"] for t in m["themes"]] == [t["id"] for t in framework.themes]
    by_id = {t["id"]: t for t in m["themes"]}
    x, y = by_id[three["x"]["id"]], by_id[three["y"]["id"]]
    assert set(x) == {"id", "name", "letter", "kinds", "subthemes"} and x["name"] == three["x"]["name"]
    assert x["kinds"][three["k2"]] == {"visitations": 2, "findings": 3}
    assert x["kinds"][three["k1"]] == {"visitations": 0, "findings": 0}
    assert y["kinds"][three["k1"]] == {"visitations": 1, "findings": 1}
    assert list(x["kinds"]) == three["kinds"]  # every kind, zeros included
    sub = next(s for s in x["subthemes"] if s["id"] == three["sub"])
    assert sub["kinds"][three["k2"]] == {"visitations": 1, "findings": 1}
    assert set(sub) == {"id", "name", "kinds"}
    counts = m["assessments"][three["item"]]
    assert counts[three["values"][0]] == 2 and counts[three["values"][1]] == 1
    assert set(counts) == set(three["values"])
    assert all(sum(v.values()) == 0 for item, v in m["assessments"].items() if item != three["item"])


def test_findings_filters_and_theme_by_dienst_matrix(db, three):
    db.import_packages(three["paths"])
    x = three["x"]["id"]
    texts = [f["text"] for f in db.findings(theme=x)]
    assert texts == ["Aardal: de planning loopt achter.", "Aardal: de rapportage aan het bestuur is beperkt.",
                     "Beekveld: de planning loopt achter."]
    assert [f["dienst"] for f in db.findings(theme=x, subtheme=three["sub"])] == ["OD Aardal"]
    assert db.findings(kind=three["k1"])[0]["dienst"] == "OD Cranendijk"
    visits = {v["dienst"]: v for v in db.visitations()}
    assert visits["OD Aardal"]["findings"] == 2 and visits["OD Aardal"]["start"] == "2026-03-10"
    vid = visits["OD Aardal"]["id"]
    assert [f["text"] for f in db.findings(visitation_id=vid, theme=x)][0].startswith("Aardal")
    assert db.cell(x, vid)[three["k2"]] == 2 and db.cell(x, vid)[three["k1"]] == 0
    tdm = db.theme_dienst_matrix()
    assert [d["dienst"] for d in tdm["diensten"]] == ["OD Aardal", "OD Beekveld", "OD Cranendijk"]
    row = next(r for r in tdm["rows"] if r["theme"] == x)
    assert row["counts"] == {visits["OD Aardal"]["id"]: 2, visits["OD Beekveld"]["id"]: 1,
                             visits["OD Cranendijk"]["id"]: 0}


def _export_again(tmp_path, framework, path: Path, new_text: str, exported: str, out_name: str) -> Path:
    with Visitation.open(path) as visit:
        f = visit.findings.list()[0]
        visit.findings.update(f["id"], text=new_text)
        out = tmp_path / out_name
        export_central(visit, out, exported=exported)
    return out


def test_newer_replaces_older_is_refused_identical_is_unchanged(db, tmp_path, framework):
    x, _, kinds = pick(framework)
    old = make_package(tmp_path, framework, "OD Duinhoeve", [(x["id"], kinds[0], "Eerste versie.", None)],
                       exported="2026-04-01T10:00:00.000000Z")
    new = _export_again(tmp_path, framework, tmp_path / "od-duinhoeve.visitatie", "Tweede versie.",
                        "2026-04-02T10:00:00.000000Z", "nieuw.rodedraden")
    assert [r["status"] for r in db.import_packages([old])] == ["nieuw"]
    replaced = db.import_packages([new])[0]
    assert replaced["status"] == "vervangen" and replaced["dienst"] == "OD Duinhoeve"
    assert [f["text"] for f in db.findings()] == ["Tweede versie."]
    again = db.import_packages([new])[0]
    assert again["status"] == "ongewijzigd" and "ongewijzigd" in again["message"]
    refused = db.import_packages([old])[0]
    assert refused["status"] == "geweigerd" and "ouder dan de aanwezige versie" in refused["message"]
    assert [f["text"] for f in db.findings()] == ["Tweede versie."]
    assert len(db.visitations()) == 1


def test_tampered_and_truncated_packages_leave_the_database_untouched(tmp_path, three):
    path = tmp_path / "centraal.db"
    with CentralDb.open(path, create=True) as central:
        central.import_packages(three["paths"][:1])
    before = digest_of(path)
    tampered = tmp_path / "gewijzigd.rodedraden"
    pkg = json.loads(three["paths"][1].read_text(encoding="utf-8"))
    pkg["findings"][0]["text"] = "Een andere tekst."
    tampered.write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    truncated = tmp_path / "afgebroken.rodedraden"
    truncated.write_bytes(three["paths"][2].read_bytes()[:900])
    with CentralDb.open(path) as central:
        results = central.import_packages([tampered, truncated])
        assert [r["status"] for r in results] == ["geweigerd", "geweigerd"]
        assert "controlegetal klopt niet" in results[0]["message"]
        assert "houdt onverwacht op" in results[1]["message"]
        assert [v["dienst"] for v in central.visitations()] == ["OD Aardal"]
    assert digest_of(path) == before


def test_a_refused_package_does_not_stop_the_others(db, tmp_path, three):
    bad = tmp_path / "kapot.rodedraden"
    bad.write_text("{niet eens json", encoding="utf-8")
    results = db.import_packages([three["paths"][0], bad, three["paths"][2]])
    assert [r["status"] for r in results] == ["nieuw", "geweigerd", "nieuw"]
    assert results[1]["file"] == str(bad) and str(bad) in results[1]["message"]
    assert sorted(v["dienst"] for v in db.visitations()) == ["OD Aardal", "OD Cranendijk"]


def test_a_failing_write_rolls_the_whole_package_back(db, three, monkeypatch):
    db.import_packages(three["paths"][:1])
    original = db.store.replace_package

    def half(row, findings, assessments):
        original(row, findings[:1], [])
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(db.store, "replace_package", half)
    with pytest.raises(RuntimeError):
        db.import_packages(three["paths"][1:2])
    assert [v["dienst"] for v in db.visitations()] == ["OD Aardal"]
    assert len(db.findings()) == 2


def test_themes_are_the_union_of_framework_versions_with_the_names_most_use(db, tmp_path, three):
    """A new framework's names take over once most visitations use it (one package alone
    cannot rename what the others are counted under: test_limits.py)."""
    db.import_packages(three["paths"])
    pkg = json.loads(three["paths"][0].read_text(encoding="utf-8"))
    fw = pkg["framework"]
    fw["version"] = "99.0.0"
    fw["themes"][0]["name"] = "Hernoemd thema"
    fw["themes"].append({"id": "nieuw_thema", "name": "Nieuw thema", "letter": None,
                         "subthemes": [{"id": "nieuw_sub", "name": "Nieuw subthema"}]})
    fw["themes"] = [t for t in fw["themes"] if t["id"] != three["y"]["id"]]
    pkg["findings"] = [{"theme": "nieuw_thema", "subtheme": "nieuw_sub", "kind": three["k1"],
                        "text": "Iets nieuws."}]
    newer = []
    for i, dienst in enumerate(("OD Eemhoek", "OD Friesmeer", "OD Gaasterveen", "OD Heidebroek")):
        pkg["visitation"]["id"] = "abcdef"[i] * 32
        pkg["visitation"]["dienst"] = dienst
        pkg["digest"] = compute_digest(pkg)
        newer.append(tmp_path / f"{dienst}.rodedraden")
        newer[-1].write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    results = db.import_packages(newer)
    assert [r["status"] for r in results] == ["nieuw"] * 4
    assert "Hernoemd thema" in results[0]["message"]  # three visitations still use the old name
    themes = db.themes()
    ids = [t["id"] for t in themes]
    assert themes[0]["name"] == "Hernoemd thema"  # four of seven use the new framework
    assert three["y"]["id"] in ids and "nieuw_thema" in ids  # dropped by the newest, kept
    assert ids.index("nieuw_thema") < ids.index(three["y"]["id"])  # the new order first
    m = db.matrix()
    assert next(t for t in m["themes"] if t["id"] == "nieuw_thema")["kinds"][three["k1"]] == \
        {"visitations": 4, "findings": 4}
    assert m["visitations"] == 7


def test_opening_a_missing_database_without_create_is_refused(tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        CentralDb.open(tmp_path / "weg.db")
    assert not (tmp_path / "weg.db").exists()
    with CentralDb.open(tmp_path / "nieuw.db", create=True) as central:
        assert central.created and central.visitations() == [] and central.matrix()["visitations"] == 0
    with CentralDb.open(tmp_path / "nieuw.db", create=True) as central:
        assert not central.created


def test_a_visitation_file_or_other_file_is_refused_untouched(tmp_path, visit):
    visit.close()
    before = digest_of(visit.path)
    with pytest.raises(DamagedFileError, match="visitatiebestand"):
        CentralDb.open(visit.path)
    assert digest_of(visit.path) == before
    other = tmp_path / "ander.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest_of(other)
    with pytest.raises(DamagedFileError, match="ander programma"):
        CentralDb.open(other)
    assert digest_of(other) == before
    text = tmp_path / "tekst.db"
    text.write_text("geen database", encoding="utf-8")
    with pytest.raises(DamagedFileError, match="geen SQLite-kop"):
        CentralDb.open(text)


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path):
    path = tmp_path / "centraal.db"
    CentralDb.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=7")
    conn.close()
    before = digest_of(path)
    with pytest.raises(NewerSchemaError, match="nieuwere versie"):
        CentralDb.open(path)
    assert digest_of(path) == before


def test_a_truncated_database_is_refused(tmp_path, three):
    path = tmp_path / "centraal.db"
    with CentralDb.open(path, create=True) as central:
        central.import_packages(three["paths"])
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 4096])
    with pytest.raises(DamagedFileError, match="afgebroken"):
        CentralDb.open(path)


def test_a_package_of_another_dienst_with_a_known_id_is_refused(tmp_path, framework):
    """A visitation file copied to start the next visitation keeps its id: its package must
    not replace the first dienst's package (issue 11, defect 4)."""
    import shutil

    from visitor_app.rode_draden.package import export_central
    from visitor_app.services import Visitation
    x, _y, kinds = pick(framework)
    first = make_package(tmp_path, framework, "OD Aardal", [(x["id"], kinds[0], "Eerste.", None)],
                         exported="2026-04-01T10:00:00Z")
    copy = tmp_path / "kopie.visitatie"
    shutil.copyfile(tmp_path / "od-aardal.visitatie", copy)
    with Visitation.open(copy) as visit:
        visit.update_details(dienst="OD Beekdal", start="2026-05-12", end="2026-05-12")
        out = tmp_path / "beekdal.rodedraden"
        export_central(visit, out, exported="2026-05-20T10:00:00Z")
    with CentralDb.open(tmp_path / "centraal.db", create=True) as db:
        assert db.import_package(first)["status"] == "nieuw"
        refused = db.import_package(out)
        assert refused["status"] == "geweigerd"
        assert "OD Aardal" in refused["message"] and "OD Beekdal" in refused["message"]
        assert "gekopieerd" in refused["message"]
        assert [v["dienst"] for v in db.visitations()] == ["OD Aardal"]
        assert db.import_package(first)["status"] == "ongewijzigd"  # the real one still counts
