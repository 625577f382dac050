"""Schema of the visitation file, derived from the record declarations (visitor_app.domain).

Schema version lives in PRAGMA user_version; the file type in PRAGMA
application_id. A new file is created at SCHEMA_VERSION directly. An older file
is upgraded by visitor_app.store.migrations, one step per version, inside one
transaction, after a backup.
"""

from __future__ import annotations

from visitor_app.domain.records import COMMON as COMMON_FIELDS, RECORDS, Field

APPLICATION_ID = 0x56495354  # "VIST"
SCHEMA_VERSION = 7

# How a declared type is stored in SQLite (the Python type sqlite-utils makes a column of).
STORAGE = {"str": str, "int": int, "float": float, "bool": int, "json": str, "bytes": bytes}

# Derived from RECORDS by refresh() (below, at import): the names the rest of the app uses.
COMMON: dict[str, type] = {}  # every table has these columns
TABLES: dict[str, str] = {}  # table -> Dutch singular name (for messages)
COLUMNS: dict[str, dict[str, type]] = {}  # table -> its own columns -> storage type
FIELDS: dict[str, tuple[Field, ...]] = {}  # table -> its own declared fields
JSON_COLUMNS: dict[str, tuple[str, ...]] = {}  # only tables that have any
BOOL_COLUMNS: dict[str, tuple[str, ...]] = {}  # flags stored 0/1, read as bool; "deleted" in all
# Tables that stay with one file: never merged, emptied in a hand-out copy.
LOCAL_TABLES: tuple[str, ...] = ()
# Records merged between members' copies (union by id, newest revision wins).
MERGED_TABLES: tuple[str, ...] = ()


def refresh() -> None:
    """(Re)derive the names above from RECORDS, in place, so every importer sees the same."""
    global LOCAL_TABLES, MERGED_TABLES
    for derived in (COMMON, TABLES, COLUMNS, FIELDS, JSON_COLUMNS, BOOL_COLUMNS):
        derived.clear()
    COMMON.update({f.name: STORAGE[f.type] for f in COMMON_FIELDS})
    for table, record in RECORDS.items():
        TABLES[table] = record.name
        FIELDS[table] = record.fields
        COLUMNS[table] = {f.name: STORAGE[f.type] for f in record.fields}
        json_cols = tuple(f.name for f in record.fields if f.type == "json")
        if json_cols:
            JSON_COLUMNS[table] = json_cols
        BOOL_COLUMNS[table] = tuple(f.name for f in COMMON_FIELDS + record.fields if f.type == "bool")
    LOCAL_TABLES = tuple(t for t, r in RECORDS.items() if r.local)
    MERGED_TABLES = tuple(t for t in RECORDS if t not in LOCAL_TABLES)


refresh()


def stored_default(f: Field):
    """A field's default as SQLite stores it (a flag as 0/1)."""
    return int(f.default) if f.type == "bool" and f.default is not None else f.default


INDEXES = {
    "observations": [["theme", "kind"], ["session_id"]],
    "sessions": [["day", "start"]],
    "finding_links": [["finding_id"], ["observation_id"]],
    "assessments": [["item"]],
    "report_sections": [["section"]],
    "question_ticks": [["session_id"]],
    "documents": [["attachment_sha256"]],
    "previous_links": [["recommendation_id"]],
}


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


# The documents' attachments (schema 6, issue 15): the bytes of each file once, keyed by their
# sha256 (a document holds the hash, name, size and type; store/attachments.py). Content-
# addressed, so never changed: identical attachments are stored once, merging copies one
# only when its hash is missing here, and a hand-out copy may leave them all out without
# any record changing its version. A plain table like the bookkeeping ones, not a record
# kind: no revision or tombstone (a removed document keeps its attachment for undo).
ATTACHMENTS_SQL = (
    """CREATE TABLE IF NOT EXISTS attachments (
        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL)""",
)
ATTACHMENT_COLUMNS = ["sha256", "size", "data"]


def create_attachments(conn) -> None:
    for sql in ATTACHMENTS_SQL:
        conn.execute(sql)


def create_bookkeeping(conn) -> None:
    for sql in BOOKKEEPING_SQL:
        conn.execute(sql)


def create_table(db, table: str) -> None:
    defaults = {f.name: stored_default(f) for f in COMMON_FIELDS + FIELDS[table] if f.default is not None}
    db[table].create({**COMMON, **COLUMNS[table]}, pk="id",
                     not_null={"created", "updated", "revision", "deleted"}, defaults=defaults)
    for cols in INDEXES.get(table, []):
        db[table].create_index(cols)


def create_schema(db) -> None:
    """Create every table on a sqlite_utils.Database."""
    for table in COLUMNS:
        create_table(db, table)
    db["observations"].enable_fts(["text", "evidence"], create_triggers=True,
                                  tokenize="unicode61 remove_diacritics 2")
    create_trigram_index(db.conn)
    create_bookkeeping(db.conn)
    create_attachments(db.conn)


# The search indexes of the observations' text and evidence: FTS5 tables whose content is
# the observations table itself (external content), kept in step by triggers. The word
# index (sqlite-utils' enable_fts: words, diacritics removed) finds words and their
# beginnings; the trigram index (schema 6) finds any part of a word of 3 or more
# characters, so "besluit" finds "mandaatbesluit" and "handhavingsbesluiten". It is asked
# with LIKE, and stores no positions (detail=none) and no lengths (columnsize=0: it is never
# ranked): 10.8 MB for 14,000 observations where a phrase MATCH (detail=full) would need
# 17 MB; without it the file takes 8.2 MB (bench/bench_search.py).
WORD_INDEX = "observations_fts"
TRIGRAM_INDEX = "observations_tri"
SEARCH_INDEXES = (WORD_INDEX, TRIGRAM_INDEX)
TRIGRAM_SQL = (
    f"""CREATE VIRTUAL TABLE [{TRIGRAM_INDEX}] USING FTS5 (
        [text], [evidence], tokenize='trigram', detail='none', columnsize=0, content='observations',
        content_rowid='rowid')""",
    f"""CREATE TRIGGER [{TRIGRAM_INDEX}_ai] AFTER INSERT ON [observations] BEGIN
        INSERT INTO [{TRIGRAM_INDEX}] (rowid, [text], [evidence])
        VALUES (new.rowid, new.[text], new.[evidence]);
    END""",
    f"""CREATE TRIGGER [{TRIGRAM_INDEX}_ad] AFTER DELETE ON [observations] BEGIN
        INSERT INTO [{TRIGRAM_INDEX}] ([{TRIGRAM_INDEX}], rowid, [text], [evidence])
        VALUES ('delete', old.rowid, old.[text], old.[evidence]);
    END""",
    f"""CREATE TRIGGER [{TRIGRAM_INDEX}_au] AFTER UPDATE ON [observations] BEGIN
        INSERT INTO [{TRIGRAM_INDEX}] ([{TRIGRAM_INDEX}], rowid, [text], [evidence])
        VALUES ('delete', old.rowid, old.[text], old.[evidence]);
        INSERT INTO [{TRIGRAM_INDEX}] (rowid, [text], [evidence])
        VALUES (new.rowid, new.[text], new.[evidence]);
    END""",
)


def create_trigram_index(conn, fill: bool = False) -> None:
    """The trigram index and its triggers; ``fill``: index the observations already there
    (an upgraded file)."""
    for sql in TRIGRAM_SQL:
        conn.execute(sql)
    if fill:
        conn.execute(f"INSERT INTO [{TRIGRAM_INDEX}] ([{TRIGRAM_INDEX}]) VALUES ('rebuild')")
