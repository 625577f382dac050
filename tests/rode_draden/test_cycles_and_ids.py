"""Cycles in one central database, counts of distinct diensten, stable finding ids, and the
analyst's work surviving a re-import; the upgrade of an older central file."""

from __future__ import annotations

import sqlite3

import pytest

from tests.rode_draden.old_central import old_copy
from tests.rode_draden.packages import make_package, pick
from visitor_app.errors import InputError
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.package import export_central
from visitor_app.services import Visitation
from visitor_app.store.central_db import CENTRAL_SCHEMA_VERSION, DEFAULT_CYCLE


def _pkg(tmp_path, framework, folder, dienst, findings, start="2026-03-10", exported=None):
    where = tmp_path / folder
    where.mkdir(exist_ok=True)
    return make_package(where, framework, dienst, findings, start=start, exported=exported)


def test_a_dienst_visited_twice_in_a_cycle_counts_once(db, tmp_path, framework):
    x, _, kinds = pick(framework)
    k = kinds[0]
    first = _pkg(tmp_path, framework, "a1", "OD Aardal", [(x["id"], k, "Planning loopt achter.", None)],
                 start="2022-03-10")
    again = _pkg(tmp_path, framework, "a2", "OD Aardal", [(x["id"], k, "Planning nog steeds.", None)],
                 start="2024-05-01")
    other = _pkg(tmp_path, framework, "b", "OD Beekveld", [(x["id"], kinds[1], "Goede rapportage.", None)],
                 start="2023-01-10")
    results = db.import_packages([first, again, other], cycle="2022-2024")
    assert [r["cyclus"] for r in results] == ["2022-2024"] * 3
    m = db.matrix()
    assert m["visitations"] == 2  # two diensten, three visits
    cell = next(t for t in m["themes"] if t["id"] == x["id"])["kinds"][k]
    assert cell == {"visitations": 1, "findings": 2}
    assert db.n_diensten() == 2 and len(db.visitations()) == 3
    (cycle,) = db.cycles()
    assert (cycle["diensten"], cycle["visitations"], cycle["findings"]) == (2, 3, 3)


def test_ten_cycles_never_mix(db, tmp_path, framework):
    x, _, kinds = pick(framework)
    for i in range(10):
        paths = [_pkg(tmp_path, framework, f"c{i}", dienst, [(x["id"], kinds[0], f"Bevinding {i}.", None)],
                      start=f"{2010 + i}-03-10") for dienst in ("OD Aardal", "OD Beekveld", "OD Cranendijk")]
        db.import_packages(paths, cycle=f"Cyclus {i + 1}")
    assert [c["diensten"] for c in db.cycles()] == [3] * 10
    for i in (1, 5, 10):
        m = db.matrix(f"cyclus {i}")  # case does not count
        assert m["visitations"] == 3 and m["cycle"] == f"Cyclus {i}"
        assert next(t for t in m["themes"] if t["id"] == x["id"])["kinds"][kinds[0]]["visitations"] == 3
        assert {f["text"] for f in db.findings(cycle=f"Cyclus {i}")} == {f"Bevinding {i - 1}."}
    assert db.default_cycle() == "Cyclus 10"  # the newest visits
    assert "10 cycli" in db.cycle_note(None) and "'Cyclus 10'" in db.cycle_note(None)
    assert db.cycle_note("Cyclus 3") == ""
    with pytest.raises(InputError, match=r"onbekende cyclus 'Cyclus 11'.*'Cyclus 1'"):
        db.matrix("Cyclus 11")


def test_without_a_cycle_the_visit_date_chooses_else_the_default_cycle(db, tmp_path, framework):
    x, _, kinds = pick(framework)
    db.save_cycle("Rode draden 2022-2024", "2022-01-01", "2024-12-31")
    db.save_cycle("Rode draden 2025-2027", "2025-01-01", "2027-12-31")
    paths = [_pkg(tmp_path, framework, d, d, [(x["id"], kinds[0], "Tekst.", None)], start=start)
             for d, start in (("OD Aardal", "2023-06-01"), ("OD Beekveld", "2026-02-02"),
                              ("OD Cranendijk", "2031-01-01"))]
    assert [r["cyclus"] for r in db.import_packages(paths)] == [
        "Rode draden 2022-2024", "Rode draden 2025-2027", DEFAULT_CYCLE]
    moved = db.move_to_cycle("od cranendijk", "Rode draden 2025-2027")  # by dienst name
    assert moved["from"] == DEFAULT_CYCLE and moved["to"] == "Rode draden 2025-2027"
    assert db.matrix("Rode draden 2025-2027")["visitations"] == 2
    # an unchanged package keeps its cycle; named again with --cyclus it moves
    assert db.import_package(paths[2])["cyclus"] == "Rode draden 2025-2027"
    assert db.import_package(paths[2], "Later")["cyclus"] == "Later"
    with pytest.raises(InputError, match="zowel --van als --tot"):
        db.save_cycle("Half", "2022-01-01")
    with pytest.raises(InputError, match="eindigt voor ze begint"):
        db.save_cycle("Omgekeerd", "2024-01-01", "2022-01-01")
    with pytest.raises(InputError, match="er is al een cyclus"):
        db.save_cycle("Later", new_name="Rode draden 2022-2024")
    assert [c["name"] for c in db.cycles()] == ["Rode draden 2022-2024", "Rode draden 2025-2027",
                                                DEFAULT_CYCLE, "Later"]


def test_finding_ids_are_stable_across_databases_and_reimports(tmp_path, framework):
    x, _, kinds = pick(framework)
    path = _pkg(tmp_path, framework, "a", "OD Aardal", [
        (x["id"], kinds[0], "Zelfde tekst.", None), (x["id"], kinds[0], "Zelfde tekst.", None),
        (x["id"], kinds[1], "Andere tekst.", None)])
    ids = []
    for name in ("een.db", "twee.db"):
        with CentralDb.open(tmp_path / name, create=True) as central:
            central.import_package(path)
            ids.append([f["id"] for f in central.findings()])
            assert central.import_package(path)["status"] == "ongewijzigd"
            assert [f["id"] for f in central.findings()] == ids[-1]
    assert ids[0] == ids[1] and len(set(ids[0])) == 3  # two identical texts, two ids


def _export_again(visit_path, out, exported, change=None, add=None):
    with Visitation.open(visit_path) as visit:
        if change:
            f = next(f for f in visit.findings.list() if f["text"] == change[0])
            visit.findings.update(f["id"], text=change[1])
        if add:
            visit.findings.add(*add)
        export_central(visit, out, exported=exported)
    return out


def test_the_analysts_work_survives_reimporting_a_changed_package(db, tmp_path, framework):
    x, y, kinds = pick(framework)
    k = kinds[0]
    a = _pkg(tmp_path, framework, "a", "OD Aardal", [
        (x["id"], k, "Blijft gelijk.", None), (x["id"], k, "Wordt herschreven.", None)],
        exported="2026-04-01T10:00:00.000000Z")
    b = _pkg(tmp_path, framework, "b", "OD Beekveld", [(x["id"], k, "De tweede dienst zegt hetzelfde.", None)])
    db.import_packages([a, b])
    found = {f["text"]: f["id"] for f in db.findings()}
    thread = db.new_thread(x["id"], "Planning", [found["Blijft gelijk."], found["De tweede dienst zegt hetzelfde."],
                                                 found["Wordt herschreven."]])
    db.move_finding(found["Blijft gelijk."], y["id"])  # leaves the draad of theme x ...
    db.move_finding(found["Blijft gelijk."], x["id"])  # ... and back: no move stored
    db.add_to_thread(thread, [found["Blijft gelijk."]])
    db.move_finding(found["Wordt herschreven."], x["id"], x["subthemes"][0]["id"])
    db.set_letter(x["id"], "A")
    db.add_comment(1, "Graag scherper formuleren.", thread=thread)
    db.set_text("voorwoord", "Dit is het voorwoord.")
    assert db.thread(thread)["diensten"] == 2

    changed = _export_again(tmp_path / "a" / "od-aardal.visitatie", tmp_path / "a2.rodedraden",
                            "2026-04-02T10:00:00.000000Z",
                            change=("Wordt herschreven.", "Is herschreven."), add=(y["id"], k, "Nieuw."))
    assert db.import_package(changed)["status"] == "vervangen"
    after = {f["text"]: f for f in db.findings()}
    assert after["Blijft gelijk."]["id"] == found["Blijft gelijk."]
    assert after["Blijft gelijk."]["threads"] == [thread]
    assert after["Is herschreven."]["id"] != found["Wordt herschreven."]
    assert not after["Is herschreven."]["moved"] and after["Is herschreven."]["threads"] == []
    t = db.thread(thread)
    assert sorted(t["findings"]) == sorted([found["Blijft gelijk."], found["De tweede dienst zegt hetzelfde."]])
    assert t["diensten"] == 2
    assert db.themes()[[th["id"] for th in db.themes()].index(x["id"])]["letter"] == "A"
    assert [c["text"] for c in db.comments()] == ["Graag scherper formuleren."]
    assert [tx["text"] for tx in db.texts()] == ["Dit is het voorwoord."]


@pytest.mark.parametrize("version", [1, 2])
def test_a_schema_1_or_2_central_file_is_upgraded_all_or_nothing(tmp_path, framework, version):
    x, _, kinds = pick(framework)
    a = _pkg(tmp_path, framework, "a", "OD Aardal", [(x["id"], kinds[0], "Een.", None),
                                                     (x["id"], kinds[0], "Twee.", None)])
    with CentralDb.open(tmp_path / "nu.db", create=True) as central:
        central.import_package(a)
        ids = [f["id"] for f in central.findings()]
    old = old_copy(tmp_path / "nu.db", tmp_path / "oud.db", version)
    with CentralDb.open(old) as central:
        assert [c["name"] for c in central.cycles()] == [DEFAULT_CYCLE]
        assert [f["id"] for f in central.findings()] == ids  # the same ids as a new import
        assert central.import_package(a)["status"] == "ongewijzigd"
        thread = central.new_thread(x["id"], "Draad", ids)
        assert central.thread(thread)["diensten"] == 1
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CENTRAL_SCHEMA_VERSION == 3
    conn.close()


def test_an_upgrade_that_fails_leaves_the_old_file_as_it_was(tmp_path, framework):
    x, _, kinds = pick(framework)
    a = _pkg(tmp_path, framework, "a", "OD Aardal", [(x["id"], kinds[0], "Een.", None)])
    with CentralDb.open(tmp_path / "nu.db", create=True) as central:
        central.import_package(a)
    old = old_copy(tmp_path / "nu.db", tmp_path / "oud.db", 2)
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE threads (x)")  # in the way of the upgrade
    conn.commit()
    conn.close()
    before = old.read_bytes()
    with pytest.raises(Exception, match="threads"):
        CentralDb.open(old)
    assert old.read_bytes() == before
