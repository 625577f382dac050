"""Drafts: text still being typed in an open field, kept so that a crash loses nothing.

This module owns the key format: a draft belongs to a place in the app (the capture
pane of a conversation or record, the toelichting of an assessment item), not to a
member, because one person works on a copy. A draft keeps the choices made beside its
text (theme, subtheme, kind) and the conversation it was typed for, so that reopening
after a crash puts back the whole observation being written, not only its words.

One more row, under PLACE_KEY, keeps where the member was: the view and the conversation
the window reopens on. It lives in the file (not in the computer's settings) so that it
moves with the file; like every draft it stays with this file (never merged, left out of
a hand-out copy).
"""

from __future__ import annotations

from visitor_app.services.changes import NOTHING, Changes, changed
from visitor_app.services.common import Part

# The choices a draft keeps beside its text (fields of the drafts record).
CHOICES = ("theme", "subtheme", "kind", "session_id")
PLACE_KEY = "plek"  # the row of "where the member was"; not a draft of a field


def capture_key(session_id: str | None = None, case_file_id: str | None = None,
                partner_interview_id: str | None = None) -> str:
    """The draft of the capture pane bound to a conversation and/or record."""
    refs = ":".join(r or "-" for r in (session_id, case_file_id, partner_interview_id))
    return f"capture:{refs}"


def assessment_key(item_id: str) -> str:
    """The draft of an assessment item's toelichting."""
    return f"oordeel:{item_id}"


def _choices(choices: dict | None) -> dict:
    unknown = set(choices or {}) - set(CHOICES)
    if unknown:
        raise ValueError(f"a draft keeps no {sorted(unknown)}")
    return {name: (choices or {}).get(name) or None for name in CHOICES}


class Drafts(Part):
    def save(self, key: str, text: str, choices: dict | None = None) -> Changes:
        """Keep unsent text of an open field, with the choices made beside it (theme,
        subtheme, kind, session_id; the ones not given are cleared). Empty text removes
        the draft."""
        if key == PLACE_KEY:
            raise ValueError(f"{PLACE_KEY!r} is the place row, not a draft")
        return self._put(key, text, _choices(choices))

    def _put(self, key: str, text: str, values: dict) -> Changes:
        with self.store.transaction():
            current = self.store.find_one("drafts", {"key": key})
            if not text.strip():
                if current:
                    self.store.delete("drafts", current["id"])
                    return changed("drafts")
                return NOTHING
            values = {"text": text, **values}
            if current:
                if all(current[name] == value for name, value in values.items()):
                    return NOTHING
                self.store.update("drafts", current["id"], values, author=self.author)
            else:
                self.store.insert("drafts", {"key": key, **values}, author=self.author)
        return changed("drafts")

    def all(self) -> dict[str, str]:
        """The text of every draft, by key."""
        return {d["key"]: d["text"] for d in self.store.rows("drafts") if d["key"] != PLACE_KEY}

    def choices(self) -> dict[str, dict]:
        """The choices kept with every draft, by key: {theme, subtheme, kind, session_id}
        (None where nothing was chosen)."""
        return {d["key"]: {name: d[name] for name in CHOICES}
                for d in self.store.rows("drafts") if d["key"] != PLACE_KEY}

    def place(self) -> dict:
        """Where the member was when the file was last used here: {"view": the view's
        name or None, "session_id": the conversation or None}."""
        row = self.store.find_one("drafts", {"key": PLACE_KEY})
        return {"view": row["text"] if row else None, "session_id": row["session_id"] if row else None}

    def set_place(self, view: str, session_id: str | None = None) -> Changes:
        """Remember the view (a name the window knows) and the conversation the member is on."""
        if not view or not view.strip():
            raise ValueError("a place needs a view")
        values = dict(_choices(None), session_id=session_id or None)
        return self._put(PLACE_KEY, view, values)
