"""Small widget helpers shared by dialogs and views (cheap to import at start-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel_buttons(dialog: QDialog, ok: str, cancel: str = "Annuleren") -> QDialogButtonBox:
    """OK/Cancel with Dutch labels, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok)
    buttons.button(QDialogButtonBox.Cancel).setText(cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
