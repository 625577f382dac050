"""Views that refresh only when seen: a change elsewhere marks them stale."""

from __future__ import annotations


class LazyMixin:
    """Mix into a QWidget with a ``reload()``; call ``mark_stale`` on change signals."""

    stale = True

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event):  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.stale:
            self.reload()
