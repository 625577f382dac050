"""The visitation file: durable, self-contained, refuses damage and newer schemas, migrates safely."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from visitor_app.errors import DamagedFileError, FileExistsRefused, NewerSchemaError
from tests.store.conftest import NEXT, crash_mid_write
from visitor_app.store import backup, schema, visitation_file
from visitor_app.store.visitation_file import VisitationStore


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path):
    s = VisitationStore.create(tmp_path / "v.visitatie", {"dienst": "OD Test", "start": "2026-03-10",
                                                          "end": "2026-03-11", "status": "voorbereiding",
                                                          "framework_json": "{}"})
    yield s
    s.close()


def test_a_write_is_visible_to_another_connection_before_close(store):
    obs_id = store.insert("observations", {"theme": "t", "kind": "k", "text": "eerste notitie"})
    other = sqlite3.connect(store.path)  # as if the laptop died now and the file was reopened
    assert other.execute("SELECT text FROM observations WHERE id=?", (obs_id,)).fetchone() == (
        "eerste notitie",)
    other.close()


def test_durability_settings(store):
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 3  # EXTRA
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_closed_file_is_one_self_contained_file(store, tmp_path):
    store.insert("observations", {"theme": "t", "kind": "k", "text": "x"})
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.visitatie"]


def test_revisions_timestamps_and_tombstones(store):
    obs_id = store.insert("observations", {"theme": "t", "kind": "k", "text": "a"}, author="m1")
    first = store.get("observations", obs_id)
    assert first["revision"] == 1 and first["author"] == "m1" and len(first["id"]) == 32
    second = store.update("observations", obs_id, {"text": "b"}, author="m2")
    assert second["revision"] == 2 and second["updated"] > first["updated"]
    assert second["author"] == "m1" and second["updated_by"] == "m2"
    store.delete("observations", obs_id)
    assert store.rows("observations") == []
    kept = store.rows("observations", include_deleted=True)
    assert kept[0]["deleted"] and kept[0]["text"] == "b" and kept[0]["revision"] == 3


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert("observations", {"theme": "t", "kind": "k", "text": "half"})
            raise RuntimeError("stroom weg")
    assert store.rows("observations") == []


def test_search_index_follows_edits_and_deletes(store):
    obs_id = store.insert("observations", {"theme": "t", "kind": "k", "text": "kalibreersessies ontbreken"})
    assert [r["id"] for r in store.search(["kalibreer"])] == [obs_id]
    assert [r["id"] for r in store.search(["sessies"])] == [obs_id]  # a part of a word: the trigram index
    store.update("observations", obs_id, {"text": "vier-ogenprincipe werkt"})
    assert store.search(["kalibreer"]) == [] and store.search(["sessies"]) == []
    assert [r["id"] for r in store.search(["ogenprincipe"])] == [obs_id]
    assert [r["id"] for r in store.search(["principe"])] == [obs_id]
    store.delete("observations", obs_id)
    assert store.search(["ogenprincipe"]) == [] and store.search(["principe"]) == []
    assert store.integrity_problems() == []


def test_create_refuses_to_overwrite(store):
    before = sha(store.path)
    with pytest.raises(FileExistsRefused, match="bestaat al"):
        VisitationStore.create(store.path, {"dienst": "x"})
    assert sha(store.path) == before


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "other_sqlite", "zeroed_middle"])
def test_damaged_files_are_refused_and_untouched(tmp_path, store, damage):
    for i in range(300):
        store.insert("observations", {"theme": "t", "kind": "k", "text": f"notitie {i} " * 20})
    store.close()
    good = store.path.read_bytes()
    path = tmp_path / "kapot.visitatie"
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(bytes(range(256)) * 40)
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "other_sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
        conn.close()
    elif damage == "zeroed_middle":
        mid = len(good) * 3 // 4  # observation pages, away from the schema at the start
        path.write_bytes(good[:mid] + b"\0" * 8192 + good[mid + 8192:])
    before = sha(path)
    with pytest.raises(DamagedFileError, match="beschadigd"):
        VisitationStore.open(path)
    assert sha(path) == before
    assert not path.with_name(path.name + "-journal").exists()


def test_newer_schema_is_refused_and_untouched(store):
    store.close()
    conn = sqlite3.connect(store.path)
    conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = sha(store.path)
    with pytest.raises(NewerSchemaError, match="nieuwere versie"):
        VisitationStore.open(store.path)
    assert sha(store.path) == before


def test_migration_backs_up_then_upgrades_in_one_transaction(store, next_schema):
    store.insert("observations", {"theme": "t", "kind": "k", "text": "blijft bewaard"})
    store.close()

    def add_column(db):
        db["observations"].add_column("confidence", int)

    next_schema(add_column)
    reopened = VisitationStore.open(store.path)
    try:
        assert reopened.schema_version == NEXT
        assert "confidence" in reopened.db["observations"].columns_dict
        assert [r["text"] for r in reopened.rows("observations")] == ["blijft bewaard"]
    finally:
        reopened.close()
    copies = backup.list_backups(store.path)
    assert len(copies) == 1 and f"voor-migratie-v{NEXT - 1}-naar-v{NEXT}" in copies[0].name
    check = sqlite3.connect(copies[0])
    assert check.execute("PRAGMA user_version").fetchone()[0] == NEXT - 1
    assert check.execute("SELECT text FROM observations").fetchall() == [("blijft bewaard",)]
    check.close()


def test_failing_migration_changes_nothing(store, next_schema):
    store.close()
    before = sha(store.path)

    def broken(db):
        db["observations"].add_column("half", int)
        raise RuntimeError("migratie faalt halverwege")

    next_schema(broken)
    with pytest.raises(RuntimeError):
        VisitationStore.open(store.path)
    assert sha(store.path) == before
    assert len(backup.list_backups(store.path)) == 1


def test_write_cut_off_by_a_crash_is_rolled_back_after_a_backup(tmp_path):
    """A process dies halfway through a big write: the journal stays behind ("hot")."""
    from visitor_app.services import Visitation, check_file
    path = tmp_path / "crash.visitatie"
    with Visitation.create(path, "OD Crash", "2026-03-10", "2026-03-11") as v:
        theme = v.framework.themes[0]["id"]
        v.observations.add_many([{"theme": theme, "kind": "sterk_punt", "text": f"notitie {i} " + "x" * 400}
                            for i in range(300)])
    crash_mid_write(path, "UPDATE observations SET text = text || ' half geschreven'")
    assert check_file(path) == []  # recovered, not "beschadigd"
    with Visitation.open(path, exclusive=True) as v:
        texts = [o["text"] for o in v.observations.list()]
    assert len(texts) == 300 and not any("half geschreven" in t for t in texts)
    copies = backup.list_backups(path)
    assert len(copies) == 1 and "onderbroken" in copies[0].name
    assert copies[0].with_name(copies[0].name + "-journal").exists()
    assert not path.with_name("crash.visitatie-journal").exists()


def _damage_inside(tmp_path, store):
    for i in range(300):
        store.insert("observations", {"theme": "t", "kind": "k", "text": f"notitie {i} " * 20})
    store.close()
    good = store.path.read_bytes()
    path = tmp_path / "van-binnen-kapot.visitatie"
    mid = len(good) * 3 // 4  # observation pages, away from the schema at the start
    path.write_bytes(good[:mid] + b"\0" * 8192 + good[mid + 8192:])
    return path


def test_deferred_check_runs_before_the_first_write_and_refuses_damage(tmp_path, store):
    path = _damage_inside(tmp_path, store)
    before = sha(path)
    info = visitation_file.inspect_file(path, deep=False)  # the header looks fine
    late = VisitationStore.open(path, inspected=info)
    try:
        assert late.verified is False
        with pytest.raises(DamagedFileError, match="beschadigd"):
            late.insert("observations", {"theme": "t", "kind": "k", "text": "mag er niet in"})
        with pytest.raises(DamagedFileError):  # and it stays refused
            late.update("visitation", "x", {"notes": "nee"})
    finally:
        late.close()
    assert sha(path) == before


def test_a_stored_schema_1_file_is_upgraded_after_a_backup(tmp_path):
    """tests/fixtures/schema_v1.visitatie: the demo as the first release wrote it."""
    import shutil

    from tests.conftest import ROOT
    from visitor_app.services import Visitation
    path = tmp_path / "oud.visitatie"
    shutil.copy2(ROOT / "tests/fixtures/schema_v1.visitatie", path)
    with Visitation.open(path) as v:
        assert v.store.schema_version == schema.SCHEMA_VERSION
        assert v.audit.info()["observations"]["total"] == 86
        assert v.audit.check() == []
        assert v.framework.version == "0.1.1"  # the framework it was made with
        assert v.framework.report["sections"]  # report structure filled in from forms/
    copies = backup.list_backups(path)
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM observations").fetchone()[0] == 86
    old.close()
