"""What every view needs: the open visitation, the background worker, settings and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from visitor_app.services import Changes, Visitation
from visitor_app.ui import ops
from visitor_app.ui.background import Worker
from visitor_app.ui.settings import Settings


class AppContext(QObject):
    # The Changes of every operation; a view watches the kinds of data it shows
    # (LazyMixin.watch), in the manner of Anki's operation_did_execute hook.
    changed = Signal(object)
    status = Signal(str)          # a short message for the status bar
    error = Signal(object)        # an exception to show to the user

    def __init__(self, visit: Visitation, worker: Worker, settings: Settings, parent=None):
        super().__init__(parent)
        self.visit = visit
        self.worker = worker
        self.settings = settings
        self.framework = visit.framework
        # What the user typed in open fields, as last saved: read from here, not from the
        # file, because a save may still be waiting in the worker's queue.
        self.drafts: dict[str, str] = visit.drafts.all()
        self.initiator: object = None  # during apply(): the view whose operation it was

    def apply(self, changes: Changes, initiator: object = None) -> None:
        """Tell the views what an operation changed (on the GUI thread), once per operation:
        each view that shows one of the changed kinds refreshes once."""
        self.initiator = initiator
        try:
            self.changed.emit(changes)
        finally:
            self.initiator = None

    def draft(self, key: str) -> str:
        return self.drafts.get(key, "")

    def save_draft(self, key: str, text: str) -> None:
        """Remember at once, write in the background (in order with other writes)."""
        if self.drafts.get(key, "") == text:
            return
        self.drafts[key] = text
        ops.op(self, self.visit.drafts.save, key, text)

    # small lookups for labels
    def theme_name(self, theme_id: str | None) -> str:
        if not theme_id:
            return ""
        return self.framework.theme(theme_id)["name"] if self.framework.has_theme(theme_id) else theme_id

    def subtheme_name(self, theme_id: str | None, sub_id: str | None) -> str:
        if not sub_id or not theme_id or not self.framework.has_theme(theme_id):
            return sub_id or ""
        for s in self.framework.subthemes(theme_id):
            if s["id"] == sub_id:
                return s["name"]
        return sub_id

    def kind_name(self, kind_id: str) -> str:
        return self.framework.kind_name(kind_id)
