"""Backup copies of visitation files, made before anything risky touches a file.

Backups go to a folder beside the file: ``<name>-backups/<UTC stamp>-<reason>.visitatie``.
They are consistent copies made with SQLite's online backup API.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from visitor_app.store.connection import snapshot
from visitor_app.store.files import atomic_write, owner_only, private_dir


def backup_dir(path: Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}-backups")


def make_backup(path: Path, reason: str) -> Path:
    """Copy ``path`` to its backup folder; returns the copy's path."""
    path = Path(path)
    return atomic_write(_stamped(path, reason), lambda tmp: snapshot(path, tmp), overwrite=False)


def _stamped(path: Path, reason: str) -> Path:
    """A new name in the backup folder of ``path`` (made owner-only if new)."""
    folder = private_dir(backup_dir(path))
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"{stamp}-{reason}{path.suffix or '.visitatie'}"


def copy_with_journal(path: Path, journal: bytes, reason: str) -> Path:
    """Byte copies of a file and of its rollback journal (as read, so that a journal
    another process removes meanwhile is no error), before SQLite recovers them."""
    target = _stamped(Path(path), reason)
    shutil.copy2(path, target)
    owner_only(target)  # copy2 copies the mode of a file another app may have made
    journal_copy = target.with_name(target.name + "-journal")
    journal_copy.write_bytes(journal)
    owner_only(journal_copy)
    return target


def set_aside_journal(path: Path, journal: Path, judged: bytes) -> Path | None:
    """Move a journal that does not belong to ``path`` into its backup folder (never
    deleted); returns where it went. None when it is gone or no longer holds the bytes
    ``judged`` (another process dealt with it meanwhile): then it is left alone."""
    target = _stamped(Path(path), "journaal-niet-toegepast")
    target = target.with_name(target.name + "-journal")
    try:
        if journal.read_bytes() != judged:
            return None
        journal.rename(target)
    except FileNotFoundError:
        return None
    return target


def list_backups(path: Path) -> list[Path]:
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{Path(path).suffix or '.visitatie'}"))
