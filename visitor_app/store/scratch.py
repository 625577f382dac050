"""The app's own temporary folder, for private duplicates of members' files.

A member's copy is read for a merge from a duplicate, and a journal is judged on a trial
copy (connection.py). Those hold a whole visitation, so they live in one folder of the
app inside the system temp folder, readable by its owner only (0700), each in a folder
``PURPOSE-PID-RANDOM`` of its own that is removed when done. A process that is killed
cannot remove its folder; ``remove_stale`` (run when the app or a command starts, and
before the first duplicate of a process) removes the folders of processes that are gone,
and any older than ``STALE_AFTER`` seconds whatever their process (a process id may be
reused). Nothing in it is ever the only copy of anything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterator

STALE_AFTER = 2 * 24 * 3600  # no merge takes two days
_cleaned = False


def scratch_root() -> Path:
    """``TEMP/visitatie-app-USER``, made owner-only; another user's (or a link) is never used:
    then a private folder of this process's own is made instead."""
    user = "".join(c for c in (os.environ.get("USER") or os.environ.get("USERNAME") or "")
                   if c.isalnum()) or str(getattr(os, "getuid", lambda: 0)())
    root = Path(tempfile.gettempdir()) / f"visitatie-app-{user}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = root.lstat()
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise PermissionError(root)
        if hasattr(os, "getuid"):
            if info.st_uid != os.getuid():
                raise PermissionError(root)
            if stat.S_IMODE(info.st_mode) != 0o700:
                os.chmod(root, 0o700)
    except OSError:
        root = Path(tempfile.mkdtemp(prefix="visitatie-app-"))
    return root


def _process_running(pid: int) -> bool:
    from visitor_app.store.lock import _process_running as running  # the lock's own test
    return running(pid)


def remove_stale(root: Path | None = None) -> int:
    """Remove the folders of processes that are gone (or older than STALE_AFTER); returns
    how many. Never raises: a folder that cannot be removed now is tried again next time."""
    root = root or scratch_root()
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        try:
            pid = int(entry.name.split("-")[-2])
        except (ValueError, IndexError):
            continue  # not one of ours
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            if pid == os.getpid() and not old:
                continue
            if old or not _process_running(pid):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def scratch_dir(purpose: str) -> Iterator[Path]:
    """A new owner-only folder in the app's temp folder, removed (with all in it) after the
    block. The first one of a process removes what killed processes left."""
    global _cleaned
    root = scratch_root()
    if not _cleaned:
        _cleaned = True
        remove_stale(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{purpose}-{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # what is left, remove_stale removes later
