"""An exclusive, advisory lock so that two windows never edit the same file at once.

The lock is an OS lock on a small side file ``NAME.visitatie.lock``. The OS
drops it when the process dies, so a crash never leaves the file locked; the
side file is removed on a normal close.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from visitor_app.errors import FileLockedError

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh) -> bool:
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fh) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class FileLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.lock_path, "a+", encoding="utf-8")
        if not _try_lock(fh):
            fh.seek(0)
            holder = fh.read().strip() or "een ander programma"
            fh.close()
            raise FileLockedError(
                f"{self.path}: dit bestand is al geopend ({holder}). Sluit het daar eerst; "
                "het bestand is niet veranderd.")
        fh.seek(0)
        fh.truncate()
        user = os.environ.get("USER") or os.environ.get("USERNAME") or "onbekend"
        host = os.environ.get("COMPUTERNAME") or (os.uname().nodename if hasattr(os, "uname") else "?")
        fh.write(f"door {user} op {host}, proces {os.getpid()}, sinds "
                 f"{datetime.now():%d-%m-%Y %H:%M}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None
            try:
                self.lock_path.unlink()
            except OSError:
                pass
