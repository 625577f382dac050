"""Pick a conversation by typing part of its name (Ctrl+G in Gesprek; moving observations).

The list narrows as you type: every typed word must begin a word of the line (title, day,
time, type of conversation; case and accents ignored; "dag 1" is day 1, not 11:45).
Up/Down choose, Enter picks, Esc cancels.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

GENERAL_LABEL = "Algemeen (niet bij een gesprek)"


def _folded(text: str) -> str:
    """Lower case, without accents: "Gesprek met de Raad" matches "raad", "ketenpartner" "Ketenpartnér"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    """The words a line is searched by: folded, "dag 1" as one word ("dag1")."""
    return re.findall(r"\w+", re.sub(r"\bdag\s+(\d)", r"dag\1", _folded(text)))


def matches(typed: str, line: str) -> bool:
    """Every typed word begins a word of the line."""
    words = _words(line)
    return all(any(w.startswith(t) for w in words) for t in _words(typed))


def session_choices(ctx, general: bool = True) -> list[tuple[str | None, str]]:
    """(session id or None for Algemeen, one line) in programme order."""
    known = {c["id"]: c for c in ctx.framework.conversation_types}
    out = [(None, GENERAL_LABEL)] if general else []
    for s in ctx.visit.programme.sessions():
        short = known.get(s["conversation"], {}).get("short", s["conversation"])
        out.append((s["id"], f"Dag {s['day']}  {s['start']}–{s['end']}  {s['title']}  ({short})"))
    return out


class SessionPicker(QDialog):
    """``chosen()`` after ``accepted``: the picked session id (None: Algemeen)."""

    def __init__(self, choices: list[tuple[str | None, str]], title: str, intro: str,
                 current: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("sessionPicker")
        self.setWindowTitle(title)
        self.choices = choices
        self._chosen: str | None = None
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("sessionPickerFilter")
        self.filter.setPlaceholderText("Typ een deel van de naam, de dag of de tijd …")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("sessionPickerList")
        self.empty = QLabel("Geen gesprek gevonden met deze woorden.")
        self.empty.setObjectName("sessionPickerEmpty")
        self.empty.setVisible(False)
        hint = QLabel("↑ ↓ kiezen · Enter = naar dit gesprek · Esc = annuleren")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)
        for value, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, value)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._narrow)
        self.filter.returnPressed.connect(self._pick)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(self._pick)
        self.list.itemDoubleClicked.connect(self._pick)
        self._narrow()
        for row, (value, _label) in enumerate(choices):
            if value == current and current is not None:
                self.list.setCurrentRow(row)
        # fits a 960x540 screen at 200 % with room to spare
        self.setMinimumSize(320, 220)
        self.resize(560, 380)
        self.filter.setFocus()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        """Up, Down, PgUp and PgDn in the filter move through the list."""
        if obj is self.filter and event.type() == QEvent.KeyPress and event.key() in (
                Qt.Key_Up, Qt.Key_Down, Qt.Key_PageUp, Qt.Key_PageDown):
            QApplication.sendEvent(self.list, event)
            return True
        return super().eventFilter(obj, event)

    def visible_rows(self) -> list[int]:
        return [row for row in range(self.list.count()) if not self.list.item(row).isHidden()]

    def _narrow(self) -> None:
        typed = self.filter.text()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hit = matches(typed, item.text())
            item.setHidden(not hit)
            if hit and first is None:
                first = row
        current = self.list.currentItem()
        if first is None:
            self.list.setCurrentRow(-1)
        elif typed.strip() or current is None or current.isHidden():
            self.list.setCurrentRow(first)  # what is typed picks the first hit, not the one before
        self.empty.setVisible(first is None)

    def _pick(self, *_args) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._chosen = item.data(Qt.UserRole)
            self.accept()

    def chosen(self) -> str | None:
        return self._chosen
