"""Upgrading an older visitation file: one step per schema version.

``MIGRATIONS[v]`` takes a file from schema v to v+1. ``upgrade`` runs every step the file
needs inside one transaction (the caller makes a backup first): all steps or none.
A step takes a sqlite_utils.Database on the file's connection.

Adding a field to a record kind: declare it in visitor_app.domain.records, bump
SCHEMA_VERSION, and add a step that calls ``add_column(db, table, name)``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from visitor_app.domain.records import RECORDS
from visitor_app.store.schema import (
    COMMON, MERGED_TABLES, create_attachments, create_bookkeeping, create_table, create_trigram_index,
    stored_default)
from visitor_app.store.versions import row_version

SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "INTEGER", "json": "TEXT",
             "bytes": "BLOB"}


def _literal(value) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def add_column(db, table: str, name: str) -> None:
    """Add the declared field ``name`` of ``table`` to the file; existing rows read its default."""
    field = RECORDS[table].field(name)
    default = stored_default(field)
    sql = f"ALTER TABLE [{table}] ADD COLUMN [{name}] {SQL_TYPES[field.type]}"
    if default is not None:
        sql += f" DEFAULT {_literal(default)}"
    db.execute(sql)


def _v1_to_v2(db) -> None:
    """Schema 2: the secretaries' free text sections of the report."""
    create_table(db, "report_sections")


def _v2_to_v3(db) -> None:
    """Schema 3: record history and conflict list for merging members' copies."""
    create_bookkeeping(db.conn)


def _v3_version(table: str, raw: dict, columns: list[str]) -> str:
    """A version as schema 3 computed it: every column of the table as stored, defaults too."""
    content = {col: raw.get(col) for col in columns}
    content["deleted"] = int(bool(raw.get("deleted")))
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{raw['revision']}:{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:20]}"


def _v3_to_v4(db) -> None:
    """Schema 4: versions hash the declared fields, defaults left out (store/versions.py).

    Old history can only be recomputed where the row is still at hand: the current row of
    every record and the row kept with each conflict. Those versions are renamed from the
    old hash to the new one wherever they occur, and the old name is kept as an alias
    ("old came from new"), so that a copy still holding old names (a copy handed out
    before the upgrade and changed since) finds the way from its versions to ours. Older
    versions keep their old names; their edges among each other are unchanged.
    (user_version is set when all steps are done, so it still tells where the file started.)
    """
    conn = db.conn
    if conn.execute("PRAGMA user_version").fetchone()[0] < 3:
        return  # upgraded from before schema 3 in this same run: no versions were ever handed out
    has_history = {r for (r,) in conn.execute("SELECT DISTINCT record_id FROM record_versions")}
    renames: list[tuple[str, str, str, str]] = []  # (table, record_id, old, new)
    for table in MERGED_TABLES:
        if not db[table].exists():
            continue
        cur = conn.execute(f"SELECT * FROM [{table}]")
        names = [d[0] for d in cur.description]
        own = [c for c in names if c not in COMMON]
        for values in cur.fetchall():
            raw = dict(zip(names, values))
            renames.append((table, raw["id"], _v3_version(table, raw, own), row_version(table, raw)))
    for conflict_id, table, record_id, old, row_json in conn.execute(
            "SELECT id, table_name, record_id, version, row_json FROM merge_conflicts").fetchall():
        new = row_version(table, json.loads(row_json))
        conn.execute("UPDATE merge_conflicts SET version = ? WHERE id = ?", (new, conflict_id))
        renames.append((table, record_id, old, new))
    for table, record_id, old, new in renames:
        if old == new:
            continue
        if record_id in has_history:
            for column in ("version", "parent"):
                conn.execute(f"UPDATE OR IGNORE record_versions SET {column} = ? "
                             f"WHERE record_id = ? AND {column} = ?", (new, record_id, old))
                conn.execute(f"DELETE FROM record_versions WHERE record_id = ? AND {column} = ?",
                             (record_id, old))
        conn.execute("INSERT OR IGNORE INTO record_versions VALUES (?, ?, ?, ?)",
                     (table, record_id, old, new))


def _v4_to_v5(db) -> None:
    """Schema 5: the secretary's de-identification decisions (services/privacy.py)."""
    create_table(db, "privacy_decisions")


def _v6_trigram(db) -> None:
    """Schema 6: the trigram index beside the word index (search finds parts of words:
    "besluit" finds "mandaatbesluit"), filled from the observations already there."""
    create_trigram_index(db.conn, fill=True)


def _v6_drafts(db) -> None:
    """Drafts keep the theme, subtheme and kind chosen beside the text and the conversation
    it was typed for; one row keeps where the member was (services/drafts.py)."""
    for name in ("theme", "subtheme", "kind", "session_id"):
        add_column(db, "drafts", name)


# Schema 6 (issue 14) is made of independent steps, one per change; each adds its own
# function here. They run in this order, in the one transaction of ``upgrade``.
def _v6_question_ticks(db) -> None:
    """Schema 6: guide questions ticked off as discussed, per session (services/questions.py)."""
    create_table(db, "question_ticks")


def _v6_documents(db) -> None:
    """The documents register (issue 15): its records, their attachments (stored once by
    hash), and an observation's document and page (a reading note)."""
    create_table(db, "documents")
    create_attachments(db.conn)
    add_column(db, "observations", "document_id")
    add_column(db, "observations", "page")


def _v6_previous(db) -> None:
    """The previous visitation's recommendations and their opvolging (issue 15)."""
    create_table(db, "previous_recommendations")
    create_table(db, "previous_links")


V6_STEPS: tuple[Callable, ...] = (_v6_question_ticks, _v6_trigram, _v6_documents, _v6_drafts,
                                  _v6_previous)


def _v5_to_v6(db) -> None:
    """Schema 6: the steps of V6_STEPS (the two days of a visit, issue 14)."""
    for step in V6_STEPS:
        step(db)


def _v6_to_v7(db) -> None:
    """Schema 7: questions members prepare themselves, and the zelfevaluatie summary per
    theme (issue 15; services/preparation.py)."""
    create_table(db, "own_questions")
    create_table(db, "self_evaluations")


MIGRATIONS: dict[int, Callable] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                   5: _v5_to_v6, 6: _v6_to_v7}


def upgrade(db, version: int, target: int) -> None:
    """Run the steps from ``version`` to ``target`` and set user_version, in one transaction."""
    with db.atomic():
        for v in range(version, target):
            MIGRATIONS[v](db)
        db.conn.execute(f"PRAGMA user_version={target}")
