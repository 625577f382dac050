"""Opening SQLite files: the one place that calls ``sqlite3.connect`` for the app's files.

Visitation files, their backups and duplicates and the central rode-draden file are
opened here, so that every connection gets the same durability settings and the next
step, an encrypted file, has one place to add its key (``key`` below). ``locked`` is how
the stores share one connection between threads.

Durability: journal_mode=DELETE with synchronous=EXTRA. Every write is its own
transaction, committed and fsync'ed before the call returns, and the main file is
complete between transactions (no -wal file that a copy to a USB stick could miss).

Encryption at rest: a file opened with a ``key`` (a passphrase, held in memory as a ``Key``)
is an SQLCipher 4 file, through ``sqlcipher3``; a plain file goes through ``sqlite3`` as
before. ``prove_key`` checks a key before anything touches the file; ``export_to``
converts between plain and encrypted (and between passphrases).

Journals: a write cut off halfway leaves ``NAME-journal`` beside the file. ``settle_journal``
is the one place that decides what becomes of it (docs/reliability.md): only a journal
SQLite itself calls hot, and that fits the file as it is now, is rolled back; one that
belongs to another file is moved into the backup folder and the file is left as it is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import struct
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlcipher3.dbapi2 as sqlcipher

from visitor_app.errors import DamagedFileError, PassphraseError, storage_error

SQLITE_MAGIC = b"SQLite format 3\x00"
# Errors of either driver: a keyed file's connection is sqlcipher3's, with its own classes.
Error = (sqlite3.Error, sqlcipher.Error)
DatabaseError = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
OperationalError = (sqlite3.OperationalError, sqlcipher.OperationalError)
CIPHER_PAGE_SIZE = 4096  # SQLCipher 4's default; a file of ours that is encrypted has whole pages
SALT_SIZE = 16  # SQLCipher keeps the key-derivation salt in the first 16 bytes of the file
KDF_ITERATIONS = 256_000  # SQLCipher 4's PBKDF2-HMAC-SHA512 default
BUSY_TIMEOUT = "PRAGMA busy_timeout=3000"
DURABLE_PRAGMAS = (
    "PRAGMA journal_mode=DELETE",
    "PRAGMA synchronous=EXTRA",  # DELETE mode: also sync the folder once the journal is gone
    "PRAGMA fullfsync=ON",  # macOS: a real flush to the disk, not just to its cache
    BUSY_TIMEOUT,
)
READ_PRAGMAS = (BUSY_TIMEOUT,)
log = logging.getLogger(__name__)  # unconfigured, a warning goes to stderr (the CLI's messages)


class Key:
    """A passphrase, held in memory only (never written anywhere), with the raw keys derived
    from it. SQLCipher derives the key from the passphrase and the file's salt with 256,000
    rounds of PBKDF2 (about 0.1 s); that is done once per salt here, and every further
    connection to the file (its reader, checks, backups with the same salt) gets the raw
    key, which costs nothing to apply."""

    __slots__ = ("_passphrase", "_raw")

    def __init__(self, passphrase: str):
        if not isinstance(passphrase, str) or not passphrase:
            raise ValueError("a passphrase is a non-empty string")
        self._passphrase = passphrase
        self._raw: dict[bytes, bytes] = {}

    def __repr__(self) -> str:  # never shows the passphrase (tracebacks, logs)
        return "Key(***)"

    def same_passphrase(self, other: "Key | str | None") -> bool:
        other = as_key(other)
        return other is not None and other._passphrase == self._passphrase

    def statement(self, salt: bytes | None) -> str:
        """The PRAGMA that keys a connection: the raw key with ``salt`` (that of the file, or
        of the file a new copy is made from), or the passphrase itself for a new file."""
        if salt is None:
            return "PRAGMA key = " + _quote(self._passphrase)
        raw = self._raw.get(salt)
        if raw is None:
            import hashlib
            raw = self._raw[salt] = hashlib.pbkdf2_hmac(
                "sha512", self._passphrase.encode("utf-8"), salt, KDF_ITERATIONS, 32)
        return f"PRAGMA key = \"x'{raw.hex()}{salt.hex()}'\""

    def attach_value(self) -> str:
        """The passphrase as an ATTACH ... KEY value (a new file: SQLCipher derives the key)."""
        return self._passphrase


def as_key(key: "Key | str | None") -> Key | None:
    return key if key is None or isinstance(key, Key) else Key(key)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_salt(path: Path | str) -> bytes | None:
    """The salt at the start of an encrypted file; None for a new (empty) or plain file."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(SALT_SIZE)
    except FileNotFoundError:
        return None
    return start if len(start) == SALT_SIZE and not SQLITE_MAGIC.startswith(start) else None


def is_encrypted(path: Path | str) -> bool:
    """True when ``path`` can be an encrypted (SQLCipher) file: no "SQLite format 3" header,
    and whole pages of SQLCipher's size. Random bytes of that size look the same; only the
    key tells them apart (a wrong key and such a file give the same error)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        return False
    if path.is_dir() or size < CIPHER_PAGE_SIZE or size % CIPHER_PAGE_SIZE:
        return False
    with open(path, "rb") as fh:
        return not fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def connect(path: Path | str, *, readonly: bool = False, uri_options: dict[str, str] | None = None,
            check_same_thread: bool = False, pragmas: Iterable[str] | None = None,
            key: "Key | str | None" = None, salt_of: Path | str | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode (``isolation_level=None``: transactions are explicit).

    ``readonly`` opens with ``mode=ro`` (the file is never written, not even to roll a
    journal back); ``uri_options`` adds URI parameters (e.g. ``{"immutable": "1"}``).
    ``pragmas`` run first (default: the durable settings, or only the busy timeout for a
    read-only connection). ``key``: the file is encrypted (SQLCipher, through sqlcipher3);
    the key is the first statement on the connection, so it goes here and nowhere else. It
    is not checked here (``prove_key`` does that before anything may change the file): the
    first read of a wrong key fails with SQLITE_NOTADB. ``salt_of``: key a new file with
    the salt of that one (a backup or copy keyed identically, through the backup API).
    """
    key = as_key(key)
    open_file = sqlite3.connect if key is None else sqlcipher.connect
    options = dict(uri_options or {})
    if readonly:
        options["mode"] = "ro"
    if options:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        conn = open_file(f"{Path(path).resolve().as_uri()}?{query}", uri=True,
                         isolation_level=None, check_same_thread=check_same_thread)
    else:
        conn = open_file(str(path), isolation_level=None, check_same_thread=check_same_thread)
    try:
        if key is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # errors are ours to word, not stderr's
            conn.execute(key.statement(file_salt(salt_of if salt_of is not None else path)))
        for pragma in (READ_PRAGMAS if readonly else DURABLE_PRAGMAS) if pragmas is None else pragmas:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_readonly(path: Path | str, **options) -> sqlite3.Connection:
    """``connect(path, readonly=True)``: for checks, backups, copies and the views' reads."""
    return connect(path, readonly=True, **options)


def _not_a_database(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", None) == "SQLITE_NOTADB"


def wrong_passphrase(path: Path | str) -> PassphraseError:
    return PassphraseError(f"{path}: het wachtwoord klopt niet (of het bestand is geen visitatie of "
                           "is beschadigd). Er is niets aan het bestand veranderd.")


def prove_key(path: Path | str, key: "Key | str | None") -> None:
    """Check that ``key`` opens the encrypted file ``path`` before anything else touches it
    (a journal, a backup, a migration): PassphraseError naming the file otherwise, with the
    file unchanged. Read-only; with a hot journal beside the file (which a read-only
    connection refuses to read) the file's own pages are read as they are (immutable)."""
    key = as_key(key)  # one derivation for both tries
    if key is None:
        raise PassphraseError(f"{path}: dit bestand is versleuteld (of beschadigd) en er is geen "
                              "wachtwoord gegeven. Er is niets aan het bestand veranderd.")
    for options in (None, {"immutable": "1"}):
        try:
            conn = connect_readonly(path, key=key, uri_options=options)
        except Error as exc:
            raise damaged(Path(path), str(exc)) from None
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except Error as exc:
            if _not_a_database(exc):
                raise wrong_passphrase(path) from None
            if not _refuses_hot_journal(exc):
                raise
        finally:
            conn.close()


@dataclass(frozen=True)
class Header:
    """The first 100 bytes of an SQLite file, as far as we check them, and the file's size."""

    size: int
    page_size: int
    page_count: int
    complete: bool  # False: fewer bytes on disk than the header's page count says
    application_id: int
    user_version: int
    change_counter: int = 0  # one up for every write that committed
    counted: bool = True  # the page count was written by the last write (SQLite trusts it)

    @property
    def expected_size(self) -> int:
        return self.page_count * self.page_size


def parse_header(raw: bytes, size: int) -> Header | None:
    """The header in the first 100 bytes ``raw`` of a file of ``size`` bytes (also of a
    page 1 kept in a journal); None without the "SQLite format 3" magic."""
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        return None
    page_size = struct.unpack(">H", raw[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", raw[24:32])
    # the page count in the header is only valid when written by the same change
    counted = struct.unpack(">I", raw[92:96])[0] == change_counter
    complete = not (page_count and counted and size < page_count * page_size)
    return Header(size=size, page_size=page_size, page_count=page_count, complete=complete,
                  application_id=struct.unpack(">I", raw[68:72])[0],
                  user_version=struct.unpack(">I", raw[60:64])[0],
                  change_counter=change_counter, counted=counted)


def read_header(path: Path | str) -> Header | None:
    """The header of ``path`` read as bytes (no SQLite involved, nothing written); None when
    it is not an SQLite file at all (empty, too short, no "SQLite format 3" magic)."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        return parse_header(fh.read(100), size)


def existing_header(path: Path, missing: str, folder: str,
                    on_damage: Callable[[Path, str], DamagedFileError]) -> Header:
    """The header of a file that must exist and be an SQLite file: InputError ``missing`` or
    ``folder`` (Dutch, after the path) otherwise, ``on_damage`` when it holds no SQLite file."""
    from visitor_app.errors import InputError
    if not path.exists():
        raise InputError(f"{path}: {missing}")
    if path.is_dir():
        raise InputError(f"{path}: {folder}")
    header = read_header(path)
    if header is None:
        raise on_damage(path, "geen SQLite-kop" if path.stat().st_size else "het bestand is leeg")
    return header if header.complete else _complete_under_read_lock(path, header)


def _complete_under_read_lock(path: Path, header: Header) -> Header:
    """A header that says the file holds more pages than its size, asked again inside an
    SQLite read transaction (a SHARED lock: no writer is mid-commit meanwhile). The size
    and the header are taken apart, and another process's commit can grow the file and
    write its header between the two (docs/reliability.md, defect 6); under the lock the
    page count SQLite reads from the header is compared with the size again. ``header``
    stays as it is (incomplete) when SQLite cannot read the file read-only (a hot journal,
    damage) or the file really is short. The size comes from ``os.stat``, not from opening
    the file: closing another descriptor of it would drop this process's POSIX locks."""
    try:
        conn = connect_readonly(path)
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            size = os.stat(path).st_size
        finally:
            conn.close()
    except Error:
        return header
    if not pages or pages * page_size > size:
        return header
    return replace(header, size=size, page_size=page_size, page_count=pages, complete=True)


def damaged(path: Path, reason: str) -> DamagedFileError:
    """The message for a file that SQLite itself finds damaged (callers may word their own)."""
    return DamagedFileError(f"{path}: het bestand is beschadigd ({reason}). "
                            "Er is niets aan het bestand veranderd.")


def quick_check(conn: sqlite3.Connection, path: Path,
                on_damage: Callable[[Path, str], DamagedFileError] = damaged) -> None:
    """SQLite's quick_check (reads every page); raises ``on_damage(path, reason)`` if it fails."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        raise on_damage(path, "interne controle faalt: " + "; ".join(r[0] for r in result[:3]))


def journal_path(path: Path | str) -> Path:
    """The rollback journal SQLite keeps beside ``path`` while a write is under way."""
    return Path(path).with_name(Path(path).name + "-journal")


def _refuses_hot_journal(exc: BaseException) -> bool:
    """SQLite's answer when a read-only connection meets a journal it would roll back. An
    encrypted file's read-only connection (SQLCipher) says only SQLITE_READONLY: a read
    that would have to write, which on a read-only connection is that rollback."""
    name = getattr(exc, "sqlite_errorname", None)
    return name == "SQLITE_READONLY_ROLLBACK" or (
        isinstance(exc, sqlcipher.Error) and name == "SQLITE_READONLY")


def hot_journal(path: Path | str, key: "Key | str | None" = None) -> bool:
    """True when a write to ``path`` was cut off halfway, in SQLite's own judgement: the
    journal is there, its first byte is not zero and no live writer holds the file (SQLite
    checks the reserved lock). Asked of SQLite through a read-only connection, which
    refuses to read such a file and changes nothing. A zeroed or empty journal, the
    journal of a write under way and one that vanishes meanwhile: False."""
    if not journal_path(path).exists():
        return False
    try:
        conn = connect_readonly(path, key=key)
    except Error:
        return False
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except Error as exc:  # also busy or damaged: not for us to roll back
        return _refuses_hot_journal(exc)
    finally:
        conn.close()
    return False


def roll_back_interrupted_write(path: Path | str, key: "Key | str | None" = None) -> None:
    """Let SQLite roll back a write cut off halfway (a hot journal): it does so on the first
    read of a connection that may write. Raises sqlite3.DatabaseError on a damaged file.
    An encrypted file's key must be proven first (``prove_key``): SQLite plays a journal
    back before it decrypts a page, so a wrong key would not stop it."""
    conn = connect(path, pragmas=(), key=key)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    finally:
        conn.close()


def snapshot(path: Path, target: Path, with_journal: bool = False,
             key: "Key | str | None" = None) -> None:
    """A copy of ``path`` at ``target`` as SQLite reads it: through SQLite's backup API,
    consistent even while another process writes. A file SQLite will not read so is copied
    byte for byte: a damaged one as it is, and one with a hot journal (SQLite would first
    roll it back) with the journal's bytes beside the copy when ``with_journal``, for the
    copy's own recovery to judge; a journal that vanishes meanwhile was just recovered by
    another process, and the file is read again. An encrypted file's copy is encrypted with
    the same ``key`` and salt (its bytes are never plain)."""
    for _ in range(3):
        try:
            src = connect_readonly(path, key=key)
            try:
                dst = connect(target, pragmas=(), key=key, salt_of=path)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            return
        except Error as exc:
            if not (with_journal and _refuses_hot_journal(exc)):
                break
        try:
            journal = journal_path(path).read_bytes()
        except FileNotFoundError:
            continue
        shutil.copyfile(path, target)
        journal_path(target).write_bytes(journal)
        from visitor_app.store.files import owner_only
        owner_only(journal_path(target))
        return
    shutil.copyfile(path, target)  # not readable as a database: keep the bytes as they are


# The rollback journal (https://www.sqlite.org/fileformat2.html#the_rollback_journal): a
# header (magic, record count, checksum nonce, the database's size in pages when the write
# began, sector size, page size) padded to a sector, then records: page number, the page
# as it was, checksum. A journal may hold several such segments.
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
# Bytes of page 1 that no write in rollback-journal mode changes: the magic, page size and
# format bytes, the text encoding, the application id and the reserved zeros.
_FIXED_HEADER_BYTES = ((0, 24), (56, 60), (68, 92))


@dataclass(frozen=True)
class Journal:
    """What SQLite would write back from a rollback journal."""

    page_size: int
    initial_pages: int  # the file is cut back to this many pages
    pages: dict[int, bytes]  # page number -> the page as it was when the write began
    repeated: bool  # a page twice (SQLite journals a page once a write)


def _is_power_of_two(n: int, low: int, high: int) -> bool:
    return low <= n <= high and not n & (n - 1)


def read_journal(raw: bytes) -> Journal | None:
    """The records of a journal SQLite would play back, read as SQLite reads them: a
    segment's count of records (all to the end for 0xffffffff), stopping at a short record,
    a bad checksum, page 0 or the lock-byte page. None without a valid first header."""
    if len(raw) < 28 or not raw.startswith(JOURNAL_MAGIC):
        return None
    initial, sector, page_size = struct.unpack(">III", raw[16:28])
    if not (_is_power_of_two(page_size, 512, 65536) and _is_power_of_two(sector, 32, 65536)
            and len(raw) >= sector):
        return None
    pages: dict[int, bytes] = {}
    repeated = False
    size, lock_page, offset = page_size + 8, 0x40000000 // page_size + 1, 0
    while offset + sector <= len(raw) and raw.startswith(JOURNAL_MAGIC, offset):
        count, nonce = struct.unpack(">II", raw[offset + 8:offset + 16])
        offset += sector
        if count == 0xFFFFFFFF:
            count = (len(raw) - offset) // size
        for _ in range(count):
            if offset + size > len(raw):
                return Journal(page_size, initial, pages, repeated)
            page_no = struct.unpack(">I", raw[offset:offset + 4])[0]
            page = raw[offset + 4:offset + 4 + page_size]
            checksum = struct.unpack(">I", raw[offset + 4 + page_size:offset + size])[0]
            if page_no in (0, lock_page) or checksum != (nonce + sum(page[page_size - 200::-200])) % 2**32:
                return Journal(page_size, initial, pages, repeated)
            repeated = repeated or page_no in pages
            pages[page_no] = page
            offset += size
        offset = -(-offset // sector) * sector
    return Journal(page_size, initial, pages, repeated)


def journal_misfit(path: Path, raw: bytes, key: "Key | str | None" = None) -> str | None:
    """Why the journal ``raw`` cannot be that of a write to ``path`` as it is now (Dutch),
    or None when it fits. In doubt it does not fit. A write in rollback-journal mode only
    journals pages that existed when it began, never makes the file smaller before its
    journal is gone, and journals page 1 before it changes it; the change counter goes up
    by one when the write commits. What the header cannot tell apart (two files made in
    the same steps have the same first page) a trial on a copy decides: the rolled-back
    copy must pass SQLite's integrity check. An encrypted file's header is encrypted too:
    then only the journal's own header is read, and the trial (with the ``key``) decides."""
    if key is not None:
        journal = read_journal(raw)
        if journal is None or journal.repeated or not journal.initial_pages:
            return "geen geldige journaalkop"
        if Path(path).stat().st_size < journal.initial_pages * journal.page_size:
            return "het journaal is van een groter bestand"
        if not _rolls_back_soundly(path, raw, key):
            return "terugzetten met dit journaal geeft geen gaaf bestand"
        return None
    journal, header = read_journal(raw), read_header(path)
    if journal is None or header is None:
        return "geen geldige journaalkop"
    if journal.page_size != header.page_size:
        return f"paginagrootte {journal.page_size} in het journaal, {header.page_size} in het bestand"
    pages = journal.initial_pages
    if header.size < pages * header.page_size or not pages:
        return (f"het journaal is van een bestand van {pages} pagina's, dit bestand heeft er "
                f"{header.size // header.page_size}")
    if journal.repeated or max(journal.pages, default=0) > pages:
        return "het journaal noemt pagina's die een schrijfactie op dit bestand niet bewaart"
    with open(path, "rb") as fh:
        first = fh.read(header.page_size)
    before = journal.pages.get(1)
    if before is None or before == first:  # page 1 unchanged: the header the write began with
        if not header.counted or header.page_count != pages:
            return f"het bestand zegt {header.page_count} pagina's, het journaal {pages}"
    else:
        kept = parse_header(before, pages * header.page_size)
        if kept is None or not kept.counted or kept.page_count != pages:
            return "de bewaarde kop in het journaal klopt niet met het journaal zelf"
        if (header.change_counter - kept.change_counter) % 2**32 not in (0, 1):
            return (f"wijzigingsteller {header.change_counter} in het bestand, "
                    f"{kept.change_counter} in het journaal")
        if any(before[a:b] != first[a:b] for a, b in _FIXED_HEADER_BYTES):
            return "de kop van het bestand past niet bij de kop in het journaal"
    if not _rolls_back_soundly(path, raw):
        return "terugzetten met dit journaal geeft geen gaaf bestand"
    return None


def _rolls_back_soundly(path: Path, raw: bytes, key: "Key | str | None" = None) -> bool:
    """Roll ``raw`` back into a copy of ``path`` in a private temp folder: is the result sound?"""
    from visitor_app.store.scratch import scratch_dir  # the app's own temp folder, owner only
    with scratch_dir("journaal") as tmp:
        trial = tmp / path.name
        shutil.copyfile(path, trial)
        journal_path(trial).write_bytes(raw)
        try:
            roll_back_interrupted_write(trial, key)
            conn = connect_readonly(trial, key=key)
            try:
                return [tuple(r) for r in conn.execute("PRAGMA integrity_check").fetchall()] == [("ok",)]
            finally:
                conn.close()
        except DatabaseError:
            return False


@dataclass(frozen=True)
class Settled:
    """What became of the journal beside a file (``settle_journal``)."""

    rolled_back: bool = False
    saved: Path | None = None  # the copies of file and journal made before the rollback
    moved: Path | None = None  # where a journal that does not belong went
    warning: str | None = None  # Dutch, for the user (also logged)


def settle_journal(path: Path | str, keep: str | None = None, shown_as: Path | None = None,
                   key: "Key | str | None" = None) -> Settled:
    """Deal with the journal beside ``path`` before anything reads it.

    Only a hot journal (``hot_journal``: SQLite's own judgement) is touched. One that fits
    the file (``journal_misfit``) is rolled back, after byte copies of file and journal in
    the backup folder when ``keep`` names the reason. One that does not is never applied:
    it is moved into the backup folder and the file keeps its bytes, with a warning naming
    ``shown_as`` (default ``path``). A journal that vanishes meanwhile (another process
    recovered the file) is no error. Raises sqlite3.DatabaseError when the rollback fails.
    An encrypted file needs its ``key``, proven before (``prove_key``).
    """
    from visitor_app.store import backup
    path, key = Path(path), as_key(key)
    journal = journal_path(path)
    if not hot_journal(path, key):
        return Settled()
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return Settled()
    why = journal_misfit(path, raw, key)
    if why is None:
        saved = backup.copy_with_journal(path, raw, keep) if keep else None
        roll_back_interrupted_write(path, key)
        return Settled(rolled_back=True, saved=saved)
    moved = backup.set_aside_journal(path, journal, raw)
    if moved is None:  # gone or changed meanwhile: another process dealt with it
        return Settled()
    warning = (f"{shown_as or path}: het journaal {journal.name} hoort niet bij dit bestand ({why}) "
               "en is niet toegepast; het bestand is niet veranderd.")
    if shown_as is None:
        warning += f" Het journaal staat nu bij de reservekopieën: {moved}"
    log.warning(warning)
    return Settled(moved=moved, warning=warning)


def export_to(path: Path | str, key: "Key | str | None", target: Path | str,
              new_key: "Key | str | None") -> None:
    """Write a copy of ``path`` (opened with ``key``, None: plain) into the new file
    ``target``, encrypted with ``new_key`` (None: plain): SQLCipher's ``sqlcipher_export``,
    the one way between a plain and an encrypted file (or another passphrase). The file
    version and application id come along; ``path`` is only read."""
    key, new_key = as_key(key), as_key(new_key)
    src = sqlcipher.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        src.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            src.execute(key.statement(file_salt(path)))
        src.execute(BUSY_TIMEOUT)
        src.execute("ATTACH DATABASE ? AS target KEY ?",
                    (Path(target).resolve().as_uri(), new_key.attach_value() if new_key else ""))
        try:
            src.execute("BEGIN")  # one consistent read of the source
            src.execute("SELECT sqlcipher_export('target')")
            for pragma in ("user_version", "application_id"):
                value = int(src.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                src.execute(f"PRAGMA target.{pragma} = {value}")
            src.execute("COMMIT")
        finally:
            if src.in_transaction:
                src.execute("ROLLBACK")
            src.execute("DETACH DATABASE target")
    finally:
        src.close()


@contextlib.contextmanager
def storage_errors(path: Path | str) -> Iterator[None]:
    """Turn what the disk refuses (full, I/O error, read-only: an OSError or an sqlite3
    error) into the Dutch StorageError naming ``path`` (errors.storage_error); every other
    error passes unchanged. The store's boundaries (transactions, opening, atomic_write,
    the lock) go through it."""
    try:
        yield
    except (OSError, *Error) as exc:  # an OSError names its own file where it knows it
        mapped = storage_error(exc, getattr(exc, "filename", None) or path)
        if mapped is None:
            raise
        raise mapped from exc


def locked(method):
    """A method on a store's one writing connection: threads take turns (the store's ``lock``)."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


@contextlib.contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """All or nothing on an autocommit connection. BEGIN IMMEDIATE takes the write lock at
    once, so a writer in another process makes us wait (busy_timeout) instead of failing
    halfway between a read and a write; COMMIT is synced before it returns."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except Error:  # a failing disk: the journal rolls it back on the next open
                pass
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:  # disk full or an I/O error at the commit: nothing of it stays
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except Error:
                pass
        raise


def new_database(path: Path, connect_new: Callable[[Path], sqlite3.Connection],
                 build: Callable[[sqlite3.Connection, Path], None], exists: Callable[[Path], Exception]) -> None:
    """Make a new SQLite file of ours, all or nothing: ``build(conn, tmp)`` fills a temp file
    beside ``path`` (in one transaction of its own), which is then renamed into place
    (files.atomic_write: synced, owner-only). An existing file, also one that another
    process makes meanwhile, is never overwritten: ``exists(path)`` is raised instead."""
    from visitor_app.errors import FileExistsRefused, InputError
    from visitor_app.store.files import atomic_write
    if path.exists():
        raise exists(path)
    if not path.parent.exists():
        raise InputError(f"{path.parent}: map bestaat niet")

    def write(tmp: Path) -> None:
        conn = connect_new(tmp)
        try:
            build(conn, tmp)
        finally:
            conn.close()

    try:
        atomic_write(path, write, overwrite=False)
    except FileExistsRefused:
        raise exists(path) from None


def snapshot_into(path: Path, dest: sqlite3.Connection, key: "Key | str | None" = None) -> None:
    """Put the content of ``path`` into the open database ``dest`` through SQLite's backup
    API (restoring a backup into the live file, under the store's write lock). Unlike
    ``snapshot`` there is no byte-copy fallback: a source SQLite will not read raises
    sqlite3.Error and ``dest`` is left as it was (the backup API replaces it in one step).
    An encrypted backup is read with ``key`` (the one ``dest`` is keyed with)."""
    src = connect_readonly(path, key=key)
    try:
        src.backup(dest)
    finally:
        src.close()
