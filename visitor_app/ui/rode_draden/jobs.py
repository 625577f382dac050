"""The Rode draden window's work on the central database, in its serial Worker: reading what
it shows (a counts.Overview), importing packages one by one, writing the exports.

Results reach the window only while the database they were asked of is still open: closing
it calls ``forget``, and what an older database's jobs return is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from visitor_app.errors import VisitorError
from visitor_app.rode_draden.counts import Overview
from visitor_app.ui.errors import show_error


@dataclass
class Snapshot:
    """What the window shows of one cycle, read in the worker in one go: the counts
    (``overview``), the cycles to choose from, the chosen one, every theme (also the merged
    ones, for a finding's original theme), the rode draden, the report's texts, the
    assessments per dienst and the review comments."""

    overview: Overview
    cycles: list[dict] = field(default_factory=list)
    cycle: str | None = None
    all_themes: list[dict] = field(default_factory=list)
    threads: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    assessments: list[dict] = field(default_factory=list)
    without_basis: list[dict] = field(default_factory=list)
    cross: dict = field(default_factory=dict)
    comments: list[dict] = field(default_factory=list)
    report_texts: dict = field(default_factory=dict)  # forms/central_report.yaml (hints)

    def text(self, section: str, theme: str | None = None) -> str:
        for t in self.texts:
            if t["section"] == section and (t["theme"] or None) == (theme or None):
                return t["text"] or ""
        return ""


def read_snapshot(db, cycle: str | None = None) -> Snapshot:
    """Everything of ``cycle`` (a name; None or a cycle that is gone: the default one)."""
    cycles = db.cycles()
    names = {c["name"] for c in cycles}
    if cycle not in names:
        cycle = db.default_cycle()
    return Snapshot(overview=Overview.read(db, cycle), cycles=cycles, cycle=cycle,
                    all_themes=db.themes(), threads=db.threads(cycle), texts=db.texts(cycle),
                    assessments=db.assessments_per_dienst(cycle),
                    without_basis=db.without_basis(cycle), cross=db.basis_cross_table(cycle),
                    comments=db.comments(cycle), report_texts=_report_texts())


def _report_texts() -> dict:
    """The report's texts (for the hints of the Teksten page); none when they cannot be read
    (the export says why)."""
    try:
        from visitor_app.rode_draden.report import load_report_texts
        return load_report_texts()
    except Exception:  # noqa: BLE001 - a hint is not worth a dialog
        return {}


def change_and_read(db, cycle: str | None, fn, /, *args, **kwargs):
    """Run one change of the analyst's work, then read the cycle again: (result, Snapshot)."""
    result = fn(*args, **kwargs)
    return result, read_snapshot(db, cycle)


def failed_result(path: str, exc: BaseException) -> dict:
    """The import result of a package the worker could not process at all (status "fout")."""
    message = exc.message if isinstance(exc, VisitorError) else f"{type(exc).__name__}: {exc}"
    return {"file": path, "status": "fout", "dienst": None, "visitation_id": None, "findings": 0,
            "message": f"niet ingelezen: {message}"}


def write_export(which: str, db, path: str, cycle: str | None = None) -> dict:
    """The export itself (worker thread) of the chosen cycle: the overview (XLSX), the Rode
    draden rapportage (DOCX), or its review version with the klankbordgroep's comments as
    Word comments. The export modules load only when needed."""
    if which == "overview":
        from visitor_app.rode_draden.exports import write_overview_xlsx
        return write_overview_xlsx(db, path, cycle)
    from visitor_app.rode_draden.central_report import write_central_report
    return write_central_report(db, path, cycle, review=which == "review")


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

    def read(self, db, on_done, cycle: str | None = None) -> None:
        """Read the Snapshot of ``db`` (of ``cycle``) again; ``on_done(snapshot)``."""
        self.submit(read_snapshot, db, cycle, on_done=on_done, busy="Tellingen lezen …")

    def change(self, db, cycle: str | None, fn, /, *args, on_done, busy: str = "Opslaan …",
               on_error=None, **kwargs) -> None:
        """A change in the worker, then the cycle read again; ``on_done((result, snapshot))``."""
        self.submit(partial(change_and_read, db, cycle, fn, *args, **kwargs), on_done=on_done,
                    on_error=on_error, busy=busy)

    def save(self, fn, /, *args, busy: str = "Opslaan …", on_done=None, **kwargs) -> None:
        """A change in the worker without reading again (text saved while typing)."""
        self.submit(partial(fn, *args, **kwargs), on_done=on_done, busy=busy)

    def import_packages(self, db, paths: list[str], on_finished, cycle: str | None = None,
                        into: str | None = None) -> None:
        """One job per package (progress "i van n"), then the Overview again (of ``cycle``);
        ``into``: the cycle the packages go into (None: by visit date, CentralDb's rule);
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
            self.submit(db.import_packages, [path], into, on_done=one_done, on_error=one_failed(path),
                        busy=label)
        self.submit(read_snapshot, db, cycle,
                    on_done=lambda snapshot: on_finished(results, errors, snapshot), busy=label)

    def export(self, which: str, db, path: str, on_done, on_error, busy: str,
               cycle: str | None = None) -> None:
        """Write export ``which`` ("overview", "report" or "review") of ``cycle`` to ``path``."""
        self.submit(write_export, which, db, path, cycle, on_done=on_done, on_error=on_error, busy=busy)
