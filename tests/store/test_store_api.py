"""The store's public reading API, its guard against SQL in arguments, and reads from other
threads that do not wait for a long write."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from visitor_app.services import Visitation
from visitor_app.errors import NotFoundError
from visitor_app.store import merge
from visitor_app.store.visitation_file import VisitationStore


@pytest.fixture
def store(tmp_path):
    s = VisitationStore.create(tmp_path / "v.visitatie", {"dienst": "OD Api", "start": "2026-03-10",
                                                          "end": "2026-03-11", "framework_json": "{}"})
    yield s
    s.close()


def observation(store, text="Het bestuur stuurt op hoofdlijnen", **more):
    return store.insert("observations", {"theme": "t", "kind": "k", "text": text, **more})


def test_raw_is_as_stored_and_decode_makes_it_usable(store):
    sid = store.insert("sessions", {"day": 1, "start": "09:00", "end": "10:00", "conversation": "c",
                                    "participants": [{"function": "directeur"}], "optional": True})
    store.delete("sessions", sid)
    raw = store.raw("sessions", sid)  # tombstones included
    assert raw["deleted"] == 1 and raw["optional"] == 1
    assert json.loads(raw["participants"]) == [{"function": "directeur"}]
    decoded = store.decode("sessions", raw)
    assert decoded["deleted"] is True and decoded["optional"] is True
    assert decoded["participants"] == [{"function": "directeur"}]
    with pytest.raises(NotFoundError, match="programmaonderdeel 'nee' niet gevonden"):
        store.raw("sessions", "nee")


def test_rows_orders_by_known_columns_only(store):
    first = observation(store, "a")
    second = observation(store, "b")
    store.update("observations", first, {"text": "a2"})
    assert [r["id"] for r in store.rows("observations", order_by="updated DESC, id")] == [first, second]
    assert [r["id"] for r in store.rows("observations", order_by=["text desc"])] == [second, first]
    for bad in ("text; DROP TABLE observations", "text DESC NULLS FIRST", "onbekend", "(SELECT 1)"):
        with pytest.raises(ValueError):
            store.rows("observations", order_by=bad)
    with pytest.raises(ValueError, match="unknown column"):
        store.count_by("observations", ("theme) FROM observations --",))
    assert store.count("observations") == 2


def team_conflict(store):
    """A stored open conflict, as merging leaves it."""
    obs = observation(store)
    other = {**store.raw("observations", obs), "text": "andere versie", "revision": 2}
    store.conn.execute("INSERT INTO merge_conflicts (id, table_name, record_id, version, row_json, "
                       "source, detected) VALUES ('c1', 'observations', ?, '2:x', ?, 'ilse.visitatie', 'nu')",
                       (obs, json.dumps(other)))
    return obs


def test_open_conflicts_and_resolving_one(store):
    team_conflict(store)
    [open_one] = store.open_conflicts()
    assert store.conflict("c1") == open_one and json.loads(open_one["row_json"])["text"] == "andere versie"
    store.mark_conflict_resolved("c1", "other", "lid-1")
    assert store.open_conflicts() == [] and store.conflict("c1") is None
    [done] = store.bookkeeping("merge_conflicts")
    assert (done["status"], done["resolution"], done["resolved_by"]) == ("opgelost", "other", "lid-1")
    with pytest.raises(NotFoundError, match="al opgelost"):
        store.mark_conflict_resolved("c1", "current", "lid-1")


def test_bookkeeping_lists_each_table_in_a_stable_order(store):
    obs = observation(store)
    store.update("observations", obs, {"text": "twee"})
    store.update("observations", obs, {"text": "drie"})
    history = store.bookkeeping("record_versions")
    assert len(history) == 2 and history == sorted(history, key=lambda r: (r["record_id"], r["version"],
                                                                           r["parent"]))
    store.conn.execute("INSERT INTO file_meta VALUES ('owner_member_id', 'lid-1')")
    assert store.bookkeeping("file_meta") == [{"key": "owner_member_id", "value": "lid-1"}]
    assert store.meta("owner_member_id") == "lid-1" and store.meta("onbekend") is None
    assert store.bookkeeping("merge_log") == []
    with pytest.raises(ValueError):
        store.bookkeeping("observations")


def read_during(write, read):
    """Run ``write(pause)`` in a thread; ``pause()``, called inside the write, waits there
    until ``read()`` (run in another thread meanwhile) is done, or 10 s. Returns whether
    the read finished while the writer was still inside, and what it read."""
    inside, release, writer_done, read_done = (threading.Event() for _ in range(4))
    result = []

    def pause():
        inside.set()
        release.wait(10)

    def writer_thread():
        try:
            write(pause)
        finally:
            writer_done.set()

    def reader_thread():
        result.append(read())
        read_done.set()

    writer = threading.Thread(target=writer_thread)
    writer.start()
    assert inside.wait(10)
    threading.Thread(target=reader_thread).start()
    during = read_done.wait(10) and not writer_done.is_set()
    release.set()
    writer.join(10)
    assert read_done.wait(10)
    return during, result[0]


def test_a_read_from_another_thread_does_not_wait_for_a_long_transaction(store):
    """The window reads while a merge holds its transaction: it gets the committed state at
    once instead of freezing until the merge is done."""
    obs = observation(store, "vastgelegd")
    seen_by_writer = []

    def long_write(pause):
        with store.transaction():
            store.update("observations", obs, {"text": "nog bezig"})
            seen_by_writer.append(store.get("observations", obs)["text"])  # its own change
            pause()

    during, seen = read_during(long_write, lambda: [r["text"] for r in store.rows("observations")])
    assert during
    assert seen == ["vastgelegd"]  # the committed state, not the unfinished change
    assert seen_by_writer == ["nog bezig"]
    assert store.get("observations", obs)["text"] == "nog bezig"  # committed: seen at once


def member_copy(visit, path, member: str):
    """A copy handed out to ``member`` with one observation of their own ("Uit de kopie")."""
    theme, kind = visit.framework.themes[0]["id"], visit.framework.observation_kinds[0]["id"]
    visit.team.hand_out(member, path)
    with Visitation.open(path) as copy:
        copy.observations.add(theme, kind, "Uit de kopie")
    return theme, kind


def test_the_views_can_read_while_a_merge_runs(visit, tmp_path, monkeypatch):
    copy = tmp_path / "ilse.visitatie"
    theme, kind = member_copy(visit, copy, "Ilse Voorthuis")
    visit.observations.add(theme, kind, "Al in het bestand")

    def merge_with_pause(pause):
        prune = merge.Merger.prune
        monkeypatch.setattr(merge.Merger, "prune", lambda self: (pause(), prune(self)))
        visit.team.merge([copy])

    during, seen = read_during(merge_with_pause, lambda: [o["text"] for o in visit.observations.list()])
    assert during and seen == ["Al in het bestand"]
    assert {o["text"] for o in visit.observations.list()} == {"Al in het bestand", "Uit de kopie"}


def test_a_read_right_after_a_write_sees_it_in_every_thread(store):
    obs = observation(store, "eerst")
    store.update("observations", obs, {"text": "daarna"})
    assert store.get("observations", obs)["text"] == "daarna"
    seen = []
    other = threading.Thread(target=lambda: seen.append(store.get("observations", obs)["text"]))
    other.start()
    other.join(10)
    assert seen == ["daarna"]


def test_while_reading_from_a_snapshot_other_threads_need_no_lock_on_the_file(store, tmp_path):
    """A merge's commit writes every merged page with readers of the file locked out; the
    window reads the backup made just before it (the same committed state) instead."""
    from visitor_app.store import backup
    observation(store, "Al in het bestand")
    snapshot = backup.make_backup(store.path, "test")
    seen, errors = [], []

    def read():
        try:
            seen.append([o["text"] for o in store.rows("observations")])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    blocker = sqlite3.connect(str(store.path), timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # as a commit holds it: readers of the file must wait
    try:
        with store.reads_from(snapshot):
            other = threading.Thread(target=read)
            other.start()
            other.join(30)
    finally:
        blocker.rollback()
        blocker.close()
    assert errors == [] and seen == [["Al in het bestand"]]


def test_a_merge_lets_the_window_read_its_backup_until_the_merge_is_in(visit, tmp_path, monkeypatch):
    copy = tmp_path / "ruben.visitatie"
    member_copy(visit, copy, "Ruben Kasteleijn")
    snapshots = []
    real = VisitationStore.reads_from
    monkeypatch.setattr(VisitationStore, "reads_from",
                        lambda self, path: (snapshots.append(path), real(self, path))[1])
    result = visit.team.merge([copy]).result
    assert [str(p) for p in snapshots] == [result["backup"]]
    assert "Uit de kopie" in [o["text"] for o in visit.observations.list()]
