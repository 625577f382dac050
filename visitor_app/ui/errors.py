"""Showing errors to the user: a Dutch dialog, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from visitor_app.errors import VisitorError, storage_error


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Er ging iets mis") -> None:
    exc = storage_error(exc) or exc  # disk full, I/O error, read-only: in Dutch too
    if isinstance(exc, VisitorError):
        text = exc.message
    else:
        text = f"Onverwachte fout: {type(exc).__name__}: {exc}"
    box = QMessageBox(QMessageBox.Critical, title, text, QMessageBox.Ok, parent)
    box.setObjectName("errorDialog")
    box.exec()
