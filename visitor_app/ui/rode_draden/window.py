"""Rode draden: the ODNL analyst's window over the central database.

A window of its own (an analyst has no visitation open): open or create a central
database, import the packages (NAME.rodedraden) of many visitations, see per theme how
many findings each dienst has and at how many diensten a kind of finding recurs ("k van
N"), read the findings behind a cell, and export the overview (XLSX) and the draft
rode-draden report (DOCX).

Threads: opening a database (a quick check) runs on the GUI thread, like opening a
visitation. Everything else that touches the database (reading the counts, importing,
exporting) runs in the serial Worker; the window keeps a snapshot of what it shows, so
clicking a cell or changing the kind filter never waits for the database. Themes, kinds
and their names all come from the frameworks inside the packages; every count comes from
visitor_app.rode_draden.counts.

The parts: layout.py builds the widgets, matrix.py is the table, texts.py the findings and
summaries as rich text, dialogs.py the file dialogs, jobs.py the work in the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from visitor_app.errors import VisitorError
from visitor_app.rode_draden.counts import Overview
from visitor_app.rode_draden.database import CentralDb
from visitor_app.ui.background import Worker
from visitor_app.ui.errors import show_error
from visitor_app.ui.rode_draden import dialogs, layout
from visitor_app.ui.rode_draden.jobs import Jobs, Snapshot
from visitor_app.ui.rode_draden.matrix import intro_text, legend_html
from visitor_app.ui.rode_draden.texts import cell_html, import_summary
from visitor_app.ui.settings import Settings

TITLE = "Rode draden — Visitatie-app"

KEY_LAST_DB = "rodedraden/last_db"


class RodeDradenWindow(QMainWindow):
    """The "Rode draden" mode: central database, matrix, findings per cell, exports."""

    def __init__(self, settings: Settings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or Settings()
        self.db: CentralDb | None = None
        self.data: Overview | None = None      # the counts the window shows, read in the worker
        self.snapshot: Snapshot | None = None  # all the window shows of the chosen cycle
        self.chosen_cycle: str | None = None   # None: the database's default cycle
        self.worker = Worker(self)
        self.worker.error.connect(lambda exc: show_error(self, exc))
        self.worker.busy_changed.connect(self._busy_changed)
        self.jobs = Jobs(self, self.worker)
        self.setObjectName("rodeDradenWindow")
        self.setWindowTitle(TITLE)
        layout.build(self)
        self._restore_layout()
        self._show_page()
        self._update_actions()

    @property
    def rows(self) -> list[dict]:
        """Per table row: the theme."""
        return self.table.rows

    @property
    def columns(self) -> list[tuple[str, str]]:
        """Per table column: ("kind", id) or ("dienst", visitation id)."""
        return self.table.columns

    # -- opening and closing -------------------------------------------------------------------
    def choose_db(self) -> None:
        path = dialogs.ask_database(self, self._start_dir())
        if path:
            self.open_db(path)

    def choose_new_db(self) -> None:
        path = dialogs.ask_new_database(self, self._start_dir())
        if path:
            self.open_db(path, create=True)

    def open_last(self) -> bool:
        """Open the central database used last time (False when there is none or it fails)."""
        last = self.last_db()
        return bool(last) and self.open_db(last)

    def last_db(self) -> str | None:
        value = self.settings.value(KEY_LAST_DB)
        return str(value) if value else None

    def open_db(self, path: str | Path, create: bool = False) -> bool:
        """Open (or with ``create`` make) a central database; a Dutch dialog on failure."""
        path = Path(path)
        if self.db is not None and not create and path.exists() and path.resolve() == self.db.path.resolve():
            return True
        title = "Centrale database niet aangemaakt" if create else "Centrale database niet geopend"
        try:
            db = CentralDb.open(path, create=create)
        except VisitorError as exc:
            show_error(self, exc, title)
            return False
        except OSError as exc:
            show_error(self, VisitorError(f"{path}: niet te openen ({exc.strerror or exc}). Er is niets "
                                          "aan het bestand veranderd."), title)
            return False
        except Exception as exc:  # noqa: BLE001 - anything else: still a Dutch dialog, no traceback
            show_error(self, VisitorError(f"{path}: niet te openen ({exc}). Er is niets aan het "
                                          "bestand veranderd."), title)
            return False
        self.close_db()
        self.db = db
        self.settings.set_value(KEY_LAST_DB, str(db.path.resolve()))
        self.settings.sync()
        self.setWindowTitle(f"{db.path.name} — {TITLE}")
        self.db_label.setText(f"Centrale database: {db.path.name}")
        self.db_label.setToolTip(str(db.path.resolve()))
        self.statusBar().showMessage(
            f"Nieuwe centrale database aangemaakt: {db.path}" if db.created
            else f"Centrale database geopend: {db.path}", 8000)
        self.refresh()
        self._update_actions()
        return True

    def close_db(self) -> None:
        """Close the open central database (after queued work is done); shows the empty state."""
        if self.db is None:
            return
        self.save_layout()
        self.flush_texts()
        self.worker.wait(-1)  # no job may still use the connection
        self.jobs.forget()
        db, self.db = self.db, None
        try:
            db.close()
        finally:
            self.data = None
            self.snapshot = None
            self.chosen_cycle = None
            self.cycle_box.set_cycles([], None)
            self.threads_page.ignored.clear()
            self.threads_page.proposals_key = None
            self.table.empty()
            self.diensten_list.clear()
            self.cell_findings.clear()
            self.summary_label.clear()
            self.summary_box.setVisible(False)
            self.kind_filter.set_kinds([])
            self.setWindowTitle(TITLE)
            self.db_label.clear()
            self._show_page()
            self._update_actions()

    # -- reading (in the worker) --------------------------------------------------------------
    def refresh(self) -> None:
        """Read the chosen cycle again (in the worker) and show it."""
        if self.db is None:
            return
        self.jobs.read(self.db, self._apply_snapshot, cycle=self.chosen_cycle)

    @property
    def cycle(self) -> str | None:
        """The cycle every count and list is of (the one shown)."""
        return self.snapshot.cycle if self.snapshot is not None else None

    def choose_cycle(self, name: str) -> None:
        """Show cycle ``name`` (what the Cyclus chooser does)."""
        index = self.cycle_box.findData(name)
        if index >= 0:
            self.cycle_box.setCurrentIndex(index)
        self._cycle_chosen(name)

    def _cycle_chosen(self, name: str | None = None) -> None:
        name = name or self.cycle_box.cycle
        if self.db is None or name is None or name == self.cycle:
            return
        self.flush_texts()
        self.chosen_cycle = name
        self.refresh()

    def flush_texts(self) -> None:
        """Save what is typed and not saved yet (before a change, another cycle, closing)."""
        self.threads_page.flush()
        self.texts_page.saver.flush()

    def change(self, fn, /, *args, done=None, **kwargs) -> None:
        """One change of the analyst's work (``fn`` a CentralDb method) in the worker, then the
        cycle read again and shown; ``done(result)`` after that."""
        if self.db is None:
            return

        def finished(outcome):
            result, snapshot = outcome
            self._apply_snapshot(snapshot)
            if done is not None:
                done(result)
        self.jobs.change(self.db, self.cycle, fn, *args, on_done=finished, **kwargs)

    def _apply_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.chosen_cycle = snapshot.cycle
        data = snapshot.overview
        self.data = data
        self.cycle_box.set_cycles(snapshot.cycles, snapshot.cycle)
        self.kind_filter.set_kinds(data.kinds)
        self.diensten_list.show_visitations(data.visitations)
        self.diensten_heading.setText(f"Ingelezen visitaties ({len(data.visitations)})")
        self._fill_table()
        self.threads_page.show_snapshot()
        self.texts_page.show_snapshot()
        self.assessments_page.show_snapshot()
        self.comments_page.show_snapshot()
        self._show_page()
        self._update_actions()

    def _page_changed(self) -> None:
        self.flush_texts()

    # -- showing --------------------------------------------------------------------------------
    def _show_page(self) -> None:
        self.toolbar_row.setVisible(self.db is not None)
        if self.db is None:
            last = self.last_db()
            self.empty_last_button.setVisible(bool(last) and Path(last).exists())
            if last:
                self.empty_last_button.setText(f"{Path(last).name} openen")
                self.empty_last_button.setToolTip(f"Laatst gebruikt: {last}")
            self.stack.setCurrentWidget(self.no_db_page)
        elif self.data is not None and not self.data.visitations:
            self.stack.setCurrentWidget(self.no_packages_page)
        else:
            self.stack.setCurrentWidget(self.matrix_page)

    @property
    def kind(self) -> str | None:
        """The kind the per-dienst counts are restricted to (None: all kinds)."""
        return self.kind_filter.kind

    def _fill_table(self) -> None:
        cell = self.table.show_overview(self.data, self.kind)
        if cell is not None:
            self.show_cell(*cell)
        else:
            self.cell_findings.clear()
        self._update_intro()

    def _update_intro(self) -> None:
        if self.data is None:
            return
        self.matrix_intro.setText(intro_text(self.data, self.kind))
        self.legend.setText(legend_html(self.data.n))

    def _filter_changed(self, _index: int) -> None:
        if self.data is None:
            return
        self.table.blockSignals(True)
        self.table.apply_kind(self.kind)
        self.table.blockSignals(False)
        self._update_intro()
        column = self.table.currentColumn()
        if 0 <= column < len(self.columns) and self.table.isColumnHidden(column):
            self.cell_findings.clear()
        else:
            self.show_cell(self.table.currentRow(), column)

    def _dienst_chosen(self, row: int) -> None:
        item = self.diensten_list.item(row)
        if item is None:
            return
        column = self.column_of(item.data(Qt.UserRole))
        if column is not None and self.rows:
            current = self.table.currentRow()
            self.table.setCurrentCell(current if current >= 0 else 0, column)
            self.table.scrollToItem(self.table.currentItem())

    def column_of(self, visitation_id: str) -> int | None:
        """The table column of a visitation (None when it is not shown)."""
        return self.table.column_of(visitation_id)

    def kind_column(self, kind_id: str) -> int | None:
        """The summary column ("k van N") of a finding kind."""
        return self.table.kind_column(kind_id)

    def show_cell(self, row: int, column: int) -> None:
        """Show the findings behind a cell in ``cell_findings``."""
        if self.data is None or not (0 <= row < len(self.rows)) or not (0 <= column < len(self.columns)):
            return
        self.cell_findings.setHtml(cell_html(self.data, self.rows[row], self.columns[column], self.kind))

    # -- importing ------------------------------------------------------------------------------
    def choose_packages(self) -> None:
        if self.db is None:
            self.statusBar().showMessage("Open of maak eerst een centrale database.", 5000)
            return
        start = str(self.settings.value("rodedraden/package_dir") or self.db.path.parent)
        paths = dialogs.ask_packages(self, start)
        if paths:
            self.settings.set_value("rodedraden/package_dir", str(Path(paths[0]).parent))
            chosen = self.ask_import_cycle()
            if chosen is not False:
                self.import_packages(paths, into=chosen)

    def ask_import_cycle(self):
        """Which cycle the packages go into: by visit date (None), an existing cycle, or a new
        one (its name asked); False when the analyst cancels."""
        from PySide6.QtWidgets import QDialog
        by_date = "Op bezoekdatum (de cyclus waarvan de periode de datum bevat)"
        new = "Nieuwe cyclus …"
        names = [self.cycle_box.itemText(i) for i in range(self.cycle_box.count())]

        def dialog(label: str):
            return dialogs.input_dialog(self, "Pakketten inlezen", label)

        pick = dialog("In welke cyclus horen deze pakketten?")
        pick.setComboBoxItems([by_date, *names, new])
        pick.setComboBoxEditable(False)
        pick.setTextValue(self.cycle if self.cycle in names else by_date)
        if pick.exec() != QDialog.Accepted:
            return False
        choice = pick.textValue()
        if choice == by_date:
            return None
        if choice != new:
            return choice
        ask = dialog("Naam van de nieuwe cyclus (bijvoorbeeld 2024-2026):")
        if ask.exec() != QDialog.Accepted or not ask.textValue().strip():
            return False
        return ask.textValue().strip()

    def import_packages(self, paths: list[str | Path], into: str | None = None) -> None:
        """Import packages in the worker, one job per package (progress "i van n"), then show
        a summary per package and read the counts again. ``into``: the cycle they go into
        (made when new; None: by visit date); the window then shows that cycle."""
        if self.db is None or not paths:
            return
        paths = [str(p) for p in paths]
        if into is not None:
            self.chosen_cycle = into
        self.jobs.import_packages(self.db, paths, self._import_finished, cycle=self.chosen_cycle,
                                  into=into)
        self.statusBar().showMessage(f"{len(paths)} pakket(ten) inlezen …")

    def _import_finished(self, results: list[dict], errors: list, snapshot: Snapshot) -> None:
        self._apply_snapshot(snapshot)
        html, tooltip, status = import_summary(results)
        self.summary_label.setText(html)
        self.summary_label.setToolTip(tooltip)
        self.summary_box.setVisible(True)
        self.statusBar().showMessage(status, 15000)
        if errors:
            show_error(self, errors[0], "Niet alle pakketten ingelezen")

    # -- exporting -------------------------------------------------------------------------------
    def export_overview(self, path: str | Path | None = None) -> None:
        """Write the overview workbook (XLSX) in the worker; asks for a file name without ``path``."""
        self._export("overview", path)

    def export_report(self, path: str | Path | None = None) -> None:
        """Write the Rode draden rapportage of the chosen cycle (DOCX) in the worker."""
        self._export("report", path)

    def export_review(self, path: str | Path | None = None) -> None:
        """The review version: the klankbordgroep's comments as Word comments."""
        self._export("review", path)

    def _export(self, which: str, path) -> None:
        if self.db is None:
            self.statusBar().showMessage("Open eerst een centrale database.", 5000)
            return
        what, failed_title = dialogs.EXPORTS[which][4:]
        if path is None:
            folder = self.settings.value("rodedraden/export_dir") or self.db.path.parent
            path = dialogs.ask_export_path(self, which, str(folder))
            if path is None:
                return
            self.settings.set_value("rodedraden/export_dir", str(Path(path).parent))
        self.statusBar().showMessage(f"{what} schrijven …")
        self.jobs.export(which, self.db, str(path),
                         on_done=lambda result: self.statusBar().showMessage(
                             f"{what} geschreven: {result['file']}", 15000),
                         on_error=lambda exc: self._export_failed(exc, failed_title),
                         busy=f"{what} schrijven …", cycle=self.cycle)

    def _export_failed(self, exc: BaseException, title: str) -> None:
        self.statusBar().clearMessage()
        show_error(self, exc, title)

    # -- state -------------------------------------------------------------------------------------
    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.busy.setRange(0, 0)
            self.busy.setTextVisible(False)
        self.busy.setVisible(busy)
        self._update_actions()

    def _update_actions(self) -> None:
        has_db = self.db is not None
        has_data = has_db and bool(self.data and self.data.visitations)
        idle = self.worker.idle
        for widget in (self.action_import, self.import_button, self.empty_import_button):
            widget.setEnabled(has_db)
        for widget in (self.action_export_xlsx, self.action_export_docx, self.action_export_review,
                       self.export_xlsx_button,
                       self.export_docx_button):
            widget.setEnabled(has_data and idle)
        for widget in (self.export_xlsx_button, self.export_docx_button, self.kind_filter,
                       self.kind_label):
            widget.setVisible(has_data)  # an empty database: only what can be done now
        self.kind_filter.setEnabled(has_data)
        self.kind_label.setEnabled(has_data)
        several = has_db and self.snapshot is not None and bool(self.snapshot.cycles)
        self.cycle_box.setVisible(several)
        self.cycle_label.setVisible(several)
        self.threads_page._update_buttons()

    def _start_dir(self) -> str:
        last = self.last_db()
        return str(Path(last).parent) if last else ""

    # -- layout memory -------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        layout.restore_layout(self, self.settings)

    def save_layout(self) -> None:
        layout.save_layout(self, self.settings)

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        self.save_layout()
        self.close_db()
        super().closeEvent(event)


__all__ = ["RodeDradenWindow", "TITLE"]
