"""Small widget helpers shared by dialogs and views (cheap to import at start-up)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox


def ok_cancel_buttons(dialog: QDialog, ok: str, cancel: str = "Annuleren") -> QDialogButtonBox:
    """OK/Cancel with Dutch labels, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok)
    buttons.button(QDialogButtonBox.Cancel).setText(cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CalmComboBox(QComboBox):
    """A combo box that scrolling past with the mouse wheel cannot change.

    On a long scrolled page (Oordelen, Dossiers) a wheel over an unfocused combo would
    otherwise pick a value and store it.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)

    def wheelEvent(self, event):  # noqa: N802 (Qt name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the page scrolls instead
