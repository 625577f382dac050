"""The documents register of a visitation: the self-evaluation, annual report, budget, ...
that the commission reads, with an optional attachment (the file itself) and the reading
notes taken from it.

A document has a title, a kind (forms/: ``document_kinds`` in framework.yaml), a date and
an attachment. The attachment's bytes are stored once per content inside the visitation
file (store/attachments.py, by sha256); the record holds its hash, name, size and type. A
reading note is an observation whose source is a document and a page: ``document_id`` and
``page`` on the observation, its Bron then reads "<title>, p. <page>" (kept in step when
the title changes).

Limits (docs/cli.md): an attachment is at most 25 MB, and all attachments of a visitation
together at most 150 MB, so a member's copy with them stays under the 200 MB a merge reads.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Iterable

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, optional_text, parse_date
from visitor_app.store import attachments
from visitor_app.store.files import atomic_write, check_output_path

MAX_ATTACHMENT_BYTES = 25_000_000  # 25 MB per attachment
MAX_TOTAL_BYTES = 150_000_000  # all attachments of one visitation (a copy must stay mergeable)
NOTHING_CHANGED = "Er is niets veranderd."
EDITABLE = ("title", "kind", "date", "notes")


def megabytes(size: int) -> str:
    """A size as people read it: "1,2 MB", "340 kB", "12 bytes"."""
    if size >= 1_000_000:
        return f"{size / 1e6:.1f}".replace(".0", "").replace(".", ",") + " MB"
    if size >= 1_000:
        return f"{size / 1e3:.0f} kB"
    return f"{size} bytes"


def source_text(title: str, page: int | None) -> str:
    """The Bron of a reading note: "<title>, p. 12" (just the title without a page)."""
    return f"{title}, p. {page}" if page else title


class Documents(Part):
    # -- checks -------------------------------------------------------------------------
    def _kind(self, kind) -> str | None:
        kinds = self.framework.document_kinds
        if not kinds:  # a framework without document kinds: none to choose
            if kind:
                raise InputError(f"documentsoort {kind!r}: dit visitatiekader kent geen soorten "
                                 f"documenten. {NOTHING_CHANGED}")
            return None
        if kind not in {k["id"] for k in kinds}:
            raise InputError(f"onbekende documentsoort {kind!r} (kies uit: "
                             f"{', '.join(k['id'] for k in kinds)}). {NOTHING_CHANGED}")
        return kind

    def _values(self, title, kind, date=None, notes=None) -> dict:
        date = str(date).strip() if date not in (None, "") else None
        return {"title": clean_text(title, "titel van het document"), "kind": self._kind(kind),
                "date": parse_date(date, "datum van het document").isoformat() if date else None,
                "notes": optional_text(notes, "aantekeningen bij het document")}

    def read_attachment(self, path: Path | str) -> tuple[bytes, dict]:
        """The bytes of the file ``path`` and the fields a document keeps of it; refuses a
        missing file, a folder and a file above the limits (Dutch, naming file and size)."""
        path = Path(path)
        if not path.exists():
            raise InputError(f"{path}: bestand bestaat niet. {NOTHING_CHANGED}")
        if not path.is_file():
            raise InputError(f"{path}: is geen bestand; kies het bestand dat je wilt bijvoegen. "
                             f"{NOTHING_CHANGED}")
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise InputError(f"{path.name}: deze bijlage is {megabytes(size)}, groter dan de grens "
                             f"van {megabytes(MAX_ATTACHMENT_BYTES)} per bijlage. Voeg een "
                             f"kleinere versie toe (bijvoorbeeld een PDF zonder afbeeldingen) of "
                             f"noteer alleen de titel. {NOTHING_CHANGED}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: bestand niet te lezen ({exc.strerror or exc}). "
                             f"{NOTHING_CHANGED}") from None
        if len(data) > MAX_ATTACHMENT_BYTES:  # it grew while we looked
            raise InputError(f"{path.name}: deze bijlage is {megabytes(len(data))}, groter dan de "
                             f"grens van {megabytes(MAX_ATTACHMENT_BYTES)}. {NOTHING_CHANGED}")
        digest = attachments.sha256(data)
        if not attachments.has(self.store, digest):
            _n, total = attachments.count_and_bytes(self.store)
            if total + len(data) > MAX_TOTAL_BYTES:
                raise InputError(
                    f"{path.name}: met deze bijlage ({megabytes(len(data))}) komen de bijlagen van "
                    f"deze visitatie samen op {megabytes(total + len(data))}, meer dan de grens van "
                    f"{megabytes(MAX_TOTAL_BYTES)}. {NOTHING_CHANGED}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return data, {"attachment_sha256": digest, "attachment_name": path.name,
                      "attachment_size": len(data), "attachment_mime": mime}

    # -- changes ------------------------------------------------------------------------
    def add(self, title: str, kind: str | None, date: str | None = None,
            attachment: Path | str | None = None, notes: str | None = None) -> Changes:
        """Register a document, with the file ``attachment`` if given (all or nothing)."""
        values = self._values(title, kind, date, notes)
        data = None
        if attachment is not None and str(attachment).strip():
            data, fields = self.read_attachment(attachment)
            values.update(fields)
        with self.store.transaction():
            if data is not None:
                attachments.put(self.store, data)
            doc_id = self.store.insert("documents", values, author=self.author)
        return changed("documents", id=doc_id)

    def update(self, doc_id: str, **changes) -> Changes:
        """Change title, kind, date or notes; a new title is carried into the Bron of the
        document's reading notes, in the same transaction."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"unknown document fields {sorted(unknown)}")
        cur = self.store.get("documents", doc_id)
        values = self._values(**{k: changes.get(k, cur[k]) for k in EDITABLE})
        diff = {k: v for k, v in values.items() if v != cur[k]}
        if not diff:
            return changed(row=cur)
        with self.store.transaction():
            row = self.store.update("documents", doc_id, diff, author=self.author)
            if "title" in diff:
                for note in self.notes(doc_id, include_deleted=True):
                    want = source_text(row["title"], note["page"])
                    if note["evidence"] != want:
                        self.store.update("observations", note["id"], {"evidence": want},
                                          author=self.author)
        return changed("documents", "observations", row=row)

    def attach(self, doc_id: str, path: Path | str) -> Changes:
        """Give a document the file ``path`` as its attachment (replacing one it had; the
        old bytes stay in the file while any document, or an earlier version, may need them)."""
        self.store.get("documents", doc_id)
        data, fields = self.read_attachment(path)
        with self.store.transaction():
            attachments.put(self.store, data)
            row = self.store.update("documents", doc_id, fields, author=self.author)
        return changed("documents", row=row)

    def detach(self, doc_id: str) -> Changes:
        """The document without its attachment (the record keeps title, kind and date)."""
        self.store.get("documents", doc_id)
        row = self.store.update("documents", doc_id, dict.fromkeys(
            ("attachment_sha256", "attachment_name", "attachment_size", "attachment_mime")),
            author=self.author)
        return changed("documents", row=row)

    def delete(self, ids: Iterable[str]) -> Changes:
        """Remove documents (a tombstone, as every record: undo with ``restore``); their
        reading notes stay, with their Bron."""
        return changed("documents", ids=tuple(self.set_deleted("documents", ids, True)))

    def restore(self, ids: Iterable[str]) -> Changes:
        return changed("documents", ids=tuple(self.set_deleted("documents", ids, False)))

    def add_note(self, doc_id: str, theme: str, kind: str, text: str, page: int | None = None,
                 subtheme: str | None = None, session_id: str | None = None) -> Changes:
        """A reading note: an observation whose source is this document (and page)."""
        self.store.get("documents", doc_id)
        result = self.visit.observations.add(theme, kind, text, subtheme=subtheme,
                                             session_id=session_id, document_id=doc_id, page=page)
        return changed("observations", "documents", id=result.id)

    # -- reading ------------------------------------------------------------------------
    def get(self, doc_id: str) -> dict:
        return self._shown(self.store.get("documents", doc_id))

    def _shown(self, row: dict) -> dict:
        row = dict(row)
        row["kind_name"] = self.framework.document_kind_name(row["kind"])
        digest = row.get("attachment_sha256")
        row["attachment_here"] = bool(digest) and attachments.has(self.store, digest)
        return row

    def list(self, include_deleted: bool = False) -> list[dict]:
        """The register: by date (undated last), then title."""
        rows = [self._shown(r) for r in self.store.rows("documents", include_deleted=include_deleted)]
        return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["title"].casefold()))

    def kinds(self) -> list[dict]:
        return list(self.framework.document_kinds)

    def source(self, doc_id: str, page: int | None) -> str:
        """The Bron of a note from this document (a removed one counts too)."""
        return source_text(self.store.get("documents", doc_id, include_deleted=True)["title"], page)

    def notes(self, doc_id: str, include_deleted: bool = False) -> list[dict]:
        """The reading notes of a document, by page (notes without a page last)."""
        rows = self.store.rows("observations", {"document_id": doc_id}, include_deleted=include_deleted)
        return sorted(rows, key=lambda r: (r["page"] is None, r["page"] or 0, r["created"]))

    def attachment(self, doc_id: str) -> bytes:
        """The bytes of a document's attachment; InputError when it has none, or this copy
        was handed out without attachments."""
        row = self.store.get("documents", doc_id)
        if not row["attachment_sha256"]:
            raise InputError(f"document {row['title']!r} heeft geen bijlage")
        data = attachments.get(self.store, row["attachment_sha256"])
        if data is None:
            raise InputError(f"de bijlage van {row['title']!r} ({row['attachment_name']}) zit niet "
                             "in dit bestand: deze kopie is uitgegeven zonder bijlagen. Het "
                             "bestand van de secretaris heeft hem wel.")
        return data

    def save_attachment(self, doc_id: str, out: Path | str) -> Changes:
        """Write a document's attachment to ``out`` (all or nothing)."""
        out = Path(out)
        check_output_path(out, None, "de bijlage")
        if out.exists() and out.resolve() == self.visit.path.resolve():
            raise InputError(f"{out}: dat is het visitatiebestand zelf; kies een andere naam")
        data = self.attachment(doc_id)
        atomic_write(out, data)
        return changed(result={"out": str(out), "size": len(data)})

    def stored(self) -> dict:
        """How many attachments this file holds and their size in bytes."""
        n, total = attachments.count_and_bytes(self.store)
        return {"count": n, "bytes": total}


def check_page(page) -> int | None:
    """A page number: a whole number from 1, or None."""
    if page in (None, ""):
        return None
    if isinstance(page, bool):
        raise InputError(f"pagina {page!r} is geen paginanummer")
    try:
        number = int(str(page).strip()) if not isinstance(page, int) else page
    except ValueError:
        raise InputError(f"pagina {page!r} is geen paginanummer (een geheel getal vanaf 1)") from None
    if number < 1 or number > 100_000:
        raise InputError(f"pagina {page!r} is geen paginanummer (een geheel getal vanaf 1)")
    return number

