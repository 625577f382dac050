"""The record kinds of a visitation file, each declared once.

A declaration names the table, the Dutch singular used in messages, and the fields with
their type and default. ``visitor_app.store.schema`` derives tables, columns, JSON and
flag columns from these; a record's version hash covers exactly the declared fields.

Adding a field to a record kind = one ``Field`` here + one migration step
(``visitor_app.store.migrations``, with ``add_column``). A field whose value equals its
default does not count in a record's version, so a new field changes no existing version.

Types: "str", "int", "float", "bool" (stored 0/1), "json" (stored as JSON text), "bytes".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TYPES = ("str", "int", "float", "bool", "json", "bytes")


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "str"
    default: Any = None
    label: str | None = None  # Dutch heading where people see the field (the board, messages)
    csv: str | None = None  # its column in a CSV import (Dutch, lower case), if it has one
    required: bool = False  # must be given in a CSV import

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")


@dataclass(frozen=True)
class Record:
    table: str
    name: str  # Dutch, singular: "waarneming"
    fields: tuple[Field, ...]
    local: bool = False  # stays with one file: never merged, emptied in a hand-out copy
    board: tuple[str, ...] = ()  # the columns of its list in the window, in order
    csv: tuple[str, ...] = ()  # the fields a CSV import of these records takes, in order

    def field(self, name: str) -> Field:
        for f in self.fields + COMMON:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field {name}")

    def names(self) -> tuple[str, ...]:
        """The declared fields (without the common ones), in order."""
        return tuple(f.name for f in self.fields)

    def csv_columns(self) -> dict[str, tuple[str, ...]]:
        """{"required": column names, "optional": column names} of a CSV import."""
        fields = [self.field(name) for name in self.csv]
        return {"required": tuple(f.csv for f in fields if f.required),
                "optional": tuple(f.csv for f in fields if not f.required)}

    def columns(self) -> list[tuple[str, str]]:
        """(field, Dutch heading) of the columns of its list in the window."""
        return [(name, self.field(name).label or name) for name in self.board]


def _fields(*specs) -> tuple[Field, ...]:
    """("name", "type"[, default]), "name" (a str) or a Field -> Fields."""
    return tuple(s if isinstance(s, Field) else Field(s) if isinstance(s, str) else Field(*s)
                 for s in specs)


# Every record has these: a random id, who made it and when, its revision, and a tombstone.
COMMON = _fields("id", Field("author", label="Auteur", csv="auteur"), Field("created", label="Tijd"),
                 "updated", "updated_by", ("revision", "int", 1), ("deleted", "bool", False))
# The fields that tag an observation or a finding with the framework's words.
THEME = Field("theme", label="Thema", csv="thema", required=True)
SUBTHEME = Field("subtheme", label="Subthema", csv="subthema")
KIND = Field("kind", label="Soort", csv="soort", required=True)

RECORDS: dict[str, Record] = {r.table: r for r in (
    Record("visitation", "visitatie", _fields(
        "dienst", "start", "end", "status", "framework_id", "framework_version", "framework_json",
        "notes")),
    Record("members", "commissielid", _fields("name", "role")),
    Record("sessions", "programmaonderdeel", _fields(
        ("day", "int"), "start", "end", "conversation", "title", ("participants", "json"),
        ("themes", "json"), ("optional", "bool", False), "notes")),
    Record("observations", "waarneming", _fields(
        THEME, SUBTHEME, KIND, Field("text", label="Waarneming", csv="tekst", required=True),
        Field("session_id", label="Gesprek", csv="gesprek"), "case_file_id", "partner_interview_id",
        Field("evidence", label="Bron", csv="bron"),
        Field("pinned", "bool", False, label="Vast", csv="vastgepind"),
        # a reading note: the document of the register it comes from and its page (the
        # Bron then reads "<title>, p. <page>"; services/documents.py)
        "document_id", Field("page", "int", label="Pagina")),
        board=("pinned", "theme", "subtheme", "kind", "text", "session_id", "author", "created"),
        csv=("theme", "kind", "text", "subtheme", "session_id", "author", "evidence", "pinned")),
    # the documents register (services/documents.py): a document's attachment is stored
    # once per content in the file's attachments table (store/attachments.py), by its sha256
    Record("documents", "document", _fields(
        Field("title", label="Titel"), Field("kind", label="Soort"), Field("date", label="Datum"),
        "attachment_sha256", "attachment_name", ("attachment_size", "int"), "attachment_mime",
        "notes")),
    Record("case_files", "dossier", _fields("template", "session_id", ("fields", "json"))),
    Record("partner_interviews", "gesprek met een ketenpartner", _fields("template", "session_id", ("fields", "json"))),
    Record("assessments", "oordeel", _fields("item", "value", "toelichting")),
    Record("findings", "bevinding", _fields(
        THEME, SUBTHEME, KIND, Field("text", label="Bevinding", csv="tekst", required=True),
        ("position", "float")),
        csv=("theme", "kind", "text", "subtheme")),
    Record("finding_links", "koppeling bevinding-waarneming", _fields("finding_id", "observation_id")),
    # text still being typed (services/drafts.py), with the choices made beside it, and the
    # row "where the member was" (the view and conversation to reopen on); local to a file
    Record("drafts", "concepttekst", _fields("key", "text", "theme", "subtheme", "kind", "session_id"),
           local=True),
    Record("report_sections", "rapporttekst", _fields("section", "text")),
    # the secretary's decisions on what leaves the file (services/privacy.py): scope is a
    # text's reference ("finding:ID", "assessment:ITEM") or "*", action "keep" or "mark"
    Record("privacy_decisions", "privacybeslissing", _fields("scope", "text", "action", "kind")),
    # a guide question marked as discussed ("besproken") in one session (services/questions.py):
    # ``question`` is a question id of the framework; unticking sets ``ticked`` false
    Record("question_ticks", "besproken gespreksvraag", _fields(
        "session_id", "question", ("ticked", "bool", False))),
    # the recommendations (and other follow-up kinds) of the previous visitation of the same
    # dienst (services/previous.py): imported once per source, id = a hash of source, theme
    # and text; status and toelichting are the commission's opvolging (one record, so that an
    # opvolging changed in two copies is a conflict)
    Record("previous_recommendations", "punt van de vorige visitatie", _fields(
        "theme", "kind", "text", "source", "source_label", ("position", "float"),
        "status", "toelichting")),
    Record("previous_links", "koppeling vorig punt-waarneming",
           _fields("recommendation_id", "observation_id")),
    # questions a member prepared for one session or one theme (services/preparation.py);
    # no member = the whole commission's; asked_session_id = where it was ticked off
    Record("own_questions", "eigen vraag", _fields(
        "member_id", "session_id", "theme", "text", ("position", "float"), "asked_session_id")),
    # what the dienst says about itself per theme, in short (its zelfevaluatie)
    Record("self_evaluations", "samenvatting zelfevaluatie", _fields("theme", "text")),
)}
