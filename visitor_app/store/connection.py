"""Opening SQLite files: the one place that calls ``sqlite3.connect`` for the app's files.

Visitation files, their backups and duplicates and the central rode-draden file are
opened here, so that every connection gets the same durability settings and the next
step, an encrypted file, has one place to add its key (``key`` below). ``locked`` is how
the stores share one connection between threads.

Durability: journal_mode=DELETE with synchronous=EXTRA. Every write is its own
transaction, committed and fsync'ed before the call returns, and the main file is
complete between transactions (no -wal file that a copy to a USB stick could miss).
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Callable, Iterable, Iterator

from visitor_app.errors import DamagedFileError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = "PRAGMA busy_timeout=3000"
DURABLE_PRAGMAS = (
    "PRAGMA journal_mode=DELETE",
    "PRAGMA synchronous=EXTRA",  # DELETE mode: also sync the folder once the journal is gone
    "PRAGMA fullfsync=ON",  # macOS: a real flush to the disk, not just to its cache
    BUSY_TIMEOUT,
)
READ_PRAGMAS = (BUSY_TIMEOUT,)


def connect(path: Path | str, *, readonly: bool = False, uri_options: dict[str, str] | None = None,
            check_same_thread: bool = False, pragmas: Iterable[str] | None = None,
            key: str | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode (``isolation_level=None``: transactions are explicit).

    ``readonly`` opens with ``mode=ro`` (the file is never written, not even to roll a
    journal back); ``uri_options`` adds URI parameters (e.g. ``{"immutable": "1"}``).
    ``pragmas`` run first (default: the durable settings, or only the busy timeout for a
    read-only connection). ``key``: for the encrypted file (SQLCipher) to come; it is the
    first statement on a new connection, so it goes here and nowhere else.
    """
    options = dict(uri_options or {})
    if readonly:
        options["mode"] = "ro"
    if options:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?{query}", uri=True,
                               isolation_level=None, check_same_thread=check_same_thread)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=check_same_thread)
    try:
        if key is not None:
            raise NotImplementedError("versleutelde bestanden worden nog niet ondersteund")
        for pragma in (READ_PRAGMAS if readonly else DURABLE_PRAGMAS) if pragmas is None else pragmas:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_readonly(path: Path | str, **options) -> sqlite3.Connection:
    """``connect(path, readonly=True)``: for checks, backups, copies and the views' reads."""
    return connect(path, readonly=True, **options)


@dataclass(frozen=True)
class Header:
    """The first 100 bytes of an SQLite file, as far as we check them, and the file's size."""

    size: int
    page_size: int
    page_count: int
    complete: bool  # False: fewer bytes on disk than the header's page count says
    application_id: int
    user_version: int

    @property
    def expected_size(self) -> int:
        return self.page_count * self.page_size


def read_header(path: Path | str) -> Header | None:
    """The header of ``path`` read as bytes (no SQLite involved, nothing written); None when
    it is not an SQLite file at all (empty, too short, no "SQLite format 3" magic)."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        raw = fh.read(100)
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        return None
    page_size = struct.unpack(">H", raw[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", raw[24:32])
    valid_for = struct.unpack(">I", raw[92:96])[0]
    # the page count in the header is only valid when written by the same change
    complete = not (page_count and valid_for == change_counter and size < page_count * page_size)
    return Header(size=size, page_size=page_size, page_count=page_count, complete=complete,
                  application_id=struct.unpack(">I", raw[68:72])[0],
                  user_version=struct.unpack(">I", raw[60:64])[0])


def existing_header(path: Path, missing: str, folder: str,
                    on_damage: Callable[[Path, str], DamagedFileError]) -> Header:
    """The header of a file that must exist and be an SQLite file: InputError ``missing`` or
    ``folder`` (Dutch, after the path) otherwise, ``on_damage`` when it holds no SQLite file."""
    from visitor_app.errors import InputError
    if not path.exists():
        raise InputError(f"{path}: {missing}")
    if path.is_dir():
        raise InputError(f"{path}: {folder}")
    header = read_header(path)
    if header is None:
        raise on_damage(path, "geen SQLite-kop" if path.stat().st_size else "het bestand is leeg")
    return header


def damaged(path: Path, reason: str) -> DamagedFileError:
    """The message for a file that SQLite itself finds damaged (callers may word their own)."""
    return DamagedFileError(f"{path}: het bestand is beschadigd ({reason}). "
                            "Er is niets aan het bestand veranderd.")


def quick_check(conn: sqlite3.Connection, path: Path,
                on_damage: Callable[[Path, str], DamagedFileError] = damaged) -> None:
    """SQLite's quick_check (reads every page); raises ``on_damage(path, reason)`` if it fails."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        raise on_damage(path, "interne controle faalt: " + "; ".join(r[0] for r in result[:3]))


def journal_path(path: Path | str) -> Path:
    """The rollback journal SQLite keeps beside ``path`` while a write is under way."""
    return Path(path).with_name(Path(path).name + "-journal")


def hot_journal(path: Path | str) -> bool:
    """True when a write to ``path`` was cut off halfway: its journal is still there, not empty."""
    journal = journal_path(path)
    return journal.exists() and journal.stat().st_size > 0


def roll_back_interrupted_write(path: Path | str) -> None:
    """Let SQLite roll back a write cut off halfway (a hot journal): it does so on the first
    read of a connection that may write. Raises sqlite3.DatabaseError on a damaged file."""
    conn = connect(path, pragmas=())
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    finally:
        conn.close()


def locked(method):
    """A method on a store's one writing connection: threads take turns (the store's ``lock``)."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


@contextlib.contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """All or nothing on an autocommit connection. BEGIN IMMEDIATE takes the write lock at
    once, so a writer in another process makes us wait (busy_timeout) instead of failing
    halfway between a read and a write; COMMIT is synced before it returns."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def new_database(path: Path, connect_new: Callable[[Path], sqlite3.Connection],
                 build: Callable[[sqlite3.Connection, Path], None], exists: Callable[[Path], Exception]) -> None:
    """Make a new SQLite file of ours, all or nothing: ``build(conn, tmp)`` fills a temp file
    beside ``path`` (in one transaction of its own), which is then renamed into place
    (files.atomic_write: synced, owner-only). An existing file, also one that another
    process makes meanwhile, is never overwritten: ``exists(path)`` is raised instead."""
    from visitor_app.errors import FileExistsRefused, InputError
    from visitor_app.store.files import atomic_write
    if path.exists():
        raise exists(path)
    if not path.parent.exists():
        raise InputError(f"{path.parent}: map bestaat niet")

    def write(tmp: Path) -> None:
        conn = connect_new(tmp)
        try:
            build(conn, tmp)
        finally:
            conn.close()

    try:
        atomic_write(path, write, overwrite=False)
    except FileExistsRefused:
        raise exists(path) from None
