"""Drafts: text still being typed in an open field, kept so that a crash loses nothing.

This module owns the key format: a draft belongs to a place in the app (the capture
pane of a conversation or record, the toelichting of an assessment item), not to a
member, because one person works on a copy.
"""

from __future__ import annotations

from visitor_app.services.changes import NOTHING, Changes, changed
from visitor_app.services.common import Part

def capture_key(session_id: str | None = None, case_file_id: str | None = None,
                partner_interview_id: str | None = None) -> str:
    """The draft of the capture pane bound to a conversation and/or record."""
    refs = ":".join(r or "-" for r in (session_id, case_file_id, partner_interview_id))
    return f"capture:{refs}"


def assessment_key(item_id: str) -> str:
    """The draft of an assessment item's toelichting."""
    return f"oordeel:{item_id}"


class Drafts(Part):
    def save(self, key: str, text: str) -> Changes:
        """Keep unsent text of an open field. Empty text removes the draft."""
        with self.store.transaction():
            current = self.store.find_one("drafts", {"key": key})
            if not text.strip():
                if current:
                    self.store.delete("drafts", current["id"])
                    return changed("drafts")
                return NOTHING
            if current:
                if current["text"] == text:
                    return NOTHING
                self.store.update("drafts", current["id"], {"text": text}, author=self.author)
            else:
                self.store.insert("drafts", {"key": key, "text": text}, author=self.author)
        return changed("drafts")

    def all(self) -> dict[str, str]:
        return {d["key"]: d["text"] for d in self.store.rows("drafts")}
