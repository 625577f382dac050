"""What the window shows with no visitation open: open, new, demo, or a recent file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget


class StartPage(QWidget):
    open_requested = Signal()
    new_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel("Visitatie-app")
        title.setObjectName("startTitle")
        intro = QLabel("Open een visitatie, maak een nieuwe, of bekijk eerst de demo "
                       "(een fictieve omgevingsdienst).")
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, signal, name in (("&Openen …", self.open_requested, "startOpen"),
                                   ("&Nieuwe visitatie …", self.new_requested, "startNew"),
                                   ("&Demo bekijken", self.demo_requested, "startDemo")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("startRecent")
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Recente bestanden (Enter of dubbelklik om te openen):"))
        layout.addWidget(self.recent, 1)

    def set_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for path in files:
            exists = Path(path).exists()
            item = QListWidgetItem(f"{Path(path).name}    —    {Path(path).parent}"
                                   + ("" if exists else "   (niet gevonden)"))
            item.setData(Qt.UserRole, path)
            if not exists:
                item.setFlags(Qt.NoItemFlags)
            self.recent.addItem(item)
