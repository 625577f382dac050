"""atomic_write: a complete file in place or nothing, owner-only, no temp file left behind."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from visitor_app.errors import FileExistsRefused, InputError, ReadOnlyError
from visitor_app.store import files
from visitor_app.store.files import atomic_write


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("content, expected", [
    (b"\x00bytes\xff", b"\x00bytes\xff"),
    ("notitie van Ilse Voorthuis: één", "notitie van Ilse Voorthuis: één".encode("utf-8")),
    (lambda tmp: tmp.write_bytes(b"door een schrijver"), b"door een schrijver"),
])
def test_bytes_str_and_a_writer_each_land(tmp_path, content, expected):
    out = tmp_path / "uit.txt"
    assert atomic_write(out, content) == out
    assert out.read_bytes() == expected
    assert leftovers(tmp_path) == ["uit.txt"]


def test_a_writer_gets_a_temp_path_in_the_target_folder(tmp_path):
    seen = []
    atomic_write(tmp_path / "db.sqlite", lambda tmp: seen.append(tmp) or sqlite3.connect(tmp).close())
    assert seen[0].parent == tmp_path and seen[0].name != "db.sqlite"
    assert not seen[0].exists()


@pytest.mark.parametrize("error", [RuntimeError("schrijver faalt"), KeyboardInterrupt()])
def test_a_failing_writer_leaves_no_temp_and_the_old_target_untouched(tmp_path, error):
    out = tmp_path / "rapport.docx"
    out.write_bytes(b"de vorige versie")

    def writer(tmp):
        tmp.write_bytes(b"half")
        raise error

    with pytest.raises(type(error)):
        atomic_write(out, writer)
    assert out.read_bytes() == b"de vorige versie"
    assert leftovers(tmp_path) == ["rapport.docx"]


def test_a_failing_rename_leaves_no_temp(tmp_path, monkeypatch):
    out = tmp_path / "uit.json"

    def broken(src, dst):
        raise PermissionError(13, "in gebruik")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(ReadOnlyError, match=f"^{out}: hier mag niet worden geschreven.*in gebruik"):
        atomic_write(out, "{}")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are POSIX modes")
@pytest.mark.parametrize("content", ["tekst", lambda tmp: os.chmod(tmp, 0o644) or tmp.write_text("x")])
def test_the_file_is_owner_only(tmp_path, content):
    out = tmp_path / "notities.txt"
    atomic_write(out, content)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_overwrite_false_refuses_an_existing_target_in_dutch(tmp_path):
    out = tmp_path / "kopie.visitatie"
    out.write_bytes(b"van iemand anders")
    with pytest.raises(FileExistsRefused, match="bestaat al"):
        atomic_write(out, b"nieuw", overwrite=False)
    assert out.read_bytes() == b"van iemand anders"
    assert leftovers(tmp_path) == ["kopie.visitatie"]


def test_overwrite_false_refuses_a_target_that_appears_during_the_write(tmp_path):
    out = tmp_path / "kopie.visitatie"

    def writer(tmp):
        tmp.write_bytes(b"mijn versie")
        out.write_bytes(b"intussen door een ander geschreven")

    with pytest.raises(FileExistsRefused, match="bestaat al"):
        atomic_write(out, writer, overwrite=False)
    assert out.read_bytes() == b"intussen door een ander geschreven"
    assert leftovers(tmp_path) == ["kopie.visitatie"]


def test_overwrite_false_writes_a_new_file(tmp_path):
    out = tmp_path / "nieuw.txt"
    atomic_write(out, "inhoud", overwrite=False)
    assert out.read_text(encoding="utf-8") == "inhoud" and leftovers(tmp_path) == ["nieuw.txt"]


def test_a_missing_folder_is_a_dutch_input_error(tmp_path):
    with pytest.raises(InputError, match="niet schrijven.*er is niets opgeslagen"):
        atomic_write(tmp_path / "bestaat-niet" / "uit.txt", "x")


KILLED_WRITER = r"""
import sys, time
from visitor_app.store.files import atomic_write
def writer(tmp):
    tmp.write_bytes(b"half geschreven persoonsgegevens")
    print("WRITING", flush=True)
    time.sleep(60)
atomic_write(sys.argv[1], writer)
"""


@pytest.mark.skipif(os.name != "posix", reason="flock and SIGKILL are POSIX")
def test_a_temp_file_of_a_killed_write_is_swept_but_never_a_live_one(tmp_path):
    """Issue 11 kill harness: a merge killed while writing its backup left the hidden temp
    file (a whole copy of the visitation) in the backup folder. The next open sweeps it."""
    import signal
    import subprocess
    import sys
    from tests.conftest import ROOT
    from visitor_app.store.files import sweep_temps
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    target = tmp_path / "kopie.visitatie"
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "WRITING\n"
        [temp] = leftovers(tmp_path)
        assert sweep_temps(tmp_path) == [] and leftovers(tmp_path) == [temp]  # its writer lives
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    (tmp_path / ".iets-anders.tmp").write_text("niet van ons")
    assert [p.name for p in sweep_temps(tmp_path, "ander.visitatie")] == []
    assert [p.name for p in sweep_temps(tmp_path, "kopie.visitatie")] == [temp]
    assert leftovers(tmp_path) == [".iets-anders.tmp"]


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_writing_a_target_again_sweeps_its_killed_temp_file(tmp_path):
    left = tmp_path / ".dump.json.ab12cd34.tmp"  # as a killed atomic_write leaves it (no lock)
    left.write_text("half")
    other = tmp_path / ".ander.json.ab12cd34.tmp"
    other.write_text("van een ander doel")
    atomic_write(tmp_path / "dump.json", "{}")
    assert leftovers(tmp_path) == [".ander.json.ab12cd34.tmp", "dump.json"]


def test_a_stale_private_temp_folder_is_swept_but_a_recent_one_kept(tmp_path, monkeypatch):
    """Issue 11 kill harness: 58 of 90 merges killed while they read the copies left
    ``visitatie-kopie-*`` (a copy of a member's file) in the system temp folder."""
    import tempfile
    import time
    from visitor_app.store import files as files_module
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    stale, recent, other = (tmp_path / "visitatie-kopie-oud", tmp_path / "visitatie-kopie-nu",
                            tmp_path / "iets-anders")
    for folder in (stale, recent, other):
        folder.mkdir()
        (folder / "kopie.visitatie").write_bytes(b"persoonsgegevens")
    old = time.time() - files_module.STALE_TEMP_SECONDS - 60
    for folder in (stale, other):
        os.utime(folder, (old, old))
    assert files_module.sweep_temp_dirs() == [stale]
    assert leftovers(tmp_path) == ["iets-anders", "visitatie-kopie-nu"]
