"""Observations: what members capture per theme during the conversations."""

from __future__ import annotations

from typing import Iterable

from visitor_app.domain.records import RECORDS
from visitor_app.errors import InputError, NotFoundError
from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, clean_text, optional_text, search_terms

FIELDS = RECORDS["observations"].names()  # what an edit may change: the declared fields
# What a list may be narrowed by: every declared field but the free texts, and the author.
FILTERS = frozenset({*FIELDS, "author"} - {"text", "evidence"})


class Observations(Part):
    def _values(self, theme, kind, text, subtheme=None, session_id=None, evidence=None,
                pinned=False, case_file_id=None, partner_interview_id=None, document_id=None,
                page=None) -> dict:
        from visitor_app.services.documents import check_page
        self.check_theme(theme, subtheme)
        self.check_kind(kind)
        for table, ref in (("sessions", session_id), ("case_files", case_file_id),
                           ("partner_interviews", partner_interview_id)):
            if ref:  # must exist; a removed (tombstoned) session keeps its observations valid
                self.store.get(table, ref, include_deleted=True)
        page = check_page(page)
        if document_id:  # a reading note: its Bron is the document's title and page
            try:
                evidence = self.visit.documents.source(document_id, page)
            except NotFoundError:
                raise InputError(f"document {document_id!r} staat niet in het documentenregister; "
                                 "er is niets veranderd") from None
        elif page is not None:
            raise InputError(f"pagina {page}: kies ook het document waar de pagina in staat")
        return {"theme": theme, "subtheme": subtheme or None, "kind": kind,
                "text": clean_text(text, "waarneming"), "session_id": session_id or None,
                "evidence": optional_text(evidence, "bron"), "pinned": bool(pinned),
                "case_file_id": case_file_id or None,
                "partner_interview_id": partner_interview_id or None,
                "document_id": document_id or None, "page": page}

    def add(self, theme: str, kind: str, text: str, subtheme: str | None = None,
            session_id: str | None = None, evidence: str | None = None, pinned: bool = False,
            case_file_id: str | None = None, partner_interview_id: str | None = None,
            author: str | None = None, document_id: str | None = None,
            page: int | None = None) -> Changes:
        values = self._values(theme, kind, text, subtheme, session_id, evidence, pinned,
                              case_file_id, partner_interview_id, document_id, page)
        return changed("observations", id=self.store.insert("observations", values,
                                                            author=author or self.author))

    def add_many(self, rows: list[dict]) -> Changes:
        """Many observations in one transaction: all or nothing."""
        prepared = []
        for row in rows:
            values = self._values(**{k: v for k, v in row.items() if k != "author"})
            values["author"] = row.get("author") or self.author
            prepared.append(values)
        return changed("observations", ids=tuple(self.store.insert_many("observations", prepared)))

    def capture(self, values: dict, draft_key: str | None = None,
                author: str | None = None) -> Changes:
        """Store an observation typed in a capture field and drop that field's draft, at once."""
        with self.store.transaction():
            result = self.add(**values, author=author)
            if draft_key:
                self.visit.drafts.save(draft_key, "")
        return changed("observations", "drafts", id=result.id)

    def update(self, obs_id: str, **changes) -> Changes:
        row = self.update_tagged("observations", obs_id, changes, FIELDS, self._values,
                                 include_deleted=True)
        return changed("observations", row=row)

    def move(self, ids: Iterable[str], session_id: str | None) -> Changes:
        """Move observations to another session (None: to Algemeen, no conversation), all
        in one transaction: each an ordinary update of its record, so a merge of copies
        sees it as an edit like any other. Only the ones not there already change; an
        unknown or removed session, or an unknown observation, changes nothing."""
        ids = list(dict.fromkeys(ids))
        if session_id is not None:
            try:
                self.store.get("sessions", session_id)
            except NotFoundError:
                raise InputError(f"gesprek {session_id!r} staat niet (meer) in het programma; "
                                 "er is geen waarneming verplaatst") from None
        moved = []
        with self.store.transaction():
            for obs_id in ids:
                try:
                    before = self.store.get("observations", obs_id)
                except NotFoundError:
                    raise InputError(f"waarneming {obs_id!r} bestaat niet (meer); "
                                     "er is geen waarneming verplaatst") from None
                if before["session_id"] == session_id:
                    continue
                self.update_tagged("observations", obs_id, {"session_id": session_id}, FIELDS,
                                   self._values)
                moved.append(obs_id)
        return changed("observations", ids=tuple(moved))

    def delete(self, ids: Iterable[str]) -> Changes:
        return changed("observations", "findings", ids=tuple(self.set_deleted("observations", ids, True)))

    def restore(self, ids: Iterable[str]) -> Changes:
        return changed("observations", "findings", ids=tuple(self.set_deleted("observations", ids, False)))

    def get(self, obs_id: str) -> dict:
        return self.store.get("observations", obs_id)

    def texts_of_kinds(self, kinds) -> list[str]:
        """The texts of every observation of these kinds, removed ones included (what
        de-identification must find, e.g. every quote ever typed)."""
        kinds = set(kinds)
        return [o["text"] for o in self.store.rows("observations", include_deleted=True)
                if o["kind"] in kinds]

    def list(self, **filters) -> list[dict]:
        unknown = set(filters) - FILTERS
        if unknown:
            raise ValueError(f"unknown filter {unknown}")
        return self.store.rows("observations", _where(filters))

    def search(self, text: str, limit: int = 200, **filters) -> list[dict]:
        """Observations whose text or evidence holds every word: as the beginning of a word,
        or from 3 characters on as any part of one ("besluit" finds "mandaatbesluit");
        whole-word hits first, narrowed by the same filters as ``list`` in the same query."""
        unknown = set(filters) - FILTERS
        if unknown:
            raise ValueError(f"unknown filter {unknown}")
        terms = search_terms(text)
        if not terms:
            return []
        return self.store.search(terms, limit, where=_where(filters))


def _where(filters: dict) -> dict:
    return {k: (int(v) if isinstance(v, bool) else v) for k, v in filters.items()}
