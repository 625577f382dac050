"""Fixtures for the store tests: pretending the next app version (one more schema step)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from visitor_app.domain import records
from visitor_app.store import migrations, schema, visitation_file

CURRENT = schema.SCHEMA_VERSION
NEXT = CURRENT + 1


@pytest.fixture
def next_schema(monkeypatch):
    """``install(step, table=None, field=None)``: the app now knows schema NEXT, reached by
    ``step``; with ``field`` the record kind ``table`` also declares that field. Undone after."""

    def install(step, table: str | None = None, field: records.Field | None = None) -> None:
        if field is not None:
            record = records.RECORDS[table]
            monkeypatch.setitem(records.RECORDS, table,
                                dataclasses.replace(record, fields=record.fields + (field,)))
            schema.refresh()
        monkeypatch.setattr(visitation_file, "SCHEMA_VERSION", NEXT)
        monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, step)

    yield install
    monkeypatch.undo()
    schema.refresh()


def crash_mid_write(path: Path, sql: str) -> Path:
    """A process dies halfway through the write ``sql`` on ``path``: with a tiny page cache
    SQLite has already written some changed pages into the file, so the journal it leaves
    behind is hot (SQLite would roll it back on the next open). Returns the journal."""
    child = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "c.execute('BEGIN')\n"
        "c.execute(sys.argv[2])\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", child, str(path), sql], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    return journal
