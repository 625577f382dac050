"""Saving while typing: each text field saves a moment after the last keystroke and on focus-out.

There is no Save button anywhere. A ``Debounced`` belongs to one text widget: call ``touch()``
on every user edit; the callback runs DEBOUNCE_MS after the last edit, when the widget loses
focus, or on ``flush()`` (switching records, closing the visitation). Nothing runs when
nothing changed.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

DEBOUNCE_MS = 600


class Debounced(QObject):
    def __init__(self, widget: QObject, callback: Callable[[], None], delay_ms: int = DEBOUNCE_MS):
        super().__init__(widget)  # lives and dies with its widget
        self.callback = callback
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        widget.installEventFilter(self)

    def touch(self) -> None:
        """The user changed the text: (re)start the countdown."""
        self.dirty = True
        self.timer.start()

    def cancel(self) -> None:
        """The pending text was saved another way (e.g. together with a choice)."""
        self.timer.stop()
        self.dirty = False

    def flush(self) -> None:
        self.timer.stop()
        if self.dirty:
            self.dirty = False
            self.callback()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.FocusOut:
            self.flush()
        return False
