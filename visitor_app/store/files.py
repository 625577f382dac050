"""Writing files to disk: one way for everything the app saves outside SQLite's own writes.

``atomic_write`` puts a complete file in place or nothing: the content goes to a temp
file with a random name in the target folder (same disk, so the rename is atomic), is
fsync'ed, renamed over the target and the folder is fsync'ed, so that after a power cut
either the old or the new file is there. The temp file is removed on every error path
(also Ctrl+C); the new file is owner-only (0o600) where the OS has such permissions,
because what the app writes holds personal notes.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Union

from visitor_app.errors import FileExistsRefused, InputError, storage_error

Writer = Callable[[Path], object]
Content = Union[bytes, str, Writer]
OWNER_ONLY = 0o600


OWNER_ONLY_DIR = 0o700


def private_dir(folder: Path | str) -> Path:
    """Make ``folder`` (and missing parents) owner-only (0o700) where the OS has such modes;
    a folder that was already there keeps its mode (the user's own). Returns ``folder``."""
    folder = Path(folder)
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    if os.name == "posix":
        for made in missing:  # mkdir's mode passes the umask, parents get the default
            os.chmod(made, OWNER_ONLY_DIR)
    return folder


def owner_only(path: Path | str) -> Path:
    """Make a file the app just wrote owner-only (0o600) where the OS has such modes."""
    if os.name == "posix":
        os.chmod(path, OWNER_ONLY)
    return Path(path)


def fsync_dir(folder: Path) -> None:
    """Make a rename or delete in ``folder`` survive a power cut (no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_output_path(out: Path, suffix: str | None, what: str, overwrite: bool = True) -> None:
    """Refuse an output path that cannot be written, before anything is done or changed."""
    if suffix and out.suffix.lower() != suffix:
        raise InputError(f"{out}: {what} eindigt op {suffix}; kies een naam als {out.stem or 'naam'}{suffix}")
    if out.is_dir():
        raise InputError(f"{out}: is een map; geef een bestandsnaam op")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: map bestaat niet; maak die eerst aan of kies een andere map")
    if not overwrite and out.exists():
        raise InputError(f"{out}: bestaat al; kies een andere bestandsnaam")
    if holds_a_database(out):
        raise InputError(f"{out}: dat is een visitatiebestand (of een andere database); "
                         f"{what} komt daar niet overheen. Kies een andere naam; er is niets veranderd")


def holds_a_database(path: Path) -> bool:
    """True when ``path`` is an existing file that an export must never replace: an SQLite
    file (a visitation, a backup, the central database), or a ``.visitatie`` file that can
    be an encrypted one (no plain header; connection.is_encrypted)."""
    from visitor_app.store.connection import SQLITE_MAGIC, is_encrypted  # it imports this module
    path = Path(path)
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
                return True
    except OSError:
        return False
    return path.suffix == ".visitatie" and is_encrypted(path)


def _exists(path: Path) -> FileExistsRefused:
    return FileExistsRefused(f"{path}: bestaat al; kies een andere bestandsnaam")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _put_in_place(tmp: Path, path: Path, overwrite: bool) -> None:
    """Rename ``tmp`` onto ``path``; without ``overwrite`` an existing target is refused,
    also one that appeared a moment ago (a hard link fails on an existing name)."""
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError:  # no hard links here (FAT on a USB stick): check, then rename
        if path.exists():
            raise _exists(path) from None
        os.replace(tmp, path)
    else:
        tmp.unlink()


def atomic_write(path: Path | str, content: Content, *, overwrite: bool = True,
                 encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``path`` all or nothing; returns ``path``.

    ``content``: bytes, a str (written with ``encoding``), or a callable ``writer(tmp)``
    that writes the file at the temp path it is given (python-docx's ``save``, reportlab,
    openpyxl, an SQLite connection or backup); what the writer returns is ignored.
    ``overwrite=False`` refuses an existing target (FileExistsRefused), checked first and
    again at the moment of the rename. A missing folder is an InputError; a full disk, an
    I/O error or a read-only folder or disk (an OSError or sqlite3 error, also from the
    writer) is the Dutch StorageError naming ``path``; whatever else the writer raises
    passes through unchanged. In every case the target is untouched and no temp file stays.
    """
    path = Path(path)
    folder = path.parent
    if not overwrite and path.exists():
        raise _exists(path)
    with contextlib.suppress(OSError):  # what a killed earlier write of this target left
        sweep_temps(folder, path.name)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        mapped = storage_error(exc, path)
        if mapped is not None:  # a full or read-only disk or folder
            raise mapped from None
        raise InputError(f"kan in de map {str(folder)!r} niet schrijven "
                         f"({exc.strerror or exc}); er is niets opgeslagen") from None
    tmp = Path(name)
    held = _hold(fd)  # while this process lives, sweep_temps leaves the temp file alone
    try:
        if callable(content):
            os.close(fd)
            fd = -1
            content(tmp)
        else:
            data = content.encode(encoding) if isinstance(content, str) else bytes(content)
            with os.fdopen(fd, "wb") as fh:
                fd = -1
                fh.write(data)
        if os.name == "posix":
            os.chmod(tmp, OWNER_ONLY)  # a writer may have made the file anew
        _fsync_file(tmp)
        _put_in_place(tmp, path, overwrite)
        fsync_dir(folder)
    except BaseException as exc:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        mapped = storage_error(exc, path) if isinstance(exc, Exception) else None
        if mapped is not None and mapped is not exc:  # disk full, I/O error, read-only: Dutch
            raise mapped from exc
        raise
    finally:
        if held >= 0:
            os.close(held)
    return path


# A temp file of atomic_write: "." + the target's name + "." + mkstemp's 8 random characters + ".tmp".
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def _hold(fd: int) -> int:
    """POSIX: a second descriptor on the new temp file holding an exclusive flock (released
    by the OS when the process dies, also by SIGKILL); -1 where there is no flock."""
    if os.name != "posix":
        return -1
    import fcntl
    held = os.dup(fd)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(held)
        return -1
    return held


def sweep_temps(folder: Path | str, target_name: str | None = None) -> list[Path]:
    """Remove the temp files that an atomic_write killed halfway (power cut, SIGKILL) left in
    ``folder``: a partial copy of personal data under a hidden name. Only ``target_name``'s
    temp files, or all of ours without it; never one whose writer still runs (POSIX: its
    flock is held). Returns what was removed; where there is no flock nothing is removed."""
    folder = Path(folder)
    if os.name != "posix" or not folder.is_dir():
        return []
    import fcntl
    removed = []
    prefix = f".{target_name}." if target_name else "."
    for candidate in folder.iterdir():
        if not (candidate.name.startswith(prefix) and _TEMP.match(candidate.name)):
            continue
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_ino == os.stat(candidate).st_ino:  # not replaced meanwhile
                candidate.unlink()
                removed.append(candidate)
        except OSError:  # held by a live writer, or gone meanwhile
            pass
        finally:
            os.close(fd)
    return removed


# Private folders older versions of the store made in the system temp folder
# (tempfile.TemporaryDirectory): a member's copy read for a merge, a journal's trial, a
# read-only file's index check. They now live in the scratch folder (store/scratch.py); the
# launcher still sweeps these at start.
TEMP_DIR_PREFIXES = ("visitatie-kopie-", "visitatie-journaal-", "visitatie-controle-")
STALE_TEMP_SECONDS = 6 * 3600  # none of them lives longer than the merge or check that made it


def sweep_temp_dirs(now: float | None = None) -> list[Path]:
    """Remove our private folders in the system temp folder that a killed process left (they
    hold copies of visitation files): ours (same user), and older than STALE_TEMP_SECONDS,
    so that one still in use is never touched. Returns what was removed."""
    import shutil
    import time
    now = time.time() if now is None else now
    removed = []
    root = Path(tempfile.gettempdir())
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(TEMP_DIR_PREFIXES):
            continue
        try:
            info = entry.lstat()
            mine = os.name != "posix" or info.st_uid == os.getuid()
            if mine and entry.is_dir() and not entry.is_symlink() and now - info.st_mtime > STALE_TEMP_SECONDS:
                shutil.rmtree(entry)
                removed.append(entry)
        except OSError:
            continue
    return removed
