"""The visitation file: one SQLite file per visitation, written through sqlite-utils.

Durability: journal_mode=DELETE with synchronous=EXTRA (see store/connection.py).
Every write is its own transaction, committed and fsync'ed before the call returns.
See bench/bench_store.py for the measured cost against WAL.

Every record carries id (random), author, created, updated, updated_by,
revision and deleted (tombstone), so that members' copies can be merged.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from visitor_app.errors import (
    DamagedFileError,
    storage_error,
    FileExistsRefused,
    FileLockedError,
    InputError,
    NewerSchemaError,
    NotFoundError,
)
from visitor_app.store import backup
from visitor_app.store.files import sweep_temps
from visitor_app.store.scratch import scratch_dir
from visitor_app.store.connection import (
    BUSY_TIMEOUT,
    DURABLE_PRAGMAS,
    DatabaseError,
    Error,
    Key,
    OperationalError,
    as_key,
    connect,
    connect_readonly,
    existing_header,
    immediate_transaction,
    Settled,
    journal_path,
    locked,
    is_encrypted,
    new_database,
    prove_key,
    quick_check,
    read_header,
    settle_journal,
    snapshot,
    storage_errors,
)
from visitor_app.store.schema import (
    APPLICATION_ID,
    BOOKKEEPING_SQL,
    BOOL_COLUMNS,
    COLUMNS,
    COMMON,
    JSON_COLUMNS,
    LOCAL_TABLES,
    SCHEMA_VERSION,
    SEARCH_INDEXES,
    TABLES,
    TRIGRAM_INDEX,
    WORD_INDEX,
    create_schema,
)
from visitor_app.store.versions import row_version  # noqa: F401 (merge and tests use it from here)

PRAGMAS = DURABLE_PRAGMAS + (
    "PRAGMA foreign_keys=OFF",  # references are checked by `check`; tombstones keep rows
    # A transaction keeps its changes in memory until it commits, so the views' reader is
    # blocked only during the commit itself, never during a long merge.
    "PRAGMA cache_spill=OFF",
)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def new_id() -> str:
    """128 random bits as 32 hex digits (as uuid4().hex, without importing uuid at start-up)."""
    return os.urandom(16).hex()


def _damaged(path: Path, reason: str) -> DamagedFileError:
    return DamagedFileError(
        f"{path}: het bestand is geen leesbaar visitatiebestand of is beschadigd ({reason}). "
        "Er is niets aan het bestand veranderd."
    )


def recover_interrupted_write(path: Path, shown_as: Path | None = None,
                              key: Key | str | None = None) -> Settled:
    """Finish what a crash or power cut interrupted: roll back its half-written change.

    A write cut off halfway leaves ``NAME-journal`` beside the file. Before SQLite rolls
    the change back, the file and its journal are copied to the backup folder. A journal
    that does not belong to the file is moved there instead, never applied (the warning
    names ``shown_as``, default ``path``); a live writer's, a zeroed or an empty journal
    is left alone (connection.settle_journal). A file from a newer app version is left
    alone too (inspect_file refuses it). An encrypted file's ``key`` is proven first: a
    wrong or missing one raises PassphraseError and changes nothing.
    """
    path, key = Path(path), as_key(key)
    sweep_leftovers(path)
    if not journal_path(path).exists() or not path.exists():
        return Settled()
    if key is not None or is_encrypted(path):
        prove_key(path, key)
        try:
            with storage_errors(path):
                return settle_journal(path, keep="na-onderbroken-schrijfactie", shown_as=shown_as, key=key)
        except DatabaseError as exc:
            raise _damaged(path, f"onderbroken schrijfactie niet te herstellen: {exc}")
    header = read_header(path)
    if header is None:
        return Settled()  # not ours to repair; inspect_file reports it as damaged
    if header.user_version > SCHEMA_VERSION:
        return Settled()
    try:
        with storage_errors(path):  # a read-only file or folder: say so, not "damaged"
            return settle_journal(path, keep="na-onderbroken-schrijfactie", shown_as=shown_as)
    except DatabaseError as exc:
        raise _damaged(path, f"onderbroken schrijfactie niet te herstellen: {exc}")


# FTS5's own check of a search index against the observations' text; an INSERT, so it
# needs a connection that may write (full_check, integrity_problems)
def fts_integrity_check(index: str) -> str:
    return f"INSERT INTO [{index}]([{index}], rank) VALUES('integrity-check', 1)"


FTS_INTEGRITY_CHECK = fts_integrity_check(WORD_INDEX)


def _search_indexes(conn: sqlite3.Connection) -> list[str]:
    """The search indexes the file has (an old file, before its upgrade, only the word index)."""
    found = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [index for index in SEARCH_INDEXES if index in found]


class BadText(bytes):
    """A TEXT value that is not valid UTF-8 (a flipped bit, another program): its bytes."""


def text_or_bad(raw: bytes) -> str:
    """A ``text_factory`` that never raises: the text, or a BadText holding the bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw)


def _bookkeeping_tables() -> tuple[str, ...]:
    return tuple(sql.split("EXISTS", 1)[1].split()[0] for sql in BOOKKEEPING_SQL
                 if sql.startswith("CREATE TABLE"))


def text_problems(conn: sqlite3.Connection, limit: int = 10) -> list[str]:
    """Stored text that is not valid UTF-8, and JSON columns that do not parse (Dutch: table,
    record, field), at most ``limit``. Reads every row of our tables that are real tables,
    only their stored columns (never a view, a virtual table or a computed column)."""
    tables = {name: (sql or "").lstrip().upper().startswith("CREATE VIRTUAL")
              for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    problems: list[str] = []
    factory = conn.text_factory
    conn.text_factory = text_or_bad
    try:
        for table in (*TABLES, *_bookkeeping_tables()):
            if table not in tables or tables[table]:
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_xinfo([{table}])") if not r[6]]
            json_cols = set(JSON_COLUMNS.get(table, ()))
            cur = conn.execute(f"SELECT rowid, {', '.join(f'[{c}]' for c in cols)} FROM [{table}]")
            while batch := cur.fetchmany(500):
                for rowid, *values in batch:
                    row = dict(zip(cols, values))
                    for col, value in row.items():
                        if isinstance(value, BadText):
                            why = "geen geldige UTF-8-tekst"
                        elif col in json_cols and isinstance(value, str) and not _parses(value):
                            why = "geen geldige JSON"
                        else:
                            continue
                        record = row.get("id") if isinstance(row.get("id"), str) else f"rij {rowid}"
                        problems.append(f"tabel {table!r}, record {record}, veld {col!r}: {why}")
                        if len(problems) >= limit:
                            return problems
    finally:
        conn.text_factory = factory
    return problems


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _check_text(conn: sqlite3.Connection, path: Path) -> None:
    problems = text_problems(conn, limit=4)
    if problems:
        more = " (en meer)" if len(problems) > 3 else ""
        raise _damaged(path, "; ".join(problems[:3]) + more)


def _check_search_index(conn: sqlite3.Connection, path: Path) -> None:
    """The search index against the observations (FTS5's own check, which compares the
    index with the table's text). It is an INSERT, so it runs on a writing connection, in
    a transaction that is rolled back: the file is not changed."""
    indexes = _search_indexes(conn)
    if not indexes:
        return
    busy = FileLockedError(f"{path}: een ander programma schrijft nu in dit bestand; probeer het "
                           "zo nog eens. Er is niets aan het bestand veranderd.")
    try:
        conn.execute("BEGIN IMMEDIATE")  # as a write: another writer makes it wait (busy_timeout)
    except OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise busy from None
        if storage_error(exc, path) is not None:  # a read-only or full disk: not damage
            raise storage_error(exc, path) from exc
        raise
    try:
        for index in indexes:
            conn.execute(fts_integrity_check(index))
    except DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise busy from None
        if storage_error(exc, path) is not None:  # a read-only or full disk: not damage
            raise storage_error(exc, path) from exc
        raise _damaged(path, f"de zoekindex klopt niet met de waarnemingen: {exc}")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def full_check(path: Path, writer: sqlite3.Connection | None = None,
               key: Key | str | None = None) -> None:
    """Everything that must hold before the first write into ``path``, or before a copy is
    merged: SQLite's integrity_check (every page, and every index against its table, which
    quick_check leaves out), every stored text valid UTF-8 and every JSON column valid, and
    the search index against the observations (on ``writer``, else a connection of its own;
    an encrypted file's with ``key``).
    Raises DamagedFileError; changes nothing. About 30 ms for 2,000 observations (1.5 MB),
    140 ms for 20,000 (docs/reliability.md, defect 2)."""
    path = Path(path)
    try:
        conn = connect_readonly(path, key=key)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise _damaged(path, "interne controle faalt: " + "; ".join(result[:3]))
            _check_text(conn, path)
        finally:
            conn.close()
        if writer is not None:
            _check_search_index(writer, path)
            return
        conn = connect(path, pragmas=(BUSY_TIMEOUT,), key=key)
        try:
            _check_search_index(conn, path)
        finally:
            conn.close()
    except DatabaseError as exc:
        raise _damaged(path, str(exc))


def sweep_leftovers(path: Path) -> None:
    """Remove temp files a killed write left: a new file's beside it and a backup's in its
    backup folder (files.sweep_temps; never a live writer's). A folder we may not write: left
    be. A killed merge's or check's duplicates are the scratch folder's to remove, at start
    (store/scratch.py, launcher.remove_stale_copies), not at every open."""
    with contextlib.suppress(OSError):
        sweep_temps(path.parent, path.name)
        sweep_temps(backup.backup_dir(path))


def inspect_file(path: Path, deep: bool = True, key: Key | str | None = None) -> dict:
    """Read-only look at a file: raises DamagedFileError / NewerSchemaError, never writes.

    ``deep`` adds SQLite's quick_check, which reads every page, and the check that every
    stored text is UTF-8 (``text_problems``), so that a read never meets undecodable text.
    Without it the header, size, file type and version are checked. Either way the store
    runs ``full_check`` before the first write (``VisitationStore.verify``): quick_check
    misses damage inside indexes, the search index and text values. Returns
    {"schema_version": int, "verified": False}. An encrypted file (``key``) has no readable
    header: the key is proven first (PassphraseError), then SQLite answers the same questions.
    """
    path, key = Path(path), as_key(key)
    if path.is_file() and (key is not None or is_encrypted(path)):
        prove_key(path, key)
    else:
        key = None
        header = existing_header(path, "bestand bestaat niet", "is een map, geen visitatiebestand", _damaged)
        if not header.complete:
            raise _damaged(path, f"afgebroken: {header.size} van {header.expected_size} bytes aanwezig")
    try:
        conn = connect_readonly(path, key=key)
    except Error as exc:
        raise _damaged(path, str(exc))
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise _damaged(path, "een SQLite-bestand van een ander programma")
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path}: dit bestand is gemaakt met een nieuwere versie van de visitatie-app "
                f"(bestandsversie {version}, deze app kent tot en met versie {SCHEMA_VERSION}). "
                "Werk de app bij om het te openen; het bestand is niet veranderd."
            )
        if version < 1:
            raise _damaged(path, "geen schemaversie")
        if deep:
            # one read transaction for both checks: one shared lock, taken once (a writer in
            # another process that commits all the time can otherwise keep each of the many
            # statements waiting in turn), and one consistent state of the file checked
            conn.execute("BEGIN")
            try:
                quick_check(conn, path, _damaged)
                _check_text(conn, path)
            finally:
                conn.execute("COMMIT")
    except DatabaseError as exc:
        raise _damaged(path, str(exc))
    finally:
        conn.close()
    return {"schema_version": version, "verified": False}


def _utils_database(conn: sqlite3.Connection):
    import sqlite_utils
    return sqlite_utils.Database(conn, execute_plugins=False)


class WriteLock:
    """The writer's re-entrant lock, which knows whether the calling thread holds it."""

    def __init__(self):
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not self._lock.acquire(blocking, timeout):
            return False
        self._owner = threading.get_ident()
        self._depth += 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if not self._depth:
            self._owner = None
        self._lock.release()

    def held(self) -> bool:
        """True in the thread that holds the lock (another thread never sees its own id)."""
        return self._owner == threading.get_ident()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


# How rows() may be ordered: column names, each optionally followed by ASC or DESC.
_DIRECTIONS = ("ASC", "DESC")


class VisitationStore:
    """Persistence for one visitation file. Knows tables and rows, not the framework.

    Thread-safe. Writes hold ``lock`` (re-entrant) and go through the writer's connection,
    one transaction at a time. Reads go through ``reader()``: in the thread that holds
    the write lock (inside a write or transaction) the writer's connection, so a write
    sees its own changes; in every other thread (the GUI) a read-only connection of its
    own, which never waits for the write lock. It sees the committed state: a write is
    visible to it as soon as the write's call has returned. While a long transaction
    runs (a merge), such reads go to the backup made just before it (``reads_from``), so
    that the merge's commit, which locks readers of the file out, does not stall them.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, key: Key | str | None = None):
        self.path = Path(path)
        self.conn = conn
        self.key = as_key(key)  # an encrypted file's passphrase, in memory while it is open
        self.lock = WriteLock()
        self._read_lock = threading.Lock()
        self._read_conn: sqlite3.Connection | None = None
        self._snapshot_conn: sqlite3.Connection | None = None  # see reads_from()
        self._db = None
        self.verified = True  # False: full_check still due before the first write
        self.damage: DamagedFileError | None = None
        if conn is not None:
            conn.text_factory = self._strict_text

    # -- text that is not UTF-8 --------------------------------------------------------
    # A flipped bit can make stored text undecodable. The writer's connection refuses it
    # (DamagedFileError, exit 3 in the CLI); the readers' connections (the window's views)
    # show it with U+FFFD in place of the bad bytes and mark the file damaged, so that no
    # write follows. ``inspect_file(deep=True)`` and ``full_check`` find it before either.
    def _undecodable(self) -> DamagedFileError:
        return _damaged(self.path, "tekst die geen geldige UTF-8 is; "
                                   "controleer het bestand met 'visitor-app check'")

    def _strict_text(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self._undecodable() from None

    def _lenient_text(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if self.damage is None:
                self.damage = self._undecodable()
            return raw.decode("utf-8", "replace")

    def _reading(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.text_factory = self._lenient_text
        return conn

    def verify(self) -> None:
        """Run the full check (``full_check``) once; a damaged file refuses every write from
        then on. Its integrity and text reads go through a connection of its own, so the
        GUI thread's reads do not wait for it; the search index is checked on the writer's
        connection, under the write lock. Writes cannot overtake it (transaction()
        verifies first)."""
        if self.damage:
            raise self.damage
        if self.verified:
            return
        damage = None
        with self.lock:
            try:
                full_check(self.path, writer=self.conn, key=self.key)
            except DamagedFileError as exc:
                damage = exc
            if damage:
                self.damage = damage
                raise damage
            self.verified = True

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """The connection a read should use now (see the class): use it inside the block only."""
        if self.lock.held():
            yield self.conn
            return
        with self._read_lock:
            if self._snapshot_conn is not None:
                yield self._snapshot_conn
                return
            if self._read_conn is None:
                if self.conn is None:
                    raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
                self._read_conn = self._reading(connect_readonly(self.path, key=self.key))
            yield self._read_conn

    @contextlib.contextmanager
    def reads_from(self, snapshot: Path) -> Iterator[None]:
        """While a long write runs (a merge), other threads read ``snapshot``: a consistent
        copy of the committed state taken just before it (the backup). They see what they
        would see anyway, without waiting for the write's commit, which locks readers of
        the file out for as long as it takes to write the merged pages."""
        conn = self._reading(connect_readonly(snapshot, key=self.key))  # a backup keyed as the file
        with self._read_lock:
            self._snapshot_conn = conn
        try:
            yield
        finally:
            with self._read_lock:
                self._snapshot_conn = None
            conn.close()

    def _query(self, sql: str, params=()) -> tuple[list[str], list[tuple]]:
        """Column names and rows of one SELECT, through ``reader()``."""
        with self.reader() as conn:
            cur = conn.execute(sql, params)
            try:
                return [d[0] for d in cur.description], cur.fetchall()
            finally:
                cur.close()

    def _dicts(self, sql: str, params=()) -> list[dict]:
        cols, found = self._query(sql, params)
        return [dict(zip(cols, r)) for r in found]

    @property
    def db(self):
        """sqlite-utils on our connection; imported on first use, which keeps start-up fast."""
        if self._db is None:
            self._db = _utils_database(self.conn)
        return self._db

    # -- opening and creating -------------------------------------------------------
    @staticmethod
    def _connect(path: Path, key: Key | None = None) -> sqlite3.Connection:
        return connect(path, pragmas=PRAGMAS, key=key)

    @classmethod
    def create(cls, path: Path | str, visitation: dict, fill=None,
               key: Key | str | None = None) -> "VisitationStore":
        """Create a new file (refuses to overwrite). Written to a temp name, then renamed.

        ``fill(store)`` runs inside the creating transaction: if it fails, no file appears.
        With ``key`` the file is encrypted (SQLCipher) from its first byte.
        """
        path = Path(path)
        key = as_key(key)

        def build(conn, tmp) -> None:
            store = cls(tmp, conn, key)
            with store.lock, store.db.atomic():  # reads in fill() see what it wrote
                create_schema(store.db)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                store.insert("visitation", visitation, author=visitation.get("author"))
                if fill:
                    fill(store)

        new_database(path, lambda tmp: cls._connect(tmp, key), build,
                     lambda p: FileExistsRefused(f"{p}: bestaat al; kies een andere bestandsnaam"))
        return cls.open(path, key=key)

    @classmethod
    def open(cls, path: Path | str, inspected: dict | None = None,
             key: Key | str | None = None) -> "VisitationStore":
        """Open after the read-only checks (``inspected``: their result, if just done).
        ``key``: the passphrase of an encrypted file (ignored for a plain one)."""
        path = Path(path)
        key = as_key(key) if is_encrypted(path) else None
        if inspected is None:
            recover_interrupted_write(path, key=key)
        info = inspected or inspect_file(path, key=key)
        if info["schema_version"] < SCHEMA_VERSION:
            full_check(path, key=key)  # a migration is a write: never into a damaged file
            with storage_errors(path):
                cls._migrate(path, info["schema_version"], key)
        try:
            with storage_errors(path):
                conn = cls._connect(path, key)
        except Error as exc:
            raise _damaged(path, str(exc))
        store = cls(path, conn, key)
        store.verified = info.get("verified", True) or info["schema_version"] < SCHEMA_VERSION
        return store

    @classmethod
    def _migrate(cls, path: Path, version: int, key: Key | None = None) -> None:
        backup.make_backup(path, f"voor-migratie-v{version}-naar-v{SCHEMA_VERSION}", key=key)
        conn = cls._connect(path, key)
        try:
            from visitor_app.store import migrations  # only an old file needs them
            migrations.upgrade(_utils_database(conn), version, SCHEMA_VERSION)
        finally:
            conn.close()

    @locked
    def replace_with(self, source: Path, expected_id: str) -> None:
        """Put the content of the backup ``source`` in place of this file's, through the
        backup API into the writing connection (one journaled transaction: all or nothing),
        under the write lock; an older file version is then upgraded. ``source`` must be a
        copy of the visitation ``expected_id``, checked first (InputError otherwise)."""
        if self.conn.in_transaction:
            raise RuntimeError("replace_with inside a transaction")
        info = backup.describe(source, key=self.key)
        if info["visitation_id"] != expected_id:
            raise InputError(f"{source}: deze kopie hoort bij een andere visitatie; er is niets veranderd")
        with self._read_lock:
            if self._read_conn is not None:
                self._read_conn.close()
                self._read_conn = None
        if (self.key is not None) != bool(info.get("encrypted")):
            raise InputError(f"{source}: deze kopie is {'niet ' if self.key is not None else ''}versleuteld, "
                             f"het bestand {'wel' if self.key is not None else 'niet'}; er is niets veranderd")
        try:
            backup.put_back(source, self.conn, key=self.key)
        except Error as exc:
            raise InputError(f"{source}: niet terug te zetten ({exc}); er is niets veranderd") from None
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            from visitor_app.store import migrations
            migrations.upgrade(self.db, version, SCHEMA_VERSION)
        self.verified, self.damage = True, None

    @locked
    def close(self) -> None:
        with self._read_lock:
            if self._read_conn is not None:
                self._read_conn.close()
                self._read_conn = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested writes join the outer transaction (as a savepoint).

        The outer transaction starts with BEGIN IMMEDIATE: it takes the write lock at
        once, so another process writing at the same moment makes us wait (busy_timeout)
        instead of failing halfway between a read and a write.
        """
        with self.lock:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            if not self.verified or self.damage:
                self.verify()  # no write ever touches a file that fails the check
            with storage_errors(self.path), immediate_transaction(self.conn):
                yield

    # -- rows -------------------------------------------------------------------------
    @staticmethod
    def decode(table: str, row: dict | None) -> dict | None:
        """A stored row (``raw``) as the app uses it: JSON columns parsed, flags as bool."""
        if row is None:
            return None
        row = dict(row)
        for col in JSON_COLUMNS.get(table, ()):
            if row.get(col) is not None:
                try:
                    row[col] = json.loads(row[col])
                except (ValueError, TypeError, RecursionError):  # damaged: full_check reports it
                    row[col] = None
        for col in BOOL_COLUMNS[table]:
            if col in row or col == "deleted":
                row[col] = bool(row.get(col))
        return row

    @staticmethod
    def _encode(table: str, values: dict) -> dict:
        out = dict(values)
        for col in JSON_COLUMNS.get(table, ()):
            if col in out and out[col] is not None and not isinstance(out[col], str):
                out[col] = json.dumps(out[col], ensure_ascii=False)
        for key in BOOL_COLUMNS[table]:
            if key in out and isinstance(out[key], bool):
                out[key] = int(out[key])
        return out


    def _check_table(self, table: str) -> None:
        if table not in TABLES:
            raise ValueError(f"unknown table {table}")

    @staticmethod
    def _column(table: str, name: str) -> str:
        """``[name]`` for a column of ``table``; anything else is a programming error."""
        if name not in COLUMNS[table] and name not in COMMON and name != "rowid":
            raise ValueError(f"unknown column {name}")
        return f"[{name}]"

    def _order(self, table: str, order_by: str | list[str] | tuple[str, ...] | None) -> str:
        """An ORDER BY from column names, each optionally with ASC or DESC: "day, start" or
        ["updated DESC", "id DESC"]; no other SQL is let through."""
        terms = (order_by.split(",") if isinstance(order_by, str) else order_by) or ["created", "rowid"]
        out = []
        for term in terms:
            words = term.split()
            if not 1 <= len(words) <= 2 or (len(words) == 2 and words[1].upper() not in _DIRECTIONS):
                raise ValueError(f"order_by: {term!r} is not a column name with ASC or DESC")
            out.append(" ".join([self._column(table, words[0]), *(w.upper() for w in words[1:])]))
        return ", ".join(out)

    @locked
    def insert(self, table: str, values: dict, author: str | None = None) -> str:
        self._check_table(table)
        stamp = now_iso()
        row = self._encode(table, values)
        row.setdefault("id", new_id())
        row.update(author=author, created=stamp, updated=stamp, updated_by=author,
                   revision=1, deleted=0)
        with self.transaction():
            self.db[table].insert(row)
        return row["id"]

    @locked
    def insert_many(self, table: str, rows: list[dict], author: str | None = None) -> list[str]:
        """Insert rows in one transaction (all or nothing)."""
        self._check_table(table)
        stamp = now_iso()
        prepared = []
        for values in rows:
            row = self._encode(table, values)
            row.setdefault("id", new_id())
            row.setdefault("author", author)
            row.update(created=stamp, updated=stamp, updated_by=row["author"], revision=1, deleted=0)
            prepared.append(row)
        with self.transaction():
            if prepared:
                self.db[table].insert_all(prepared, batch_size=500)
        return [r["id"] for r in prepared]

    def raw(self, table: str, record_id: str) -> dict:
        """The record as stored (JSON columns as text, flags as 0/1), tombstones included;
        NotFoundError when there is no such record."""
        self._check_table(table)
        found = self._dicts(f"SELECT * FROM [{table}] WHERE id = ?", (record_id,))
        if not found:
            raise NotFoundError(f"{TABLES[table]} {record_id!r} niet gevonden")
        return found[0]


    def get(self, table: str, row_id: str, include_deleted: bool = False) -> dict:
        raw = self.raw(table, row_id)
        if raw["deleted"] and not include_deleted:
            raise NotFoundError(f"{TABLES[table]} {row_id!r} niet gevonden")
        return self.decode(table, raw)

    @locked
    def update(self, table: str, row_id: str, values: dict, author: str | None = None) -> dict:
        """Change fields of a row; bumps revision and updated, and records the step in the
        record's history (for merging copies). Returns the new row."""
        self._check_table(table)
        row = self._encode(table, values)
        for forbidden in ("id", "author", "created", "revision"):
            row.pop(forbidden, None)
        with self.transaction():
            before = self.raw(table, row_id)
            row.update(updated=now_iso(), updated_by=author, revision=before["revision"] + 1)
            self.db[table].update(row_id, row)
            after = self.raw(table, row_id)
            if table not in LOCAL_TABLES:
                self.conn.execute("INSERT OR IGNORE INTO record_versions VALUES (?, ?, ?, ?)",
                                  (table, row_id, row_version(table, after), row_version(table, before)))
        return self.decode(table, after)

    def delete(self, table: str, row_id: str, author: str | None = None) -> dict:
        """Tombstone: the row stays (for undo and merging) but is hidden."""
        return self.update(table, row_id, {"deleted": 1}, author=author)

    def restore(self, table: str, row_id: str, author: str | None = None) -> dict:
        return self.update(table, row_id, {"deleted": 0}, author=author)

    def rows(self, table: str, where: dict | None = None,
             order_by: str | list[str] | tuple[str, ...] | None = None,
             include_deleted: bool = False) -> list[dict]:
        """Records matching simple equality filters (column -> value, None = IS NULL),
        decoded. ``order_by``: column names, each optionally followed by ASC or DESC, as
        "day, start, created" or a list of such terms (default: in order of creation)."""
        self._check_table(table)
        clauses, params = self._filters(table, where)
        if not include_deleted:
            clauses.insert(0, "deleted = 0")
        sql = f"SELECT * FROM [{table}]"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {self._order(table, order_by)}"
        return [self.decode(table, row) for row in self._dicts(sql, params)]

    def _filters(self, table: str, where: dict | None) -> tuple[list[str], list]:
        """Equality filters (column -> value, None = IS NULL) as SQL clauses and parameters."""
        clauses, params = [], []
        for col, value in (where or {}).items():
            if value is None:
                clauses.append(f"[{table}].{self._column(table, col)} IS NULL")
            else:
                clauses.append(f"[{table}].{self._column(table, col)} = ?")
                params.append(value)
        return clauses, params

    def stored(self, table: str) -> list[dict]:
        """Every record of a table as stored (JSON as text, flags 0/1, tombstones included),
        by id: for the dump."""
        self._check_table(table)
        return self._dicts(f"SELECT * FROM [{table}] ORDER BY id")

    def insert_copy(self, table: str, raw: dict) -> str:
        """A new record (a new id) with the declared fields of ``raw`` and its author: the
        "keep both" of a conflict."""
        values = {k: raw[k] for k in raw if k in COLUMNS[table]}
        return self.insert_many(table, [{**values, "author": raw.get("author")}])[0]

    # The merge bookkeeping (schema.BOOKKEEPING_SQL) and the stable order each is listed in.
    BOOKKEEPING = {"record_versions": "record_id, version, parent", "merge_conflicts": "id",
                   "merge_log": "merged_at, id", "file_meta": "key"}

    def bookkeeping(self, table: str) -> list[dict]:
        """Every row of a bookkeeping table (record_versions, merge_conflicts, merge_log,
        file_meta) as stored, in a stable order: for the dump and for merging."""
        if table not in self.BOOKKEEPING:
            raise ValueError(f"unknown bookkeeping table {table}")
        return self._dicts(f"SELECT * FROM [{table}] ORDER BY {self.BOOKKEEPING[table]}")

    def meta(self, key: str) -> str | None:
        """A fact about this copy (file_meta), e.g. "owner_member_id"; None when not set."""
        found = self._dicts("SELECT value FROM file_meta WHERE key = ?", (key,))
        return found[0]["value"] if found else None

    # -- conflicts left by merging ----------------------------------------------------------
    def open_conflicts(self) -> list[dict]:
        """The conflicts still to decide, as stored (row_json: the other version's row)."""
        return self._dicts("SELECT * FROM merge_conflicts WHERE status = 'open' ORDER BY id")

    def conflict(self, conflict_id: str) -> dict | None:
        """One open conflict as stored; None when there is none (or it is resolved)."""
        found = self._dicts("SELECT * FROM merge_conflicts WHERE id = ? AND status = 'open'",
                            (conflict_id,))
        return found[0] if found else None

    @locked
    def mark_conflict_resolved(self, conflict_id: str, keep: str, resolved_by: str | None,
                               when: str | None = None) -> None:
        """Record the secretary's decision (``keep``: current, other or both) on an open
        conflict; the new version of the record is made by merge.record_merge_version."""
        with self.transaction():
            done = self.conn.execute(
                "UPDATE merge_conflicts SET status = 'opgelost', resolution = ?, resolved = ?, "
                "resolved_by = ? WHERE id = ? AND status = 'open'",
                (keep, when or now_iso(), resolved_by, conflict_id)).rowcount
            if not done:
                raise NotFoundError(f"conflict {conflict_id!r} niet gevonden (al opgelost?)")

    def count_by(self, table: str, columns: tuple[str, ...]) -> dict[tuple, int]:
        self._check_table(table)
        cols = ", ".join(self._column(table, c) for c in columns)
        _, found = self._query(f"SELECT {cols}, COUNT(*) FROM [{table}] WHERE deleted = 0 GROUP BY {cols}")
        return {tuple(r[:-1]): r[-1] for r in found}

    def count(self, table: str) -> int:
        self._check_table(table)
        return self._query(f"SELECT COUNT(*) FROM [{table}] WHERE deleted = 0")[1][0][0]

    def find_one(self, table: str, where: dict) -> dict | None:
        found = self.rows(table, where)
        return found[0] if found else None

    # -- the visitation row -----------------------------------------------------------
    def visitation(self) -> dict:
        rows = self.rows("visitation")
        if len(rows) != 1:
            raise _damaged(self.path, f"{len(rows)} visitatie-records in plaats van 1")
        return rows[0]

    # -- full-text search -------------------------------------------------------------
    def search(self, terms: list[str] | tuple[str, ...], limit: int = 200,
               where: dict | None = None) -> list[dict]:
        """Observations holding every one of ``terms`` (words as the user typed them), with
        equality filters, best match first. A term matches a word that begins with it (the
        word index: case and diacritics ignored) or, from 3 characters on, any part of a
        word (the trigram index: "besluit" finds "mandaatbesluit"). Observations where every
        term begins a word come first (by the word index's rank), then the others (those
        where some terms begin a word first, then in the order they were made)."""
        terms = list(dict.fromkeys(t.replace('"', '""') for t in terms if t and t.strip()))
        if not terms:
            return []
        # One row per (observation, term) that matches: through the word index with its rank
        # (bm25, lower is better; bm25 of several terms is the sum of theirs), or through the
        # trigram index (LIKE, which it answers: it stores no positions, detail=none, which
        # keeps it a third of the size a phrase MATCH needs; no rank).
        matches, params = [], []
        for n, term in enumerate(terms):
            matches.append(f"SELECT rowid, {n}, 1, rank FROM [{WORD_INDEX}] WHERE [{WORD_INDEX}] MATCH ?")
            params.append(f'"{term}"*')
            if len(term) >= 3 and not any(c in term for c in "%_"):  # 3 characters or more: trigrams
                for column in ("text", "evidence"):
                    matches.append(f"SELECT rowid, {n}, 0, NULL FROM [{TRIGRAM_INDEX}] "
                                   f"WHERE [{column}] LIKE ?")
                    params.append(f"%{term}%")
        clauses, filter_params = self._filters("observations", where)
        sql = (
            "WITH matches(id, term, whole, word_rank) AS (" + " UNION ALL ".join(matches) + "), "
            "hits AS (SELECT id, COUNT(DISTINCT CASE WHEN whole THEN term END) = ? AS words, "
            "COALESCE(SUM(word_rank), 0) AS word_rank FROM matches "
            "GROUP BY id HAVING COUNT(DISTINCT term) = ?), "
            # the best ``limit`` first, by id; only those rows are then read whole
            "best AS (SELECT hits.id, ROW_NUMBER() OVER (ORDER BY hits.words DESC, hits.word_rank, "
            "hits.id) AS place FROM hits "
            "JOIN observations ON observations.rowid = hits.id WHERE observations.deleted = 0 "
            + "".join(f"AND {c} " for c in clauses) + "ORDER BY place LIMIT ?) "
            "SELECT observations.* FROM best JOIN observations ON observations.rowid = best.id "
            "ORDER BY best.place"
        )
        params += [len(terms), len(terms)]
        try:
            found = self._dicts(sql, (*params, *filter_params, limit))
        except OperationalError as exc:
            raise InputError(f"zoekvraag niet te verwerken: {exc}")
        return [self.decode("observations", row) for row in found]

    # -- integrity ----------------------------------------------------------------------
    @locked
    def integrity_problems(self) -> list[str]:
        """Low-level checks: SQLite's own integrity check and the full-text index."""
        problems = []
        result = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems += [f"SQLite-integriteit: {r}" for r in result[:10]]
        fts_problem = self._fts_problem(self.conn)
        if fts_problem and fts_problem.startswith("SQLITE_READONLY"):
            fts_problem = self._fts_problem_in_copy()  # FTS5 checks with a write statement
        if fts_problem:
            problems.append(f"zoekindex klopt niet met de waarnemingen ({fts_problem})")
        problems += [f"tekst: {p}" for p in text_problems(self.conn)]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            problems.append(f"schemaversie {version}, verwacht {SCHEMA_VERSION}")
        return problems

    @staticmethod
    def _fts_problem(conn: sqlite3.Connection) -> str | None:
        """What FTS5's own integrity check says of the search indexes (None: sound); a file we
        may not write gives its error name, SQLITE_READONLY..."""
        try:
            for index in _search_indexes(conn):
                conn.execute(fts_integrity_check(index))
        except DatabaseError as exc:
            name = getattr(exc, "sqlite_errorname", "") or ""
            return name if name.startswith("SQLITE_READONLY") else str(exc)
        return None

    def _fts_problem_in_copy(self) -> str | None:
        """The search index checked in a private copy (system temp folder, owner-only): for a
        file on a read-only disk or folder, which `check` must judge all the same."""
        with scratch_dir("controle") as tmp:  # the app's own temp folder (store/scratch.py)
            trial = tmp / self.path.name
            snapshot(self.path, trial, key=self.key)
            conn = connect(trial, pragmas=(), key=self.key)
            try:
                return self._fts_problem(conn)
            finally:
                conn.close()

    @property
    def schema_version(self) -> int:
        return self._query("PRAGMA user_version")[1][0][0]
