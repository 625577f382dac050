"""Issue 11, defect 7: a full disk, an I/O error and a read-only file or folder.

Each ends in the Dutch StorageError (exit 8) naming the file, nothing left behind and the
file as it was. Disk full is provoked for real with ``PRAGMA max_page_count`` (SQLite's own
SQLITE_FULL) and by injecting ENOSPC/EIO at the OS calls atomic_write makes; read-only
cases run in tests/test_cli_disk.py through a real child process.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import closed_visitation
from visitor_app.errors import (
    DiskFullError,
    DiskIOError,
    FileLockedError,
    ReadOnlyError,
    StorageError,
    storage_error,
)
from visitor_app.services import Visitation
from visitor_app.store import files as files_module
from visitor_app.store import lock as lock_module
from visitor_app.store.files import atomic_write
from visitor_app.store.lock import FileLock


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def vpath(tmp_path, framework):
    return closed_visitation(tmp_path / "vol.visitatie", framework, "Omgevingsdienst Veenland")


def some_theme_and_kind(visit):
    fw = visit.framework
    return fw.themes[0]["id"], fw.observation_kinds[0]["id"]


def fill_until_full(visit) -> None:
    """Cap the file at its current size: the next page SQLite needs is SQLITE_FULL."""
    pages = visit.store.conn.execute("PRAGMA page_count").fetchone()[0]
    visit.store.conn.execute(f"PRAGMA max_page_count={pages}")


# -- the mapping ---------------------------------------------------------------------------
@pytest.mark.parametrize("number, kind", [(errno.ENOSPC, DiskFullError), (errno.EDQUOT, DiskFullError),
                                          (errno.EIO, DiskIOError), (errno.EROFS, ReadOnlyError),
                                          (errno.EACCES, ReadOnlyError)])
def test_os_errors_become_dutch_storage_errors_naming_the_file(tmp_path, number, kind):
    exc = OSError(number, os.strerror(number), str(tmp_path / "x.json"))
    mapped = storage_error(exc)
    assert isinstance(mapped, kind) and mapped.exit_code == 8
    assert mapped.message.startswith(f"{tmp_path / 'x.json'}: ") and "er is niets opgeslagen" in mapped.message


def test_other_errors_are_not_mapped():
    assert storage_error(OSError(errno.ENOENT, "No such file")) is None
    assert storage_error(ValueError("x")) is None
    assert storage_error(sqlite3.OperationalError("no such table: x")) is None


# -- disk full ---------------------------------------------------------------------------
def test_disk_full_while_capturing_is_dutch_and_changes_nothing(vpath):
    with Visitation.open(vpath) as visit:
        theme, kind = some_theme_and_kind(visit)
        before = visit.store.count("observations")
        fill_until_full(visit)
        with pytest.raises(DiskFullError, match=f"^{vpath}: de schijf is vol") as refused:
            visit.observations.add(theme=theme, kind=kind, text="x" * 20000)
        assert refused.value.exit_code == 8
        assert visit.store.count("observations") == before
        assert not visit.store.conn.in_transaction
        # space again (the cap lifted): the same connection writes on
        visit.store.conn.execute("PRAGMA max_page_count=1073741823")
        visit.observations.add(theme=theme, kind=kind, text="daarna wel")
        assert visit.store.count("observations") == before + 1
    with Visitation.open(vpath) as visit:
        assert visit.audit.check() == []


def test_disk_full_during_a_csv_import_imports_nothing(vpath, tmp_path):
    from visitor_app.services.csv_import import import_notes
    with Visitation.open(vpath) as visit:
        fw = visit.framework
        theme, kind = fw.themes[0]["name"], fw.observation_kinds[0]["name"]
        csv = tmp_path / "notities.csv"
        csv.write_text("thema,soort,tekst\n" + "".join(f"{theme},{kind},{'tekst ' * 400}{i}\n"
                                                       for i in range(200)), encoding="utf-8")
        fill_until_full(visit)
        with pytest.raises(DiskFullError, match="de schijf is vol"):
            import_notes(visit, csv)
        assert visit.store.count("observations") == 0


def test_disk_full_while_writing_an_export_leaves_no_temp_file(vpath, tmp_path, monkeypatch):
    out_dir = tmp_path / "export"
    out_dir.mkdir()

    def full(fd):  # a full disk shows at the fsync of the dump's bytes
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with Visitation.open(vpath) as visit:
        monkeypatch.setattr(files_module.os, "fsync", full)
        with pytest.raises(DiskFullError, match=f"^{out_dir / 'dump.json'}: de schijf is vol"):
            visit.audit.export_json(out_dir / "dump.json")
    assert listing(out_dir) == []  # no partial dump (personal data) as a temp file


@pytest.mark.parametrize("number, kind", [(errno.ENOSPC, DiskFullError), (errno.EIO, DiskIOError)])
def test_atomic_write_failing_in_the_writer_removes_the_temp_file(tmp_path, number, kind):
    target = tmp_path / "uit.json"
    target.write_text("oud", encoding="utf-8")

    def writer(tmp: Path) -> None:
        tmp.write_bytes(b"half geschreven persoonsgegevens")
        raise OSError(number, os.strerror(number))

    with pytest.raises(kind, match=f"^{target}: "):
        atomic_write(target, writer)
    assert listing(tmp_path) == ["uit.json"] and target.read_text(encoding="utf-8") == "oud"


def test_atomic_write_with_an_sqlite_full_writer_is_dutch(tmp_path):
    target = tmp_path / "kopie.visitatie"

    def writer(tmp: Path) -> None:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("CREATE TABLE t(x)")
            conn.execute("PRAGMA max_page_count=3")
            for _ in range(10):
                conn.execute("INSERT INTO t VALUES (?)", (b"x" * 3000,))
        finally:
            conn.close()

    with pytest.raises(DiskFullError):
        atomic_write(target, writer)
    assert listing(tmp_path) == []


def test_disk_full_in_the_central_database_imports_nothing(tmp_path, visit):
    from visitor_app.rode_draden.database import CentralDb
    from visitor_app.rode_draden.package import export_central
    fw = visit.framework
    visit.findings.add(theme=fw.themes[0]["id"], kind=fw.finding_kinds[0]["id"], text="Een bevinding.")
    package = tmp_path / "pakket.rodedraden"
    export_central(visit, package)
    db_path = tmp_path / "centraal.rodedradendb"
    with CentralDb.open(db_path, create=True) as db:
        conn = db.store.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        with pytest.raises(DiskFullError, match=f"^{db_path}: de schijf is vol"):
            db.import_packages([package])
        assert db.matrix()["visitations"] == 0


# -- I/O error ---------------------------------------------------------------------------
def test_an_io_error_at_the_commit_is_dutch_and_the_transaction_is_gone(vpath, monkeypatch):
    """SQLite's disk I/O error, raised at the commit (where a failing USB stick shows it)."""
    from visitor_app.store import connection

    class Failing:
        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if sql == "COMMIT":
                exc = sqlite3.OperationalError("disk I/O error")
                exc.sqlite_errorname = "SQLITE_IOERR_FSYNC"
                raise exc
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    real = connection.immediate_transaction.__wrapped__

    def failing_transaction(conn):
        return real(Failing(conn))

    with Visitation.open(vpath) as visit:
        theme, kind = some_theme_and_kind(visit)
        monkeypatch.setattr(connection, "immediate_transaction",
                            connection.contextlib.contextmanager(failing_transaction))
        from visitor_app.store import visitation_file
        monkeypatch.setattr(visitation_file, "immediate_transaction",
                            connection.contextlib.contextmanager(failing_transaction))
        with pytest.raises(DiskIOError, match=f"^{vpath}: de schijf meldt een lees- of schrijffout"):
            visit.observations.add(theme=theme, kind=kind, text="niet bewaard")
        assert not visit.store.conn.in_transaction
        monkeypatch.undo()
        assert visit.store.count("observations") == 0


# -- read-only folder: the lock --------------------------------------------------------------
def test_a_read_only_folder_is_not_open_elsewhere(vpath, monkeypatch):
    def refuse(file, mode="r", *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))
    monkeypatch.setattr(lock_module, "open", refuse, raising=False)
    monkeypatch.setattr(lock_module.os, "access", lambda p, m: Path(p) != vpath.parent, raising=False)
    with pytest.raises(ReadOnlyError, match=f"^{vpath}: de map {vpath.parent} is alleen-lezen") as refused:
        FileLock(vpath).acquire(take_over=True)
    assert refused.value.exit_code == 8 and not isinstance(refused.value, FileLockedError)


def test_storage_errors_are_visitor_errors_with_exit_8():
    for kind in (DiskFullError, DiskIOError, ReadOnlyError):
        assert issubclass(kind, StorageError) and kind("x").exit_code == 8
