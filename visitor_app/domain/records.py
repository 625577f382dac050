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

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")


@dataclass(frozen=True)
class Record:
    table: str
    name: str  # Dutch, singular: "waarneming"
    fields: tuple[Field, ...]
    local: bool = False  # stays with one file: never merged, emptied in a hand-out copy

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field {name}")


def _fields(*specs) -> tuple[Field, ...]:
    """("name", "type"[, default]) or "name" (a str) -> Fields."""
    return tuple(Field(s) if isinstance(s, str) else Field(*s) for s in specs)


# Every record has these: a random id, who made it and when, its revision, and a tombstone.
COMMON = _fields("id", "author", "created", "updated", "updated_by", ("revision", "int", 1),
                 ("deleted", "bool", False))

RECORDS: dict[str, Record] = {r.table: r for r in (
    Record("visitation", "visitatie", _fields(
        "dienst", "start", "end", "status", "framework_id", "framework_version", "framework_json",
        "notes")),
    Record("members", "commissielid", _fields("name", "role")),
    Record("sessions", "programmaonderdeel", _fields(
        ("day", "int"), "start", "end", "conversation", "title", ("participants", "json"),
        ("themes", "json"), ("optional", "bool", False), "notes")),
    Record("observations", "waarneming", _fields(
        "theme", "subtheme", "kind", "text", "session_id", "case_file_id", "partner_interview_id",
        "evidence", ("pinned", "bool", False))),
    Record("case_files", "dossier", _fields("template", "session_id", ("fields", "json"))),
    Record("partner_interviews", "gesprek met een ketenpartner", _fields("template", "session_id", ("fields", "json"))),
    Record("assessments", "oordeel", _fields("item", "value", "toelichting")),
    Record("findings", "bevinding", _fields("theme", "subtheme", "kind", "text", ("position", "float"))),
    Record("finding_links", "koppeling bevinding-waarneming", _fields("finding_id", "observation_id")),
    Record("drafts", "concepttekst", _fields("key", "text"), local=True),
    Record("report_sections", "rapporttekst", _fields("section", "text")),
)}
