"""Operations in the window, in the manner of Anki's CollectionOp and QueryOp.

    op(ctx, visit.findings.merge, keep, other, on_done=...)

``op`` runs a service call that changes the file in the background worker (in order
with every other write). On success the ``Changes`` it returns are broadcast
(``AppContext.apply``): every view whose kind of data changed refreshes, the caller's
``on_done`` gets the Changes (after the broadcast). An error is shown in Dutch unless ``on_error`` takes it.
``query`` runs a read that may wait on a write (a merge, an export) the same way,
without a broadcast. Views never build transactions and never name services in strings.
"""

from __future__ import annotations

from typing import Any, Callable

from visitor_app.services.changes import Changes


def op(ctx, fn: Callable[..., Changes], *args: Any, on_done: Callable | None = None,
       on_error: Callable | None = None, initiator: object = None, **kwargs: Any) -> None:
    """``initiator``: the view that asked; during the broadcast ``ctx.initiator`` names it, so
    that it can skip refreshing what it already shows."""
    def done(changes):
        if isinstance(changes, Changes):
            ctx.apply(changes, initiator)
        if on_done:
            on_done(changes)

    ctx.worker.submit(fn, *args, on_done=done, on_error=on_error or ctx.error.emit, **kwargs)


def query(ctx, fn: Callable, *args: Any, on_done: Callable, on_error: Callable | None = None,
          **kwargs: Any) -> None:
    ctx.worker.submit(fn, *args, on_done=on_done, on_error=on_error or ctx.error.emit, **kwargs)


def refusal_as_status(ctx) -> Callable:
    """An error handler that shows a refused input (InputError) as a status message, as
    a sentence, and any other error as usual."""
    from visitor_app.errors import InputError

    def handle(exc):
        if isinstance(exc, InputError):
            text = exc.message
            ctx.status.emit(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))
        else:
            ctx.error.emit(exc)

    return handle
