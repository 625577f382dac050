"""The central rode-draden commands through a real subprocess, as the central secretary uses them."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import run  # noqa: F401 - the fixture
from visitor_app.rode_draden.database import CentralDb
from visitor_app.services import Visitation


@pytest.fixture
def visits(tmp_path, framework):
    """Two fictional visitations with findings; the first names a member in a finding."""
    theme = framework.themes[0]["id"]
    kinds = [k["id"] for k in framework.finding_kinds]
    paths = []
    for dienst, texts in (("OD Aardal", ["Planning loopt achter; Ruben Kasteleijn zag het ook.",
                                         "Rapportage is beperkt."]),
                          ("OD Beekveld", ["Planning loopt achter."])):
        path = tmp_path / f"{dienst.split()[-1].lower()}.visitatie"
        with Visitation.create(path, dienst, "2026-03-10", "2026-03-11", framework=framework,
                               members=[("Ruben Kasteleijn", "lid")], with_programme=False) as v:
            for text in texts:
                v.findings.add(theme, kinds[-1], text)
        paths.append(path)
    return {"paths": paths, "theme": theme, "kind": kinds[-1]}


def test_round_trip_export_import_matrix(run, tmp_path, visits):
    outs = []
    for path in visits["paths"]:
        out = tmp_path / path.with_suffix(".rodedraden").name
        r = run("export-central", path, "--out", out, "--json")
        assert r.returncode == 0, r.stderr
        outs.append(out)
        summary = json.loads(r.stdout)
        assert set(summary) == {"out", "findings", "assessments", "redactions", "by_kind"}
    assert summary == {"out": str(outs[1]), "findings": 1, "assessments": 0, "redactions": 0, "by_kind": {}}
    text = run("export-central", visits["paths"][0], "--out", outs[0])
    assert text.returncode == 0 and "Let op" in text.stdout and "[naam]" in text.stdout
    assert "Kasteleijn" not in outs[0].read_text(encoding="utf-8")

    r = run("central", "import", "centraal.db", *outs)
    assert r.returncode == 0, r.stderr
    assert "Nieuwe centrale database aangemaakt: centraal.db" in r.stdout
    assert "OD Aardal: ingelezen (2 bevindingen)" in r.stdout
    assert "OD Beekveld: ingelezen (1 bevinding)" in r.stdout

    r = run("central", "import", "centraal.db", outs[1], "--json")
    assert r.returncode == 0
    (entry,) = json.loads(r.stdout)["packages"]
    assert set(entry) == {"file", "status", "dienst", "visitation_id", "findings", "cyclus", "message"}
    assert entry["status"] == "ongewijzigd" and entry["dienst"] == "OD Beekveld"

    r = run("central", "matrix", "centraal.db", "--json")
    assert r.returncode == 0, r.stderr
    matrix = json.loads(r.stdout)
    with CentralDb.open(tmp_path / "centraal.db") as db:
        assert matrix == db.matrix()
    assert set(matrix) == {"cycle", "visitations", "themes", "assessments"} and matrix["visitations"] == 2
    first = matrix["themes"][0]
    assert first["id"] == visits["theme"]
    assert first["kinds"][visits["kind"]] == {"visitations": 2, "findings": 3}
    assert all(set(s) == {"id", "name", "kinds"} for s in first["subthemes"])
    assert run("central", "--json", "matrix", "centraal.db").stdout == r.stdout

    table = run("central", "matrix", "centraal.db")
    assert table.returncode == 0 and "bij 2 van 2 diensten (3 in totaal)" in table.stdout

    r = run("central", "export", "centraal.db", "--xlsx", "overzicht.xlsx", "--docx", "rode-draden.docx",
            "--lijst", "lijst.docx")
    assert r.returncode == 0, r.stderr
    for name in ("overzicht.xlsx", "rode-draden.docx", "lijst.docx"):
        assert (tmp_path / name).stat().st_size > 0
    assert "Overzicht geschreven" in r.stdout
    assert "Concept Rode draden rapportage geschreven: rode-draden.docx" in r.stdout and "2 visitaties" in r.stdout
    assert "Lijst van de bevindingen geschreven: lijst.docx (2 dienst(en), 3 bevindingen)" in r.stdout


def test_export_without_findings_exits_1_and_writes_nothing(run, tmp_path, framework):
    path = tmp_path / "leeg.visitatie"
    Visitation.create(path, "OD Leeg", "2026-03-10", "2026-03-11", framework=framework).close()
    r = run("export-central", path, "--out", "leeg.rodedraden")
    assert r.returncode == 1
    assert "leeg.visitatie" in r.stderr and "geen bevindingen" in r.stderr
    assert not (tmp_path / "leeg.rodedraden").exists()
    assert [p.name for p in tmp_path.iterdir() if "rodedraden" in p.name] == []


def test_a_refused_package_gives_exit_1_but_the_others_are_imported(run, tmp_path, visits):
    good = tmp_path / "aardal.rodedraden"
    assert run("export-central", visits["paths"][0], "--out", good).returncode == 0
    bad = tmp_path / "kapot.rodedraden"
    bad.write_bytes(good.read_bytes()[:500])
    r = run("central", "import", "centraal.db", bad, good)
    assert r.returncode == 1
    assert "kapot.rodedraden" in r.stderr and "geweigerd" in r.stderr
    assert "1 van 2 pakket(ten) verwerkt, 1 geweigerd." in r.stdout
    with CentralDb.open(tmp_path / "centraal.db") as db:
        assert [v["dienst"] for v in db.visitations()] == ["OD Aardal"]


def test_central_commands_refuse_missing_or_foreign_databases(run, tmp_path, visits):
    r = run("central", "matrix", "weg.db")
    assert r.returncode == 1 and "weg.db" in r.stderr and "bestaat niet" in r.stderr
    assert not (tmp_path / "weg.db").exists()
    r = run("central", "matrix", visits["paths"][0])
    assert r.returncode == 3 and "visitatiebestand" in r.stderr
    r = run("central", "export", visits["paths"][0], "--xlsx", "o.xlsx")
    assert r.returncode == 3
    CentralDb.open(tmp_path / "centraal.db", create=True).close()
    r = run("central", "export", "centraal.db")
    assert r.returncode == 1 and "--xlsx" in r.stderr
    r = run("central")
    assert r.returncode == 2


def test_preview_shows_each_replacement_and_writes_nothing(run, tmp_path, visits):
    path = visits["paths"][0]
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run("export-central", path, "--preview")
    assert r.returncode == 0, r.stderr
    assert "Planning loopt achter; [naam] zag het ook." in r.stdout
    assert "\u201cRuben Kasteleijn\u201d: bekende naam, wordt [naam]" in r.stdout
    assert "niets geschreven" in r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    data = json.loads(run("export-central", path, "--preview", "--json").stdout)
    first = data["items"][0]
    assert first["replacements"][0]["kind"] == "known_name" and first["redacted"].endswith("[naam] zag het ook.")
    assert data["counts"] == {"known_name": 1}


def test_export_central_without_out_or_preview_says_what_to_give(run, visits):
    r = run("export-central", visits["paths"][0])
    assert r.returncode != 0 and "--out" in r.stderr and "--preview" in r.stderr


def test_export_report_warns_about_a_name_after_the_title_page(run, tmp_path, visits):
    r = run("export-report", visits["paths"][0], "--out", tmp_path / "rapport.docx")
    assert r.returncode == 0, r.stderr
    assert "Let op: het rapport noemt buiten de titelpagina" in r.stderr
    assert "'Ruben Kasteleijn' (bekende naam)" in r.stderr
    clean = run("export-report", visits["paths"][1], "--out", tmp_path / "schoon.docx")
    assert clean.returncode == 0 and "Let op" not in clean.stderr
