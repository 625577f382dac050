"""Assessments: the robustness scale and checklist items, each with a toelichting."""

from __future__ import annotations

from visitor_app.services.changes import Changes, changed
from visitor_app.services.common import Part, optional_text


class Assessments(Part):
    def set(self, item: str, value: str, toelichting: str | None = None,
            draft_key: str | None = None) -> Changes:
        """Record the value of an item; ``draft_key``: the field's draft, dropped at once
        because the text now lives in the assessment itself."""
        item, value = self.framework.resolve_assessment(item, value)
        values = {"item": item, "value": value}
        if toelichting is not None:
            values["toelichting"] = optional_text(toelichting, "toelichting")
        kinds = ("assessments", "drafts") if draft_key else ("assessments",)
        with self.store.transaction():
            current = self.keyed("assessments", "item", item)
            if current:
                row = self.store.update("assessments", current["id"], values, author=self.author)
            else:
                row = self.store.get("assessments",
                                     self.store.insert("assessments", values, author=self.author))
            if draft_key:
                self.visit.drafts.save(draft_key, "")
        return changed(*kinds, row=row)

    def all(self) -> dict[str, dict]:
        """Item id -> its assessment (the newest one when merged copies made two)."""
        return {a["item"]: a for a in self.store.rows("assessments", order_by="updated, id")}
