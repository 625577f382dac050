"""The central rode-draden database: one SQLite file holding imported packages.

Same durability as the visitation file: journal_mode=DELETE with synchronous=EXTRA,
every write one BEGIN IMMEDIATE transaction, committed and synced before returning.
The file type is PRAGMA application_id "RDDR", the schema PRAGMA user_version. A file
that is not ours, is damaged or is newer is refused before anything writes to it.
The store knows tables and rows (all the SQL of the central side); what a package means,
and everything counted from the rows, is visitor_app.rode_draden.

Note for the integrator: _connect, the header checks of inspect_central, the _locked
decorator and the temp-file rename in CentralStore.create follow the same pattern as
store/visitation_file.py (and store/merge.py). They are left as they are on purpose:
store/connection.py (one ``connect``) and store/files.py (``atomic_write``) come from another
branch, and this file switches to those after merging.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
import threading
from functools import wraps
from pathlib import Path
from typing import Iterator

from visitor_app.errors import DamagedFileError, InputError, NewerSchemaError
from visitor_app.store.schema import APPLICATION_ID as VISITATION_APPLICATION_ID

CENTRAL_APPLICATION_ID = 0x52444452  # "RDDR"
CENTRAL_SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = (
    "PRAGMA journal_mode=DELETE",
    "PRAGMA synchronous=EXTRA",
    "PRAGMA fullfsync=ON",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=3000",
)

SCHEMA_SQL = (
    """CREATE TABLE packages (
        visitation_id TEXT PRIMARY KEY,
        dienst TEXT NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        framework_id TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        framework_json TEXT NOT NULL,
        exported TEXT NOT NULL,
        app_version TEXT NOT NULL,
        digest TEXT NOT NULL,
        source_file TEXT,
        imported TEXT NOT NULL)""",
    """CREATE TABLE findings (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        theme TEXT NOT NULL,
        subtheme TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (visitation_id, position))""",
    "CREATE INDEX findings_theme_kind ON findings (theme, kind)",
    """CREATE TABLE assessments (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        value TEXT NOT NULL,
        toelichting TEXT,
        PRIMARY KEY (visitation_id, item))""",
)

PACKAGE_COLUMNS = ("visitation_id", "dienst", "start", "end", "framework_id", "framework_version",
                   "framework_json", "exported", "app_version", "digest", "source_file", "imported")
FINDING_COLUMNS = ("visitation_id", "position", "theme", "subtheme", "kind", "text")
ASSESSMENT_COLUMNS = ("visitation_id", "item", "value", "toelichting")


def _damaged(path: Path, reason: str) -> DamagedFileError:
    return DamagedFileError(f"{path}: geen bruikbare centrale rode-dradendatabase ({reason}). "
                            "Er is niets aan het bestand veranderd.")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def inspect_central(path: Path) -> None:
    """Read-only checks; raises DamagedFileError / NewerSchemaError / InputError, never writes.

    A write cut off halfway (``NAME-journal`` beside a file of ours) is rolled back first;
    the data all comes from packages, which can be imported again.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: centrale database bestaat niet")
    if path.is_dir():
        raise InputError(f"{path}: is een map, geen centrale database")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _damaged(path, "geen SQLite-kop" if size else "het bestand is leeg")
    app_id = struct.unpack(">I", header[68:72])[0]
    version = struct.unpack(">I", header[60:64])[0]
    if app_id == VISITATION_APPLICATION_ID:
        raise _damaged(path, "dit is een visitatiebestand; maak daarvan eerst een pakket met "
                             "'visitor-app export-central'")
    if app_id != CENTRAL_APPLICATION_ID:
        raise _damaged(path, "een SQLite-bestand van een ander programma")
    if version > CENTRAL_SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: deze centrale database is gemaakt met een nieuwere versie van de "
            f"visitatie-app (versie {version}, deze app kent tot en met versie "
            f"{CENTRAL_SCHEMA_VERSION}). Werk de app bij; het bestand is niet veranderd.")
    if version < 1:
        raise _damaged(path, "geen schemaversie")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    journal = path.with_name(path.name + "-journal")
    hot = journal.exists() and journal.stat().st_size > 0
    if not hot and page_count and valid_for == change_counter and size < page_count * page_size:
        raise _damaged(path, f"afgebroken: {size} van {page_count * page_size} bytes aanwezig")
    try:
        if hot:  # SQLite rolls the interrupted write back on the first read
            conn = sqlite3.connect(str(path), isolation_level=None)
            conn.execute("PRAGMA schema_version").fetchone()
            conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc))
    if result != ["ok"]:
        raise _damaged(path, "interne controle faalt: " + "; ".join(result[:3]))
    missing = {"packages", "findings", "assessments"} - tables
    if missing:
        raise _damaged(path, f"tabel {sorted(missing)[0]!r} ontbreekt")


def _locked(method):
    """One connection, usable from the GUI thread and a worker thread: they take turns."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class CentralStore:
    """Persistence of the central database: packages, their findings and assessments.

    Thread-safe: public methods hold ``lock`` (re-entrant); a transaction holds it throughout.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = Path(path)
        self.conn = conn
        self.lock = threading.RLock()

    @classmethod
    def create(cls, path: Path | str) -> "CentralStore":
        """A new, empty database (refuses an existing file). Temp file, then renamed."""
        path = Path(path)
        if path.exists():
            raise InputError(f"{path}: bestaat al")
        if not path.parent.exists():
            raise InputError(f"{path.parent}: map bestaat niet")
        tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        conn = _connect(tmp)
        try:
            conn.execute("BEGIN IMMEDIATE")
            for sql in SCHEMA_SQL:
                conn.execute(sql)
            conn.execute(f"PRAGMA application_id={CENTRAL_APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={CENTRAL_SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.close()
            if path.exists():
                raise InputError(f"{path}: bestaat al")
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except BaseException:
            with contextlib.suppress(Exception):
                conn.close()
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str) -> "CentralStore":
        path = Path(path)
        inspect_central(path)
        try:
            return cls(path, _connect(path))
        except sqlite3.Error as exc:
            raise _damaged(path, str(exc))

    @_locked
    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; BEGIN IMMEDIATE takes the write lock at once."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    # -- writing (inside transaction()) ------------------------------------------------------
    @_locked
    def replace_package(self, row: dict, findings: list[dict], assessments: list[dict]) -> None:
        """Put a package in place of the one with the same visitation id (if any)."""
        vid = row["visitation_id"]
        self.conn.execute("DELETE FROM packages WHERE visitation_id = ?", (vid,))
        self.conn.execute(
            f"INSERT INTO packages ({', '.join(f'[{c}]' for c in PACKAGE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(PACKAGE_COLUMNS))})",
            [row[c] for c in PACKAGE_COLUMNS])
        self.conn.executemany(
            f"INSERT INTO findings ({', '.join(FINDING_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(FINDING_COLUMNS))})",
            [(vid, *(f[c] for c in FINDING_COLUMNS[1:])) for f in findings])
        self.conn.executemany(
            f"INSERT INTO assessments ({', '.join(ASSESSMENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(ASSESSMENT_COLUMNS))})",
            [(vid, *(a[c] for c in ASSESSMENT_COLUMNS[1:])) for a in assessments])

    # -- reading ---------------------------------------------------------------------------
    @_locked
    def _dicts(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def package(self, visitation_id: str) -> dict | None:
        found = self._dicts("SELECT * FROM packages WHERE visitation_id = ?", (visitation_id,))
        return found[0] if found else None

    def packages(self) -> list[dict]:
        return self._dicts(
            "SELECT p.*, (SELECT COUNT(*) FROM findings f WHERE f.visitation_id = p.visitation_id)"
            " AS findings FROM packages p ORDER BY p.dienst COLLATE NOCASE, p.start")

    def findings(self, where: dict | None = None) -> list[dict]:
        """Findings with their package's dienst, filtered by equality (column -> value)."""
        clauses, params = [], []
        for col, value in (where or {}).items():
            if col not in FINDING_COLUMNS:
                raise ValueError(f"unknown column {col}")
            clauses.append(f"f.{col} = ?")
            params.append(value)
        sql = ("SELECT f.visitation_id, p.dienst, f.position, f.theme, f.subtheme, f.kind, f.text "
               "FROM findings f JOIN packages p ON p.visitation_id = f.visitation_id")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY p.dienst COLLATE NOCASE, p.start, f.visitation_id, f.position"
        return self._dicts(sql, params)

    @_locked
    def finding_counts(self) -> list[tuple]:
        """(theme, subtheme, kind, visitation_id, count) for every combination present."""
        return self.conn.execute(
            "SELECT theme, subtheme, kind, visitation_id, COUNT(*) FROM findings "
            "GROUP BY theme, subtheme, kind, visitation_id").fetchall()

    @_locked
    def assessment_counts(self) -> list[tuple]:
        """(item, value, count)."""
        return self.conn.execute(
            "SELECT item, value, COUNT(*) FROM assessments GROUP BY item, value").fetchall()

    def assessments(self) -> list[dict]:
        return self._dicts(
            "SELECT a.visitation_id, p.dienst, a.item, a.value, a.toelichting FROM assessments a "
            "JOIN packages p ON p.visitation_id = a.visitation_id "
            "ORDER BY p.dienst COLLATE NOCASE, a.item")
