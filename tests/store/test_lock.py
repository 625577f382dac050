"""The lock of a visitation file: a stale side file can be taken over, a running holder never.

A holder is a real child process that takes the lock with FileLock, as another window does.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from visitor_app.errors import FileLockedError
from visitor_app.store import lock as lock_module
from visitor_app.errors import StaleLockError
from visitor_app.store.lock import FileLock

from tests.conftest import ROOT

HOLDER = "Sanne Veldkamp"  # the fictional colleague whose window holds (or held) the file

posix_only = pytest.mark.skipif(os.name != "posix", reason="the holder that outlives its lock forks")

_CHILD = """
import os, sys, time
from pathlib import Path
from visitor_app.store.lock import FileLock
lock = FileLock(Path(sys.argv[1]))  # kept: the lock lives as long as the object
lock.acquire()
if sys.argv[2] == "blijft":  # a running holder: keeps the lock until it is killed
    print(os.getpid(), flush=True)
    time.sleep(120)
keeper = os.fork()  # "weg": the recorded process ends, the OS lock stays held (as on a share)
if keeper == 0:
    os.close(1)
    time.sleep(120)
    os._exit(0)
print(keeper, flush=True)
os._exit(0)
"""


@pytest.fixture
def hold():
    """hold(path, stays=True, host=None) -> the pid the side file records.

    A child process takes the lock of ``path`` as HOLDER (on computer ``host`` if given).
    stays=True: the child keeps running and holding it. stays=False: the child ends, but a
    process it forked keeps the OS lock, as a network share may after a crash. Every holder
    is ended after the test."""
    running: list[int] = []
    children: list[subprocess.Popen] = []

    def _hold(path: Path, stays: bool = True, host: str | None = None) -> int:
        env = {**os.environ, "USER": HOLDER, "USERNAME": HOLDER,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        if host:
            env["COMPUTERNAME"] = host
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), "blijft" if stays else "weg"],
                                 stdout=subprocess.PIPE, text=True, env=env)
        children.append(child)
        line = child.stdout.readline()
        assert line.strip().isdigit(), "the holder did not get the lock"
        running.append(int(line))
        if not stays:
            assert child.wait(timeout=30) == 0
        return child.pid

    yield _hold
    for pid in running:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for child in children:
        child.wait(timeout=30)
        child.stdout.close()


def end(pid: int) -> None:
    """Kill our child ``pid`` and reap it (an unreaped child would still count as running)."""
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.fixture
def unopenable(monkeypatch):
    """unopenable(lock_path, text): a side file left behind read-only (0o444), as another user's
    leftover on a shared folder is to us. Running as root ignores the mode, so the lock module's
    ``open`` is made to honour it as the OS does for anyone else."""
    real_open = open

    def strict_open(file, mode="r", *args, **kwargs):
        path = Path(file)
        if any(c in mode for c in "wa+") and path.exists() and not path.stat().st_mode & stat.S_IWUSR:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(lock_module, "open", strict_open, raising=False)

    def make(lock_path: Path, text: str) -> Path:
        lock_path.write_text(text, encoding="utf-8")
        lock_path.chmod(0o444)
        return lock_path
    return make


def gone_pid() -> int:
    """The pid of a process that ran on this computer and has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


def here() -> str:
    return os.environ.get("COMPUTERNAME") or os.uname().nodename


def assert_ours(lock: FileLock) -> None:
    assert f"proces {os.getpid()}," in lock.lock_path.read_text(encoding="utf-8")
    with pytest.raises(FileLockedError, match="al geopend"):
        FileLock(lock.path).acquire()


@pytest.fixture
def vpath(tmp_path):
    path = tmp_path / "gedeeld.visitatie"
    path.write_bytes(b"de visitatie zelf")
    return path


def test_side_file_left_by_a_killed_window_is_taken_over_silently(vpath, hold):
    pid = hold(vpath)
    end(pid)
    lock = FileLock(vpath)
    assert f"proces {pid}," in lock.lock_path.read_text(encoding="utf-8")  # still lying there
    lock.acquire()
    assert_ours(lock)
    lock.release()
    assert not lock.lock_path.exists()


@posix_only
def test_lock_recorded_for_a_process_that_is_gone_is_stale_until_taken_over(vpath, hold):
    pid = hold(vpath, stays=False)
    lock = FileLock(vpath)
    with pytest.raises(StaleLockError) as refused:
        lock.acquire()
    message = refused.value.message
    assert str(lock.lock_path) in message and HOLDER in message and f"proces {pid} draait niet meer" in message
    assert refused.value.exit_code == 6
    assert refused.value.lock_path == lock.lock_path and HOLDER in refused.value.holder
    assert f"proces {pid}," in lock.lock_path.read_text(encoding="utf-8")  # refusing changed nothing

    lock.acquire(take_over=True)
    assert_ours(lock)
    lock.release()
    assert vpath.read_bytes() == b"de visitatie zelf"  # only the side file was replaced


def test_running_holder_is_never_taken_over(vpath, hold):
    pid = hold(vpath)
    lock = FileLock(vpath)
    with pytest.raises(FileLockedError) as refused:
        lock.acquire(take_over=True)
    assert not isinstance(refused.value, StaleLockError)
    assert "al geopend" in refused.value.message and HOLDER in refused.value.message
    assert f"proces {pid}," in lock.lock_path.read_text(encoding="utf-8")


def test_holder_on_another_computer_is_never_taken_over(vpath, hold):
    """Whether a process on another computer still runs cannot be told from here."""
    hold(vpath, host="pc-secretariaat")
    with pytest.raises(FileLockedError, match="al geopend.*pc-secretariaat") as refused:
        FileLock(vpath).acquire(take_over=True)
    assert not isinstance(refused.value, StaleLockError)


def test_side_file_we_cannot_open_is_stale_until_taken_over(vpath, unopenable):
    lock_path = unopenable(FileLock(vpath).lock_path,
                           f"door {HOLDER} op pc-secretariaat, proces 4242, sinds 02-03-2026 09:15")
    lock = FileLock(vpath)
    with pytest.raises(StaleLockError) as refused:
        lock.acquire()
    message = refused.value.message
    assert str(lock_path) in message and HOLDER in message and "02-03-2026 09:15" in message
    assert "niet te openen" in refused.value.reason
    assert "kan hier niet schrijven" not in message

    lock.acquire(take_over=True)
    assert_ours(lock)
    lock.release()
    assert not lock_path.exists() and vpath.read_bytes() == b"de visitatie zelf"


def test_side_file_we_cannot_open_of_a_process_running_here_is_refused(vpath, hold, unopenable):
    pid = hold(vpath)
    lock_path = FileLock(vpath).lock_path
    text = lock_path.read_text(encoding="utf-8")
    lock_path.unlink()  # the holder's side file, now one we may not open (its OS lock gone with it)
    unopenable(lock_path, text)
    with pytest.raises(FileLockedError, match="al geopend") as refused:
        FileLock(vpath).acquire(take_over=True)
    assert not isinstance(refused.value, StaleLockError)
    assert lock_path.read_text(encoding="utf-8") == text and f"proces {pid}," in text


def test_side_file_we_cannot_open_held_from_another_computer_is_refused(vpath, hold, unopenable):
    """An OS lock on it shows that someone still works in the file, even if we cannot write it."""
    hold(vpath, host="pc-secretariaat")
    lock_path = FileLock(vpath).lock_path
    lock_path.chmod(0o444)
    with pytest.raises(FileLockedError, match="al geopend") as refused:
        FileLock(vpath).acquire(take_over=True)
    assert not isinstance(refused.value, StaleLockError)
    assert lock_path.exists()


def test_side_file_we_cannot_open_of_a_gone_process_here_names_the_process(vpath, unopenable):
    pid = gone_pid()
    unopenable(FileLock(vpath).lock_path, f"door {HOLDER} op {here()}, proces {pid}, sinds 02-03-2026 09:15")
    with pytest.raises(StaleLockError, match=f"proces {pid} draait niet meer"):
        FileLock(vpath).acquire()


def test_folder_we_cannot_write_still_says_so(vpath, monkeypatch):
    """Not "open elsewhere" (exit 6) but a read-only folder (exit 8; issue 11, defect 7)."""
    from visitor_app.errors import ReadOnlyError

    def refuse(file, mode="r", *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))
    monkeypatch.setattr(lock_module, "open", refuse, raising=False)
    with pytest.raises(ReadOnlyError, match="alleen-lezen") as refused:
        FileLock(vpath).acquire(take_over=True)
    assert not isinstance(refused.value, FileLockedError) and refused.value.exit_code == 8


def test_the_side_file_names_the_chosen_member_and_a_refusal_says_so(vpath, monkeypatch):
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    mine = FileLock(vpath)
    mine.acquire()
    try:
        assert mine.lock_path.read_text(encoding="utf-8").startswith("door onbekend op ")
        mine.set_holder("Femke  Ouwerling")  # picked in the window after opening
        recorded = mine.lock_path.read_text(encoding="utf-8")
        assert recorded.startswith("door Femke Ouwerling op ") and f"proces {os.getpid()}," in recorded
        with pytest.raises(FileLockedError, match=r"al geopend \(door Femke Ouwerling op "):
            FileLock(vpath).acquire()
        mine.set_holder(None)  # no member chosen: the computer's user again
        assert mine.lock_path.read_text(encoding="utf-8").startswith("door onbekend op ")
    finally:
        mine.release()
    assert not mine.lock_path.exists()
