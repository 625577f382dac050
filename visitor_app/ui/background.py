"""Run slow or blocking work off the GUI thread, one job at a time, in order.

Every write to the visitation file goes through ``Worker.submit``: the GUI thread
never waits for a disk flush. Jobs run serially (one thread) so edits reach the
file in the order they were made. Results and errors come back on the GUI thread.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Outcome:
    """Carries a job's result across threads. (A bare None through a Signal(object) can
    corrupt None's reference count in PySide6, so values always travel wrapped.)"""

    __slots__ = ("callback", "value")

    def __init__(self, callback, value):
        self.callback = callback
        self.value = value


class _Relay(QObject):
    done = Signal(object)    # _Outcome(callback, result)
    failed = Signal(object)  # _Outcome(callback, exception)


class _Job(QRunnable):
    def __init__(self, fn, args, kwargs, relay, on_done, on_error):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.relay, self.on_done, self.on_error = relay, on_done, on_error

    def run(self):
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # delivered to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()
            self.relay.failed.emit(_Outcome(self.on_error, exc))
        else:
            self.relay.done.emit(_Outcome(self.on_done, result))


class Worker(QObject):
    """A serial background executor with a busy signal (for a progress indicator)."""

    busy_changed = Signal(bool)
    error = Signal(object)  # exceptions without their own handler

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)
        self.relay = _Relay()
        self.relay.done.connect(self._on_done)
        self.relay.failed.connect(self._on_failed)
        self.pending = 0

    def submit(self, fn: Callable, *args: Any, on_done: Callable | None = None,
               on_error: Callable | None = None, **kwargs: Any) -> None:
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(fn, args, kwargs, self.relay, on_done, on_error))

    def _deliver(self, callback, value, otherwise=None) -> None:
        """Hand a job's outcome to its handler. The job stops counting as pending first, so
        that a handler may itself wait for the worker (closing a damaged file does)."""
        self.pending -= 1
        try:
            if callback:
                callback(value)
            elif otherwise:
                otherwise(value)
        finally:
            if self.pending == 0:
                self.busy_changed.emit(False)

    @Slot(object)
    def _on_done(self, outcome):
        self._deliver(outcome.callback, outcome.value)

    @Slot(object)
    def _on_failed(self, outcome):
        self._deliver(outcome.callback, outcome.value, self.error.emit)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every submitted job has run and its result is delivered (tests,
        closing); ``msecs`` < 0 waits as long as it takes. False when time ran out.

        The pool alone can report "done" while a job's result is still on its way to this
        thread, or before a job submitted from a result handler has started: so wait until
        nothing is pending, delivering results as they come."""
        import time

        from PySide6.QtCore import QCoreApplication
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000
        while True:
            self.pool.waitForDone(50)
            QCoreApplication.processEvents()
            if not self.pending:
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False

    @property
    def idle(self) -> bool:
        return self.pending == 0
