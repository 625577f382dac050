"""Errors the user sees. Every message is Dutch and names what is wrong and where."""

from __future__ import annotations


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
