"""Encrypting a plain visitation file and changing an encrypted file's passphrase.

Both make a backup first (the plain file's backup is plain, an encrypted file's is keyed
with the old passphrase), then write the new file beside the old one with SQLCipher's
``sqlcipher_export`` (connection.export_to), check it with the new key and rename it over
the old one (files.atomic_write): after a crash either the old or the new file is there.
"""

from __future__ import annotations

from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.store import backup
from visitor_app.store.connection import Key, as_key, export_to, is_encrypted
from visitor_app.store.files import atomic_write
from visitor_app.store.visitation_file import inspect_file, recover_interrupted_write


def _rewrite(path: Path, old: Key | None, new: Key) -> None:
    def write(tmp: Path) -> None:
        tmp.unlink()  # the export makes the file itself
        export_to(path, old, tmp, new)
        inspect_file(tmp, deep=True, key=new)  # readable with the new key, every page

    atomic_write(path, write, overwrite=True)


def encrypt(path: Path | str, key: Key | str) -> Path:
    """Encrypt the plain visitation file ``path`` with ``key``; returns the (plain) backup
    made first. The caller holds the file's lock."""
    path, key = Path(path), as_key(key)
    if is_encrypted(path):
        raise InputError(f"{path}: dit bestand is al versleuteld; een nieuw wachtwoord kies je met "
                         "'wachtwoord'. Er is niets veranderd.")
    recover_interrupted_write(path)
    inspect_file(path, deep=True)  # never convert a damaged or newer file
    saved = backup.make_backup(path, "voor-versleutelen")
    _rewrite(path, None, key)
    return saved


def change_key(path: Path | str, old: Key | str, new: Key | str) -> Path:
    """Give the encrypted file ``path`` the passphrase ``new`` instead of ``old``; returns the
    backup made first (still opened with ``old``). The caller holds the file's lock."""
    path, old, new = Path(path), as_key(old), as_key(new)
    if not is_encrypted(path):
        raise InputError(f"{path}: dit bestand is niet versleuteld; versleutel het eerst met "
                         "'versleutel'. Er is niets veranderd.")
    recover_interrupted_write(path, key=old)
    inspect_file(path, deep=True, key=old)  # proves the old passphrase first
    saved = backup.make_backup(path, "voor-nieuw-wachtwoord", key=old)
    _rewrite(path, old, new)
    return saved
