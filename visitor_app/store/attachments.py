"""The attachments of the documents register: the bytes of each file, once, by sha256.

A document record (domain/records.py, ``documents``) holds the hash, name, size and type
of its attachment; the bytes are here (schema.ATTACHMENTS_SQL). Identical files are stored
once; nothing here is ever changed (the hash is the content). Merging copies what a copy
has and this file lacks, each checked against its hash (``copy_missing``); a hand-out
copy may leave them all out (``drop_all``) without changing any record's version.
"""

from __future__ import annotations

import hashlib
import sqlite3

from visitor_app.store.visitation_file import VisitationStore


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(store: VisitationStore, data: bytes) -> str:
    """Store ``data`` (in the caller's transaction, or its own) once; returns its sha256."""
    digest = sha256(data)
    with store.transaction():
        store.conn.execute("INSERT OR IGNORE INTO attachments (sha256, size, data) VALUES (?, ?, ?)",
                           (digest, len(data), sqlite3.Binary(data)))
    return digest


def get(store: VisitationStore, digest: str) -> bytes | None:
    """The bytes stored under ``digest``; None when this file does not hold them (a copy
    handed out without attachments)."""
    with store.reader() as conn:
        found = conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (digest,)).fetchone()
    return bytes(found[0]) if found else None


def has(store: VisitationStore, digest: str) -> bool:
    with store.reader() as conn:
        return conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (digest,)).fetchone() is not None


def stored_hashes(conn: sqlite3.Connection) -> set[str]:
    return {h for (h,) in conn.execute("SELECT sha256 FROM attachments")}


def count_and_bytes(store: VisitationStore) -> tuple[int, int]:
    """How many attachments the file holds and their total size in bytes."""
    with store.reader() as conn:
        n, total = conn.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM attachments").fetchone()
    return n, total


def bad_attachment(conn: sqlite3.Connection) -> str | None:
    """The first stored attachment whose bytes do not match its hash or size (Dutch), or
    None; reads one attachment at a time."""
    for (digest,) in conn.execute("SELECT sha256 FROM attachments").fetchall():
        size, data = conn.execute("SELECT size, data FROM attachments WHERE sha256 = ?",
                                  (digest,)).fetchone()
        if not isinstance(data, bytes) or not isinstance(digest, str):
            return f"bijlage {str(digest)[:16]!r}: geen bytes"
        if sha256(data) != digest or size != len(data):
            return f"bijlage {digest[:16]}: de inhoud klopt niet met de vingerafdruk"
    return None


def problem(store: VisitationStore) -> str | None:
    """``bad_attachment`` of this file (for ``check``)."""
    with store.reader() as conn:
        return bad_attachment(conn)


def copy_missing(target: sqlite3.Connection, copy: sqlite3.Connection) -> int:
    """Copy the attachments of ``copy`` that ``target`` lacks (in the caller's transaction),
    one at a time; returns how many. Their hashes were checked (``bad_attachment``)."""
    have = stored_hashes(target)
    copied = 0
    for digest in sorted(stored_hashes(copy) - have):
        size, data = copy.execute("SELECT size, data FROM attachments WHERE sha256 = ?",
                                  (digest,)).fetchone()
        target.execute("INSERT OR IGNORE INTO attachments (sha256, size, data) VALUES (?, ?, ?)",
                       (digest, size, data))
        copied += 1
    return copied


def drop_all(conn: sqlite3.Connection) -> int:
    """Remove every attachment (a hand-out copy without them); returns how many."""
    return conn.execute("DELETE FROM attachments").rowcount
