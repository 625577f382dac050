"""The analyst's central commands as docs/cli.md promises them: JSON shapes of cycli,
bevindingen, draden and oordelen, the draad verbs, moves, themes, comments and texts, and
clear Dutch refusals that change nothing."""

from __future__ import annotations

import json

import pytest

from tests.rode_draden.packages import make_package, pick
from visitor_app.cli import main


def _json(capsys, *argv):
    capsys.readouterr()
    assert main([str(a) for a in argv]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _fails(capsys, *argv) -> str:
    capsys.readouterr()
    assert main([str(a) for a in argv]) != 0
    return capsys.readouterr().err


@pytest.fixture
def central(tmp_path, framework, capsys):
    x, y, kinds = pick(framework)
    paths = []
    for i, (dienst, theme, text) in enumerate((("OD Aardal", x, "De planning loopt achter."),
                                               ("OD Beekveld", x, "Planning is niet op orde."),
                                               ("OD Cranendijk", y, "Sterke ketensamenwerking."))):
        folder = tmp_path / f"p{i}"
        folder.mkdir()
        paths.append(make_package(folder, framework, dienst, [(theme["id"], kinds[0], text, None)],
                                  start="2023-03-01"))
    db = tmp_path / "centraal.db"
    out = _json(capsys, "central", "import", db, *paths, "--cyclus", "2022-2024", "--json")
    assert {p["cyclus"] for p in out["packages"]} == {"2022-2024"}
    return {"db": db, "x": x["id"], "y": y["id"], "k": kinds[0], "paths": paths, "tmp": tmp_path,
            "framework": framework}


def test_cycli_and_bevindingen_json(central, capsys):
    db = central["db"]
    (cycle,) = _json(capsys, "central", "cycli", db, "--json")
    assert cycle == {"naam": "2022-2024", "van": None, "tot": None, "diensten": 3, "visitaties": 3,
                     "bevindingen": 3, "standaard": True}
    found = _json(capsys, "central", "bevindingen", db, "--json")
    assert [set(f) for f in found] == [{"id", "dienst", "visitatie", "cyclus", "thema", "subthema",
                                        "soort", "tekst", "oorspronkelijk_thema",
                                        "oorspronkelijk_subthema", "verplaatst", "draden"}] * 3
    assert [f["dienst"] for f in found] == ["OD Aardal", "OD Beekveld", "OD Cranendijk"]
    again = _json(capsys, "central", "bevindingen", db, "--cyclus", "2022-2024", "--json")
    assert [f["id"] for f in again] == [f["id"] for f in found]
    # re-importing the same packages keeps the ids
    _json(capsys, "central", "import", db, *central["paths"], "--json")
    assert [f["id"] for f in _json(capsys, "central", "bevindingen", db, "--json")] == [f["id"] for f in found]
    saved = _json(capsys, "central", "cyclus", db, "2025-2027", "--van", "2025-01-01", "--tot",
                  "2027-12-31", "--json")
    assert saved["naam"] == "2025-2027" and saved["van"] == "2025-01-01"
    moved = _json(capsys, "central", "cyclus", db, "OD Cranendijk", "--naar", "2025-2027", "--json")
    assert moved["van_cyclus"] == "2022-2024" and moved["naar_cyclus"] == "2025-2027"
    capsys.readouterr()
    assert main(["central", "matrix", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["cycle"] == "2025-2027"  # the newest
    assert "2 cycli" in captured.err and "--cyclus" in captured.err
    assert json.loads(captured.out)["visitations"] == 1
    err = _fails(capsys, "central", "matrix", db, "--cyclus", "1999")
    assert "onbekende cyclus '1999'" in err and "'2022-2024'" in err


def test_draad_commands_and_draden_json(central, capsys):
    db, x, y = central["db"], central["x"], central["y"]
    found = {f["dienst"]: f["id"] for f in _json(capsys, "central", "bevindingen", db, "--json")}
    capsys.readouterr()
    assert main(["central", "draad", "nieuw", str(db), "--thema", x, "--naam", "Planning",
                 "--zin", "loopt de planning achter", "--conclusie", "Planning verdient aandacht.",
                 "--bevinding", found["OD Aardal"]]) == 0
    draad = int(capsys.readouterr().out.strip())
    added = _json(capsys, "central", "draad", "toevoegen", db, draad, "--bevinding", found["OD Beekveld"], "--json")
    assert added["diensten"] == 2
    (listed,) = _json(capsys, "central", "draden", db, "--json")
    assert set(listed) >= {"id", "thema", "naam", "diensten", "van", "formulering", "zin"}
    assert (listed["id"], listed["thema"], listed["diensten"], listed["van"]) == (draad, x, 2, 3)
    assert listed["zin"] == f"Bij {listed['formulering']} van de diensten (2 van 3) loopt de planning achter." \
        and listed["uitspraak"] == "loopt de planning achter"
    removed = _json(capsys, "central", "draad", "verwijderen", db, draad, "--bevinding", found["OD Beekveld"], "--json")
    assert removed["diensten"] == 1
    # refusals name what is wrong and change nothing
    before = _json(capsys, "central", "draden", db, "--json")
    assert "onbekende rode draad '42'" in _fails(capsys, "central", "draad", "toevoegen", db, "42",
                                                 "--bevinding", found["OD Beekveld"])
    err = _fails(capsys, "central", "draad", "toevoegen", db, draad, "--bevinding", found["OD Cranendijk"])
    assert found["OD Cranendijk"] in err and "niet bij" in err
    assert "onbekende bevinding" in _fails(capsys, "central", "draad", "nieuw", db, "--thema", x,
                                           "--naam", "n", "--bevinding", "abc")
    assert _json(capsys, "central", "draden", db, "--json") == before
    # moving the finding then adding it works
    moved = _json(capsys, "central", "verplaats", db, found["OD Cranendijk"], "--thema", x, "--json")
    assert moved["thema"] == x
    _json(capsys, "central", "draad", "toevoegen", db, draad, "--bevinding", found["OD Cranendijk"],
          "--bevinding", found["OD Beekveld"], "--json")
    rows = {f["dienst"]: f for f in _json(capsys, "central", "bevindingen", db, "--json")}
    assert rows["OD Cranendijk"]["oorspronkelijk_thema"] == y and rows["OD Cranendijk"]["draden"] == [draad]
    capsys.readouterr()
    assert main(["central", "draad", "splitsen", str(db), str(draad), "--naam", "apart",
                 "--bevinding", found["OD Cranendijk"]]) == 0
    new = int(capsys.readouterr().out.strip())
    assert [d["id"] for d in _json(capsys, "central", "draden", db, "--json")] == [draad, new]
    merged = _json(capsys, "central", "draad", "samenvoegen", db, draad, "--met", new, "--json")
    assert merged["diensten"] == 3
    _json(capsys, "central", "draad", "wijzigen", db, draad, "--naam", "planning", "--json")
    assert _json(capsys, "central", "draad", "opheffen", db, draad, "--json")["opgeheven"] is True
    assert _json(capsys, "central", "draden", db, "--json") == []


def test_thema_commands(central, capsys):
    db, x, y, k = central["db"], central["x"], central["y"], central["k"]
    assert _json(capsys, "central", "thema", db, x, "--letter", "A", "--json")["letter"] == "A"
    assert "hoort al bij thema" in _fails(capsys, "central", "thema", db, y, "--letter", "A")
    out = _json(capsys, "central", "thema", db, y, "--samenvoegen-met", x, "--json")
    assert out["samengevoegd_met"] == x
    matrix = _json(capsys, "central", "matrix", db, "--json")
    assert [t["id"] for t in matrix["themes"]].count(y) == 0
    assert next(t for t in matrix["themes"] if t["id"] == x)["kinds"][k]["visitations"] == 3
    assert _json(capsys, "central", "thema", db, y, "--losmaken", "--json")["samengevoegd_met"] is None
    assert "onbekend thema 'geen'" in _fails(capsys, "central", "thema", db, "geen", "--letter", "B")


def test_oordelen_commentaar_tekst(central, capsys):
    db, x = central["db"], central["x"]
    per = _json(capsys, "central", "oordelen", db, "--json")
    assert [d["dienst"] for d in per] == ["OD Aardal", "OD Beekveld", "OD Cranendijk"]
    assert set(per[0]) == {"dienst", "visitatie", "oordelen", "basis_op_orde", "op_orde"}
    assert all(set(b) == {"onderdeel", "naam", "waarde", "waardenaam", "toelichting"}
               for b in per[0]["basis_op_orde"])
    capsys.readouterr()
    assert main(["central", "oordelen", str(db)]) == 0
    assert "Zonder basis op orde: geen" in capsys.readouterr().out
    c = _json(capsys, "central", "commentaar", db, "--ronde", "1", "--thema", x, "--tekst",
              "Te weinig voorbeelden.", "--json")
    assert (c["ronde"], c["thema"], c["status"]) == (1, x, "open")
    done = _json(capsys, "central", "commentaar", db, c["id"], "--afhandeling", "Voorbeelden erbij.", "--json")
    assert done["status"] == "verwerkt"
    assert [x_["id"] for x_ in _json(capsys, "central", "commentaren", db, "--ronde", "1", "--json")] == [c["id"]]
    assert "status 'klaar'" in _fails(capsys, "central", "commentaar", db, c["id"], "--status", "klaar")
    saved = _json(capsys, "central", "tekst", db, "--onderdeel", "voorwoord", "--tekst", "Welkom.", "--json")
    assert saved == {"onderdeel": "voorwoord", "thema": None, "tekst": "Welkom."}
    listed = _json(capsys, "central", "teksten", db, "--json")
    assert [(t["onderdeel"], t["tekst"]) for t in listed] == [("voorwoord", "Welkom.")]


def test_export_takes_a_cycle(central, capsys):
    db, tmp = central["db"], central["tmp"]
    out = _json(capsys, "central", "export", db, "--xlsx", tmp / "o.xlsx", "--cyclus", "2022-2024", "--json")
    assert out["xlsx"]["diensten"] == 3
    err = _fails(capsys, "central", "export", db, "--xlsx", tmp / "p.xlsx", "--cyclus", "geen")
    assert "onbekende cyclus" in err and not (tmp / "p.xlsx").exists()
