"""Schema of the visitation file, and its migrations.

Schema version lives in PRAGMA user_version; the file type in PRAGMA
application_id. A new file is created at SCHEMA_VERSION directly. An older file
is migrated by MIGRATIONS[v] (v -> v+1) inside one transaction, after a backup.
"""

from __future__ import annotations

from typing import Callable

APPLICATION_ID = 0x56495354  # "VIST"
SCHEMA_VERSION = 3

COMMON = {
    "id": str,
    "author": str,
    "created": str,
    "updated": str,
    "updated_by": str,
    "revision": int,
    "deleted": int,
}

# table -> Dutch singular name (for messages). Every one of these has the COMMON columns.
TABLES = {
    "visitation": "visitatie",
    "members": "commissielid",
    "sessions": "programmaonderdeel",
    "observations": "waarneming",
    "case_files": "zaakdossier",
    "partner_interviews": "partnergesprek",
    "assessments": "oordeel",
    "findings": "bevinding",
    "finding_links": "koppeling bevinding-waarneming",
    "drafts": "concepttekst",
    "report_sections": "rapporttekst",
}

COLUMNS: dict[str, dict[str, type]] = {
    "visitation": {"dienst": str, "start": str, "end": str, "status": str,
                   "framework_id": str, "framework_version": str, "framework_json": str,
                   "notes": str},
    "members": {"name": str, "role": str},
    "sessions": {"day": int, "start": str, "end": str, "conversation": str, "title": str,
                 "participants": str, "themes": str, "optional": int, "notes": str},
    "observations": {"theme": str, "subtheme": str, "kind": str, "text": str,
                     "session_id": str, "case_file_id": str, "partner_interview_id": str,
                     "evidence": str, "pinned": int},
    "case_files": {"template": str, "session_id": str, "fields": str},
    "partner_interviews": {"template": str, "session_id": str, "fields": str},
    "assessments": {"item": str, "value": str, "toelichting": str},
    "findings": {"theme": str, "subtheme": str, "kind": str, "text": str, "position": float},
    "finding_links": {"finding_id": str, "observation_id": str},
    "drafts": {"key": str, "text": str},
    "report_sections": {"section": str, "text": str},
}

JSON_COLUMNS = {
    "sessions": ("participants", "themes"),
    "case_files": ("fields",),
    "partner_interviews": ("fields",),
}

INDEXES = {
    "observations": [["theme", "kind"], ["session_id"]],
    "sessions": [["day", "start"]],
    "finding_links": [["finding_id"], ["observation_id"]],
    "assessments": [["item"]],
    "report_sections": [["section"]],
}


# Tables that stay with one file: never merged, emptied in a hand-out copy.
LOCAL_TABLES = ("drafts",)
# Records merged between members' copies (union by id, newest revision wins).
MERGED_TABLES = tuple(t for t in TABLES if t not in LOCAL_TABLES)

# Bookkeeping for merging (schema 3), plain tables without the COMMON columns:
# - record_versions: the history of every record, as edges "version came from parent". A
#   version is "REVISION:HASH" of the record's content; a record without edges is a root.
#   Merging uses it to tell "changed on one side" (fast-forward) from "changed on both".
# - merge_conflicts: versions that lost against a concurrent change, kept for the secretary.
# - file_meta: facts about this copy (whose copy it is, where it came from).
# - merge_log: every copy merged into this file, with what it brought.
BOOKKEEPING_SQL = (
    """CREATE TABLE IF NOT EXISTS record_versions (
        table_name TEXT NOT NULL, record_id TEXT NOT NULL, version TEXT NOT NULL,
        parent TEXT NOT NULL, UNIQUE (record_id, version, parent))""",
    """CREATE TABLE IF NOT EXISTS merge_conflicts (
        id TEXT PRIMARY KEY, table_name TEXT NOT NULL, record_id TEXT NOT NULL,
        version TEXT NOT NULL, row_json TEXT NOT NULL, source TEXT, detected TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open', resolution TEXT, resolved TEXT, resolved_by TEXT)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS merge_conflicts_version ON merge_conflicts "
    "(table_name, record_id, version)",
    "CREATE TABLE IF NOT EXISTS file_meta (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS merge_log (
        id TEXT PRIMARY KEY, merged_at TEXT NOT NULL, source TEXT NOT NULL, copy_member TEXT,
        added INTEGER NOT NULL, updated INTEGER NOT NULL, conflicts INTEGER NOT NULL)""",
)


def create_bookkeeping(conn) -> None:
    for sql in BOOKKEEPING_SQL:
        conn.execute(sql)


def create_table(db, table: str) -> None:
    db[table].create({**COMMON, **COLUMNS[table]}, pk="id",
                     not_null={"created", "updated", "revision", "deleted"},
                     defaults={"deleted": 0, "revision": 1})
    for cols in INDEXES.get(table, []):
        db[table].create_index(cols)


def create_schema(db) -> None:
    """Create every table on a sqlite_utils.Database."""
    for table in COLUMNS:
        create_table(db, table)
    db["observations"].enable_fts(["text", "evidence"], create_triggers=True,
                                  tokenize="unicode61 remove_diacritics 2")
    create_bookkeeping(db.conn)


# v -> function migrating a file from schema v to v+1, run inside one transaction.
def _v1_to_v2(db) -> None:
    """Schema 2: the secretaries' free text sections of the report."""
    create_table(db, "report_sections")


def _v2_to_v3(db) -> None:
    """Schema 3: record history and conflict list for merging members' copies."""
    create_bookkeeping(db.conn)


MIGRATIONS: dict[int, Callable] = {1: _v1_to_v2, 2: _v2_to_v3}  # each takes a sqlite_utils.Database
