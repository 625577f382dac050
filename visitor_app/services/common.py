"""Small helpers every aggregate of a visitation uses: input checks and the base class."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from visitor_app.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from visitor_app.services.visitation import Visitation

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WORD_RE = re.compile(r"\w+", re.UNICODE)
SEARCH_TERM_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Text as the file keeps it: a vertical tab, form feed, CR LF or lone CR is a line break;
# other control characters (C0 but tab and newline, DEL, C1), lone surrogates and the
# non-characters U+FFFE/U+FFFF are dropped. What is left is always XML 1.0 text.
LINE_BREAK_RE = re.compile(r"\r\n?|[\x0b\x0c]")
DROPPED_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{what}: ongeldige datum {value!r} (gebruik JJJJ-MM-DD)")


def parse_time(value: str, what: str) -> str:
    value = str(value).strip()
    if re.match(r"^\d:[0-5]\d$", value):
        value = "0" + value
    if not TIME_RE.match(value):
        raise InputError(f"{what}: ongeldige tijd {value!r} (gebruik UU:MM)")
    return value


def search_terms(text: str) -> list[str]:
    """User words -> the terms of a search (store.search): every one must match. Letters and
    digits only (an underscore separates, as a space does)."""
    return SEARCH_TERM_RE.findall(normal_text(text or ""))


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query: every word must match, as a prefix."""
    words = WORD_RE.findall(text or "")
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def normal_text(text: str) -> str:
    """The one rule for text that comes into the file (and, as a last line of defence,
    for stored text that goes out in a DOCX or XLSX): line breaks as LF, no control
    characters or lone surrogates, NFC. Spaces at the ends are left as they are."""
    return unicodedata.normalize("NFC", DROPPED_RE.sub("", LINE_BREAK_RE.sub("\n", text)))


def clean_text(text: Any, what: str) -> str:
    """A required text: normal_text, stripped, refused when nothing is left."""
    if not isinstance(text, str) or not (text := normal_text(text).strip()):
        raise InputError(f"{what}: tekst mag niet leeg zijn")
    return text


def optional_text(text: Any, what: str) -> str | None:
    """A text that may be left out: normal_text, stripped; None when nothing is left."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InputError(f"{what}: moet tekst zijn")
    return normal_text(text).strip() or None


def normal_name(name: str) -> str:
    """A name (or title) as it is compared: cleaned, case and spacing ignored."""
    return " ".join(normal_text(name).casefold().split())


class Part:
    """One aggregate of a visitation (programme, observations, ...): it owns the rules of
    its records and reaches the file through the visitation's store."""

    def __init__(self, visit: "Visitation"):
        self.visit = visit

    @property
    def store(self):
        return self.visit.store

    @property
    def framework(self):
        return self.visit.framework

    @property
    def author(self) -> str | None:
        return self.visit.current_member

    def check_theme(self, theme: str, subtheme: str | None) -> None:
        if not self.framework.has_theme(theme):
            raise InputError(f"onbekend thema {theme!r}")
        if subtheme and subtheme not in {s["id"] for s in self.framework.subthemes(theme)}:
            raise InputError(f"subthema {subtheme!r} hoort niet bij thema {theme!r}")

    def check_kind(self, kind: str, finding: bool = False) -> None:
        kinds = self.framework.finding_kinds if finding else self.framework.observation_kinds
        if kind not in {k["id"] for k in kinds}:
            raise InputError(f"onbekende soort {kind!r} (kies uit: {', '.join(k['id'] for k in kinds)})")

    def update_tagged(self, table: str, record_id: str, changes: dict, keys: tuple, validate,
                      include_deleted: bool = False) -> dict:
        """Apply changes to an observation or finding: validated as a whole, a new theme
        drops the old theme's subtheme, and only fields that really change are written."""
        cur = self.store.get(table, record_id, include_deleted=include_deleted)
        merged = {k: changes.get(k, cur[k]) for k in keys}
        if "theme" in changes and "subtheme" not in changes and changes["theme"] != cur["theme"]:
            merged["subtheme"] = None
        values = validate(**merged)
        changed = {k: v for k, v in values.items() if v != cur[k]}
        if not changed:
            return cur
        return self.store.update(table, record_id, changed, author=self.author)

    def set_deleted(self, table: str, ids, deleted: bool) -> list[str]:
        """Tombstone (or bring back) several records in one transaction: all or nothing."""
        ids = list(ids)
        change = self.store.delete if deleted else self.store.restore
        with self.store.transaction():
            for record_id in ids:
                change(table, record_id, author=self.author)
        return ids

    def keyed(self, table: str, column: str, value: str) -> dict | None:
        """The record that counts for a key (the newest, when merged copies made two)."""
        rows = self.store.rows(table, {column: value}, order_by="updated DESC, id DESC")
        return rows[0] if rows else None
