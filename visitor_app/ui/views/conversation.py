"""Conversation mode: pick a session, read its guide, capture beside it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget,
)

from visitor_app.ui.capture import CapturePane
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.guide import GuidePane


def session_label(s: dict, short: str) -> str:
    return f"Dag {s['day']}  {s['start']}–{s['end']}  {short}\n{s['title']}"


class ConversationView(QWidget):
    title = "Gesprek"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
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
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)
        self.sessions.currentItemChanged.connect(self._session_changed)
        ctx.changed.connect(self._changes_arrived)
        self.reload()

    def _changes_arrived(self, changes) -> None:
        if changes.touches("programme"):
            self.reload()

    def reload(self) -> None:
        current = self.current_session_id()
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
