"""A hostile or careless user on the command line: what must never happen (docs/cli.md)."""

from __future__ import annotations

import sqlite3

from tests.test_cli import ok, run  # noqa: F401 (fixture)
from tests.test_cli_backups import _new
from visitor_app.store import backup


def _tree(folder):
    return {p: (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def test_verwijder_never_deletes_a_file_that_is_no_visitation(run, tmp_path):  # noqa: F811
    (tmp_path / "scriptie.docx").write_bytes(b"PK\x03\x04 mijn scriptie")
    (tmp_path / "notities.visitatie").write_text("geen visitatie, wel van mij")
    conn = sqlite3.connect(tmp_path / "klanten.db")
    conn.execute("CREATE TABLE klanten (naam TEXT)")
    conn.execute("INSERT INTO klanten VALUES ('kostbaar')")
    conn.commit()
    conn.close()
    (tmp_path / "archief.zip").write_bytes(bytes(range(256)) * 32)  # whole pages, as if encrypted
    (tmp_path / "klanten-backups").mkdir()
    (tmp_path / "klanten-backups" / "oud.db").write_bytes(b"ook van mij")
    before = _tree(tmp_path)
    for name in ("scriptie.docx", "notities.visitatie", "klanten.db", "archief.zip"):
        result = run("verwijder", name, "--definitief", "--bevestig", "VERWIJDER")
        assert result.returncode == 3, (name, result.stderr)
        assert "niets verwijderd" in result.stderr and name in result.stderr
    after = _tree(tmp_path)
    assert {p: v for p, v in after.items() if "gebruikersgegevens" not in str(p)} == before


def test_verwijder_leaves_what_is_not_ours_in_the_backup_folder(run, tmp_path):  # noqa: F811
    path = _new(run, tmp_path)
    backup.make_backup(path, "automatisch")
    folder = backup.backup_dir(path)
    mine = folder / "mijn-aantekeningen.docx"
    mine.write_bytes(b"van de gebruiker")
    (folder / "submap").mkdir()
    (folder / "submap" / "x.txt").write_text("ook")
    done = ok(run("verwijder", path.name, "--definitief", "--bevestig", "OD Lindewaard"))
    assert not path.exists() and not backup.backups(path)
    assert mine.read_bytes() == b"van de gebruiker" and (folder / "submap" / "x.txt").exists()
    assert "mijn-aantekeningen.docx" not in done.stdout


def test_backups_names_an_unreadable_backup_in_dutch(run, tmp_path):  # noqa: F811
    import json
    path = _new(run, tmp_path)
    backup.make_backup(path, "automatisch")
    folder = backup.backup_dir(path)
    (folder / "20260101T000000000000Z-automatisch.visitatie").write_text("rommel")
    conn = sqlite3.connect(folder / "20260101T000001000000Z-automatisch.visitatie")
    conn.execute("CREATE TABLE klanten (naam TEXT)")
    conn.commit()
    conn.close()
    listed = json.loads(ok(run("backups", path.name, "--json")).stdout)
    problems = {b["name"]: b["problem"] for b in listed if not b["restorable"]}
    assert len(problems) == 2
    for problem in problems.values():
        assert "database" not in problem and "no such" not in problem, problem
    refused = run("herstel", path.name, "20260101T000000000000Z-automatisch.visitatie")
    assert refused.returncode == 1 and "not a database" not in refused.stderr


def test_backups_does_not_call_a_backup_of_another_visitation_restorable(run, tmp_path):  # noqa: F811
    import json
    import shutil
    path = _new(run, tmp_path)
    other = _new(run, tmp_path, "ander.visitatie", "OD Ander")
    backup.make_backup(path, "automatisch")
    shutil.copy2(other, backup.backup_dir(path) / "20260101T000000000000Z-automatisch.visitatie")
    listed = {b["name"]: b for b in json.loads(ok(run("backups", path.name, "--json")).stdout)}
    foreign = listed["20260101T000000000000Z-automatisch.visitatie"]
    assert not foreign["restorable"] and "andere visitatie" in foreign["problem"]
    assert sum(b["restorable"] for b in listed.values()) == 1
    refused = run("herstel", path.name, "20260101T000000000000Z-automatisch.visitatie")
    assert refused.returncode == 1 and "andere visitatie" in refused.stderr


def test_no_export_ever_writes_over_a_visitation_file(run, tmp_path):  # noqa: F811
    """`export-guide FILE --out FILE` replaced the visitation (its notes) by the PDF."""
    import hashlib
    path = _new(run, tmp_path)
    other = _new(run, tmp_path, "ander.visitatie", "OD Ander")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, other)}
    attempts = [("export-guide", path.name, "--out", target) for target in (path.name, other.name)]
    attempts += [("export-guide", path.name, "--waarnemingen", "--out", path.name)]
    for args in attempts:
        result = run(*args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "visitatiebestand" in result.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, other)} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["ander.visitatie", "lindewaard.visitatie"]
