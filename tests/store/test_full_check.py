"""Damage that SQLite's quick_check misses (issue 11, defect 2): a flipped byte in an index,
in the search index or in a text value. No write goes into such a file and no merge takes
from it; invalid UTF-8 is exit 3 in the CLI, and the window's reads never raise on it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import MEMBERS
from visitor_app.cli import main
from visitor_app.errors import DamagedFileError
from visitor_app.services import Visitation

UNIQUE = "Kwartelkoningoverleg"  # one word that only one observation holds


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    from visitor_app.domain.framework import load_framework
    fw = load_framework()
    path = tmp_path_factory.mktemp("gaaf") / "gaaf.visitatie"
    with Visitation.create(path, "Omgevingsdienst Bitland", "2026-03-10", "2026-03-11",
                           members=MEMBERS, framework=fw) as visit:
        theme, kind = fw.themes[0]["id"], fw.observation_kinds[0]["id"]
        visit.observations.add_many([{"theme": t["id"], "kind": kind,
                                      "text": f"Waarneming {i} over {t['name']}"}
                                     for i in range(60) for t in fw.themes[:2]])
        visit.observations.add(theme, kind, f"Het {UNIQUE} werkt goed", evidence="verslag")
        visit.team.hand_out("Ilse Voorthuis", path.with_name("kopie.visitatie"))
    return path


def pages(path: Path, name: str) -> list[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [p for (p,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (name,))]
    finally:
        conn.close()


def page_size(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:18], "big")


def change(path: Path, offset: int, new: bytes) -> None:
    data = bytearray(path.read_bytes())
    data[offset:offset + len(new)] = new
    path.write_bytes(bytes(data))


def flip_in_page(path: Path, table: str, needle: bytes, new: bytes, at: int = 0) -> None:
    """Replace the bytes at ``at`` within the first occurrence of ``needle`` on a leaf page
    of ``table`` (an index, the search index's data or a table) by ``new``."""
    size, data = page_size(path), path.read_bytes()
    for page in pages(path, table):
        start = (page - 1) * size
        found = data.find(needle, start, start + size)
        if found >= 0:
            change(path, found + at, new)
            return
    raise AssertionError(f"{needle!r} not on a page of {table}")


def quick_check_passes(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def damage_index(path: Path) -> None:
    # the theme+kind index holds theme ids as text; one changed letter puts a row
    # under another key than its table row has
    from visitor_app.domain.framework import load_framework
    theme = load_framework().themes[1]["id"].encode()
    flip_in_page(path, "idx_observations_theme_kind", theme, b"~", at=len(theme) - 1)


def damage_search_index(path: Path) -> None:
    size, data = page_size(path), path.read_bytes()
    [page, *_] = [p for p in pages(path, "observations_fts_data")]
    start = (page - 1) * size
    # the last bytes of the page are the cell content: a byte of a segment's data
    change(path, start + size - 40, bytes([data[start + size - 40] ^ 0x55]))


def damage_text(path: Path) -> None:
    flip_in_page(path, "observations", UNIQUE.encode(), b"\xff", at=3)  # not UTF-8 any more


def change_a_letter(path: Path) -> None:
    flip_in_page(path, "observations", UNIQUE.encode(), b"X", at=3)  # still UTF-8


DAMAGE = {"index": damage_index, "search index": damage_search_index, "text": damage_text,
          "letter": change_a_letter}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, sound, tmp_path):
    path = tmp_path / "beschadigd.visitatie"
    shutil.copy2(sound, path)
    DAMAGE[request.param](path)
    assert quick_check_passes(path), "the damage must be what quick_check misses"
    return path


def test_no_write_goes_into_a_file_the_full_check_rejects(damaged, framework):
    before = sha(damaged)
    with pytest.raises(DamagedFileError, match="beschadigd"):
        with Visitation.open(damaged) as visit:
            visit.observations.add(framework.themes[0]["id"], framework.observation_kinds[0]["id"],
                                   "Een nieuwe waarneming")
    assert sha(damaged) == before


def test_add_note_refuses_it_with_exit_3(damaged, framework, capsys):
    before = sha(damaged)
    code = main(["add-note", str(damaged), "--thema", framework.themes[0]["id"],
                 "--soort", framework.observation_kinds[0]["id"], "--tekst", "Nieuw"])
    assert code == 3, capsys.readouterr().err
    assert "beschadigd" in capsys.readouterr().err
    assert sha(damaged) == before


def test_the_window_stores_nothing_into_it(damaged, framework):
    before = sha(damaged)
    with Visitation.open(damaged, verify_later=True) as visit:  # as the window opens it
        visit.observations.list()  # the views read (never raising on the damage)
        visit.observations.search(UNIQUE)
        with pytest.raises(DamagedFileError):
            visit.verify()
        with pytest.raises(DamagedFileError):
            visit.observations.add(framework.themes[0]["id"], framework.observation_kinds[0]["id"],
                                   "Nieuw")
    assert sha(damaged) == before


def test_a_damaged_copy_is_not_merged(damaged, sound, tmp_path):
    target = tmp_path / "secretaris.visitatie"
    shutil.copy2(sound, target)
    copy = tmp_path / "kopie.visitatie"
    shutil.copy2(damaged, copy)
    with Visitation.open(target) as visit:
        before = sha(target)
        with pytest.raises(DamagedFileError) as info:
            visit.team.merge([copy])
        assert copy.name in info.value.message
    assert sha(target) == before


def test_invalid_utf8_is_exit_3_in_every_command(sound, tmp_path, capsys):
    path = tmp_path / "utf8.visitatie"
    shutil.copy2(sound, path)
    damage_text(path)
    for args in (["info", str(path)], ["check", str(path)], ["export-json", "--out", str(tmp_path / "uit.json"),
                                                             str(path)],
                 ["search", str(path), "Het"]):
        code = main(args)
        err = capsys.readouterr().err
        assert code == 3, (args, err)
        assert "UTF-8" in err and "onverwachte" not in err, err


def test_the_views_show_invalid_utf8_without_raising(sound, tmp_path):
    path = tmp_path / "utf8.visitatie"
    shutil.copy2(sound, path)
    damage_text(path)
    with Visitation.open(path, verify_later=True) as visit:
        texts = [o["text"] for o in visit.observations.list()]
        assert any("\ufffd" in t for t in texts)
        assert visit.audit.info()["observations"]["total"] == 121
        with pytest.raises(DamagedFileError, match="UTF-8"):
            visit.verify()


def test_a_writer_in_another_process_is_not_damage(sound, tmp_path):
    """The search index's check takes the write lock as a write does: another program's
    write makes it wait; one that outlasts the busy timeout makes it refuse as busy (exit
    6). Neither marks the file damaged."""
    import threading
    from visitor_app.errors import FileLockedError
    path = tmp_path / "bezet.visitatie"
    shutil.copy2(sound, path)
    with Visitation.open(path, verify_later=True) as visit:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        visit.verify()  # waited for the other writer
        assert visit.store.damage is None
        visit.store.verified = False
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(FileLockedError, match="ander programma"):
                visit.verify()
        finally:
            other.close()
        assert visit.store.damage is None
        visit.verify()


def test_a_damaged_file_is_not_handed_out(damaged, tmp_path):
    out = tmp_path / "voor-ilse.visitatie"
    with Visitation.open(damaged, verify_later=True) as visit:  # as the window does
        with pytest.raises(DamagedFileError):
            visit.team.hand_out(MEMBERS[0][0], out)  # already a member: nothing else to write
    assert not out.exists()


def test_a_damaged_file_gets_no_snapshot_and_a_damaged_backup_is_not_restored(damaged, sound, tmp_path):
    """The backups (branch bak) keep only states that pass the full check: the snapshot at
    opening is not made of a damaged file, and a backup with damaged text is refused."""
    from visitor_app.errors import InputError
    from visitor_app.services.backups import list_backups
    from visitor_app.store import backup as store_backup
    with Visitation.open(damaged, verify_later=True) as visit:
        before = len(list_backups(damaged))
        with pytest.raises(DamagedFileError):
            visit.backups.snapshot_on_open()
        assert len(list_backups(damaged)) == before
    text = tmp_path / "tekst.visitatie"
    shutil.copy2(sound, text)
    damage_text(text)
    assert store_backup.sound(text) and "UTF-8" in store_backup.sound(text)
    good = tmp_path / "goed.visitatie"
    shutil.copy2(sound, good)
    with Visitation.open(good) as visit:
        bad_backup = store_backup.make_backup(good, "test")
        shutil.copy2(text, bad_backup)  # a backup that went bad on the disk
        with pytest.raises(InputError, match="beschadigd"):
            visit.backups.restore(bad_backup.name)
