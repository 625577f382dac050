"""Views that refresh only when seen: a change elsewhere marks them stale."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from visitor_app.services.changes import KINDS


class LazyMixin:
    """Mix into a QWidget with a ``reload()``; call ``mark_stale`` on change signals.

    A view with editors in place says so in ``editing()``: it never reloads under an open
    editor (that would throw away what is being typed), but as soon as the editor closes
    (connect its delegate's closeEditor to ``editor_closed``)."""

    stale = True
    _watched: frozenset = frozenset()
    _skip_own = False

    def watch(self, ctx, *kinds: str, skip_own: bool = False) -> None:
        """Refresh (``on_changes``) after an operation that changed one of ``kinds`` (see
        services.changes.KINDS); ``skip_own``: not after this view's own operations, whose
        results it shows already."""
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind of change {sorted(unknown)}")
        self._watched, self._skip_own = frozenset(kinds), skip_own
        ctx.changed.connect(self._changes_arrived)

    def _changes_arrived(self, changes) -> None:
        if self._skip_own and self.ctx.initiator is self:
            return
        if changes.kinds & self._watched:
            self.on_changes(changes)

    def on_changes(self, changes) -> None:
        """What the view does when data it shows changed: by default, mark itself stale."""
        self.mark_stale()

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
