"""backups, herstel, kopie and verwijder on the command line (docs/cli.md)."""

from __future__ import annotations

import json

from tests.test_cli import ok, run  # noqa: F401 (fixture)
from visitor_app.services import Visitation
from visitor_app.store import backup


def _new(run, tmp_path, name="lindewaard.visitatie", dienst="OD Lindewaard"):  # noqa: F811
    ok(run("new", "--onversleuteld", name, "--dienst", dienst, "--start", "2026-03-10", "--end", "2026-03-11"))
    return tmp_path / name


def _note(run, name, text):  # noqa: F811
    with Visitation.open(name) as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
    ok(run("add-note", name, "--thema", theme, "--soort", kind, "--tekst", text))


def test_backups_lists_and_herstel_restores(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    assert json.loads(ok(run("backups", path.name, "--json")).stdout) == []
    _note(run, path, "eerste notitie")
    with Visitation.open(path) as v:
        v.backups.snapshot()
    _note(run, path, "tweede notitie")
    listed = json.loads(ok(run("backups", path.name, "--json")).stdout)
    assert [(b["reason"], b["observations"]) for b in listed] == [("automatisch", 1)]
    assert set(listed[0]) >= {"name", "path", "made", "time", "reason", "reason_text", "automatic",
                              "size", "observations", "restorable", "problem"}
    text = ok(run("backups", path.name)).stdout
    assert "1 waarneming(en)" in text and listed[0]["name"] in text

    result = json.loads(ok(run("herstel", path.name, "1", "--json"), path).stdout)
    with Visitation.open(path) as v:
        assert [o["text"] for o in v.observations.list()] == ["eerste notitie"]
    saved = [b for b in json.loads(ok(run("backups", path.name, "--json")).stdout)
             if b["reason"] == "voor-herstel"]
    assert [b["observations"] for b in saved] == [2] and saved[0]["path"] == result["saved"]
    refused = run("herstel", path.name, "geen-kopie.visitatie")
    assert refused.returncode == 1 and "geen reservekopie" in refused.stderr


def test_kopie_and_kopie_as_new_visitation(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    ok(run("kopie", path.name, "--out", "reserve.visitatie"), tmp_path / "reserve.visitatie")
    new = json.loads(ok(run("kopie", path.name, "--out", "volgende.visitatie", "--nieuwe-visitatie",
                            "--json")).stdout)
    with Visitation.open(path) as a, Visitation.open(tmp_path / "reserve.visitatie") as b, \
            Visitation.open(tmp_path / "volgende.visitatie") as c:
        assert a.details()["id"] == b.details()["id"] != c.details()["id"] == new["visitation_id"]
    again = run("kopie", path.name, "--out", "reserve.visitatie")
    assert again.returncode == 1 and "bestaat al" in again.stderr


def test_verwijder_asks_first_then_removes_exactly_that_visitation(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    sibling = _new(run, tmp_path, "buur.visitatie", "OD Buur")
    for p in (path, sibling):
        backup.make_backup(p, "automatisch")
    refused = run("verwijder", path.name)
    assert refused.returncode == 1
    assert "niets verwijderd" in refused.stderr and "--definitief" in refused.stderr
    assert "1 reservekopie" in refused.stderr
    no_terminal = run("verwijder", path.name, "--definitief")  # stdin is no terminal here
    assert no_terminal.returncode == 1 and "--bevestig" in no_terminal.stderr
    wrong = run("verwijder", path.name, "--definitief", "--bevestig", "OD Buur")
    assert wrong.returncode == 1 and path.exists()

    # the window knew the file as a recent one
    from visitor_app.ui.settings import Settings
    settings = Settings(tmp_path / "gebruikersgegevens" / "instellingen.ini")
    settings.add_recent(sibling)
    settings.add_recent(path)
    with Visitation.open(path) as v:
        vid = v.details()["id"]
    settings.set_member_for(vid, "iemand")

    done = json.loads(ok(run("verwijder", path.name, "--definitief", "--bevestig", "od lindewaard",
                             "--json")).stdout)
    assert not path.exists() and not backup.backup_dir(path).exists()
    assert str(path) in done["removed"]
    assert sibling.exists() and len(backup.backups(sibling)) == 1
    settings = Settings(tmp_path / "gebruikersgegevens" / "instellingen.ini")
    assert settings.recent_files() == [str(sibling.resolve())]
    assert settings.member_for(vid) is None


def test_verwijder_is_refused_while_the_file_is_open(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    with Visitation.open(path, exclusive=True):
        result = run("verwijder", path.name, "--definitief", "--bevestig", "OD Lindewaard")
    assert result.returncode == 6 and path.exists()


def test_kopie_refuses_a_damaged_or_foreign_file(run, tmp_path):  # noqa: F811
    import sqlite3
    (tmp_path / "kapot.visitatie").write_bytes(b"geen visitatie")
    conn = sqlite3.connect(tmp_path / "vreemd.visitatie")
    conn.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    conn.commit()
    conn.close()
    for name in ("kapot.visitatie", "vreemd.visitatie"):
        result = run("kopie", name, "--out", f"kopie-{name}")
        assert result.returncode == 3, result.stderr
        assert not (tmp_path / f"kopie-{name}").exists()


def test_backups_of_a_damaged_file_or_a_missing_one(run, tmp_path):  # noqa: F811
    (tmp_path / "kapot.visitatie").write_bytes(b"geen visitatie")
    assert run("backups", "kapot.visitatie").returncode == 3
    missing = run("backups", "nergens.visitatie")
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr


def test_herstel_rescues_a_damaged_file(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    _note(run, path, "gered")
    with Visitation.open(path) as v:
        v.backups.snapshot()
    data = bytearray(path.read_bytes())
    data[len(data) // 2:] = b"\xff" * (len(data) - len(data) // 2)  # the second half destroyed
    path.write_bytes(bytes(data))
    assert run("info", path.name).returncode == 3
    result = json.loads(ok(run("herstel", path.name, "1", "--json"), path).stdout)
    with Visitation.open(path) as v:
        assert [o["text"] for o in v.observations.list()] == ["gered"]
        assert v.audit.check() == []
    from pathlib import Path
    saved = Path(result["saved"]).read_bytes()  # the damaged pages are kept (the header's
    assert len(saved) == len(data) and saved[100:] == bytes(data)[100:]  # counters aside)
