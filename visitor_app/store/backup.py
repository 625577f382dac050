"""Backup copies of visitation files: automatic snapshots, and copies made before anything
risky touches a file.

Backups go to a folder beside the file: ``<name>-backups/<UTC stamp>-<reason>.visitatie``
(folder 0700, files 0600). They are consistent copies made with SQLite's online backup API
(``connection.snapshot``), never a file copy of a live database.

Rotation (``rotate``) removes only automatic snapshots (reason ``automatisch``): it keeps
the newest ``KEEP_LAST`` and the newest of each of the last ``KEEP_DAYS`` local calendar
days, so there are at most KEEP_LAST + KEEP_DAYS of them. Safety backups (before a
migration, a merge or a restore, after an interrupted write, a journal set aside) are
never rotated; they go when the visitation is deleted for good (``remove_all``).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from visitor_app.store.connection import (
    SQLITE_MAGIC, Error, as_key, connect, connect_readonly, is_encrypted, journal_path, snapshot, snapshot_into)
from visitor_app.store.files import atomic_write, fsync_dir, owner_only, private_dir

AUTOMATIC = "automatisch"  # the reason of a rotated snapshot
KEEP_LAST = 10
KEEP_DAYS = 14
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>.+)$")


def backup_dir(path: Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}-backups")


def make_backup(path: Path, reason: str, key=None) -> Path:
    """Copy ``path`` to its backup folder; returns the copy's path. An encrypted file's
    backup is encrypted with the same ``key`` (connection.Key or passphrase)."""
    path = Path(path)
    return atomic_write(_stamped(path, reason), lambda tmp: snapshot(path, tmp, key=key), overwrite=False)


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


def copy_bytes(path: Path, reason: str) -> Path:
    """A byte copy of a closed file (nobody writes it: the caller holds its lock) in its
    backup folder, before it is replaced: also a copy encrypted with a passphrase we do not
    know. Returns the copy's path."""
    target = _stamped(Path(path), reason)
    atomic_write(target, lambda tmp: shutil.copyfile(path, tmp), overwrite=False)
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


def plain_backups(path: Path) -> list[Path]:
    """The backups of ``path`` that are not encrypted (an "SQLite format 3" header): what
    is left readable once the file itself is encrypted."""
    found = []
    for copy in list_backups(path):
        with open(copy, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
                found.append(copy)
    return found


def remove_backups(copies: list[Path]) -> None:
    """Delete backups the user chose to remove, with any journal copy beside them."""
    for copy in copies:
        Path(copy).with_name(Path(copy).name + "-journal").unlink(missing_ok=True)
        Path(copy).unlink(missing_ok=True)


@dataclass(frozen=True)
class Backup:
    """One backup in a file's backup folder, as its name tells."""

    path: Path
    made: datetime  # UTC, from the name
    reason: str
    size: int

    @property
    def automatic(self) -> bool:
        return self.reason == AUTOMATIC


def backups(path: Path) -> list[Backup]:
    """The backups of ``path`` (database copies only, not journals), newest first."""
    out = []
    for item in list_backups(path):
        found = _NAME.match(item.stem)
        if not found or not item.is_file():
            continue
        made = datetime.strptime(found["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
        out.append(Backup(item, made, found["reason"], item.stat().st_size))
    return sorted(out, key=lambda b: b.made, reverse=True)


def rotate(path: Path, keep_last: int = KEEP_LAST, keep_days: int = KEEP_DAYS,
           now: datetime | None = None) -> list[Path]:
    """Remove the automatic snapshots of ``path`` that the policy no longer keeps (see the
    module); returns what was removed. Other backups are never touched."""
    auto = [b for b in backups(path) if b.automatic]
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    keep = {b.path for b in auto[:keep_last]}
    days: set = set()
    for b in auto:  # newest first: the first one seen of a day is that day's newest
        day = b.made.astimezone().date()
        if day not in days and (today - day).days < keep_days:
            days.add(day)
            keep.add(b.path)
    removed = []
    for b in auto:
        if b.path not in keep:
            try:
                b.path.unlink()
            except FileNotFoundError:
                continue
            removed.append(b.path)
    if removed:
        fsync_dir(backup_dir(path))
    return removed


def automatic_snapshot(path: Path, key=None) -> Path:
    """A rotated snapshot of ``path`` (``make_backup`` with reason ``automatisch``), then
    rotation. An encrypted file's snapshot is encrypted with its ``key``."""
    made = make_backup(path, AUTOMATIC, key=key)
    rotate(path)
    return made


def describe(backup: Path, live: bool = False, key=None) -> dict:
    """What a visitation file or backup holds, read-only (one consistent read, also while
    another process writes): {"schema_version", "application_id", "observations",
    "visitation_id", "dienst", "readable", "problem"}. A backup SQLite will not read as it
    is (damaged, or a copy taken with the journal of an interrupted write beside it) is not
    readable and cannot be restored. ``live``: a visitation file in use, whose journal
    beside it may be a writer's at work (SQLite itself judges it then). An encrypted
    backup is read with ``key`` (the file's); without it, or with another passphrase (a
    backup from before 'wachtwoord'), it is not readable. "encrypted" says which it is.
    """
    unread = {"schema_version": None, "observations": None, "visitation_id": None, "dienst": None,
              "readable": False, "application_id": None}
    encrypted = is_encrypted(backup)
    unread["encrypted"] = encrypted
    if not live and journal_path(backup).exists():
        return {**unread, "problem": "kopie van een onderbroken schrijfactie, met journaal"}
    if encrypted and key is None:
        return {**unread, "problem": "versleuteld; het wachtwoord is nodig"}
    try:
        conn = connect_readonly(backup, key=key if encrypted else None)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            count = conn.execute("SELECT COUNT(*) FROM observations WHERE deleted = 0").fetchone()[0]
            vid, dienst = conn.execute("SELECT id, dienst FROM visitation").fetchone()
        finally:
            conn.close()
    except (*Error, TypeError) as exc:
        if encrypted and getattr(exc, "sqlite_errorname", None) == "SQLITE_NOTADB":
            return {**unread, "problem": "met een ander wachtwoord versleuteld (of beschadigd)"}
        return {**unread, "problem": _unreadable(exc)}
    return {"schema_version": version, "observations": count, "visitation_id": vid, "dienst": dienst,
            "readable": True, "problem": None, "application_id": app_id, "encrypted": encrypted}


def _unreadable(exc: Exception) -> str:
    """Why SQLite would not read a backup, in Dutch (its own text is English)."""
    name = getattr(exc, "sqlite_errorname", None)
    if name == "SQLITE_NOTADB":
        return "onleesbaar (geen visitatiebestand, of beschadigd)"
    if "no such" in str(exc) or isinstance(exc, TypeError):  # a table or row of ours is missing
        return "onleesbaar (geen visitatie)"
    return f"onleesbaar (beschadigd: {name or type(exc).__name__})"


def sound(path: Path, key=None) -> str | None:
    """None when SQLite's integrity check passes on ``path`` (read-only) and every stored
    text is UTF-8 (visitation_file.text_problems), else the reason."""
    from visitor_app.store.visitation_file import text_problems  # it imports this module
    try:
        conn = connect_readonly(path, key=key if is_encrypted(path) else None)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result == ["ok"]:
                result = text_problems(conn, limit=3) or result
        finally:
            conn.close()
    except Error as exc:
        return str(exc)
    return None if result == ["ok"] else "; ".join(result[:3])


def put_back(backup: Path, dest: sqlite3.Connection, key=None) -> None:
    """Replace the content of the open database ``dest`` (the live file's writing
    connection, under its write lock) with that of ``backup``, through the backup API
    (an encrypted backup read with ``key``, the one ``dest`` has)."""
    snapshot_into(backup, dest, key=key)


def replace_file(path: Path, source: Path, key=None) -> None:
    """Put a copy of ``source`` (through the backup API) in place of ``path`` by an atomic
    rename: for a file SQLite cannot read (damaged), so that no connection of ours has it
    open. The caller holds the file's lock and has checked ``source``."""
    atomic_write(Path(path), lambda tmp: snapshot(Path(source), tmp, key=key))


def copy_file(path: Path, out: Path, new_visitation_id: str | None = None, key=None) -> Path:
    """A consistent copy of ``path`` at ``out`` (never overwritten) through the backup API.
    With ``new_visitation_id`` the copy starts a visitation of its own: the visitation
    gets that id and what ties the copy to the old visitation is cleared: the facts of
    a hand-out copy (file_meta), the merge log, the merge conflicts and the drafts (text
    still being typed in the old visitation). A copy of an encrypted file is encrypted
    with the same ``key``."""
    path, out, key = Path(path), Path(out), as_key(key)

    def write(tmp: Path) -> None:
        snapshot(path, tmp, key=key)
        if new_visitation_id is None:
            return
        conn = connect(tmp, key=key)
        try:
            conn.execute("BEGIN IMMEDIATE")
            (old,) = conn.execute("SELECT id FROM visitation").fetchone()
            conn.execute("UPDATE visitation SET id = ? WHERE id = ?", (new_visitation_id, old))
            conn.execute("UPDATE record_versions SET record_id = ? WHERE table_name = 'visitation' "
                         "AND record_id = ?", (new_visitation_id, old))
            for table in ("file_meta", "merge_log", "merge_conflicts", "drafts"):
                conn.execute(f"DELETE FROM [{table}]")
            conn.execute("COMMIT")
        finally:
            conn.close()

    return atomic_write(out, write, overwrite=False)


def is_ours(path: Path, item: Path) -> bool:
    """True when ``item`` in the backup folder of ``path`` is one the app made there: a
    backup, a journal beside one or set aside, or a temp file of a backup being written.
    Anything else (a user's own file or folder that happens to be there) is not ours."""
    suffix = re.escape(Path(path).suffix or ".visitatie")
    pattern = rf"^\.?\d{{8}}T\d{{12}}Z-[^/]+{suffix}(-journal)?(\.[^.]+\.tmp)?$"
    return (item.is_file() or item.is_symlink()) and re.match(pattern, item.name) is not None


def remove_all(path: Path) -> list[Path]:
    """Delete ``path``, its journal, and the backups (with their journals) in its backup
    folder, and the folder when nothing else is in it; returns what was removed. What the
    app did not make there is left alone (is_ours). The caller holds the file's lock."""
    path = Path(path)
    removed = []
    folder = backup_dir(path)
    if folder.is_dir():
        for item in sorted(folder.iterdir()):
            if is_ours(path, item):
                item.unlink()
                removed.append(item)
        try:
            folder.rmdir()
            removed.append(folder)
        except OSError:
            pass
    for item in (journal_path(path), path):
        try:
            item.unlink()
            removed.append(item)
        except FileNotFoundError:
            pass
    fsync_dir(path.parent)
    return removed
