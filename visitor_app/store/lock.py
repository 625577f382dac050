"""An exclusive, advisory lock so that two windows never edit the same file at once.

The lock is an OS lock on a small side file ``NAME.visitatie.lock`` that records who
holds it. The OS drops it when the process dies, so a crash normally leaves only the
side file, which the next window takes over silently; the side file is removed on a
normal close. A side file can still lock everyone out: its OS lock outlives its process
(a network share), or it is another user's leftover we may not open. Such a stale side
file is refused with StaleLockError and replaced only when asked (``take_over``); a
holder that still runs is never taken over.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from visitor_app.errors import FileLockedError, StaleLockError, storage_error

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh, shared: bool = False) -> bool:  # Windows has no shared lock: exclusive
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

    def _process_running(pid: int) -> bool:
        import ctypes
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() != 87  # ERROR_INVALID_PARAMETER: no such process
        code = ctypes.c_ulong()
        try:
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259
        finally:  # 259: STILL_ACTIVE
            kernel32.CloseHandle(handle)
else:
    import fcntl

    def _try_lock(fh, shared: bool = False) -> bool:
        try:
            fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _process_running(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # not ours to signal (another user's): it runs
            pass
        return True


def _user() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "onbekend"


def _host() -> str:
    return os.environ.get("COMPUTERNAME") or (os.uname().nodename if hasattr(os, "uname") else "?")


_RECORD = re.compile(r"door .* op (?P<host>[^, ]*), proces (?P<pid>\d+), sinds ")  # as acquire writes


def _pid_here(holder: str) -> int | None:
    """The process a side file records, when it records one on this computer."""
    found = _RECORD.match(holder)
    return (int(found["pid"]) or None) if found and found["host"] == _host() else None


class FileLock:
    def __init__(self, path: Path, holder: str | None = None):
        """``holder``: who works in the file, as the side file names them (the member the
        window's user chose); default the computer's user name."""
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._fh = None
        self._holder_name = holder
        self._since = ""

    def acquire(self, take_over: bool = False) -> None:
        """Lock, or raise FileLockedError. A side file nobody holds is taken over silently; a
        stale one raises StaleLockError, or with ``take_over`` is replaced (never the file
        itself). A holder that may still run is refused, ``take_over`` or not."""
        for _attempt in range(5):
            try:
                fh = open(self.lock_path, "a+", encoding="utf-8")
            except OSError as exc:
                if not (isinstance(exc, PermissionError) and self.lock_path.exists()):
                    # a read-only folder or disk (or a full one) is no lock of another: exit 8
                    raise storage_error(exc, self.path) or FileLockedError(
                        f"{self.path}: kan hier niet schrijven ({exc.strerror}); staat het bestand op "
                        "een alleen-lezen schijf of map? Kopieer het naar een map waar je mag schrijven.")
                try:  # a side file we may not write: another user's, left behind or still in use
                    self._refuse_or_remove(take_over, *self._peek())
                except FileNotFoundError:
                    pass  # removed meanwhile: try again
                continue
            if not _try_lock(fh):
                seen, holder = os.fstat(fh.fileno()), self._holder(fh)
                fh.close()
                self._refuse_or_remove(take_over, seen, holder, held=True)
                continue
            if self._still_current(fh):
                break
            _unlock(fh)  # the file was removed by a closing holder meanwhile: lock the new one
            fh.close()
        else:  # pragma: no cover - needs a pathological race
            raise FileLockedError(f"{self.path}: het slot van dit bestand is niet te krijgen")
        self._fh = fh
        self._since = f"{datetime.now():%d-%m-%Y %H:%M}"
        self._record()

    def _record(self) -> None:
        """Write who holds the lock into the side file (what a refused opener is told)."""
        name = " ".join((self._holder_name or "").split()) or _user()
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"door {name} op {_host()}, proces {os.getpid()}, sinds {self._since}")
        self._fh.flush()

    def set_holder(self, name: str | None) -> None:
        """Name another holder (the member chosen after opening) in the held side file; None:
        the computer's user. A side file that cannot be written keeps the old name."""
        self._holder_name = name
        if self._fh is not None:
            try:
                self._record()
            except OSError:
                pass

    def _holder(self, fh) -> str:
        try:
            fh.seek(0)
            return fh.read().strip() or "een ander programma"
        except OSError:  # Windows: the holder's locked byte cannot be read
            return "een ander programma"

    def _peek(self) -> tuple[os.stat_result, str, bool | None]:
        """A side file we may not write: its stat, what it records, and whether an OS lock
        holds it (None: cannot tell)."""
        try:
            fh = open(self.lock_path, encoding="utf-8")
        except FileNotFoundError:
            raise
        except OSError:  # not even readable
            return os.stat(self.lock_path), "een ander programma", None
        with fh:
            held = not _try_lock(fh, shared=True)  # shared: a read-only handle may not lock alone
            if not held:
                _unlock(fh)
            return os.fstat(fh.fileno()), self._holder(fh), held

    def _refuse_or_remove(self, take_over: bool, seen: os.stat_result, holder: str,
                          held: bool | None) -> None:
        """A side file we could not lock (``seen``): refuse a holder that may still run, and a
        stale one unless ``take_over``; then remove it, so that the caller locks anew."""
        pid = _pid_here(holder)
        gone = pid is not None and not _process_running(pid)
        if not gone and (held or pid is not None):  # running here, or held from elsewhere
            raise FileLockedError(
                f"{self.path}: dit bestand is al geopend ({holder}). Sluit het daar eerst; "
                "het bestand is niet veranderd.")
        if not take_over:
            raise StaleLockError(self.path, self.lock_path, holder,
                                 f"proces {pid} draait niet meer" if gone
                                 else "het slotbestand is hier niet te openen")
        try:
            if os.stat(self.lock_path).st_ino == seen.st_ino:  # not replaced meanwhile
                self.lock_path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise FileLockedError(
                f"{self.path}: het slotbestand {self.lock_path} is niet te verwijderen "
                f"({exc.strerror}); vraag wie het bestand geopend had of de beheerder om het te "
                "verwijderen. Het bestand is niet veranderd.")

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
