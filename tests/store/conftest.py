"""Fixtures for the store tests: pretending the next app version (one more schema step)."""

from __future__ import annotations

import dataclasses

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
