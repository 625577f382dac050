"""Saving while typing: each text field saves a moment after the last keystroke, at least
every MAX_WAIT_MS while the typing goes on, and on focus-out.

There is no Save button anywhere. A ``Debounced`` belongs to one text widget: call ``touch()``
on every user edit; the callback runs DEBOUNCE_MS after the last edit, MAX_WAIT_MS after the
first edit not yet saved however fast the typing goes on (so a crash in the middle of a long
burst of typing loses at most that much), when the widget loses focus, or on ``flush()``
(switching records, closing the visitation). Nothing runs when nothing changed.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

DEBOUNCE_MS = 600  # after the last keystroke
MAX_WAIT_MS = 800  # after the first keystroke not yet saved, pause or not


class Debounced(QObject):
    def __init__(self, widget: QObject, callback: Callable[[], None], delay_ms: int = DEBOUNCE_MS,
                 max_wait_ms: int | None = MAX_WAIT_MS):
        super().__init__(widget)  # lives and dies with its widget
        self.callback = callback
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        # not restarted by later keystrokes: it runs from the first unsaved edit
        self.max_timer = QTimer(self)
        self.max_timer.setSingleShot(True)
        self.max_timer.setInterval(max_wait_ms or 0)
        self.max_timer.timeout.connect(self.flush)
        self.max_wait = max_wait_ms is not None
        widget.installEventFilter(self)

    def touch(self) -> None:
        """The user changed the text: (re)start the countdown; the longest wait keeps running."""
        self.dirty = True
        self.timer.start()
        if self.max_wait and not self.max_timer.isActive():
            self.max_timer.start()

    def pending(self) -> bool:
        """Text changed that is not saved yet."""
        return self.dirty

    def cancel(self) -> None:
        """The pending text was saved another way (e.g. together with a choice)."""
        self.timer.stop()
        self.max_timer.stop()
        self.dirty = False

    def flush(self) -> None:
        self.timer.stop()
        self.max_timer.stop()
        if self.dirty:
            self.dirty = False
            self.callback()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.FocusOut:
            self.flush()
        return False
