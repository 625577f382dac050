"""Conversation mode: pick a session, read its guide, capture beside it.

Keys (the Ga naar menu has them too): Ctrl+PgDown / Ctrl+PgUp the next / previous
conversation, Ctrl+G pick one by name, Ctrl+J the one on now by the clock; the cursor
goes to the capture text. Ctrl+M moves the observations selected in the list below the
capture field to another conversation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from visitor_app.ui import ops
from visitor_app.ui.capture import CapturePane
from visitor_app.ui.context import AppContext
from visitor_app.ui.session_picker import SessionPicker, session_choices
from visitor_app.ui.views.guide import GuidePane


def session_label(s: dict, short: str) -> str:
    return f"Dag {s['day']}  {s['start']}–{s['end']}  {short}\n{s['title']}"


def minutes_text(minutes: int) -> str:
    """25 -> "25 min", 65 -> "1 u 5 min", 120 -> "2 u"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} u {rest} min" if rest else f"{hours} u"


def now_text(on: dict, now: datetime) -> str:
    """What the programme says at ``now`` (programme.now_on), in one or two short lines."""
    current, following = on["current"], on["next"]
    if current:
        s = current[0]
        text = f"Nu bezig: {s['title']} ({s['start']}–{s['end']}) · nog {minutes_text(on['left'])}"
        if len(current) > 1:
            text += f" (tegelijk: {', '.join(o['title'] for o in current[1:])})"
        return text
    if following is None:
        return "Nu geen gesprek: het programma is afgelopen."
    s = following
    if s["date"] == now.date().isoformat():
        return (f"Nu geen gesprek. Volgende: {s['title']} om {s['start']} "
                f"(over {minutes_text(on['starts_in'])})")
    day = datetime.fromisoformat(s["date"])
    when = "morgen" if day.date() == (now + timedelta(days=1)).date() else day.strftime("%d-%m-%Y")
    return f"Nu geen gesprek. Volgende: {s['title']}, dag {s['day']} ({when}) om {s['start']}"


class ConversationView(QWidget):
    title = "Gesprek"
    clock = staticmethod(datetime.now)  # what "now" is; tests give the view a fixed time

    def __init__(self, ctx: AppContext, parent=None, clock=None):
        super().__init__(parent)
        self.ctx = ctx
        if clock is not None:
            self.clock = clock
        self.now_label = QLabel()
        self.now_label.setObjectName("conversationNow")
        self.now_label.setWordWrap(True)
        self.now_button = QPushButton("Naar dit gesprek  (Ctrl+J)")
        self.now_button.setObjectName("conversationNowJump")
        self.now_button.clicked.connect(self.go_to_now)
        self.now_target: str | None = None  # the session Ctrl+J goes to (on now, or next)
        self.now_timer = QTimer(self)
        self.now_timer.setSingleShot(True)
        self.now_timer.timeout.connect(self.update_now)
        self.picker: SessionPicker | None = None
        self.sessions = QListWidget()
        self.sessions.setObjectName("conversationSessions")
        self.sessions.setWordWrap(True)
        self.guide = GuidePane(ctx)  # the questions, ticked off as discussed
        self.guide.setObjectName("conversationGuide")
        self.guide.bind_keys(self)
        self.capture = CapturePane(ctx)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("Programma"))
        lay.addWidget(self.sessions)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("conversationSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.guide)
        self.splitter.addWidget(self.capture)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([200, 400, 400])  # until the member drags it (then it is remembered)
        outer = QVBoxLayout(self)
        now_row = QHBoxLayout()
        now_row.addWidget(self.now_label, 1)
        now_row.addWidget(self.now_button)
        outer.addLayout(now_row)
        outer.addWidget(self.splitter)
        self.sessions.currentItemChanged.connect(self._session_changed)
        ctx.changed.connect(self._changes_arrived)
        # the running list: select one or more (Shift/Ctrl), Ctrl+M or the context menu moves them
        listed = self.capture.list
        listed.setSelectionMode(QAbstractItemView.ExtendedSelection)
        listed.setContextMenuPolicy(Qt.CustomContextMenu)
        listed.customContextMenuRequested.connect(self._list_menu)
        move = QShortcut(QKeySequence("Ctrl+M"), self)
        move.setContext(Qt.WidgetWithChildrenShortcut)
        move.activated.connect(self.move_selected)
        self.reload()

    def _changes_arrived(self, changes) -> None:
        if changes.touches("programme"):
            self.reload()

    # -- the clock -----------------------------------------------------------------------------
    def showEvent(self, event):  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.update_now()

    def update_now(self) -> None:
        """The line "Nu bezig …" by the clock, and the mark on that session in the list;
        again at the start of every minute while the view is shown."""
        self.now_timer.stop()
        if not self.isVisible():
            return  # showEvent brings it up to date
        now = self.clock()
        on = self.ctx.visit.programme.now_on(now)
        self.now_label.setText(now_text(on, now) if self.sessions.count() > 1 else "Nog geen programma.")
        target = on["current"][0] if on["current"] else on["next"]
        self.now_target = target["id"] if target else None
        self.now_button.setText("Naar dit gesprek  (Ctrl+J)" if on["current"] else "Naar het volgende  (Ctrl+J)")
        self.now_button.setEnabled(self.now_target is not None)
        on_ids = {s["id"] for s in on["current"]}
        for row in range(self.sessions.count()):
            item = self.sessions.item(row)
            font = item.font()
            font.setBold(item.data(Qt.UserRole) in on_ids)
            item.setFont(font)
        self.now_timer.start(max(1000, 60_000 - (now.second * 1000 + now.microsecond // 1000) + 50))

    def go_to_now(self) -> None:
        """Ctrl+J: to the session on now (or else the next one), cursor in the text."""
        self.update_now()
        if self.now_target is None:
            self.ctx.status.emit("Er staat geen gesprek meer op het programma.")
            return
        self.select_session(self.now_target)
        self.capture.text.setFocus()

    # -- switching by keyboard -------------------------------------------------------------------
    def step_session(self, step: int) -> None:
        """Ctrl+PgDown (+1) / Ctrl+PgUp (-1): the next or previous conversation in programme
        order (Algemeen first; past the end it starts again), cursor in the text."""
        count = self.sessions.count()
        if count:
            self.sessions.setCurrentRow((max(self.sessions.currentRow(), 0) + step) % count)
        self.capture.text.setFocus()

    def pick_session(self) -> SessionPicker:
        """Ctrl+G: type part of a name, Enter goes there (Esc: stay)."""
        picker = SessionPicker(session_choices(self.ctx), "Naar gesprek",
                               "Naar welk gesprek? Typ een deel van de naam.", self.current_session_id(), self)

        picker.accepted.connect(lambda: self.select_session(picker.chosen()))
        picker.finished.connect(self._back_to_text)
        self.picker = picker
        picker.open()  # window-modal, without blocking the event loop
        return picker

    # -- moving what was captured ----------------------------------------------------------------
    def selected_observations(self) -> list[str]:
        return [i for i in (item.data(Qt.UserRole) for item in self.capture.list.selectedItems()) if i]

    def _list_menu(self, pos) -> None:
        ids = self.selected_observations()
        menu = QMenu(self)
        action = menu.addAction("Verplaatsen naar ander gesprek …  (Ctrl+M)", self.move_selected)
        action.setEnabled(bool(ids))
        menu.exec(self.capture.list.viewport().mapToGlobal(pos))

    def move_selected(self) -> SessionPicker | None:
        """Ctrl+M: the observations selected in the list to another conversation (or Algemeen)."""
        ids = self.selected_observations()
        if not ids:
            self.ctx.status.emit("Kies eerst in de lijst onder het tekstveld welke waarneming(en) je "
                                 "wilt verplaatsen.")
            return None
        here = self.current_session_id()
        choices = [c for c in session_choices(self.ctx) if c[0] != here]
        picker = SessionPicker(choices, "Verplaatsen naar gesprek",
                               f"{len(ids)} waarneming(en) verplaatsen naar welk gesprek?", None, self)

        def chosen():
            target = picker.chosen()
            label = next(text for value, text in choices if value == target)
            ops.op(self.ctx, self.ctx.visit.observations.move, ids, target,
                   on_done=lambda changes: self.ctx.status.emit(
                       f"{len(changes.ids)} waarneming(en) verplaatst naar: {label}"),
                   on_error=ops.refusal_as_status(self.ctx))

        picker.accepted.connect(chosen)
        picker.finished.connect(self._back_to_text)
        self.picker = picker
        picker.open()
        return picker

    def _back_to_text(self, *_result) -> None:
        """After a picker: the window active again (some platforms leave that to the window
        manager) and the cursor in the capture text."""
        self.window().activateWindow()
        self.capture.text.setFocus()

    def reload(self) -> None:
        # first time: the conversation the member was on when the file was last used
        current = self.current_session_id() if self.sessions.currentItem() else self.ctx.place.get("session_id")
        self.sessions.blockSignals(True)
        self.sessions.clear()
        general = QListWidgetItem("Algemeen (niet bij een gesprek)\nbijvoorbeeld uit documenten")
        general.setData(Qt.UserRole, None)
        self.sessions.addItem(general)
        for s in self.ctx.visit.programme.sessions():
            conv = self._conversation(s["conversation"])
            item = QListWidgetItem(session_label(s, conv.get("short", s["conversation"])))
            item.setData(Qt.UserRole, s["id"])
            self.sessions.addItem(item)
        self.sessions.blockSignals(False)
        self.select_session(current)
        self.update_now()

    def _conversation(self, conv_id: str) -> dict:
        return next((c for c in self.ctx.framework.conversation_types if c["id"] == conv_id), {})

    def current_session_id(self) -> str | None:
        item = self.sessions.currentItem()
        return item.data(Qt.UserRole) if item else None

    def select_session(self, session_id: str | None) -> None:
        for row in range(self.sessions.count()):
            if self.sessions.item(row).data(Qt.UserRole) == session_id:
                self.sessions.setCurrentRow(row)
                return
        self.sessions.setCurrentRow(0)

    def _session_changed(self, item, _previous=None) -> None:
        if item is None:
            return
        session_id = item.data(Qt.UserRole)
        self.ctx.remember_place(session_id=session_id)
        if session_id is None:
            self.guide.show_general(self._general_html())
            self.capture.set_target("Waarneming (algemeen)")
            return
        s = self.ctx.visit.programme.get(session_id)
        self.guide.show_session(s)
        hint = s["themes"][0] if s["themes"] else None
        self.capture.set_target(f"Waarneming bij: {s['title']}", session_id=session_id,
                                theme_hint=hint if not self.capture.text.toPlainText() else None)

    def _general_html(self) -> str:
        fw = self.ctx.framework
        return (f"<h2>Algemeen</h2><p>Waarnemingen die niet bij één gesprek horen, bijvoorbeeld uit "
                f"de zelfevaluatie of andere documenten. Vermeld de bron.</p>"
                f"<p class='notice'><b>{escape(fw.name)} {escape(fw.version)}</b><br>{escape(fw.notice)}</p>")
