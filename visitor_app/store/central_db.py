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
import hashlib
import sqlite3
from datetime import datetime, timezone
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
# 2: packages.follow_up_json (the opvolging counts of package schema 3)
# 3: cycles (packages.cycle_id), stable finding ids (findings.finding_id), and the analyst's
#    work: finding_moves, theme_settings, threads (rode draden), thread_findings,
#    review_comments, report_texts. A file of schema 1 or 2 is upgraded when it is opened,
#    in one transaction (all or nothing); its packages go into the default cycle.
CENTRAL_SCHEMA_VERSION = 3
DEFAULT_CYCLE = "Standaardcyclus"
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
        follow_up_json TEXT,
        cycle_id INTEGER REFERENCES cycles(id))""",
    """CREATE TABLE findings (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        theme TEXT NOT NULL,
        subtheme TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        finding_id TEXT,
        PRIMARY KEY (visitation_id, position))""",
    "CREATE INDEX findings_theme_kind ON findings (theme, kind)",
    """CREATE TABLE assessments (
        visitation_id TEXT NOT NULL REFERENCES packages(visitation_id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        value TEXT NOT NULL,
        toelichting TEXT,
        PRIMARY KEY (visitation_id, item))""",
)  # the tables of schema 3 follow (V3_SQL), also run by the upgrade

# Schema 3. The analyst's tables point at findings by their stable id, without a foreign
# key: re-importing a package replaces its findings, and the work on the findings that
# are still there (same id) stays; prune() drops what points at findings that are gone.
V3_SQL = (
    """CREATE TABLE cycles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        start TEXT,
        "end" TEXT,
        created TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX findings_stable_id ON findings (finding_id)",
    "CREATE INDEX packages_cycle ON packages (cycle_id)",
    """CREATE TABLE finding_moves (
        finding_id TEXT PRIMARY KEY,
        theme TEXT NOT NULL,
        subtheme TEXT,
        moved TEXT NOT NULL)""",
    """CREATE TABLE theme_settings (
        theme TEXT PRIMARY KEY,
        merged_into TEXT,
        letter TEXT)""",
    """CREATE TABLE threads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        theme TEXT NOT NULL,
        name TEXT NOT NULL,
        conclusion TEXT,
        created TEXT NOT NULL,
        statement TEXT)""",
    """CREATE TABLE thread_findings (
        thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        finding_id TEXT NOT NULL,
        PRIMARY KEY (thread_id, finding_id))""",
    """CREATE TABLE review_comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL,
        theme TEXT,
        text TEXT NOT NULL,
        handling TEXT,
        status TEXT NOT NULL,
        created TEXT NOT NULL)""",
    """CREATE TABLE report_texts (
        cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        section TEXT NOT NULL,
        theme TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (cycle_id, section, theme))""",
)

PACKAGE_COLUMNS = ("visitation_id", "dienst", "start", "end", "framework_id", "framework_version",
                   "framework_json", "exported", "app_version", "digest", "source_file", "imported",
                   "follow_up_json", "cycle_id")
FINDING_COLUMNS = ("visitation_id", "position", "theme", "subtheme", "kind", "text", "finding_id")
ASSESSMENT_COLUMNS = ("visitation_id", "item", "value", "toelichting")


def stable_finding_id(visitation_id: str, theme: str, subtheme: str | None, kind: str,
                      text: str, occurrence: int) -> str:
    """The id of a central finding (20 hex characters: 8 of the visitation id, 12 of a
    SHA-256): the same for the same visitation, original theme,
    subtheme, kind and text, and the how-manieth identical one it is (0, 1, ...). So an
    identical package imported again gives the same ids, and so does a changed one for the
    findings it did not change."""
    key = "\x1f".join((visitation_id, theme, subtheme or "", kind, text, str(occurrence)))
    # the visitation's first 8 characters first: one package's ids lie together in the
    # index, so an import writes a few index pages instead of one per finding
    return visitation_id[:8] + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def with_stable_ids(visitation_id: str, findings: list[dict]) -> list[dict]:
    """``findings`` (theme, subtheme, kind, text) each with its "finding_id"."""
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (f["theme"], f.get("subtheme"), f["kind"], f["text"])
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(dict(f, finding_id=stable_finding_id(visitation_id, *key, n)))
    return out


def now_stamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _damaged(path: Path, reason: str) -> DamagedFileError:
    return DamagedFileError(f"{path}: geen bruikbare centrale rode-dradendatabase ({reason}). "
                            "Er is niets aan het bestand veranderd.")


def _connect(path: Path) -> sqlite3.Connection:
    return connect(path, pragmas=PRAGMAS)


def inspect_central(path: Path) -> None:
    """Read-only checks; raises DamagedFileError / NewerSchemaError / InputError, never writes.

    A write cut off halfway (``NAME-journal`` beside a file of ours) is rolled back first;
    the cut-off write is undone, nothing committed is lost. A journal that does
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
                for sql in SCHEMA_SQL + V3_SQL:
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
            if version < 3:
                self.conn.execute("ALTER TABLE packages ADD COLUMN cycle_id INTEGER "
                                  "REFERENCES cycles(id)")
                self.conn.execute("ALTER TABLE findings ADD COLUMN finding_id TEXT")
                rows = self.conn.execute(
                    "SELECT visitation_id, position, theme, subtheme, kind, text FROM findings "
                    "ORDER BY visitation_id, position").fetchall()
                by_visit: dict[str, list[dict]] = {}
                for vid, pos, theme, sub, kind, text in rows:
                    by_visit.setdefault(vid, []).append(
                        {"position": pos, "theme": theme, "subtheme": sub, "kind": kind, "text": text})
                self.conn.executemany(
                    "UPDATE findings SET finding_id = ? WHERE visitation_id = ? AND position = ?",
                    [(f["finding_id"], vid, f["position"])
                     for vid, found in by_visit.items() for f in with_stable_ids(vid, found)])
                for sql in V3_SQL:
                    self.conn.execute(sql)
                if self.conn.execute("SELECT 1 FROM packages LIMIT 1").fetchone():
                    cycle = self.add_cycle(DEFAULT_CYCLE)
                    self.conn.execute("UPDATE packages SET cycle_id = ?", (cycle,))
            self.conn.execute(f"PRAGMA user_version={CENTRAL_SCHEMA_VERSION}")

    def follow_up(self, cycle_id: int | None = None) -> list[tuple[str, str, str]]:
        """(visitation_id, dienst, follow_up_json) of the packages that carry opvolging counts."""
        where, params = ("AND cycle_id = ? ", (cycle_id,)) if cycle_id is not None else ("", ())
        return [(r["visitation_id"], r["dienst"], r["follow_up_json"]) for r in self._dicts(
            "SELECT visitation_id, dienst, follow_up_json FROM packages "
            f"WHERE follow_up_json IS NOT NULL {where}ORDER BY dienst COLLATE NOCASE, start", params)]

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
        """Put a package in place of the one with the same visitation id (if any).

        The package row is updated in place (never deleted), so nothing of the analyst's
        hangs on it; its findings and assessments are replaced. ``findings`` carry their
        "finding_id" (with_stable_ids). Then prune(): what pointed at a finding that is
        gone drops out."""
        vid = row["visitation_id"]
        if any("finding_id" not in f for f in findings):
            findings = with_stable_ids(vid, findings)
        if self.conn.execute("SELECT 1 FROM packages WHERE visitation_id = ?", (vid,)).fetchone():
            cols = [c for c in PACKAGE_COLUMNS if c != "visitation_id"]
            self.conn.execute(
                f"UPDATE packages SET {', '.join(f'[{c}] = ?' for c in cols)} WHERE visitation_id = ?",
                [row.get(c) for c in cols] + [vid])
            self.conn.execute("DELETE FROM findings WHERE visitation_id = ?", (vid,))
            self.conn.execute("DELETE FROM assessments WHERE visitation_id = ?", (vid,))
        else:
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
        self.prune()

    @locked
    def prune(self) -> None:
        """Drop the analyst's pointers at findings that are gone, and a draad's findings
        whose package is no longer in the draad's cycle."""
        self.conn.execute("DELETE FROM finding_moves WHERE finding_id NOT IN "
                          "(SELECT finding_id FROM findings)")
        self.conn.execute(
            "DELETE FROM thread_findings WHERE NOT EXISTS (SELECT 1 FROM findings f "
            "JOIN packages p ON p.visitation_id = f.visitation_id JOIN threads t "
            "ON t.id = thread_findings.thread_id WHERE f.finding_id = thread_findings.finding_id "
            "AND p.cycle_id = t.cycle_id)")

    @locked
    def add_cycle(self, name: str, start: str | None = None, end: str | None = None) -> int:
        cur = self.conn.execute('INSERT INTO cycles (name, start, "end", created) VALUES (?, ?, ?, ?)',
                                (name, start, end, now_stamp()))
        return cur.lastrowid

    @locked
    def update_cycle(self, cycle_id: int, name: str, start: str | None, end: str | None) -> None:
        self.conn.execute('UPDATE cycles SET name = ?, start = ?, "end" = ? WHERE id = ?',
                          (name, start, end, cycle_id))

    @locked
    def set_package_cycle(self, visitation_id: str, cycle_id: int) -> None:
        self.conn.execute("UPDATE packages SET cycle_id = ? WHERE visitation_id = ?",
                          (cycle_id, visitation_id))
        self.prune()

    @locked
    def set_move(self, finding_id: str, theme: str | None, subtheme: str | None) -> None:
        """Record where a finding is sorted centrally; ``theme`` None: back to its original."""
        self.conn.execute("DELETE FROM finding_moves WHERE finding_id = ?", (finding_id,))
        if theme is not None:
            self.conn.execute("INSERT INTO finding_moves (finding_id, theme, subtheme, moved) "
                              "VALUES (?, ?, ?, ?)", (finding_id, theme, subtheme, now_stamp()))

    @locked
    def set_theme_setting(self, theme: str, merged_into: str | None, letter: str | None) -> None:
        self.conn.execute("DELETE FROM theme_settings WHERE theme = ?", (theme,))
        if merged_into is not None or letter is not None:
            self.conn.execute("INSERT INTO theme_settings (theme, merged_into, letter) VALUES (?, ?, ?)",
                              (theme, merged_into, letter))

    @locked
    def add_thread(self, cycle_id: int, theme: str, name: str, conclusion: str | None) -> int:
        return self.conn.execute(
            "INSERT INTO threads (cycle_id, theme, name, conclusion, created) VALUES (?, ?, ?, ?, ?)",
            (cycle_id, theme, name, conclusion, now_stamp())).lastrowid

    @locked
    def update_thread(self, thread_id: int, name: str, conclusion: str | None) -> None:
        self.conn.execute("UPDATE threads SET name = ?, conclusion = ? WHERE id = ?",
                          (name, conclusion, thread_id))

    @locked
    def set_thread_statement(self, thread_id: int, statement: str | None) -> None:
        self.conn.execute("UPDATE threads SET statement = ? WHERE id = ?", (statement, thread_id))

    @locked
    def delete_thread(self, thread_id: int) -> None:
        self.conn.execute("DELETE FROM threads WHERE id = ?", (thread_id,))

    @locked
    def add_thread_findings(self, thread_id: int, finding_ids) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO thread_findings (thread_id, finding_id) "
                              "VALUES (?, ?)", [(thread_id, f) for f in finding_ids])

    @locked
    def remove_thread_findings(self, thread_id: int, finding_ids) -> None:
        self.conn.executemany("DELETE FROM thread_findings WHERE thread_id = ? AND finding_id = ?",
                              [(thread_id, f) for f in finding_ids])

    @locked
    def move_comments(self, from_thread: int, to_thread: int) -> None:
        self.conn.execute("UPDATE review_comments SET thread_id = ? WHERE thread_id = ?",
                          (to_thread, from_thread))

    @locked
    def add_comment(self, cycle_id: int, round_: int, thread_id: int | None, theme: str | None,
                    text: str, status: str) -> int:
        return self.conn.execute(
            "INSERT INTO review_comments (cycle_id, round, thread_id, theme, text, handling, "
            "status, created) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
            (cycle_id, round_, thread_id, theme, text, status, now_stamp())).lastrowid

    @locked
    def update_comment(self, comment_id: int, handling: str | None, status: str) -> None:
        self.conn.execute("UPDATE review_comments SET handling = ?, status = ? WHERE id = ?",
                          (handling, status, comment_id))

    @locked
    def set_text(self, cycle_id: int, section: str, theme: str, text: str | None) -> None:
        self.conn.execute("DELETE FROM report_texts WHERE cycle_id = ? AND section = ? AND theme = ?",
                          (cycle_id, section, theme))
        if text:
            self.conn.execute("INSERT INTO report_texts (cycle_id, section, theme, text, updated) "
                              "VALUES (?, ?, ?, ?, ?)", (cycle_id, section, theme, text, now_stamp()))

    # -- reading ---------------------------------------------------------------------------
    @locked
    def _dicts(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def package(self, visitation_id: str) -> dict | None:
        found = self._dicts("SELECT * FROM packages WHERE visitation_id = ?", (visitation_id,))
        return found[0] if found else None

    def packages(self, cycle_id: int | None = None) -> list[dict]:
        """Every package (or those of one cycle) with its number of findings."""
        where, params = ("WHERE p.cycle_id = ? ", (cycle_id,)) if cycle_id is not None else ("", ())
        return self._dicts(
            "SELECT p.*, (SELECT COUNT(*) FROM findings f WHERE f.visitation_id = p.visitation_id)"
            f" AS findings FROM packages p {where}ORDER BY p.dienst COLLATE NOCASE, p.start", params)

    def framework_rows(self) -> list[dict]:
        """framework_json, framework_version, exported, imported of every package (no counts)."""
        return self._dicts("SELECT framework_json, framework_version, exported, imported FROM packages")

    def cycle_names(self) -> list[dict]:
        """Every cycle: id, name, start, end (no counts; cheap)."""
        return self._dicts('SELECT id, name, start, "end" FROM cycles ORDER BY id')

    def finding_cycles(self, finding_ids) -> dict[str, int]:
        """finding id -> the cycle of its package, for those of ``finding_ids`` that exist."""
        ids = list(finding_ids)
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            out.update({r["finding_id"]: r["cycle_id"] for r in self._dicts(
                "SELECT f.finding_id, p.cycle_id FROM findings f JOIN packages p "
                f"ON p.visitation_id = f.visitation_id WHERE f.finding_id IN ({', '.join('?' * len(part))})",
                part)})
        return out

    def cycles(self) -> list[dict]:
        """Every cycle (id, name, start, end, created) with its packages' dienst names,
        number of packages and of findings, oldest made first."""
        return self._dicts(
            'SELECT c.id, c.name, c.start, c."end", c.created, '
            "(SELECT COUNT(*) FROM packages p WHERE p.cycle_id = c.id) AS visitations, "
            "(SELECT COUNT(*) FROM findings f JOIN packages p ON p.visitation_id = f.visitation_id "
            " WHERE p.cycle_id = c.id) AS findings, "
            "(SELECT MAX(p.start) FROM packages p WHERE p.cycle_id = c.id) AS last_visit "
            "FROM cycles c ORDER BY c.id")

    def findings(self, where: dict | None = None, cycle_id: int | None = None) -> list[dict]:
        """Findings with their package's dienst and cycle and their central move (moved_theme,
        moved_subtheme, or None), filtered by equality (column -> value) on the original
        columns, and by cycle."""
        clauses, params = [], []
        for col, value in (where or {}).items():
            if col not in FINDING_COLUMNS:
                raise ValueError(f"unknown column {col}")
            clauses.append(f"f.{col} = ?")
            params.append(value)
        if cycle_id is not None:
            clauses.append("p.cycle_id = ?")
            params.append(cycle_id)
        sql = ("SELECT f.visitation_id, p.dienst, p.start, p.\"end\", p.cycle_id, f.position, "
               "f.theme, f.subtheme, f.kind, f.text, f.finding_id, m.theme AS moved_theme, "
               "m.subtheme AS moved_subtheme FROM findings f "
               "JOIN packages p ON p.visitation_id = f.visitation_id "
               "LEFT JOIN finding_moves m ON m.finding_id = f.finding_id")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY p.dienst COLLATE NOCASE, p.start, f.visitation_id, f.position"
        return self._dicts(sql, params)

    def theme_settings(self) -> dict[str, dict]:
        """theme -> {"merged_into", "letter"} as the analyst set them."""
        return {r["theme"]: r for r in self._dicts("SELECT theme, merged_into, letter FROM theme_settings")}

    def threads(self, cycle_id: int | None = None) -> list[dict]:
        """Rode draden (id, cycle_id, theme, name, conclusion, statement, created), oldest first."""
        where, params = ("WHERE cycle_id = ? ", (cycle_id,)) if cycle_id is not None else ("", ())
        return self._dicts(f"SELECT id, cycle_id, theme, name, conclusion, statement, created FROM threads "
                           f"{where}ORDER BY id", params)

    def thread_findings(self, cycle_id: int | None = None) -> list[tuple[int, str]]:
        """(thread_id, finding_id) pairs."""
        where, params = ("WHERE t.cycle_id = ?", (cycle_id,)) if cycle_id is not None else ("", ())
        return [(r["thread_id"], r["finding_id"]) for r in self._dicts(
            "SELECT tf.thread_id, tf.finding_id FROM thread_findings tf JOIN threads t "
            f"ON t.id = tf.thread_id {where} ORDER BY tf.thread_id, tf.finding_id", params)]

    def comments(self, cycle_id: int) -> list[dict]:
        return self._dicts(
            "SELECT id, cycle_id, round, thread_id, theme, text, handling, status, created "
            "FROM review_comments WHERE cycle_id = ? ORDER BY round, id", (cycle_id,))

    def comment(self, comment_id: int) -> dict | None:
        found = self._dicts("SELECT * FROM review_comments WHERE id = ?", (comment_id,))
        return found[0] if found else None

    def texts(self, cycle_id: int) -> list[dict]:
        return self._dicts("SELECT section, theme, text, updated FROM report_texts "
                           "WHERE cycle_id = ? ORDER BY section, theme", (cycle_id,))

    def assessments(self, cycle_id: int | None = None) -> list[dict]:
        where, params = ("WHERE p.cycle_id = ? ", (cycle_id,)) if cycle_id is not None else ("", ())
        return self._dicts(
            "SELECT a.visitation_id, p.dienst, p.start, a.item, a.value, a.toelichting "
            "FROM assessments a JOIN packages p ON p.visitation_id = a.visitation_id "
            f"{where}ORDER BY p.dienst COLLATE NOCASE, p.start, a.item", params)
