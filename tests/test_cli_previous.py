"""import-vorige and opvolging on the command line, and the vorige object of info --json."""

from __future__ import annotations

import json

from tests.conftest import MEMBERS
from visitor_app.cli import main
from visitor_app.services import Visitation


def make(path, dienst, findings=()):
    with Visitation.create(path, dienst, "2026-03-10", "2026-03-11", members=MEMBERS) as v:
        for theme, kind, text in findings:
            v.findings.add(theme, kind, text)
        return v.framework


def test_import_previous_then_opvolging_then_info(tmp_path, capsys):
    old, new = tmp_path / "vorige.visitatie", tmp_path / "nieuw.visitatie"
    fw = make(new, "OD Testland")
    theme, kind = fw.themes[0]["id"], fw.follow_up_kinds()[0]
    make(old, "OD Testland", [(theme, kind, "Maak een verbeterplan met mijlpalen.")])
    assert main(["import-vorige", str(new), str(old), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == 1 and out["recommendations"][0]["text"] == "Maak een verbeterplan met mijlpalen."
    rid = out["recommendations"][0]["id"]
    assert main(["import-vorige", str(new), str(old)]) == 0
    assert "0 nieuw, 1 al aanwezig" in capsys.readouterr().out
    status = fw.follow_up_statuses()[0]
    assert main(["opvolging", str(new), rid[:6], status["name"], "--toelichting", "Plan ligt er."]) == 0
    assert status["name"] in capsys.readouterr().out
    assert main(["opvolging", str(new), rid, "bestaat-niet"]) == 1
    assert "onbekende opvolging" in capsys.readouterr().err
    assert main(["info", str(new), "--json"]) == 0
    vorige = json.loads(capsys.readouterr().out)["vorige"]
    assert vorige["total"] == 1 and vorige["statuses"][status["id"]] == 1
    assert vorige["themes"] == {theme: {s["id"]: int(s["id"] == status["id"])
                                        for s in fw.follow_up_statuses()}}


def test_another_dienst_is_refused_and_the_override_imports(tmp_path, capsys):
    old, new = tmp_path / "vorige.visitatie", tmp_path / "nieuw.visitatie"
    fw = make(new, "OD Nieuwland")
    make(old, "OD Oudland", [(fw.themes[0]["id"], fw.follow_up_kinds()[0], "Werk samen.")])
    assert main(["import-vorige", str(new), str(old)]) == 1
    err = capsys.readouterr().err
    assert "'OD Oudland'" in err and "--andere-dienst" in err and "niets ingelezen" in err
    assert main(["import-vorige", str(new), str(old), "--andere-dienst"]) == 0
    assert "1 nieuw" in capsys.readouterr().out


def test_a_bad_csv_imports_nothing(tmp_path, capsys):
    new = tmp_path / "nieuw.visitatie"
    fw = make(new, "OD Testland")
    csv = tmp_path / "rapport.csv"
    csv.write_text(f"thema,soort,tekst\n{fw.themes[0]['id']},{fw.follow_up_kinds()[0]},Goed.\n"
                   f"{fw.themes[0]['id']},,Zonder soort.\n", encoding="utf-8")
    assert main(["import-vorige", str(new), str(csv)]) == 1
    assert "rapport.csv: niets geïmporteerd" in capsys.readouterr().err
    with Visitation.open(new) as v:
        assert v.previous.list() == []
