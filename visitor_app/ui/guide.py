"""Bestand > Gespreksleidraad afdrukken: the printable guide (PDF) with a choice of sessions,
focus themes only, and the member's own observations; the same export the CLI runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout,
)

from visitor_app.errors import InputError
from visitor_app.ui import files, ops
from visitor_app.ui.errors import show_error

FOLDER_KEY = "guide/folder"


class GuideDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Gespreksleidraad afdrukken")
        self.resize(600, 440)  # fits 960x540 (1920x1080 at 200 %) less task and title bar
        visit = ctx.visit
        layout = QVBoxLayout(self)
        intro = QLabel("Een PDF om af te drukken: per gesprek de gespreksvragen en ruimte voor "
                       "aantekeningen, elk gesprek op een nieuwe pagina. Kies de gesprekken.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.sessions = QListWidget()
        self.sessions.setObjectName("guideSessions")
        self.sessions.setTextElideMode(Qt.ElideRight)  # a long title is shortened, in full as tooltip
        self.sessions.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        for s in visit.programme.sessions():
            item = QListWidgetItem(f"Dag {s['day']} {s['start']}–{s['end']} · {s['title']}")
            item.setToolTip(item.text())
            item.setData(Qt.UserRole, s["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            # the commission's own meetings have no interview questions to print: not ticked at first
            item.setCheckState(Qt.Unchecked if visit.framework.own_meeting(s["conversation"]) else Qt.Checked)
            self.sessions.addItem(item)
        layout.addWidget(self.sessions, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton("&Alle")
        self.none_button = QPushButton("&Geen")
        self.all_button.clicked.connect(lambda: self._check_all(Qt.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.Unchecked))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.focus_only = QCheckBox("Alleen de vragen bij de &focusthema's van elk gesprek")
        self.focus_only.setObjectName("guideFocusOnly")
        layout.addWidget(self.focus_only)
        member = visit.current_member
        name = visit.members.names().get(member) if member else None
        self.own_notes = QCheckBox(f"&Mijn eigen waarnemingen per gesprek erbij ({name})" if name
                                   else "&Mijn eigen waarnemingen per gesprek erbij")
        self.own_notes.setObjectName("guideOwnNotes")
        if not name:
            self.own_notes.setEnabled(False)
            self.own_notes.setToolTip("Kies eerst wie je bent: Bestand > Wie ben ik")
        self.own_notes.setChecked(False)
        layout.addWidget(self.own_notes)
        note = QLabel("Alleen jouw eigen waarnemingen; die van andere commissieleden nooit. "
                      "Deelnemers staan er alleen met hun functie in.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5a5a5a;")
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("guideMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.save_button.setText("PDF &opslaan …")
        self.save_button.setObjectName("guideSave")
        self.buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result: dict | None = None

    def _check_all(self, state) -> None:
        for i in range(self.sessions.count()):
            self.sessions.item(i).setCheckState(state)

    def chosen(self) -> list[str]:
        return [self.sessions.item(i).data(Qt.UserRole) for i in range(self.sessions.count())
                if self.sessions.item(i).checkState() == Qt.Checked]

    def options(self) -> dict:
        """What export_guide gets besides the visit and the file."""
        own = self.own_notes.isEnabled() and self.own_notes.isChecked()
        return {"sessions": self.chosen(), "focus_only": self.focus_only.isChecked(),
                "own_notes": self.ctx.visit.current_member if own else None}

    def _say(self, text: str) -> None:
        self.message.setText(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))
        self.message.show()

    def ask_path(self) -> str | None:
        dienst = self.ctx.visit.details()["dienst"]
        suggested = files.start_folder(self.ctx.settings, FOLDER_KEY) / f"Gespreksleidraad {dienst}.pdf"
        path = files.save_file(self, "Gespreksleidraad opslaan als", str(suggested), "PDF-document (*.pdf)")
        if not path:
            return None
        return path if path.lower().endswith(".pdf") else path + ".pdf"

    def save(self) -> None:
        if not self.chosen():
            self._say("Kies minstens één gesprek")
            return
        path = self.ask_path()
        if path:
            self.write(path)

    def write(self, path: str) -> None:
        """Write the guide in the background; the dialog closes when it is written."""
        from visitor_app.reports.pdf_guide import export_guide
        self.message.hide()
        self.buttons.setEnabled(False)

        def done(result):
            self.buttons.setEnabled(True)
            self.result = result
            files.remember_folder(self.ctx.settings, FOLDER_KEY, path)
            self.ctx.status.emit(f"Gespreksleidraad geschreven: {path} ({result['pages']} pagina's)")
            self.accept()

        def failed(exc):
            self.buttons.setEnabled(True)
            if isinstance(exc, InputError):
                self._say(exc.message)
            else:
                show_error(self, exc, "Gespreksleidraad niet opgeslagen")

        ops.query(self.ctx, export_guide, self.ctx.visit, Path(path), **self.options(),
                  on_done=done, on_error=failed)
