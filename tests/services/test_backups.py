"""Backups you can restore (issue 11): rotated snapshots, restoring one, consistent copies,
a copy as a new visitation, and deleting a visitation for good."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import MEMBERS
from visitor_app.errors import FileLockedError, InputError, NotFoundError
from visitor_app.services import Visitation
from visitor_app.services import backups as services
from visitor_app.store import backup


def _note(visit, text: str) -> str:
    fw = visit.framework
    return visit.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], text).id


def _texts(visit) -> list[str]:
    return sorted(o["text"] for o in visit.observations.list())


def _integrity(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def _stamped(path: Path, reason: str, when: datetime) -> Path:
    """A real backup of ``path`` renamed as if made at ``when``."""
    made = backup.make_backup(path, reason)
    target = made.with_name(f"{when.strftime('%Y%m%dT%H%M%S%fZ')}-{reason}.visitatie")
    made.rename(target)
    return target


# -- rotation ---------------------------------------------------------------------------------

def test_rotation_keeps_the_last_ten_and_one_a_day_and_never_a_safety_backup(visit):
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    auto = [_stamped(visit.path, backup.AUTOMATIC, now - timedelta(hours=6 * i)) for i in range(120)]
    safety = [_stamped(visit.path, reason, now - timedelta(days=40 + i)) for i, reason in
              enumerate(("voor-migratie-v3-naar-v4", "voor-samenvoegen", "na-onderbroken-schrijfactie",
                         "voor-herstel"))]
    removed = backup.rotate(visit.path, now=now)
    left = {b.path for b in backup.backups(visit.path)}
    kept_auto = [p for p in auto if p in left]
    assert len(kept_auto) <= backup.KEEP_LAST + backup.KEEP_DAYS
    assert set(auto[:backup.KEEP_LAST]) <= left  # the newest ten
    days = {(now - timedelta(hours=6 * i)).astimezone().date() for i in range(120)}
    recent = {d for d in days if (now.astimezone().date() - d).days < backup.KEEP_DAYS}
    assert {datetime.strptime(p.name[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
            .astimezone().date() for p in kept_auto} == recent  # one (at least) of each recent day
    assert set(safety) <= left and not set(removed) & set(safety)
    assert len(removed) + len(kept_auto) == len(auto)
    assert backup.rotate(visit.path, now=now) == []  # stable


def test_automatic_snapshots_stay_bounded(visit):
    for _ in range(backup.KEEP_LAST + 5):
        visit.backups.snapshot()
    assert len(backup.backups(visit.path)) == backup.KEEP_LAST  # all of today: the last ten


def test_snapshots_on_open_then_at_most_every_interval_while_changing(visit, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    made = visit.backups.snapshot_on_open()
    assert made.parent == backup.backup_dir(visit.path) and "automatisch" in made.name
    _note(visit, "na het openen")
    assert visit.backups.after_change() is None  # too soon
    clock[0] += services.INTERVAL - 1
    assert visit.backups.after_change() is None
    clock[0] += 1
    second = visit.backups.after_change()
    assert second is not None
    with Visitation.open(second) as old:
        assert _texts(old) == ["na het openen"]
    assert visit.backups.on_close() is None  # nothing changed since
    _note(visit, "nog een")
    visit.backups.after_change()
    assert visit.backups.on_close() is not None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_owner_only(visit):
    made = visit.backups.snapshot()
    assert made.stat().st_mode & 0o777 == 0o600
    assert made.parent.stat().st_mode & 0o777 == 0o700


# -- listing and restoring ------------------------------------------------------------------

def test_the_list_shows_time_reason_and_observations(visit):
    _note(visit, "een")
    visit.backups.snapshot()
    _note(visit, "twee")
    backup.make_backup(visit.path, "voor-samenvoegen")
    listed = visit.backups.list()
    assert [b["reason"] for b in listed] == ["voor-samenvoegen", "automatisch"]
    assert [b["observations"] for b in listed] == [2, 1]
    assert all(b["restorable"] and b["size"] > 0 for b in listed)
    assert listed[0]["reason_text"] == "vóór samenvoegen"
    datetime.strptime(listed[0]["time"], "%d-%m-%Y %H:%M:%S")


def test_restore_puts_an_older_set_back_and_keeps_the_replaced_state(visit):
    _note(visit, "oud")
    visit.backups.snapshot()
    _note(visit, "later getypt")
    changes = visit.backups.restore("1")
    assert _texts(visit) == ["oud"]
    assert changes.touches("observations", "findings", "details", "drafts")
    saved = Path(changes.result["saved"])
    assert "voor-herstel" in saved.name
    with Visitation.open(saved) as before:
        assert _texts(before) == ["later getypt", "oud"]
    _note(visit, "na het terugzetten")  # the file goes on as usual
    assert _texts(visit) == ["na het terugzetten", "oud"]
    assert visit.audit.check() == []
    # and going back to the state before the restore works the same way
    visit.backups.restore(saved.name)
    assert _texts(visit) == ["later getypt", "oud"]


def test_restore_refuses_a_copy_of_another_visitation_and_a_damaged_one(visit, new_visit, framework):
    _note(visit, "eigen")
    other = new_visit(framework, name="ander.visitatie", dienst="Omgevingsdienst Elders")
    foreign = backup.make_backup(other.path, "automatisch")
    planted = backup.backup_dir(visit.path) / foreign.name
    backup.backup_dir(visit.path).mkdir(exist_ok=True)
    shutil.copyfile(foreign, planted)
    with pytest.raises(InputError, match="andere visitatie"):
        visit.backups.restore(planted.name)
    damaged = backup.backup_dir(visit.path) / "20260101T000000000000Z-automatisch.visitatie"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(InputError, match="niet terug te zetten|beschadigd"):
        visit.backups.restore(damaged.name)
    with pytest.raises(NotFoundError):
        visit.backups.restore("99")
    assert _texts(visit) == ["eigen"]
    assert not [b for b in visit.backups.list() if b["reason"] == "voor-herstel"]


# -- copies -----------------------------------------------------------------------------------

def test_copies_taken_while_another_process_writes_are_all_sound(tmp_path):
    from tests.store.test_journals import another_process_writing, new_visitation
    path = new_visitation(tmp_path / "druk.visitatie", n=20)
    counts = [20]
    with another_process_writing(path) as written:
        for i in range(10):
            deadline = time.monotonic() + 10
            while backup.describe(path, live=True)["observations"] in (None, counts[-1]) and time.monotonic() < deadline:
                time.sleep(0.005)  # each copy after at least one more commit of the writer
            out = tmp_path / f"kopie-{i}.visitatie"
            services.copy_visitation(path, out)
            assert _integrity(out) == [("ok",)]
            counts.append(backup.describe(out)["observations"])
    assert written[0] > 0 and counts[-1] > counts[0]  # the writer really wrote meanwhile
    with Visitation.open(tmp_path / "kopie-9.visitatie") as copy, Visitation.open(path) as live:
        assert copy.details()["id"] == live.details()["id"]  # a backup copy keeps the id


def test_a_copy_as_new_visitation_gets_its_own_id_and_both_packages_import(tmp_path, framework):
    from visitor_app.rode_draden.database import CentralDb
    from visitor_app.rode_draden.package import export_central
    from visitor_app.store.merge import hand_out
    path = tmp_path / "aardal.visitatie"
    with Visitation.create(path, "OD Aardal", "2026-03-10", "2026-03-11", members=MEMBERS,
                           framework=framework) as visit:
        visit.findings.add(framework.themes[0]["id"], framework.finding_kinds[0]["id"], "Eerste.")
        hand_out(visit.store, tmp_path / "lid.visitatie", {"owner_member_id": visit.members.list()[1]["id"]})
        old_id = visit.details()["id"]
        export_central(visit, tmp_path / "aardal.rodedraden")
    with Visitation.open(tmp_path / "lid.visitatie") as member_copy:
        member_copy.drafts.save("capture:-:-:-", "half getypt in de oude visitatie")
    # start the next visitation from a member's copy: the new one is nobody's copy
    result = services.copy_visitation(tmp_path / "lid.visitatie", tmp_path / "beekdal.visitatie",
                                      new_visitation=True)
    assert result["visitation_id"] != old_id
    with Visitation.open(tmp_path / "beekdal.visitatie") as new:
        assert new.details()["id"] == result["visitation_id"]
        assert new.team.owner() is None and new.team.log() == [] and new.drafts.all() == {}
        assert len(new.findings.list()) == 1 and new.audit.check() == []
        new.update_details(dienst="OD Beekdal")
        export_central(new, tmp_path / "beekdal.rodedraden")
    with CentralDb.open(tmp_path / "centraal.db", create=True) as db:
        assert db.import_package(tmp_path / "aardal.rodedraden")["status"] == "nieuw"
        assert db.import_package(tmp_path / "beekdal.rodedraden")["status"] == "nieuw"
        assert sorted(v["dienst"] for v in db.visitations()) == ["OD Aardal", "OD Beekdal"]


def test_a_copy_never_overwrites(visit, tmp_path):
    out = tmp_path / "bestaat.visitatie"
    out.write_bytes(b"iets")
    with pytest.raises(InputError, match="bestaat al"):
        services.copy_visitation(visit.path, out)
    assert out.read_bytes() == b"iets"
    with pytest.raises(InputError):
        services.copy_visitation(visit.path, visit.path)


# -- deleting for good ------------------------------------------------------------------------

def test_delete_for_good_removes_exactly_the_file_and_its_backups(tmp_path, framework):
    keep = tmp_path / "buurman.visitatie"
    gone = tmp_path / "weg.visitatie"
    for path, dienst in ((keep, "OD Buurman"), (gone, "OD Weg")):
        with Visitation.create(path, dienst, "2026-03-10", "2026-03-11", framework=framework) as v:
            v.drafts.save("capture:-:-:-", "half getypt")
            v.backups.snapshot()
            backup.make_backup(path, "voor-samenvoegen")
    (tmp_path / "notities.txt").write_text("van iemand anders")
    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(InputError, match="bevestiging"):
        services.delete_for_good(gone, "OD Buurman")
    assert {p for p in tmp_path.rglob("*")} == before
    result = services.delete_for_good(gone, "  od   weg ")
    removed = before - {p for p in tmp_path.rglob("*")}
    assert removed == {gone, backup.backup_dir(gone), *backup.backup_dir(gone).glob("*")} | {
        Path(p) for p in result["removed"]}
    assert gone not in {p for p in tmp_path.rglob("*")} and not backup.backup_dir(gone).exists()
    assert len(backup.backups(keep)) == 2 and (tmp_path / "notities.txt").exists()
    with Visitation.open(keep) as v:
        assert v.drafts.all() == {"capture:-:-:-": "half getypt"}


def test_delete_for_good_is_refused_while_the_file_is_open(vfile_open):
    path = vfile_open.path
    with pytest.raises(FileLockedError):
        services.delete_for_good(path, vfile_open.details()["dienst"])
    assert path.exists()


@pytest.fixture
def vfile_open(tmp_path, framework):
    path = tmp_path / "open.visitatie"
    Visitation.create(path, "OD Open", "2026-03-10", "2026-03-11", framework=framework).close()
    visit = Visitation.open(path, exclusive=True)
    yield visit
    visit.close()


def test_restoring_the_backup_made_before_a_migration_upgrades_it_again(tmp_path):
    from tests.conftest import ROOT
    from visitor_app.store.schema import SCHEMA_VERSION
    path = tmp_path / "oud.visitatie"
    shutil.copyfile(ROOT / "tests/fixtures/schema_v1.visitatie", path)
    with Visitation.open(path, exclusive=True) as visit:  # upgraded, after a backup
        before = _texts(visit)
        (old,) = [b for b in visit.backups.list() if b["reason"].startswith("voor-migratie")]
        assert old["restorable"]
        _note(visit, "na het bijwerken")
        visit.backups.restore(old["name"])
        assert _texts(visit) == before
        assert visit.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert visit.audit.check() == []
        _note(visit, "daarna")
    with Visitation.open(path) as again:
        assert "daarna" in _texts(again)


def test_the_backups_made_before_encrypting_or_a_new_passphrase_are_named_in_dutch():
    from visitor_app.services.backups import reason_text
    assert reason_text("voor-versleutelen") == "vóór versleutelen"
    assert reason_text("voor-nieuw-wachtwoord") == "vóór een nieuw wachtwoord"
