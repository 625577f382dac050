"""Issue 11, defect 7 on the command line: a read-only file and a read-only folder, for real.

chmod does not stop root, so as root the child runs without the capabilities that let
root ignore permissions (``setpriv --bounding-set``); as another user chmod is enough.
Disk full and I/O errors are in tests/store/test_disk_errors.py (exit 8 there too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MEMBERS
from tests.test_cli import cli_runner
from visitor_app.services import Visitation

UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: chmod does not make a file read-only for root")
    return UNPRIVILEGED


@pytest.fixture
def run(tmp_path):
    return cli_runner(tmp_path, _prefix())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def made(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    path = folder / "alleen.visitatie"
    with Visitation.create(path, "Omgevingsdienst Veenland", "2026-03-02", "2026-03-03",
                           members=MEMBERS) as visit:
        fw = visit.framework
        visit.observations.add(theme=fw.themes[0]["id"], kind=fw.observation_kinds[0]["id"],
                               text="Het mandaat is helder belegd.")
        args = ["--thema", fw.themes[0]["id"], "--soort", fw.observation_kinds[0]["id"]]
    yield path, args
    folder.chmod(0o700)
    path.chmod(0o600)


def test_check_on_a_read_only_file_is_in_order_not_damaged(run, made):
    path, _ = made
    path.chmod(0o400)
    result = run("check", path)
    assert result.returncode == 0, result.stderr
    assert "in orde" in result.stdout and "alleen-lezen" in result.stdout


def test_writing_to_a_read_only_file_is_exit_8_in_dutch(run, made):
    path, args = made
    path.chmod(0o400)
    before = sha256(path)
    result = run("add-note", path, *args, "--tekst", "niet bewaard")
    assert result.returncode == 8, result.stderr
    assert f"{path}: het bestand is alleen-lezen" in result.stderr
    assert "Error" not in result.stderr and sha256(path) == before
    result = run("hand-out", path, "--member", "Ilse Voorthuis", "--out", path.parent.parent / "k.visitatie")
    assert result.returncode == 8 and "alleen-lezen" in result.stderr, result.stderr


def test_a_read_only_folder_is_exit_8_not_open_elsewhere(run, made, tmp_path):
    path, args = made
    path.parent.chmod(0o500)
    before = sha256(path)
    out = tmp_path / "ilse.visitatie"
    result = run("hand-out", path, "--member", "Ilse Voorthuis", "--out", out)
    assert result.returncode == 8, result.stderr
    assert f"de map {path.parent} is alleen-lezen" in result.stderr and "al geopend" not in result.stderr
    result = run("add-note", path, *args, "--tekst", "niet bewaard")
    assert result.returncode == 8 and f"de map {path.parent} is alleen-lezen" in result.stderr, result.stderr
    result = run("check", path)
    assert result.returncode == 0, result.stderr
    assert sha256(path) == before and not out.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["alleen.visitatie"]


def test_an_export_into_a_read_only_folder_is_exit_8(run, made, tmp_path):
    path, _ = made
    target = tmp_path / "doel"
    target.mkdir()
    target.chmod(0o500)
    try:
        for command, name in (("export-json", "dump.json"), ("export-report", "rapport.docx"),
                              ("export-central", "pakket.rodedraden")):
            result = run(command, path, "--out", target / name)
            assert result.returncode in (8, 1), result.stderr
            if result.returncode == 1:  # export-central without findings refuses first
                assert command == "export-central", result.stderr
                continue
            assert f"{target / name}: de map {target} is alleen-lezen" in result.stderr
        assert list(target.iterdir()) == []
    finally:
        target.chmod(0o700)


@pytest.fixture
def small_disk(tmp_path):
    """A real 700 kB file system (tmpfs) under tmp_path: only as root where mount works."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real small disk needs root and mount")
    point = tmp_path / "klein"
    point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k,mode=0700", "tmpfs", str(point)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"mount refused: {made.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def test_a_really_full_disk_is_exit_8_and_leaves_nothing(small_disk, tmp_path):
    """The same commands as a secretary would run, on a disk that runs full."""
    from tests.conftest import ROOT as root
    env = {**os.environ, "PYTHONPATH": str(root), "VISITOR_APP_DATA": str(tmp_path / "gegevens")}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "visitor_app", *map(str, args)], env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=60)

    path = small_disk / "vol.visitatie"
    result = cli("new", "--onversleuteld", path, "--dienst", "Omgevingsdienst Veenland", "--start", "2026-03-02",
                 "--end", "2026-03-03")
    assert result.returncode == 0, result.stderr
    with Visitation.open(path) as visit:
        args = ["--thema", visit.framework.themes[0]["id"],
                "--soort", visit.framework.observation_kinds[0]["id"]]
    free = os.statvfs(small_disk)
    (small_disk / "vulling").write_bytes(b"\0" * max(0, free.f_bavail * free.f_frsize - 40_000))
    before = sha256(path)
    result = cli("add-note", path, *args, "--tekst", "x" * 60_000)
    assert result.returncode == 8, result.stderr
    assert f"{path}: de schijf is vol" in result.stderr and "Error" not in result.stderr
    assert sha256(path) == before
    result = cli("export-json", path, "--out", small_disk / "dump.json")
    assert result.returncode == 8 and "de schijf is vol" in result.stderr, result.stderr
    assert cli("check", path).returncode == 0
    assert sorted(p.name for p in small_disk.iterdir()) == ["vol.visitatie", "vulling"]
