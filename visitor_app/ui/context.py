"""What every view needs: the open visitation, the background worker, settings and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from visitor_app.services import Changes, Visitation
from visitor_app.services.changes import KINDS
from visitor_app.ui import ops
from visitor_app.ui.background import Worker
from visitor_app.ui.settings import Settings


class AppContext(QObject):
    # One signal per kind of data (services.changes.KINDS); views refresh on their kinds.
    details_changed = Signal()
    members_changed = Signal()
    programme_changed = Signal()
    observations_changed = Signal()
    records_changed = Signal()
    assessments_changed = Signal()
    findings_changed = Signal()
    report_changed = Signal()
    drafts_changed = Signal()
    team_changed = Signal()
    changed = Signal(object)      # the Changes of every operation, after the kinds' signals
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
        self._signals = {kind: getattr(self, f"{kind}_changed") for kind in KINDS}

    def apply(self, changes: Changes, initiator: object = None) -> None:
        """Tell the views what an operation changed (on the GUI thread)."""
        self.initiator = initiator
        try:
            for kind in KINDS:
                if kind in changes.kinds:
                    self._signals[kind].emit()
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
