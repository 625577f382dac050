"""The Rode draden window's work on the central database, in its serial Worker: reading what
it shows (a counts.Overview), importing packages one by one, writing the exports.

Results reach the window only while the database they were asked of is still open: closing
it calls ``forget``, and what an older database's jobs return is dropped.
"""

from __future__ import annotations

from visitor_app.errors import VisitorError
from visitor_app.rode_draden.counts import Overview
from visitor_app.ui.errors import show_error


def failed_result(path: str, exc: BaseException) -> dict:
    """The import result of a package the worker could not process at all (status "fout")."""
    message = exc.message if isinstance(exc, VisitorError) else f"{type(exc).__name__}: {exc}"
    return {"file": path, "status": "fout", "dienst": None, "visitation_id": None, "findings": 0,
            "message": f"niet ingelezen: {message}"}


def write_export(which: str, db, path: str) -> dict:
    """The export itself (worker thread); the export module loads only when needed."""
    from visitor_app.rode_draden.exports import write_overview_xlsx, write_rode_draden_docx
    return (write_overview_xlsx if which == "overview" else write_rode_draden_docx)(db, path)


class Jobs:
    """Submits the window's jobs to ``worker``; ``window.busy`` shows what runs."""

    def __init__(self, window, worker):
        self.window = window
        self.worker = worker
        self.generation = 0  # results of an older database are dropped

    def forget(self) -> None:
        """The open database is closed: drop the results of what was asked of it."""
        self.generation += 1

    def submit(self, fn, *args, on_done=None, on_error=None, busy: str = "Bezig …") -> None:
        """Run ``fn`` in the worker; ``on_done`` only applies to the database still open."""
        generation = self.generation

        def done(result):
            if generation == self.generation and on_done is not None:
                on_done(result)

        def failed(exc):
            if on_error is not None:
                on_error(exc)
            else:
                show_error(self.window, exc)
        self.window.busy.setToolTip(busy)
        self.worker.submit(fn, *args, on_done=done, on_error=failed)

    def read(self, db, on_done) -> None:
        """Read the Overview of ``db`` again; ``on_done(overview)``."""
        self.submit(Overview.read, db, on_done=on_done, busy="Tellingen lezen …")

    def import_packages(self, db, paths: list[str], on_finished) -> None:
        """One job per package (progress "i van n"), then the Overview again;
        ``on_finished(results, errors, overview)``."""
        busy = self.window.busy
        results: list[dict] = []
        errors: list[BaseException] = []
        busy.setRange(0, len(paths))
        busy.setValue(0)
        busy.setFormat("%v van %m")
        busy.setTextVisible(True)
        label = f"{len(paths)} pakket(ten) inlezen …"

        def one_done(done):
            results.extend(done)
            busy.setValue(len(results))

        def one_failed(path):
            def failed(exc):
                errors.append(exc)
                results.append(failed_result(path, exc))
                busy.setValue(len(results))
            return failed

        for path in paths:
            self.submit(db.import_packages, [path], on_done=one_done, on_error=one_failed(path),
                        busy=label)
        self.submit(Overview.read, db, on_done=lambda overview: on_finished(results, errors, overview),
                    busy=label)

    def export(self, which: str, db, path: str, on_done, on_error, busy: str) -> None:
        """Write export ``which`` ("overview" or "report") to ``path``."""
        self.submit(write_export, which, db, path, on_done=on_done, on_error=on_error, busy=busy)
