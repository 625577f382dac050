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
            fh.seek(0)  # always byte 0: "a+" would otherwise lock the end of the file
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
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
        for _attempt in range(5):
            try:
                fh = open(self.lock_path, "a+", encoding="utf-8")
            except OSError as exc:
                raise FileLockedError(
                    f"{self.path}: kan hier niet schrijven ({exc.strerror}); staat het bestand op "
                    "een alleen-lezen schijf of map? Kopieer het naar een map waar je mag schrijven.")
            if not _try_lock(fh):
                holder = self._holder(fh)
                fh.close()
                raise FileLockedError(
                    f"{self.path}: dit bestand is al geopend ({holder}). Sluit het daar eerst; "
                    "het bestand is niet veranderd.")
            if self._still_current(fh):
                break
            _unlock(fh)  # the file was removed by a closing holder meanwhile: lock the new one
            fh.close()
        else:  # pragma: no cover - needs a pathological race
            raise FileLockedError(f"{self.path}: het slot van dit bestand is niet te krijgen")
        fh.seek(0)
        fh.truncate()
        user = os.environ.get("USER") or os.environ.get("USERNAME") or "onbekend"
        host = os.environ.get("COMPUTERNAME") or (os.uname().nodename if hasattr(os, "uname") else "?")
        fh.write(f"door {user} op {host}, proces {os.getpid()}, sinds "
                 f"{datetime.now():%d-%m-%Y %H:%M}")
        fh.flush()
        self._fh = fh

    def _holder(self, fh) -> str:
        try:
            fh.seek(0)
            return fh.read().strip() or "een ander programma"
        except OSError:  # Windows: the holder's locked byte cannot be read
            return "een ander programma"

    def _still_current(self, fh) -> bool:
        """POSIX: the file we locked is still the one at lock_path (not unlinked meanwhile)."""
        if os.name != "posix":
            return True
        try:
            return os.fstat(fh.fileno()).st_ino == os.stat(self.lock_path).st_ino
        except FileNotFoundError:
            return False

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
