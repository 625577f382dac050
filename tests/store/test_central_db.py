"""The central rode-draden file: made all or nothing and owner-only, opened like the visitation file."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing

import pytest

from tests.store.conftest import crash_mid_write
from visitor_app.errors import InputError
from visitor_app.store import central_db
from visitor_app.store.central_db import CENTRAL_APPLICATION_ID, CENTRAL_SCHEMA_VERSION, CentralStore
from visitor_app.store.connection import read_header


def _row(vid: str = "v1") -> dict:
    return {"visitation_id": vid, "dienst": "OD Proefpolder", "start": "2026-03-10",
            "end": "2026-03-11", "framework_id": "kader", "framework_version": "1",
            "framework_json": "{}", "exported": "2026-03-12T10:00:00Z", "app_version": "0",
            "digest": "sha256:0", "source_file": None, "imported": "2026-03-12T11:00:00Z"}


def _findings(n: int) -> list[dict]:
    return [{"position": i, "theme": "t", "subtheme": None, "kind": "k",
             "text": f"bevinding {i} " + "x" * 400} for i in range(n)]


def test_a_new_central_file_is_complete_owner_only_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "centraal.db"
    store = CentralStore.create(path)
    try:
        pragmas = {p: store.conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("journal_mode", "synchronous", "foreign_keys")}
        assert pragmas == {"journal_mode": "delete", "synchronous": 3, "foreign_keys": 1}
    finally:
        store.close()
    header = read_header(path)
    assert header.application_id == CENTRAL_APPLICATION_ID and header.user_version == CENTRAL_SCHEMA_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centraal.db"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_create_that_fails_halfway_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(central_db, "SCHEMA_SQL", central_db.SCHEMA_SQL + ("CREATE TABLE kapot (",))
    with pytest.raises(sqlite3.OperationalError):
        CentralStore.create(tmp_path / "centraal.db")
    assert list(tmp_path.iterdir()) == []


def test_a_file_made_meanwhile_by_another_program_is_never_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "centraal.db"
    real = central_db._connect

    def racing(tmp):
        path.write_bytes(b"van een ander programma")
        return real(tmp)

    monkeypatch.setattr(central_db, "_connect", racing)
    with pytest.raises(InputError, match="bestaat al"):
        CentralStore.create(path)
    assert path.read_bytes() == b"van een ander programma"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centraal.db"]


def test_an_existing_file_or_a_missing_folder_is_refused_in_dutch(tmp_path):
    existing = tmp_path / "centraal.db"
    existing.write_bytes(b"iets")
    with pytest.raises(InputError, match="bestaat al"):
        CentralStore.create(existing)
    with pytest.raises(InputError, match="map bestaat niet"):
        CentralStore.create(tmp_path / "weg" / "centraal.db")
    assert existing.read_bytes() == b"iets"


def test_a_write_cut_off_by_a_crash_is_rolled_back_on_open(tmp_path):
    path = tmp_path / "centraal.db"
    with closing(CentralStore.create(path)) as store:
        with store.transaction():
            store.replace_package(_row(), _findings(300), [])
    journal = crash_mid_write(path, "UPDATE findings SET text = text || ' half geschreven'")
    with closing(CentralStore.open(path)) as store:
        texts = [f["text"] for f in store.findings()]
    assert len(texts) == 300 and not any("half geschreven" in t for t in texts)
    assert not journal.exists()
