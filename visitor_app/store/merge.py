"""Merging members' copies of a visitation file into the secretary's file.

Every record carries a random id, a revision and its history (``record_versions``:
"this version came from that one"). Merging a copy is a union by id:

- a record only in the copy is added;
- a record changed on one side only (one version descends from the other) takes the
  newer version: no conflict;
- a record changed on both sides since they parted takes the version with the higher
  revision (then the later ``updated``, then the version string, so every order of
  merging picks the same one); the other version goes to ``merge_conflicts`` for the
  secretary to resolve.

Merging is idempotent (a copy merged twice changes nothing the second time) and the
order of the copies does not change the result. A copy is read from a private temporary
duplicate: the member's file itself is never opened for writing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from visitor_app.errors import DamagedFileError, InputError, VisitorError
from visitor_app.store.connection import (
    DatabaseError, Key, as_key, connect, connect_readonly, export_to, is_encrypted, snapshot)
from visitor_app.store.files import atomic_write
from visitor_app.store.scratch import scratch_dir
from visitor_app.store import attachments, visitation_file
from visitor_app.store.schema import (
    ATTACHMENT_COLUMNS,
    BOOL_COLUMNS,
    COLUMNS,
    COMMON,
    JSON_COLUMNS,
    MERGED_TABLES,
    TABLES,
    create_bookkeeping,
)
from visitor_app.store.visitation_file import (
    BadText,
    VisitationStore,
    full_check,
    inspect_file,
    new_id,
    now_iso,
    recover_interrupted_write,
    row_version,
    text_or_bad,
)

def all_columns(table: str) -> list[str]:
    """Every column of ``table`` (read when needed: a migration may have added one)."""
    return list(COMMON) + list(COLUMNS[table])


NOTHING_MERGED = "Er is niets samengevoegd."
# The largest member's copy read for a merge (docs/cli.md): 2,000 observations take 1.5 MB,
# 20,000 take 12 MB; a file above this is refused before it is copied or read.
MAX_COPY_BYTES = 200_000_000
# A record's problems against the target's framework (services.audit.record_problems):
# (table, decoded row, exists) -> Dutch problems, empty when the record is valid;
# ``exists(table, id)`` tells whether a record it refers to is in the target or the copy.
Validator = Callable[[str, dict, Callable[[str, str], bool]], list[str]]


def _not_a_copy(path: Path, what: str) -> DamagedFileError:
    return DamagedFileError(f"{path}: dit is geen gave kopie van een visitatie ({what}). "
                            f"{NOTHING_MERGED}")


def bookkeeping_columns() -> dict[str, list[str]]:
    """The bookkeeping tables (schema.BOOKKEEPING_SQL) and their columns, as created."""
    mem = connect(":memory:", pragmas=())
    try:
        create_bookkeeping(mem)
        names = [n for (n,) in mem.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: [r[1] for r in mem.execute(f"PRAGMA table_info([{n}])")] for n in names}
    finally:
        mem.close()


def check_structure(conn: sqlite3.Connection, path: Path, columns: bool = True) -> None:
    """A copy's tables are real tables: no view, no virtual table and no computed column in
    place of one of ours (reading such a thing can take any amount of memory or time).
    With ``columns`` (after migration) each table has exactly the columns of our schema.
    Raises DamagedFileError naming ``path``, the table and what is wrong; reads no rows."""
    objects = {name: (kind, (sql or "").lstrip().upper()) for kind, name, sql in conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')")}
    views = sorted(name for name, (kind, _sql) in objects.items() if kind == "view")
    if views:
        raise _not_a_copy(path, f"de tabel {views[0]!r} is een view, geen tabel")
    expected = {t: all_columns(t) for t in COLUMNS} | bookkeeping_columns() | \
        {"attachments": ATTACHMENT_COLUMNS}
    for table, cols in expected.items():
        if table not in objects:
            if columns:
                raise _not_a_copy(path, f"de tabel {table!r} ontbreekt")
            continue
        if objects[table][1].startswith("CREATE VIRTUAL"):
            raise _not_a_copy(path, f"de tabel {table!r} is een virtuele tabel")
        info = conn.execute(f"PRAGMA table_xinfo([{table}])").fetchall()
        computed = [r[1] for r in info if r[6]]
        if computed:
            raise _not_a_copy(path, f"de tabel {table!r} heeft een berekende kolom {computed[0]!r}")
        if columns:
            found = [r[1] for r in info]
            missing = [c for c in cols if c not in found]
            extra = [c for c in found if c not in cols]
            if missing:
                raise _not_a_copy(path, f"in de tabel {table!r} ontbreekt de kolom {missing[0]!r}")
            if extra:
                raise _not_a_copy(path, f"de tabel {table!r} heeft een onbekende kolom {extra[0]!r}")


@contextlib.contextmanager
def read_copy(path: Path | str, key: Key | str | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a private duplicate of ``path`` (checked, migrated if old).

    Raises DamagedFileError / NewerSchemaError / InputError with the copy's name; the
    member's file and its journal are only read. The duplicate passes the full check
    (``full_check``) and its tables are real tables with our columns (``check_structure``);
    its rows are checked against our framework by ``check_copy``.
    An encrypted copy needs its ``key`` (the duplicate is as encrypted as the copy); a
    wrong or missing one: PassphraseError.
    """
    path = Path(path)
    if not str(path).strip() or path.is_dir():
        raise InputError(f"{path}: is een map, geen kopie van een visitatie; geef de bestanden op")
    if not path.exists():
        raise InputError(f"{path}: bestand bestaat niet")
    size = path.stat().st_size
    if size > MAX_COPY_BYTES:
        raise InputError(f"{path}: dit bestand is {size / 1e6:.0f} MB, groter dan een kopie van een "
                         f"visitatie kan zijn (hoogstens {MAX_COPY_BYTES // 1_000_000} MB). "
                         f"{NOTHING_MERGED}")
    key = as_key(key) if is_encrypted(path) else None
    with scratch_dir("kopie") as tmp:  # the app's own temp folder, owner only (store/scratch.py)
        dup = tmp / path.name
        snapshot(path, dup, with_journal=True, key=key)  # a crash's journal comes along, judged in the copy
        try:
            recover_interrupted_write(dup, shown_as=path, key=key)
            info = inspect_file(dup, deep=False, key=key)
            conn = connect_readonly(dup, key=key)
            current = info["schema_version"] == visitation_file.SCHEMA_VERSION
            try:  # before anything reads a table (the columns of an old copy: after migrating)
                check_structure(conn, dup, columns=current)
            finally:
                conn.close()
            full_check(dup, key=key)  # also what quick_check misses: indexes, search index, text
            VisitationStore.open(dup, inspected=info, key=key).close()  # migrates an older copy
            conn = connect_readonly(dup, key=key)
            try:
                check_structure(conn, dup)
            except BaseException:
                conn.close()
                raise
        except VisitorError as exc:  # name the member's file, not our duplicate
            raise type(exc)(exc.message.replace(str(dup), str(path))) from None
        except DatabaseError as exc:
            raise _not_a_copy(path, str(exc)) from None
        conn.text_factory = text_or_bad
        try:
            yield conn
        finally:
            conn.close()


def _value_problem(table: str, col: str, value) -> str | None:
    """What is wrong with a stored value of ``col`` for its declared type (Dutch), or None."""
    shown = str(value)[:40]
    if isinstance(value, BadText):
        return "geen geldige UTF-8-tekst"
    if col == "id":
        return None if isinstance(value, str) and value else "geen geldig id"
    if col == "revision":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        return None if ok else f"geen geldige revisie maar {shown!r}"
    if col in ("created", "updated", "deleted") and value is None:
        return "mag niet leeg zijn"
    if value is None:
        return None
    if col in BOOL_COLUMNS[table]:
        return None if value in (0, 1) else f"geen 0 of 1 maar {shown!r}"
    kind = (COMMON | COLUMNS[table]).get(col)
    if kind is str and not isinstance(value, str):
        return f"geen tekst maar {type(value).__name__}"
    if kind is int and not isinstance(value, int):
        return f"geen geheel getal maar {shown!r}"
    if kind is float and not isinstance(value, (int, float)):
        return f"geen getal maar {shown!r}"
    if kind is bytes and not isinstance(value, (bytes, str)):
        return f"geen bytes maar {type(value).__name__}"
    return None


def _decoded(table: str, row: dict) -> tuple[dict, str | None]:
    """``row`` as the app uses it (JSON parsed, flags as bool) and the first problem with
    its stored values (Dutch: field and what), or None."""
    out = dict(row)
    for col, value in row.items():
        problem = _value_problem(table, col, value)
        if problem:
            return out, f"veld {col!r}: {problem}"
    for col in JSON_COLUMNS.get(table, ()):
        if isinstance(out.get(col), str):
            try:
                out[col] = json.loads(out[col])
            except (ValueError, RecursionError):
                return out, f"veld {col!r}: geen geldige JSON"
    for col in BOOL_COLUMNS[table]:
        if col in out:
            out[col] = bool(out[col])
    return out, None


def _rows_of(conn: sqlite3.Connection, table: str) -> Iterator[dict]:
    """Every row of ``table`` as stored, one at a time (memory stays bounded)."""
    cols = all_columns(table)
    cur = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]")
    try:
        while batch := cur.fetchmany(500):
            for values in batch:
                yield dict(zip(cols, values))
    finally:
        cur.close()


def _framework(text, path: Path, whose: str) -> dict:
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise InputError(f"{path}: het ingebedde visitatiekader van {whose} is geen geldige JSON. "
                         f"{NOTHING_MERGED}")
    return data


def check_copy(conn: sqlite3.Connection, path: Path, own: dict,
               validate: Validator | None = None,
               exists: Callable[[str, str], bool] = lambda table, record_id: False) -> None:
    """All of a copy is checked before anything of it is merged (read_copy did its tables):

    - exactly one visitation row, with ``own``'s id (``own``: the target's visitation row);
    - its framework equal to the target's: the same id and version, and the same content
      once parsed (spacing and key order do not count). The app never changes the
      framework embedded in a file, so there is no older version to accept: a framework
      that differs came from another visitation or another program;
    - every record (and every open conflict and history edge it carries) of the declared
      types, text valid UTF-8, and valid against the target's framework (``validate``),
      its references pointing at records in the copy or in the target (``exists``: in
      the target).

    Raises InputError or DamagedFileError naming ``path``, the table, the record's id and
    the field; rows are read a batch at a time."""
    rows = conn.execute("SELECT id, dienst, framework_id, framework_version, framework_json "
                        "FROM visitation LIMIT 2").fetchall()
    if len(rows) != 1:
        raise _not_a_copy(path, f"{'meer dan één' if rows else 'geen'} visitatie-record")
    their_id, dienst, fw_id, fw_version, fw_json = rows[0]
    if their_id != own["id"]:
        raise InputError(f"{path}: dit is een bestand van een andere visitatie ({dienst}), niet "
                         f"een kopie van deze ({own['dienst']}). {NOTHING_MERGED}")
    theirs = _framework(fw_json, path, "de kopie")
    if (fw_id, fw_version) != (own["framework_id"], own["framework_version"]) or \
            theirs != _framework(own["framework_json"], path, "dit bestand"):
        raise InputError(
            f"{path}: het ingebedde visitatiekader van de kopie ({fw_id} {fw_version}) is niet "
            f"dat van dit bestand ({own['framework_id']} {own['framework_version']}); een kopie "
            f"van deze visitatie heeft hetzelfde kader. {NOTHING_MERGED}")

    def refuse(table: str, record_id, problem: str, damaged: bool) -> VisitorError:
        error = DamagedFileError if damaged else InputError
        return error(f"{path}: {TABLES.get(table, table)} {str(record_id)[:40]!r} in de tabel "
                     f"{table!r}: {problem}. {NOTHING_MERGED}")

    def known(table: str, record_id: str) -> bool:
        return _row(conn, table, record_id) is not None or exists(table, record_id)

    def check_row(table: str, row: dict) -> None:
        decoded, problem = _decoded(table, row)
        if problem:
            raise refuse(table, row.get("id"), problem, damaged=True)
        for problem in (validate(table, decoded, known) if validate else ()):
            raise refuse(table, row["id"], problem, damaged=False)

    for table in MERGED_TABLES:
        for row in _rows_of(conn, table):
            check_row(table, row)
    cur = conn.execute("SELECT id, table_name, record_id, version, row_json, source "
                       "FROM merge_conflicts WHERE status = 'open'")
    while batch := cur.fetchmany(500):
        for conflict_id, table, record_id, version, row_json, source in batch:
            where = f"open conflict {str(conflict_id)[:40]!r}"
            if table not in MERGED_TABLES:
                raise _not_a_copy(path, f"{where} noemt de onbekende tabel {str(table)[:40]!r}")
            if not all(isinstance(v, str) for v in (record_id, version, row_json)) or \
                    not isinstance(source, (str, type(None))):
                raise _not_a_copy(path, f"{where} is onleesbaar")
            try:
                row = json.loads(row_json)
            except (ValueError, RecursionError):
                row = None
            if not isinstance(row, dict) or row.get("id") != record_id or \
                    not set(row) <= set(all_columns(table)):
                raise _not_a_copy(path, f"{where} bevat geen geldig record")
            check_row(table, {c: row.get(c) for c in all_columns(table)})
    cur = conn.execute("SELECT table_name, record_id, version, parent FROM record_versions")
    while batch := cur.fetchmany(2000):
        for edge in batch:
            if edge[0] not in MERGED_TABLES or not all(isinstance(v, str) for v in edge):
                raise _not_a_copy(path, f"de geschiedenis van record {str(edge[1])[:40]!r} is onleesbaar")
    owner = copy_owner(conn)
    if owner is not None and not isinstance(owner, str):  # also text that is not UTF-8
        raise _not_a_copy(path, "de eigenaar van de kopie is onleesbaar")
    bad = attachments.bad_attachment(conn)  # an attachment is copied only if it is what it says
    if bad:
        raise _not_a_copy(path, bad)


def _row(conn: sqlite3.Connection, table: str, record_id: str) -> dict | None:
    cols = all_columns(table)
    found = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}] WHERE id = ?",
                         (record_id,)).fetchone()
    return dict(zip(cols, found)) if found else None


def _edges(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT table_name, record_id, version, parent FROM record_versions").fetchall()


def _open_conflicts(conn: sqlite3.Connection) -> list[dict]:
    cur = conn.execute("SELECT * FROM merge_conflicts WHERE status = 'open'")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


class History:
    """The version graph of every record, as "version came from parent" edges."""

    def __init__(self, edges: list[tuple]):
        self.parents: dict[str, dict[str, set[str]]] = {}
        for _table, record_id, version, parent in edges:
            self.add(record_id, version, parent)

    def add(self, record_id: str, version: str, parent: str) -> None:
        self.parents.setdefault(record_id, {}).setdefault(version, set()).add(parent)

    def is_ancestor(self, record_id: str, old: str, new: str) -> bool:
        """True when ``new`` was made (in one or more steps) from ``old``."""
        graph = self.parents.get(record_id)
        if not graph:
            return False
        seen, todo = set(), [new]
        while todo:
            for parent in graph.get(todo.pop(), ()):
                if parent == old:
                    return True
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return False


def _rank(table: str, row: dict) -> tuple:
    """Order of concurrent versions: higher revision, then later change, then version."""
    return (row["revision"], row["updated"] or "", row_version(table, row))


def _stamp_rank(row: dict) -> tuple:
    return (row["updated"] or "", row["updated_by"] or "", row["author"] or "", row["created"] or "")


def visitation_id(conn: sqlite3.Connection) -> tuple[str, str]:
    row = conn.execute("SELECT id, dienst FROM visitation WHERE deleted = 0").fetchone()
    if row is None:
        raise InputError("geen visitatie-record in het bestand")
    return row[0], row[1]


def copy_owner(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'owner_member_id'").fetchone()
    return row[0] if row else None


class Merger:
    """Merges copies into an open store, inside the caller's transaction."""

    def __init__(self, store: VisitationStore):
        self.store = store
        self.conn = store.conn
        self.history = History(_edges(self.conn))

    def _put(self, table: str, row: dict, exists: bool) -> None:
        cols = all_columns(table)
        values = [row.get(c) for c in cols]
        if exists:
            sets = ", ".join(f"[{c}] = ?" for c in cols[1:])
            self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", values[1:] + [row["id"]])
        else:
            marks = ", ".join("?" for _ in cols)
            self.conn.execute(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                              f"VALUES ({marks})", values)

    def _keep_conflict(self, table: str, row: dict, source: str, current: str) -> int:
        """Keep a losing version for the secretary; 1 when it is a new open conflict."""
        record_id, version = row["id"], row_version(table, row)
        known = self.conn.execute(
            "SELECT id, row_json, status FROM merge_conflicts WHERE table_name = ? AND record_id = ? "
            "AND version = ?", (table, record_id, version)).fetchone()
        if known:
            # the same version from two copies (made twice): keep one of them, the same one in
            # every order of merging
            if known[2] == "open" and _stamp_rank(row) > _stamp_rank(json.loads(known[1])):
                self.conn.execute("UPDATE merge_conflicts SET row_json = ?, source = ? WHERE id = ?",
                                  (json.dumps(row, ensure_ascii=False, sort_keys=True), source, known[0]))
            return 0
        others = [v for (v,) in self.conn.execute(
            "SELECT version FROM merge_conflicts WHERE record_id = ? AND status = 'open'", (record_id,))]
        if any(self.history.is_ancestor(record_id, version, v) for v in [current, *others]):
            return 0  # a later version that is kept already includes this one
        self.conn.execute(
            "INSERT INTO merge_conflicts (id, table_name, record_id, version, row_json, source, "
            "detected) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new_id(), table, record_id, version, json.dumps(row, ensure_ascii=False, sort_keys=True),
             source, now_iso()))
        return 1

    def merge(self, copy: sqlite3.Connection, source: str) -> dict:
        """Merge one copy (a read-only connection); returns {added, updated, conflicts,
        attachments} (attachments: the ones copied, each only when this file lacks it)."""
        counts = {"added": 0, "updated": 0, "conflicts": 0}
        cur = copy.execute("SELECT table_name, record_id, version, parent FROM record_versions")
        while edges := cur.fetchmany(2000):  # a batch at a time (the graph keeps them all)
            self.conn.executemany("INSERT OR IGNORE INTO record_versions VALUES (?, ?, ?, ?)", edges)
            for edge in edges:
                self.history.add(*edge[1:])
        for table in MERGED_TABLES:
            for theirs in _rows_of(copy, table):  # a batch at a time: memory stays bounded
                record_id = theirs["id"]
                current = _row(self.conn, table, record_id)
                if current is None:
                    self._put(table, theirs, exists=False)
                    counts["added"] += 1
                    continue
                v_mine, v_theirs = row_version(table, current), row_version(table, theirs)
                if v_mine == v_theirs:
                    if _stamp_rank(theirs) > _stamp_rank(current):  # same change made twice
                        self._put(table, theirs, exists=True)
                elif self.history.is_ancestor(record_id, v_mine, v_theirs):
                    self._put(table, theirs, exists=True)
                    counts["updated"] += 1
                elif self.history.is_ancestor(record_id, v_theirs, v_mine):
                    continue  # we already have what they have, and more
                elif _rank(table, theirs) > _rank(table, current):
                    self._put(table, theirs, exists=True)
                    counts["updated"] += 1
                    counts["conflicts"] += self._keep_conflict(
                        table, current, f"dit bestand, vóór samenvoegen met {source}", v_theirs)
                else:
                    counts["conflicts"] += self._keep_conflict(table, theirs, source, v_mine)
        for conflict in _open_conflicts(copy):  # a secretary's file may carry open ones
            table, row = conflict["table_name"], json.loads(conflict["row_json"])
            now = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (row["id"],))
            cols = [d[0] for d in now.description]
            found = now.fetchone()
            if found is not None:
                counts["conflicts"] += self._keep_conflict(
                    table, row, conflict["source"] or source, row_version(table, dict(zip(cols, found))))
        # a copy handed out without attachments has none: nothing here is removed
        counts["attachments"] = attachments.copy_missing(self.conn, copy)
        return counts

    def prune(self) -> None:
        """Drop open conflicts that later versions already include (or that are current)."""
        conflicts = _open_conflicts(self.conn)
        by_record: dict[tuple, list[dict]] = {}
        for c in conflicts:
            by_record.setdefault((c["table_name"], c["record_id"]), []).append(c)
        for (table, record_id), group in by_record.items():
            current = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (record_id,))
            cols = [d[0] for d in current.description]
            row = current.fetchone()
            if row is None:
                continue
            v_current = row_version(table, dict(zip(cols, row)))
            versions = [c["version"] for c in group]
            for c in group:
                v = c["version"]
                superseded = (v == v_current or self.history.is_ancestor(record_id, v, v_current)
                              or any(self.history.is_ancestor(record_id, v, other)
                                     for other in versions if other != v))
                if superseded:
                    self.conn.execute("DELETE FROM merge_conflicts WHERE id = ?", (c["id"],))

    def log(self, source: str, member: str | None, counts: dict) -> None:
        self.conn.execute("INSERT INTO merge_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (new_id(), now_iso(), source, member, counts["added"], counts["updated"],
                           counts["conflicts"]))


def record_merge_version(store: VisitationStore, table: str, record_id: str, values: dict,
                         absorbed: list[str], author: str | None) -> dict:
    """A new version of a record that includes the ``absorbed`` (conflicting) versions:
    its revision is above all of them and its history points at each, so merging the same
    copy again does not bring the conflict back."""
    before = store.raw(table, record_id)
    revisions = [before["revision"]] + [int(v.split(":", 1)[0]) for v in absorbed]
    row = {k: v for k, v in values.items() if k in COLUMNS[table] or k == "deleted"}
    row.update(revision=max(revisions) + 1, updated=now_iso(), updated_by=author)
    sets = ", ".join(f"[{c}] = ?" for c in row)
    store.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*row.values(), record_id])
    after = store.raw(table, record_id)
    v_after = row_version(table, after)
    for parent in [row_version(table, before), *absorbed]:
        store.conn.execute("INSERT OR IGNORE INTO record_versions VALUES (?, ?, ?, ?)",
                           (table, record_id, v_after, parent))
    return after


def merge_files(store: VisitationStore, paths: list[Path | str],
                validate: Validator | None = None,
                key_of: Callable[[Path], Key | str | None] | None = None) -> dict:
    """Merge members' copies into ``store``: all copies are checked first (``read_copy``,
    ``check_copy`` with ``validate``: a record's problems against the framework), then a
    backup is made and everything is merged in one transaction (all or nothing).
    ``key_of(path)`` gives an encrypted copy's passphrase (asked only for those; None or no
    ``key_of``: the store's own)."""
    from visitor_app.store import backup

    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("geen kopieën opgegeven om samen te voegen")
    own = store.raw("visitation", visitation_id(store.conn)[0])

    def exists(table: str, record_id: str) -> bool:
        with store.reader() as conn:
            return _row(conn, table, record_id) is not None

    with contextlib.ExitStack() as stack:
        copies = []
        for path in paths:
            if path.exists() and path.resolve() == store.path.resolve():
                raise InputError(f"{path}: dit is het bestand zelf; kies de kopieën van de "
                                 "commissieleden. Er is niets samengevoegd.")
            key = None
            if is_encrypted(path):
                key = key_of(path) if key_of is not None else None
                key = store.key if key is None else key
            conn = stack.enter_context(read_copy(path, key))
            check_copy(conn, path, own, validate, exists)
            copies.append((path, conn))
        saved = backup.make_backup(store.path, "voor-samenvoegen", key=store.key)
        results = []
        # the window reads the backup (the state before the merge) until the merge is in
        with store.reads_from(saved), store.transaction():
            merger = Merger(store)
            for path, conn in copies:
                counts = merger.merge(conn, path.name)
                owner = copy_owner(conn)
                merger.log(path.name, owner, counts)
                results.append({"file": str(path), "member_id": owner, **counts})
            merger.prune()
            still_open = len(store.open_conflicts())
    return {"copies": results,
            "added": sum(r["added"] for r in results),
            "updated": sum(r["updated"] for r in results),
            "conflicts": sum(r["conflicts"] for r in results),
            "attachments": sum(r["attachments"] for r in results),
            "open_conflicts": still_open,
            "backup": str(saved)}


def hand_out(store: VisitationStore, target: Path | str, meta: dict[str, str],
             key: Key | str | None = None, overwrite: bool = False,
             with_attachments: bool = True) -> Path:
    """A copy of the file for one member: a consistent snapshot without this file's drafts,
    conflicts and merge log, stamped with ``meta`` (file_meta). Refuses an existing target,
    unless ``overwrite`` (the caller asked the user, holds the target's lock and kept a copy
    of it): then the copy is written beside it and renamed over it (atomic_write).
    Without ``with_attachments`` the documents' attachments are left out (their records
    stay, unchanged; the copy is vacuumed so their bytes are gone from it).
    With ``key`` the copy is encrypted with that passphrase (its own salt); a copy of an
    encrypted file is always encrypted (InputError without a key)."""
    target = Path(target)
    key = as_key(key)
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: map bestaat niet")
    store.verify()  # a damaged file is not handed out: its damage would come back in the merge
    if store.key is not None and key is None:
        raise InputError(f"{target}: een kopie van een versleutelde visitatie wordt ook versleuteld; "
                         "geef een wachtwoord voor de kopie. Er is niets gemaakt.")

    def fill(tmp: Path, dst_key: Key | None) -> None:
        dst = connect(tmp, pragmas=(), key=dst_key)
        try:
            with store.reader() as src:  # the committed state; writers need not wait
                src.backup(dst)
            dst.execute("BEGIN IMMEDIATE")
            for table in ("drafts", "merge_conflicts", "merge_log", "file_meta"):
                dst.execute(f"DELETE FROM [{table}]")
            dst.executemany("INSERT INTO file_meta VALUES (?, ?)", sorted(meta.items()))
            dropped = 0 if with_attachments else attachments.drop_all(dst)
            dst.execute("COMMIT")
            if dropped:
                dst.execute("VACUUM")
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()

    def write(tmp: Path) -> None:
        if store.key is not None or key is None:  # the backup API re-encrypts with the copy's key
            fill(tmp, key)
            return
        with scratch_dir("uitgifte") as folder:  # plain file, encrypted copy (store/scratch.py)
            plain = folder / target.name
            fill(plain, None)
            tmp.unlink()
            export_to(plain, None, tmp, key)

    return atomic_write(target, write, overwrite=overwrite)
