"""Dialogs for backups: going back to an earlier version, and deleting a visitation for good.

Both fit a 1366x768 screen at 100 %; they ask the services (services/backups.py) and
never touch the file themselves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QListWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from visitor_app.services.backups import size_text


class VersionsDialog(QDialog):
    """The backups of the open visitation, newest first; "Terugzetten" accepts with the chosen one."""

    COLUMNS = ("Tijd", "Reden", "Waarnemingen", "Grootte")

    def __init__(self, backups: list[dict], parent=None):
        super().__init__(parent)
        self.setObjectName("versionsDialog")
        self.setWindowTitle("Terug naar een eerdere versie")
        self.backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel("Kies de versie die je terug wilt. Wat er nu in het bestand staat, wordt eerst "
                       "zelf een reservekopie, zodat je ook dat later terug kunt zetten.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(backups), len(self.COLUMNS))
        self.table.setObjectName("versionsTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        for row, b in enumerate(backups):
            held = str(b["observations"]) if b["observations"] is not None else "—"
            cells = (b["time"], b["reason_text"] if b["restorable"] else
                     f"{b['reason_text']} (niet terug te zetten: {b['problem']})", held, size_text(b["size"]))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if not b["restorable"]:
                    item.setFlags(item.flags() & ~Qt.ItemIsSelectable & ~Qt.ItemIsEnabled)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.setWordWrap(True)  # a reason with its problem wraps instead of ending in "…"
        self.table.setTextElideMode(Qt.ElideNone)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemDoubleClicked.connect(lambda _item: self._accept_chosen())
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Er zijn nog geen reservekopieën van dit bestand.")
        self.empty.setVisible(not backups)
        layout.addWidget(self.empty)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("&Terugzetten", QDialogButtonBox.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.buttons.addButton("Sluiten", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._accept_chosen)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update)
        first = next((i for i, b in enumerate(backups) if b["restorable"]), None)
        if first is not None:
            self.table.selectRow(first)
        self._update()
        self.resize(760, 460)  # fits 1366x768 at 100 %

    def chosen(self) -> dict | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        b = self.backups[rows.pop()]
        return b if b["restorable"] else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _accept_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()


class DeleteDialog(QDialog):
    """Deleting a visitation for good: says what goes, and asks to type the dienst's name."""

    def __init__(self, plan: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("deleteDialog")
        self.setWindowTitle("Visitatie definitief verwijderen")
        self.plan = plan
        layout = QVBoxLayout(self)
        parts = [f"het bestand <b>{_esc(plan['file'])}</b>, met de concepten erin"]
        if plan["backup_folder"]:
            parts.append(f"de map {_esc(plan['backup_folder'])} met {plan['backups']} reservekopie(ën)")
        parts.append("de vermelding bij je recente bestanden")
        what = QLabel(
            f"Dit verwijdert de visitatie van <b>{_esc(plan['dienst'] or plan['file'])}</b> definitief, "
            "bijvoorbeeld omdat de bewaartermijn voorbij is:<ul>"
            + "".join(f"<li>{p}</li>" for p in parts)
            + "</ul>Dit is niet ongedaan te maken. Kopieën die je aan commissieleden hebt gegeven, "
              "staan elders en blijven bestaan.")
        what.setWordWrap(True)
        what.setTextFormat(Qt.RichText)
        layout.addWidget(what)
        ask = QLabel(f"Typ <b>{_esc(plan['confirm'])}</b> om te bevestigen:")
        ask.setTextFormat(Qt.RichText)
        layout.addWidget(ask)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("deleteConfirm")
        ask.setBuddy(self.confirm)
        layout.addWidget(self.confirm)
        self.delete_button = _destructive_buttons(self, layout, "Definitief verwijderen", "deleteButton",
                                                  "Annuleren")
        self.confirm.textChanged.connect(self._update)
        self._update()
        self.resize(620, self.sizeHint().height())

    def typed(self) -> str:
        return self.confirm.text()

    def _update(self) -> None:
        same = " ".join(self.typed().split()).casefold() == " ".join(self.plan["confirm"].split()).casefold()
        self.delete_button.setEnabled(same)


class PlainBackupsDialog(QDialog):
    """After encrypting: the plain backups left beside the file, in a list that scrolls (there
    can be two dozen); "Verwijderen" accepts, "Bewaren" (the default, and Escape) keeps them."""

    def __init__(self, plain: list[str], parent=None):
        super().__init__(parent)
        from pathlib import Path
        self.setObjectName("plainBackupsDialog")
        self.setWindowTitle("Onversleutelde reservekopieën")
        layout = QVBoxLayout(self)
        folder = Path(plain[0]).parent if plain else ""
        what = QLabel(
            f"De visitatie is nu versleuteld. Deze {len(plain)} reservekopie(ën) in <b>{_esc(folder)}</b> "
            "zijn van vóór het versleutelen: ze zijn niet versleuteld en iedereen die ze heeft, kan je "
            "aantekeningen lezen.")
        what.setTextFormat(Qt.RichText)
        what.setWordWrap(True)
        layout.addWidget(what)
        self.list = QListWidget()
        self.list.setObjectName("plainBackupsList")
        self.list.addItems([Path(p).name for p in plain])
        self.list.setMaximumHeight(self.fontMetrics().height() * 8)
        layout.addWidget(self.list)
        then = QLabel("Verwijderen haalt ze definitief weg; de versleutelde visitatie en haar nieuwe "
                      "reservekopieën blijven. Kies Bewaren als je ze zelf veilig wilt opbergen: ze "
                      "blijven dan staan waar ze staan.")
        then.setWordWrap(True)
        layout.addWidget(then)
        self.remove_button = _destructive_buttons(self, layout, "&Verwijderen", "removePlainBackups",
                                                  "&Bewaren")
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())


def _destructive_buttons(dialog: QDialog, layout: QVBoxLayout, label: str, name: str,
                         safe_label: str):
    """The buttons of a dialog that removes something: the destructive one (returned; it
    accepts) and the safe one, which is the default (Enter) and what Escape does."""
    buttons = QDialogButtonBox()
    destructive = buttons.addButton(label, QDialogButtonBox.DestructiveRole)
    destructive.setObjectName(name)
    buttons.addButton(safe_label, QDialogButtonBox.RejectRole).setDefault(True)
    destructive.clicked.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return destructive


def _esc(text: str) -> str:
    from html import escape
    return escape(str(text))
