"""Errors the user sees. Every message is Dutch and names what is wrong and where."""

from __future__ import annotations

import errno


class VisitorError(Exception):
    """Base class: a problem we can explain to the user in Dutch."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class InputError(VisitorError):
    """Bad input from the user (arguments, CSV rows, values). Nothing was changed."""

    exit_code = 1


class FormError(VisitorError):
    """A file in forms/ (the visitatiekader as data) is broken."""

    exit_code = 5


class DamagedFileError(VisitorError):
    """The file is not a visitation file, is truncated or otherwise damaged."""

    exit_code = 3


class NewerSchemaError(VisitorError):
    """The file was written by a newer version of the app; it is left untouched."""

    exit_code = 4


class FileExistsRefused(VisitorError):
    """We refuse to overwrite an existing file."""

    exit_code = 1


class NotFoundError(VisitorError):
    """A record (observation, session, ...) does not exist."""

    exit_code = 1


class FileLockedError(VisitorError):
    """Another window already has this visitation open."""

    exit_code = 6


class StaleLockError(FileLockedError):
    """The side file names a holder that is gone, or we may not open it: it may be taken over
    (``FileLock.acquire(take_over=True)``). ``holder`` reads "door WIE op COMPUTER, ...";
    ``reason`` says why the lock looks stale."""

    def __init__(self, path, lock_path, holder: str, reason: str):
        self.lock_path, self.reason = lock_path, reason
        self.holder = holder if holder.startswith("door ") else f"door {holder}"
        super().__init__(f"{path}: het slotbestand {lock_path} zegt dat dit bestand geopend is "
                         f"{self.holder}, maar {reason}. Staat het nergens meer open, dan kun je het "
                         "slot overnemen; het bestand is niet veranderd.")


class PassphraseError(VisitorError):
    """An encrypted file and a wrong or missing passphrase; the file is untouched."""

    exit_code = 7


class StorageError(VisitorError):
    """The disk refused a write: full, an I/O error, or a read-only file, folder or disk.
    What was being saved is not saved, and the file is as it was (a transaction rolled back,
    a temp file removed). One exit code for the three: the user's remedy is the disk."""

    exit_code = 8


class DiskFullError(StorageError):
    """No space left (ENOSPC, a quota, SQLITE_FULL)."""


class DiskIOError(StorageError):
    """The disk or USB stick reported a read or write error (EIO, SQLITE_IOERR)."""


class ReadOnlyError(StorageError):
    """The file, its folder or the whole disk may not be written (EACCES, EROFS, SQLITE_READONLY)."""


_NOTHING_SAVED = "er is niets opgeslagen en niets veranderd"
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_IO_ERRNOS = {errno.EIO}
_READONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def _readonly_reason(path) -> str:
    """Which part is read-only: the file, its folder or the disk (as far as we can tell)."""
    import os
    from pathlib import Path
    if path is None:
        return "alleen-lezen"
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    if path.exists() and not path.is_dir() and not os.access(path, os.W_OK):
        return "het bestand is alleen-lezen"
    if folder.exists() and not os.access(folder, os.W_OK):
        return f"de map {folder} is alleen-lezen"
    return ("hier mag niet worden geschreven (een alleen-lezen schijf, of het bestand is in gebruik "
            "door een ander programma)")


def storage_error(exc: BaseException, path=None) -> StorageError | None:
    """The Dutch StorageError for an OSError or sqlite3 error that the disk caused (full,
    I/O error, read-only), naming ``path`` (default: the file the OSError names); None for
    any other error. Used by the store at its boundaries, and as a last resort by the
    command line and the window, so that no such error reaches the user in English."""
    if isinstance(exc, StorageError):
        return exc
    name = getattr(exc, "sqlite_errorname", None)  # sqlite3.Error, without importing sqlite3
    number = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
    if path is None and isinstance(exc, OSError):
        path = exc.filename
    where = f"{path}: " if path is not None else ""
    if (name or "").startswith("SQLITE_FULL") or number in _FULL_ERRNOS:
        return DiskFullError(f"{where}de schijf is vol; {_NOTHING_SAVED}. Maak ruimte vrij (of kies "
                             "een andere schijf) en probeer het opnieuw.")
    if (name or "").startswith("SQLITE_IOERR") or number in _IO_ERRNOS:
        return DiskIOError(f"{where}de schijf meldt een lees- of schrijffout; "
                           f"{_NOTHING_SAVED}. Controleer de schijf of USB-stick, maak een kopie van "
                           "het bestand op een andere schijf en probeer het opnieuw.")
    if (name or "").startswith("SQLITE_READONLY") or number in _READONLY_ERRNOS:
        return ReadOnlyError(f"{where}{_readonly_reason(path)}; {_NOTHING_SAVED}. Kies een map "
                             "waar je mag schrijven (kopieer een visitatiebestand daarheen om er "
                             "verder in te werken).")
    return None
