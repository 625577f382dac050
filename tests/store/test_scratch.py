"""Temporary copies (issue 11, defect 9): a member's copy read for a merge is duplicated into
the app's own temp folder (owner only), removed after use, and what a killed process left
there is removed when the next one starts; a copy above the documented size is refused
before it is copied."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from visitor_app.errors import InputError
from visitor_app.services import Visitation
from visitor_app.store import merge, scratch


NAME = f"ilse-{os.getpid()}-{os.urandom(4).hex()}.visitatie"  # ours alone in the temp folder


@pytest.fixture
def copy(visit, tmp_path):
    path = tmp_path / NAME
    visit.team.hand_out("Ilse Voorthuis", path)
    return path


def leftovers() -> set[str]:
    """Duplicates of this test's member's file in the system temp folder (where the old
    code put them, visitatie-kopie-*, and in the app's own folder)."""
    found = set()
    top = tempfile.gettempdir()
    for entry in os.listdir(top):
        if entry.startswith("visitatie-"):
            for folder, _dirs, files in os.walk(os.path.join(top, entry)):
                if NAME in files:
                    found.add(folder)
    return found


def test_a_copy_is_duplicated_into_the_apps_own_folder_and_removed_after(copy):
    before = leftovers()
    with merge.read_copy(copy):
        during = leftovers() - before
        assert len(during) == 1
        [folder] = during
        root = scratch.scratch_root()
        assert Path(folder).is_relative_to(root)
        if os.name == "posix":
            assert stat.S_IMODE(root.stat().st_mode) == 0o700
            assert stat.S_IMODE(Path(folder).stat().st_mode) == 0o700
    assert leftovers() - before == set()


def test_what_a_killed_merge_left_is_removed_at_the_next_start(copy, tmp_path):
    before = leftovers()
    child = ("import os, sys\n"
             "from visitor_app.store import merge\n"
             "with merge.read_copy(sys.argv[1]):\n"
             "    os._exit(9)\n")  # killed in the middle of a merge: no finally runs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", child, str(copy)], env=env)
    left = leftovers() - before
    assert len(left) == 1, "the killed process leaves its duplicate behind"
    removed = scratch.remove_stale()
    assert leftovers() - before == set()
    assert removed >= 1


def test_a_running_process_keeps_its_folder(copy):
    with scratch.scratch_dir("kopie") as mine:
        assert scratch.remove_stale() == 0 or mine.exists()
        assert mine.exists()
    assert not mine.exists()


def test_stale_folders_are_removed_when_the_command_line_starts(copy):
    child = ("import os, sys\n"
             "from visitor_app.store import merge\n"
             "with merge.read_copy(sys.argv[1]):\n"
             "    os._exit(9)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = leftovers()
    subprocess.run([sys.executable, "-c", child, str(copy)], env=env)
    assert leftovers() - before
    subprocess.run([sys.executable, "-m", "visitor_app", "info", str(copy)], env=env,
                   capture_output=True, timeout=60)
    assert leftovers() - before == set()


def test_a_copy_above_the_limit_is_refused_before_it_is_copied(copy, visit, monkeypatch):
    monkeypatch.setattr(merge, "MAX_COPY_BYTES", 64 * 1024)
    with Visitation.open(copy) as member:
        theme, kind = member.framework.themes[0]["id"], member.framework.observation_kinds[0]["id"]
        member.observations.add_many([{"theme": theme, "kind": kind, "text": "x" * 2000}
                                      for _ in range(60)])
    before = leftovers()
    with pytest.raises(InputError, match="groter dan") as info:
        visit.team.merge([copy])
    assert copy.name in info.value.message and "MB" in info.value.message
    assert leftovers() - before == set()
