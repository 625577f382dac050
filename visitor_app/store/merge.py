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
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from visitor_app.errors import InputError, VisitorError
from visitor_app.store.connection import (
    Key, as_key, connect, connect_readonly, export_to, is_encrypted, snapshot)
from visitor_app.store.files import atomic_write
from visitor_app.store.schema import COLUMNS, COMMON, MERGED_TABLES
from visitor_app.store.visitation_file import (
    VisitationStore,
    inspect_file,
    new_id,
    now_iso,
    recover_interrupted_write,
    row_version,
)

def all_columns(table: str) -> list[str]:
    """Every column of ``table`` (read when needed: a migration may have added one)."""
    return list(COMMON) + list(COLUMNS[table])


@contextlib.contextmanager
def read_copy(path: Path | str, key: Key | str | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a private duplicate of ``path`` (checked, migrated if old).

    Raises DamagedFileError / NewerSchemaError / InputError with the copy's name; the
    member's file and its journal are only read. An encrypted copy needs its ``key`` (the
    duplicate is as encrypted as the copy); a wrong or missing one: PassphraseError.
    """
    path = Path(path)
    if not str(path).strip() or path.is_dir():
        raise InputError(f"{path}: is een map, geen kopie van een visitatie; geef de bestanden op")
    if not path.exists():
        raise InputError(f"{path}: bestand bestaat niet")
    key = as_key(key) if is_encrypted(path) else None
    with tempfile.TemporaryDirectory(prefix="visitatie-kopie-") as tmp:
        dup = Path(tmp) / path.name
        snapshot(path, dup, with_journal=True, key=key)  # a crash's journal comes along, judged in the copy
        try:
            recover_interrupted_write(dup, shown_as=path, key=key)
            info = inspect_file(dup, deep=True, key=key)
            VisitationStore.open(dup, inspected=info, key=key).close()  # migrates an older copy
        except VisitorError as exc:  # name the member's file, not our duplicate
            raise type(exc)(exc.message.replace(str(dup), str(path))) from None
        conn = connect_readonly(dup, key=key)
        try:
            yield conn
        finally:
            conn.close()


def _rows(conn: sqlite3.Connection, table: str) -> dict[str, dict]:
    cols = all_columns(table)
    sql = f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]"
    return {r[0]: dict(zip(cols, r)) for r in conn.execute(sql)}


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
        """Merge one copy (a read-only connection); returns {added, updated, conflicts}."""
        counts = {"added": 0, "updated": 0, "conflicts": 0}
        edges = _edges(copy)
        self.conn.executemany("INSERT OR IGNORE INTO record_versions VALUES (?, ?, ?, ?)", edges)
        for edge in edges:
            self.history.add(*edge[1:])
        for table in MERGED_TABLES:
            mine = _rows(self.conn, table)
            for record_id, theirs in _rows(copy, table).items():
                current = mine.get(record_id)
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
                key_of: Callable[[Path], Key | str | None] | None = None) -> dict:
    """Merge members' copies into ``store``: all copies are checked first, then a backup is
    made and everything is merged in one transaction (all or nothing). ``key_of(path)``
    gives an encrypted copy's passphrase (asked only for those; None or no ``key_of``: the
    store's own)."""
    from visitor_app.store import backup

    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("geen kopieën opgegeven om samen te voegen")
    own_id, own_dienst = visitation_id(store.conn)
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
            their_id, their_dienst = visitation_id(conn)
            if their_id != own_id:
                raise InputError(f"{path}: dit is een bestand van een andere visitatie "
                                 f"({their_dienst}), niet een kopie van deze ({own_dienst}). "
                                 "Er is niets samengevoegd.")
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
            "open_conflicts": still_open,
            "backup": str(saved)}


def hand_out(store: VisitationStore, target: Path | str, meta: dict[str, str],
             key: Key | str | None = None) -> Path:
    """A copy of the file for one member: a consistent snapshot without this file's drafts,
    conflicts and merge log, stamped with ``meta`` (file_meta). Refuses an existing target.
    With ``key`` the copy is encrypted with that passphrase (its own salt); a copy of an
    encrypted file is always encrypted (InputError without a key)."""
    target = Path(target)
    key = as_key(key)
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: map bestaat niet")
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
            dst.execute("COMMIT")
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()

    def write(tmp: Path) -> None:
        if store.key is not None or key is None:  # the backup API re-encrypts with the copy's key
            fill(tmp, key)
            return
        with tempfile.TemporaryDirectory(prefix="visitatie-uitgifte-") as folder:  # plain file, encrypted copy
            plain = Path(folder) / target.name
            fill(plain, None)
            tmp.unlink()
            export_to(plain, None, tmp, key)

    return atomic_write(target, write, overwrite=False)
