"""Rollback journals beside a file (docs/reliability.md).

Only a journal that belongs to the file as it is now is ever applied to it. A journal left
by a crash beside another file (an older or newer copy, another visitation, a journal whose
header was changed) is moved into the backup folder, the file keeps its bytes exactly and
the user is told why. A live writer's journal, and a zeroed or empty one, is left alone:
no backup, no error, however often the file is opened meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Iterator

import pytest

from tests.store.conftest import crash_mid_write
from visitor_app.services import Visitation, check_file
from visitor_app.store import backup
from visitor_app.store.central_db import CentralStore
from visitor_app.store.merge import read_copy

ROOT = Path(__file__).resolve().parents[2]
HALF = "UPDATE observations SET text = text || ' half geschreven'"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def add_notes(path: Path, n: int, label: str = "notitie") -> None:
    with Visitation.open(path) as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
        v.observations.add_many([{"theme": theme, "kind": kind, "text": f"{label} {i} " + "x" * 400}
                                 for i in range(n)])


def new_visitation(path: Path, dienst: str = "OD Kruispunt", n: int = 300, label: str = "notitie") -> Path:
    Visitation.create(path, dienst, "2026-03-10", "2026-03-11").close()
    add_notes(path, n, label)
    return path


def texts(path: Path) -> list[str]:
    with Visitation.open(path) as v:
        return sorted(o["text"] for o in v.observations.list())


def set_aside(path: Path, journal_bytes: bytes) -> list[Path]:
    """The copies of the journal in the file's backup folder, byte for byte."""
    folder = backup.backup_dir(path)
    return [p for p in folder.iterdir() if p.read_bytes() == journal_bytes] if folder.is_dir() else []


def older_copy(tmp_path: Path, path: Path) -> bytes:
    """A copy of the file from before its last writes, with less in it."""
    new_visitation(path, n=100)
    before = path.read_bytes()
    add_notes(path, 200, "later")
    return before


def newer_copy(tmp_path: Path, path: Path) -> bytes:
    """A copy worked on elsewhere: one write more than the file had when the crash came."""
    new_visitation(path)
    elsewhere = tmp_path / "elders" / path.name
    elsewhere.parent.mkdir()
    shutil.copyfile(path, elsewhere)
    add_notes(elsewhere, 5, "elders")
    return elsewhere.read_bytes()


def other_visitation(tmp_path: Path, path: Path) -> bytes:
    """Another visitation made in the very same steps: its header and schema page are the
    same byte for byte (same change counter, same size); only the rows differ."""
    new_visitation(path)
    other = new_visitation(tmp_path / "ander.visitatie", "OD Overkant", label="andere notitie")
    return other.read_bytes()


@pytest.mark.parametrize("make_other", [older_copy, newer_copy, other_visitation])
def test_a_crash_journal_beside_another_file_is_set_aside_and_the_file_kept_exactly(
        tmp_path, caplog, make_other):
    path = tmp_path / "a.visitatie"
    other = make_other(tmp_path, path)
    journal = crash_mid_write(path, HALF)
    left = journal.read_bytes()
    path.write_bytes(other)  # the other file is put in its place; the journal stays
    expected = sha(path)
    caplog.set_level(logging.WARNING)

    with Visitation.open(path) as v:
        assert v.observations.list()

    assert sha(path) == expected
    assert not journal.exists()
    assert len(set_aside(path, left)) == 1  # moved into the backup folder, not deleted
    assert any("hoort niet bij" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    assert check_file(path) == []
    copy = tmp_path / "verwacht.visitatie"
    copy.write_bytes(other)
    assert texts(path) == texts(copy)
    assert not any("half geschreven" in t for t in texts(path))


def test_a_members_copy_with_a_foreign_journal_is_merged_as_it_is_and_left_untouched(tmp_path, caplog):
    path = tmp_path / "lid.visitatie"
    other = other_visitation(tmp_path, path)
    journal = crash_mid_write(path, HALF)
    path.write_bytes(other)
    kept = sha(path), sha(journal)
    caplog.set_level(logging.WARNING)
    with read_copy(path) as conn:
        found = sorted(r[0] for r in conn.execute("SELECT text FROM observations"))
    assert (sha(path), sha(journal)) == kept  # the member's file and journal are only read
    copy = tmp_path / "verwacht.visitatie"
    copy.write_bytes(other)
    assert found == texts(copy)
    warnings = [r.getMessage() for r in caplog.records if "hoort niet bij" in r.getMessage()]
    assert warnings and all(w.startswith(f"{path}:") and "visitatie-kopie-" not in w for w in warnings)


def _tamper(raw: bytes, offset: int, value: int) -> bytes:
    return raw[:offset] + struct.pack(">I", value) + raw[offset + 4:]


@pytest.mark.parametrize("offset, value, what", [
    (16, 0, "beginomvang 0: SQLite zou het bestand leegmaken"),
    (16, 20, "beginomvang kleiner dan het bestand: SQLite zou het afkappen"),
    (24, 1024, "andere paginagrootte"),
], ids=["leeg", "korter", "paginagrootte"])
def test_a_journal_whose_header_does_not_fit_the_file_is_never_applied(tmp_path, caplog, offset, value, what):
    path = new_visitation(tmp_path / "a.visitatie")
    clean = path.read_bytes()
    journal = crash_mid_write(path, HALF)
    raw = _tamper(journal.read_bytes(), offset, value)
    journal.write_bytes(raw)
    path.write_bytes(clean)  # the file as it was just before the write: sound
    caplog.set_level(logging.WARNING)

    assert check_file(path) == [], what

    assert path.read_bytes() == clean, what
    assert not journal.exists() and len(set_aside(path, raw)) == 1
    assert any("hoort niet bij" in r.getMessage() for r in caplog.records)


def test_check_on_the_command_line_passes_and_says_why_the_journal_was_set_aside(tmp_path):
    path = tmp_path / "a.visitatie"
    other = other_visitation(tmp_path, path)
    crash_mid_write(path, HALF)
    path.write_bytes(other)
    expected = sha(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "visitor_app", "check", str(path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "in orde" in result.stdout
    assert "hoort niet bij" in result.stderr and "reservekopie" in result.stderr.lower()
    assert sha(path) == expected


def test_a_genuine_crash_journal_is_still_rolled_back_after_a_backup(tmp_path, caplog):
    path = new_visitation(tmp_path / "a.visitatie")
    before = texts(path)
    journal = crash_mid_write(path, HALF)
    caplog.set_level(logging.WARNING)
    assert texts(path) == before
    assert not journal.exists()
    copies = backup.list_backups(path)
    assert len(copies) == 1 and journal_of(copies[0]).exists()
    assert not any("hoort niet bij" in r.getMessage() for r in caplog.records)


def test_a_write_cut_off_while_committing_is_rolled_back_too(tmp_path):
    """Our own writes keep their changes in memory until the commit (cache_spill=OFF), so a
    power cut leaves a file whose page 1 is already rewritten (change counter one up) with
    a whole journal. Made here from a PERSIST-mode write: SQLite keeps that journal after
    the commit with only its header zeroed, which we put back as it was just before."""
    path = new_visitation(tmp_path / "a.visitatie")
    before = texts(path)
    scratch = tmp_path / "kladje.visitatie"
    shutil.copyfile(path, scratch)
    sample = crash_mid_write(scratch, HALF).read_bytes()  # magic, start size, sector, page size
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=PERSIST")
    conn.execute(HALF)
    conn.close()
    journal = journal_of(path)
    raw = journal.read_bytes()
    sector, page_size = struct.unpack(">II", sample[20:28])
    record = raw[sector:sector + page_size + 8]
    nonce = (struct.unpack(">I", record[-4:])[0] - sum(record[4:4 + page_size][page_size - 200::-200])) % 2**32
    journal.write_bytes(sample[:8] + struct.pack(">II", 0xFFFFFFFF, nonce) + sample[16:28] + raw[28:])

    assert texts(path) == before
    assert not journal.exists()
    copies = backup.list_backups(path)
    assert len(copies) == 1 and journal_of(copies[0]).exists()


def _central(path: Path, *packages: str) -> Path:
    with closing(CentralStore.create(path)) as store, store.transaction():
        for vid in packages:
            store.replace_package(
                {"visitation_id": vid, "dienst": "OD Proefpolder", "start": "2026-03-10",
                 "end": "2026-03-11", "framework_id": "kader", "framework_version": "1",
                 "framework_json": "{}", "exported": "2026-03-12T10:00:00Z", "app_version": "0",
                 "digest": "sha256:0", "source_file": None, "imported": "2026-03-12T11:00:00Z"},
                [{"position": i, "theme": "t", "subtheme": None, "kind": "k",
                  "text": f"bevinding {vid} {i} " + "x" * 400} for i in range(300)], [])
    return path


def test_the_central_database_sets_a_foreign_journal_aside_too(tmp_path, caplog):
    path = _central(tmp_path / "centraal.db", "v1")
    journal = crash_mid_write(path, "UPDATE findings SET text = text || ' half geschreven'")
    left = journal.read_bytes()
    newer = _central(tmp_path / "nieuwer.db", "v1", "v2")  # with a package more
    path.write_bytes(newer.read_bytes())
    expected = sha(path)
    caplog.set_level(logging.WARNING)
    with closing(CentralStore.open(path)) as store:
        found = [f["text"] for f in store.findings()]
    assert sha(path) == expected
    assert len(found) == 600 and not any("half geschreven" in t for t in found)
    assert not journal.exists() and len(set_aside(path, left)) == 1
    assert any("hoort niet bij" in r.getMessage() for r in caplog.records)


# -- defect 6: other writers, zeroed journals ------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from visitor_app.services import Visitation
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
with Visitation.open(path) as v:
    theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
    written = 0
    print("schrijft", flush=True)
    while not stop.exists():
        v.observations.add(theme, kind, f"notitie van de schrijver {written}")
        written += 1
        time.sleep(0.001)  # a brisk typist, not a flood: the file stays small enough to open 200 times
print(written, flush=True)
"""


@contextlib.contextmanager
def another_process_writing(path: Path) -> Iterator[list[int]]:
    """While the block runs another process adds observations to ``path``, one commit each;
    afterwards the list holds how many it wrote."""
    stop = path.with_name("stop")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    written: list[int] = []
    try:
        assert writer.stdout.readline().strip() == "schrijft"
        yield written
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0
    written.append(int(out.split()[-1]))


def test_opening_while_another_process_writes_is_no_error_and_makes_no_backup(tmp_path):
    path = new_visitation(tmp_path / "samen.visitatie", n=20)
    seen = 0
    with another_process_writing(path) as written:
        for _ in range(200):
            with Visitation.open(path) as v:
                seen = max(seen, len(v.observations.list()))
    assert written[0] >= 50 and seen > 20  # the writer really wrote while we opened
    assert not backup.backup_dir(path).exists()
    assert check_file(path) == []


def test_reading_a_members_copy_while_another_process_writes_it_is_no_error(tmp_path):
    path = new_visitation(tmp_path / "lid.visitatie", n=20)
    counts = []
    with another_process_writing(path) as written:
        for _ in range(200):
            with read_copy(path) as conn:
                counts.append(conn.execute("SELECT COUNT(*) FROM observations").fetchone()[0])
    assert written[0] >= 50
    assert counts == sorted(counts) and counts[-1] > 20  # each copy a state the file had
    assert not backup.backup_dir(path).exists()


@pytest.mark.parametrize("content", [b"", b"\0" * 512, "persist"], ids=["leeg", "nullen", "persist"])
def test_a_zeroed_or_empty_journal_is_ignored(tmp_path, content):
    path = new_visitation(tmp_path / "a.visitatie", n=20)
    journal = journal_of(path)
    if content == "persist":  # SQLite itself zeroes the header when a PERSIST-mode write commits
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=PERSIST")
        conn.execute("UPDATE observations SET text = text || '.'")
        conn.close()
        assert journal.exists() and journal.read_bytes()[:28] == b"\0" * 28
    else:
        journal.write_bytes(content)
    before = sha(path)
    for _ in range(3):
        with Visitation.open(path) as v:
            assert len(v.observations.list()) == 20
    assert sha(path) == before
    assert not backup.backup_dir(path).exists()



# -- an encrypted file: its header is encrypted, so only the trial with the key judges ----------
SECRET = "paarse-olifant-42"


def crash_mid_encrypted_write(path: Path, sql: str, key: str = SECRET) -> Path:
    """``crash_mid_write`` for an encrypted file (the child keys its connection)."""
    child = (
        "import sqlcipher3.dbapi2 as s, os, sys\n"
        "c = s.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute(\"PRAGMA key = '\" + sys.argv[3] + \"'\")\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "c.execute('BEGIN')\n"
        "c.execute(sys.argv[2])\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", child, str(path), sql, key], check=True)
    journal = journal_of(path)
    assert journal.exists() and journal.stat().st_size > 0
    return journal


def new_encrypted(path: Path, n: int = 300, label: str = "notitie") -> Path:
    Visitation.create(path, "OD Kruispunt", "2026-03-10", "2026-03-11", passphrase=SECRET).close()
    with Visitation.open(path, passphrase=SECRET) as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
        v.observations.add_many([{"theme": theme, "kind": kind, "text": f"{label} {i} " + "x" * 400}
                                 for i in range(n)])
    return path


def encrypted_texts(path: Path) -> list[str]:
    with Visitation.open(path, passphrase=SECRET) as v:
        return sorted(o["text"] for o in v.observations.list())


def test_a_genuine_crash_journal_of_an_encrypted_file_is_rolled_back_after_an_encrypted_backup(tmp_path):
    path = new_encrypted(tmp_path / "a.visitatie")
    before = encrypted_texts(path)
    journal = crash_mid_encrypted_write(path, HALF)
    assert encrypted_texts(path) == before
    assert not journal.exists()
    copies = backup.list_backups(path)
    assert len(copies) == 1 and journal_of(copies[0]).exists()
    for kept in (copies[0], journal_of(copies[0])):
        assert b"SQLite format 3" not in kept.read_bytes() and b"notitie" not in kept.read_bytes()


def test_a_foreign_journal_beside_an_encrypted_file_is_set_aside_and_the_file_kept(tmp_path, caplog):
    path = tmp_path / "a.visitatie"
    new_encrypted(path, n=100)
    before = path.read_bytes()
    add = tmp_path / "elders.visitatie"
    new_encrypted(add, n=100, label="elders")  # another visitation, same passphrase
    journal = crash_mid_encrypted_write(add, HALF)
    left = journal.read_bytes()
    journal.rename(journal_of(path))  # its journal ends up beside our file
    caplog.set_level(logging.WARNING)

    assert encrypted_texts(path) == sorted(f"notitie {i} " + "x" * 400 for i in range(100))

    assert path.read_bytes() == before
    assert not journal_of(path).exists() and len(set_aside(path, left)) == 1
    assert any("hoort niet bij" in r.getMessage() for r in caplog.records)


def test_a_wrong_passphrase_leaves_an_encrypted_file_and_its_hot_journal_alone(tmp_path):
    from visitor_app.errors import PassphraseError
    path = new_encrypted(tmp_path / "a.visitatie")
    journal = crash_mid_encrypted_write(path, HALF)
    kept = sha(path), sha(journal)
    for wrong in ("verkeerd-wachtwoord", None):
        with pytest.raises(PassphraseError, match=str(path)):
            Visitation.open(path, passphrase=wrong)
        with pytest.raises(PassphraseError, match=str(path)):
            with read_copy(path, wrong):
                pass
    assert (sha(path), sha(journal)) == kept
    assert not backup.backup_dir(path).exists()
    assert encrypted_texts(path)  # the right one still rolls it back
    assert not journal.exists()


def test_a_header_read_while_another_process_commits_is_read_again_under_a_read_lock(tmp_path, monkeypatch):
    """The race behind a rare "afgebroken" while another process writes: the size is taken,
    then a commit grows the file and writes its header, then the header is read (more pages
    than the size had). Simulated: the first look sees the file one page short."""
    from visitor_app.errors import DamagedFileError
    from visitor_app.store import connection
    from visitor_app.store.visitation_file import inspect_file
    path = new_visitation(tmp_path / "groeit.visitatie", n=20)
    real = connection.read_header
    looks = []

    def racing(p):
        header = real(p)
        looks.append(header)
        if len(looks) == 1:  # as if stat'ed before the other process's commit
            return connection.parse_header(Path(p).read_bytes()[:100], header.size - header.page_size)
        return header

    monkeypatch.setattr(connection, "read_header", racing)
    before = sha(path)
    assert inspect_file(path)["schema_version"] >= 1
    assert sha(path) == before

    truncated = tmp_path / "afgebroken.visitatie"  # a file really cut short stays damaged
    truncated.write_bytes(path.read_bytes()[:-4096])
    looks.clear()
    with pytest.raises(DamagedFileError, match="afgebroken"):
        inspect_file(truncated)
