"""Passphrases on the command line: from the environment or asked on the terminal.

``VISITATIE_WACHTWOORD``: the passphrase of every encrypted file one command opens (and of
a new file that ``new`` or ``versleutel`` makes); ``VISITATIE_NIEUW_WACHTWOORD``: the new
passphrase of ``wachtwoord`` (and of ``versleutel``); ``VISITATIE_KOPIE_WACHTWOORD``: a
member's copy made by ``hand-out`` from an encrypted file. Unset, the command asks on the
terminal without echo (a new one twice); with no terminal it stops with exit 7. A
passphrase is never written anywhere.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from visitor_app.errors import InputError, PassphraseError

ENV = "VISITATIE_WACHTWOORD"
ENV_NEW = "VISITATIE_NIEUW_WACHTWOORD"
ENV_COPY = "VISITATIE_KOPIE_WACHTWOORD"


def _env(*names: str) -> str | None:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return None


def _terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _no_terminal(path, names: str) -> PassphraseError:
    return PassphraseError(f"{path}: dit bestand is versleuteld (of beschadigd) en er is geen wachtwoord: "
                           f"zet {names} of start de opdracht in een terminal. "
                           "Er is niets aan het bestand veranderd.")


def existing(path: Path | str) -> str:
    """The passphrase of the encrypted file ``path``."""
    found = _env(ENV)
    if found:
        return found
    if not _terminal():
        raise _no_terminal(path, ENV)
    answer = getpass.getpass(f"Wachtwoord voor {path}: ")
    if not answer:
        raise PassphraseError(f"{path}: geen wachtwoord gegeven. Er is niets aan het bestand veranderd.")
    return answer


def new(path: Path | str, *env: str, what: str = "het nieuwe wachtwoord") -> str:
    """A new passphrase for ``path``: from the first of ``env`` that is set, or asked twice."""
    from visitor_app.services.encryption import NO_RECOVERY, check_passphrase, strength
    found = _env(*env)
    if found:
        return check_passphrase(found)
    if not _terminal():
        raise PassphraseError(f"{path}: er is geen wachtwoord voor het versleutelde bestand: zet "
                              f"{' of '.join(env)} of start de opdracht in een terminal. "
                              "Er is niets gemaakt of veranderd.")
    print(NO_RECOVERY, file=sys.stderr)
    first = getpass.getpass(f"Kies {what} voor {path}: ")
    check_passphrase(first)
    print(f"Sterkte: {strength(first)[1]}", file=sys.stderr)
    if getpass.getpass("Typ het nog eens: ") != first:
        raise InputError("de twee wachtwoorden verschillen; er is niets gemaakt of veranderd")
    return first


def confirm(question: str) -> bool:
    """A yes/no question on the terminal (no terminal: no)."""
    if not _terminal():
        return False
    print(f"{question} [j/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("j", "ja", "y", "yes")
