"""Views that refresh only when seen: a change elsewhere marks them stale."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class LazyMixin:
    """Mix into a QWidget with a ``reload()``; call ``mark_stale`` on change signals.

    A view with editors in place says so in ``editing()``: it never reloads under an open
    editor (that would throw away what is being typed), but as soon as the editor closes
    (connect its delegate's closeEditor to ``editor_closed``)."""

    stale = True

    def editing(self) -> bool:
        return False

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible() and not self.editing():
            self.reload()

    def editor_closed(self, *_args) -> None:
        if self.stale and self.isVisible():
            QTimer.singleShot(0, self.reload)

    def showEvent(self, event):  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.stale:
            self.reload()
