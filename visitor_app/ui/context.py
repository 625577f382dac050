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
        # the choices kept with each draft (theme, subtheme, kind, session_id; only those set)
        self.draft_choices: dict[str, dict] = {
            key: {k: v for k, v in kept.items() if v} for key, kept in visit.drafts.choices().items()}
        # where the member was (the view's class name, the conversation), kept in the file
        self.place: dict = visit.drafts.place()
        self.track_place = False  # the window sets it once it has put the member back there
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

    def draft_choice(self, key: str) -> dict:
        """The choices kept with a draft ({} when none): theme, subtheme, kind, session_id."""
        return dict(self.draft_choices.get(key, {}))

    def save_draft(self, key: str, text: str, choices: dict | None = None) -> None:
        """Remember at once, write in the background (in order with other writes). ``choices``:
        what was chosen beside the text (theme, subtheme, kind, session_id)."""
        choices = {k: v for k, v in (choices or {}).items() if v}
        if self.drafts.get(key, "") == text and (not text.strip() or self.draft_choices.get(key, {}) == choices):
            return
        self.drafts[key] = text
        self.draft_choices[key] = choices
        ops.op(self, self.visit.drafts.save, key, text, choices)

    def remember_place(self, **place) -> None:
        """The member moved (``view``: a view's class name, ``session_id``: a conversation):
        kept in the file in the background, so that it reopens there, after a crash too."""
        new = {**self.place, **place}
        if new == self.place:
            return
        self.place = new
        if new.get("view") and self.track_place:
            ops.op(self, self.visit.drafts.set_place, new["view"], new.get("session_id"))

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
