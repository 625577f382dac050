"""The central rode-draden database: one SQLite file holding imported packages.

Same durability as the visitation file: journal_mode=DELETE with synchronous=EXTRA,
every write one BEGIN IMMEDIATE transaction, committed and synced before returning.
The file type is PRAGMA application_id "RDDR", the schema PRAGMA user_version. A file
that is not ours, is damaged or is newer is refused before anything writes to it.
The store knows tables and rows (all the SQL of the central side); what a package means,
and everything counted from the rows, is visitor_app.rode_draden.

Connections, the header check and the thread lock are store/connection.py's, as for the
visitation file; a new file is written with store/files.atomic_write (owner-only).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Iterator

from visitor_app.errors import DamagedFileError, InputError, NewerSchemaError
from visitor_app.store.connection import (
    DURABLE_PRAGMAS,
    connect,
    connect_readonly,
    existing_header,
    immediate_transaction,
    storage_errors,
    locked,
    new_database,
    settle_journal,
)
from visitor_app.store.files import sweep_temps
from visitor_app.store.schema import APPLICATION_ID as VISITATION_APPLICATION_ID

CENTRAL_APPLICATION_ID = 0x52444452  # "RDDR"
# 2: packages.follow_up_json (the opvolging counts of package schema 3); a file of schema 1
# is upgraded when it is opened (one ALTER TABLE, in a transaction)
CENTRAL_SCHEMA_VERSION = 2
PRAGMAS = DURABLE_PRAGMAS + ("PRAGMA foreign_keys=ON",)  # a package's rows go with it

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
        imported TEXT NOT NULL,
        follow_up_json TEXT)""",
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
                   "framework_json", "exported", "app_version", "digest", "source_file", "imported",
                   "follow_up_json")
FINDING_COLUMNS = ("visitation_id", "position", "theme", "subtheme", "kind", "text")
ASSESSMENT_COLUMNS = ("visitation_id", "item", "value", "toelichting")


def _damaged(path: Path, reason: str) -> DamagedFileError:
    return DamagedFileError(f"{path}: geen bruikbare centrale rode-dradendatabase ({reason}). "
                            "Er is niets aan het bestand veranderd.")


def _connect(path: Path) -> sqlite3.Connection:
    return connect(path, pragmas=PRAGMAS)


def inspect_central(path: Path) -> None:
    """Read-only checks; raises DamagedFileError / NewerSchemaError / InputError, never writes.

    A write cut off halfway (``NAME-journal`` beside a file of ours) is rolled back first;
    the data all comes from packages, which can be imported again. A journal that does
    not belong to the file is set aside instead (connection.settle_journal).
    """
    path = Path(path)
    with contextlib.suppress(OSError):  # a new database's temp file a killed import left
        sweep_temps(path.parent, path.name)
    header = existing_header(path, "centrale database bestaat niet",
                             "is een map, geen centrale database", _damaged)
    app_id, version = header.application_id, header.user_version
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
    try:
        with storage_errors(path):
            settled = settle_journal(path)
        if not settled.rolled_back and not header.complete:
            raise _damaged(path, f"afgebroken: {header.size} van {header.expected_size} bytes aanwezig")
        conn = connect_readonly(path)
        try:
            # the full check, not quick_check: an index that no longer matches its table
            # would be written into (docs/reliability.md, defect 2); 0.8 ms for 28 packages
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise _damaged(path, "interne controle faalt: " + "; ".join(result[:3]))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc))
    missing = {"packages", "findings", "assessments"} - tables
    if missing:
        raise _damaged(path, f"tabel {sorted(missing)[0]!r} ontbreekt")


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
        """A new, empty database (refuses an existing file), written all or nothing
        (files.atomic_write: a temp file, then renamed; owner-only)."""
        path = Path(path)

        def build(conn, _tmp) -> None:
            with immediate_transaction(conn):
                for sql in SCHEMA_SQL:
                    conn.execute(sql)
                conn.execute(f"PRAGMA application_id={CENTRAL_APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={CENTRAL_SCHEMA_VERSION}")

        new_database(path, _connect, build, lambda p: InputError(f"{p}: bestaat al"))
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str) -> "CentralStore":
        path = Path(path)
        inspect_central(path)
        try:
            with storage_errors(path):
                store = cls(path, _connect(path))
                store._upgrade()
                return store
        except sqlite3.Error as exc:
            raise _damaged(path, str(exc))

    def _upgrade(self) -> None:
        """Bring a file of an older schema up to CENTRAL_SCHEMA_VERSION, all or nothing."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= CENTRAL_SCHEMA_VERSION:
            return
        with immediate_transaction(self.conn):
            if version < 2:
                self.conn.execute("ALTER TABLE packages ADD COLUMN follow_up_json TEXT")
            self.conn.execute(f"PRAGMA user_version={CENTRAL_SCHEMA_VERSION}")

    def follow_up(self) -> list[tuple[str, str, str]]:
        """(visitation_id, dienst, follow_up_json) of the packages that carry opvolging counts."""
        return [(r["visitation_id"], r["dienst"], r["follow_up_json"]) for r in self._dicts(
            "SELECT visitation_id, dienst, follow_up_json FROM packages "
            "WHERE follow_up_json IS NOT NULL ORDER BY dienst COLLATE NOCASE, start")]

    @locked
    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; BEGIN IMMEDIATE takes the write lock at once."""
        with self.lock:
            with storage_errors(self.path), immediate_transaction(self.conn):
                yield

    # -- writing (inside transaction()) ------------------------------------------------------
    @locked
    def replace_package(self, row: dict, findings: list[dict], assessments: list[dict]) -> None:
        """Put a package in place of the one with the same visitation id (if any)."""
        vid = row["visitation_id"]
        self.conn.execute("DELETE FROM packages WHERE visitation_id = ?", (vid,))
        self.conn.execute(
            f"INSERT INTO packages ({', '.join(f'[{c}]' for c in PACKAGE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(PACKAGE_COLUMNS))})",
            [row.get(c) for c in PACKAGE_COLUMNS])
        self.conn.executemany(
            f"INSERT INTO findings ({', '.join(FINDING_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(FINDING_COLUMNS))})",
            [(vid, *(f[c] for c in FINDING_COLUMNS[1:])) for f in findings])
        self.conn.executemany(
            f"INSERT INTO assessments ({', '.join(ASSESSMENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(ASSESSMENT_COLUMNS))})",
            [(vid, *(a[c] for c in ASSESSMENT_COLUMNS[1:])) for a in assessments])

    # -- reading ---------------------------------------------------------------------------
    @locked
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

    @locked
    def finding_counts(self) -> list[tuple]:
        """(theme, subtheme, kind, visitation_id, count) for every combination present."""
        return self.conn.execute(
            "SELECT theme, subtheme, kind, visitation_id, COUNT(*) FROM findings "
            "GROUP BY theme, subtheme, kind, visitation_id").fetchall()

    @locked
    def assessment_counts(self) -> list[tuple]:
        """(item, value, count)."""
        return self.conn.execute(
            "SELECT item, value, COUNT(*) FROM assessments GROUP BY item, value").fetchall()

    def assessments(self) -> list[dict]:
        return self._dicts(
            "SELECT a.visitation_id, p.dienst, a.item, a.value, a.toelichting FROM assessments a "
            "JOIN packages p ON p.visitation_id = a.visitation_id "
            "ORDER BY p.dienst COLLATE NOCASE, a.item")
