"""Encryption at rest, as the user meets it: is a file encrypted, how strong is a
passphrase, encrypt a plain visitation, change a passphrase, and the plain backups that
remain once a file is encrypted. The passphrase is only ever held in memory; SQLCipher
cannot recover a forgotten one, and neither can anyone else.
"""

from __future__ import annotations

from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.store import backup
from visitor_app.store import connection
from visitor_app.store.lock import FileLock

MIN_LENGTH = 8
NO_RECOVERY = ("Vergeet je het wachtwoord, dan is de visitatie niet meer te openen. "
               "Niemand kan het herstellen.")
PLAIN_EXPORT = "Let op: deze export is niet versleuteld. Bewaar of deel hem zorgvuldig."


def is_encrypted(path: Path | str) -> bool:
    """True when ``path`` is (or looks like) an encrypted visitation: opening it needs a passphrase."""
    return connection.is_encrypted(path)


def opens_with(path: Path | str, passphrase) -> bool:
    """True when ``passphrase`` opens the encrypted file ``path`` (read-only, changes nothing)."""
    from visitor_app.errors import PassphraseError
    try:
        connection.prove_key(path, passphrase)
    except PassphraseError:
        return False
    return True


def check_passphrase(passphrase: str | None) -> str:
    """A new passphrase, or InputError (Dutch) when it cannot be used."""
    if not isinstance(passphrase, str) or not passphrase:
        raise InputError("geen wachtwoord opgegeven")
    if "\x00" in passphrase:
        raise InputError("het wachtwoord bevat een ongeldig teken")
    if len(passphrase) < MIN_LENGTH:
        raise InputError(f"het wachtwoord is te kort: kies er een van minstens {MIN_LENGTH} tekens")
    return passphrase


def strength(passphrase: str) -> tuple[str, str]:
    """A plain-Dutch judgement of a new passphrase: (level, hint), level "te kort", "zwak",
    "redelijk" or "sterk"."""
    n = len(passphrase)
    kinds = sum([any(c.islower() for c in passphrase), any(c.isupper() for c in passphrase),
                 any(c.isdigit() for c in passphrase), any(not c.isalnum() for c in passphrase)])
    words = len(passphrase.split())
    if n < MIN_LENGTH:
        return "te kort", f"te kort: gebruik minstens {MIN_LENGTH} tekens"
    if n >= 20 and words >= 4:
        return "sterk", "sterk: een lange zin van losse woorden"
    if n >= 16 and kinds >= 2 or n >= 12 and kinds >= 3:
        return "sterk", "sterk: lang en gevarieerd"
    if kinds == 1:
        what = "alleen cijfers" if passphrase.isdigit() else "alleen letters" if passphrase.isalpha() \
            else "één soort tekens"
        return "zwak", f"zwak: kort en {what}; een zin van vier of meer woorden is sterker"
    if n < 12:
        return "redelijk", "redelijk: maak het langer, bijvoorbeeld een zin van vier woorden"
    return "redelijk", "redelijk: nog langer (een zin van vier woorden) is beter"


def encrypt_file(path: Path | str, passphrase: str, take_over: bool = False) -> dict:
    """Encrypt a plain visitation (backup first; the file must not be open elsewhere).
    Returns {"file", "backup", "plain_backups"}: the plain backups that are left beside it
    (the one just made included), for the user to remove or keep (``remove_backups``)."""
    from visitor_app.store import encryption
    path = Path(path)
    check_passphrase(passphrase)
    with _locked(path, take_over):
        saved = encryption.encrypt(path, passphrase)
    return {"file": str(path), "backup": str(saved),
            "plain_backups": [str(p) for p in backup.plain_backups(path)]}


def change_passphrase(path: Path | str, old: str | None, new: str, take_over: bool = False) -> dict:
    """Give an encrypted visitation a new passphrase (backup first, still with the old one).
    A wrong ``old``: PassphraseError, nothing changed."""
    from visitor_app.store import encryption
    path = Path(path)
    check_passphrase(new)
    if not old:
        connection.prove_key(path, None)  # PassphraseError: no passphrase given
    with _locked(path, take_over):
        saved = encryption.change_key(path, old, new)
    return {"file": str(path), "backup": str(saved)}


def plain_backups(path: Path | str) -> list[Path]:
    return backup.plain_backups(Path(path))


def remove_backups(copies) -> None:
    backup.remove_backups([Path(c) for c in copies])


class _locked:
    """The file's lock, as the window takes it: no window may have the file open meanwhile."""

    def __init__(self, path: Path, take_over: bool):
        self.lock = FileLock(path) if path.is_file() else None
        self.take_over = take_over

    def __enter__(self):
        if self.lock:
            self.lock.acquire(take_over=self.take_over)

    def __exit__(self, *exc):
        if self.lock:
            self.lock.release()
