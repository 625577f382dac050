"""The report: findings per theme built from observations, the free text sections, and the export.

Everything the secretaries see here comes from the framework (themes, finding kinds, report
sections and their hints). Every edit is stored the moment it is made, in the background;
section texts a moment after the last keystroke and on focus-out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTabWidget, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.errors import NotFoundError
from visitor_app.services.encryption import PLAIN_EXPORT
from visitor_app.ui import files, ops
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin
from visitor_app.ui.widgets import titled_block

UNUSED_TIP = "nog niet gebruikt in een bevinding"
SECTION_LINES = 6  # visible lines of a section text; the height follows the font
ID_ROLE = Qt.UserRole


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class ReportView(LazyMixin, QWidget):
    title = "Rapport"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        fw = ctx.framework
        self.undo_stack: list[list[str]] = []
        self.section_edits: dict[str, QPlainTextEdit] = {}
        self.savers: dict[str, Debounced] = {}
        self.pending_sections: dict[str, str] = {}  # sent to the worker, maybe not yet stored
        self.findings_by_id: dict[str, dict] = {}
        self.observations_by_id: dict[str, dict] = {}
        self._filling = False

        # -- top: what is not yet used, and the export ----------------------------------------
        self.uncovered_label = QLabel()
        self.uncovered_label.setObjectName("reportUncovered")
        self.uncovered_label.setWordWrap(True)
        self.export_button = QPushButton("Exporteer conceptrapport (DOCX) …")
        self.export_button.setObjectName("exportReport")
        self.export_button.clicked.connect(self.export)
        self.trace_check = QCheckBox("Herleidbaarheid als bijlage")
        self.trace_check.setObjectName("traceCheck")
        self.commission_check = QCheckBox("Commissie op titelpagina")
        self.commission_check.setObjectName("commissionCheck")
        self.commission_check.setChecked(True)
        self.package_button = QPushButton("Rode-dradenpakket …")
        self.package_button.setObjectName("exportCentral")
        self.package_button.setToolTip("De bevindingen en oordelen voor de centrale rode draden van "
                                       "ODNL: zonder namen, zonder citaten, zonder waarnemingen")
        self.package_button.clicked.connect(self.export_package)
        # two rows, so that the view fits 960 logical pixels (1920x1080 at 200 %)
        export_row = QGridLayout()
        export_row.addWidget(self.export_button, 0, 0)
        export_row.addWidget(self.package_button, 0, 2)
        checks = QHBoxLayout()
        checks.addWidget(self.trace_check)
        checks.addWidget(self.commission_check)
        checks.addStretch(1)
        export_row.addLayout(checks, 1, 0, 1, 3)
        export_row.setColumnStretch(1, 1)
        # An encrypted visitation's exports are plain files: say so before anyone saves one.
        self.plain_export_note = QLabel(f"{PLAIN_EXPORT} Dat geldt voor het conceptrapport en voor "
                                        "het rode-dradenpakket.")
        self.plain_export_note.setObjectName("plainExportNote")
        self.plain_export_note.setWordWrap(True)
        self.plain_export_note.setVisible(ctx.visit.encrypted)

        # -- tab 1: findings --------------------------------------------------------------------
        self.themes = QListWidget()
        self.themes.setObjectName("reportThemes")
        self.themes.setWordWrap(True)
        self.themes.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 10)  # follows the font
        for t in fw.themes:
            item = QListWidgetItem(t["name"])
            item.setData(ID_ROLE, t["id"])
            self.themes.addItem(item)
        self.themes.currentRowChanged.connect(lambda _row: self._fill_theme())

        self.findings = QTreeWidget()
        self.findings.setObjectName("reportFindings")
        self.findings.setHeaderHidden(True)
        self.findings.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.findings.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.findings.setWordWrap(True)
        self.findings.itemChanged.connect(self._finding_edited)
        self.findings.itemSelectionChanged.connect(self._finding_selected)
        self.findings.itemDelegate().closeEditor.connect(self.editor_closed)
        self.up_button = QPushButton("Omhoog")
        self.up_button.setObjectName("findingUp")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Omlaag")
        self.down_button.setObjectName("findingDown")
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.merge_button = QPushButton("Samenvoegen")
        self.merge_button.setObjectName("findingMerge")
        self.merge_button.setToolTip("Voegt twee geselecteerde bevindingen samen; de eerste blijft.")
        self.merge_button.clicked.connect(self.merge)
        self.delete_button = QPushButton("Verwijderen")
        self.delete_button.setObjectName("findingDelete")
        self.delete_button.clicked.connect(self.delete)
        self.undo_button = QPushButton("Ongedaan maken")
        self.undo_button.setObjectName("findingUndo")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_delete)
        buttons = QGridLayout()  # in rows: the middle pane stays narrow enough for 960 px
        for i, b in enumerate((self.up_button, self.down_button, self.merge_button, self.delete_button,
                               self.undo_button)):
            buttons.addWidget(b, i // 2, i % 2)
        buttons.setColumnStretch(2, 1)

        self.linked = QListWidget()
        self.linked.setObjectName("reportLinked")
        self.linked.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.linked.setWordWrap(True)
        self.unlink_button = QPushButton("Ontkoppelen")
        self.unlink_button.setObjectName("unlinkObservation")
        self.unlink_button.clicked.connect(self.unlink)
        linked_row = QHBoxLayout()
        linked_row.addWidget(_wrapping("Waarnemingen onder de gekozen bevinding:"), 1)
        linked_row.addWidget(self.unlink_button)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(_wrapping("Bevindingen (F2 of dubbelklik om te bewerken):"))
        mid.addWidget(self.findings, 3)
        mid.addLayout(buttons)
        mid.addLayout(linked_row)
        mid.addWidget(self.linked, 1)

        self.observations = QListWidget()
        self.observations.setObjectName("reportObservations")
        self.observations.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.observations.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("findingKind")
        for k in fw.finding_kinds:
            self.kind.addItem(k["name"], k["id"])
        self.make_button = QPushButton("Bevinding maken van selectie")
        self.make_button.setObjectName("makeFinding")
        self.make_button.clicked.connect(self.make_finding)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(_wrapping("Waarnemingen bij dit thema (vet: nog niet gebruikt):"))
        rl.addWidget(self.observations, 1)
        rl.addWidget(self.kind)
        rl.addWidget(self.make_button)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("reportSplitter")
        self.splitter.addWidget(self.themes)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        em = self.fontMetrics().horizontalAdvance("M")
        self.splitter.setSizes([em * 20, em * 55, em * 35])

        # -- tab 2: texts -----------------------------------------------------------------------
        self.sections = QWidget()
        self.sections.setObjectName("reportSections")
        blocks = QVBoxLayout(self.sections)
        for section in fw.report["sections"]:
            blocks.addWidget(self._section_block(section))
        blocks.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("reportSectionsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.sections)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.tabs.addTab(self.splitter, "Bevindingen")
        self.tabs.addTab(scroll, "Teksten")

        layout = QVBoxLayout(self)
        layout.addWidget(self.uncovered_label)
        layout.addLayout(export_row)
        layout.addWidget(self.plain_export_note)
        layout.addWidget(self.tabs, 1)

        self.watch(ctx, "observations", "findings", "report", skip_own=True)
        self._update_buttons()

    def _section_block(self, section: dict) -> QWidget:
        block, lay = titled_block(f"sectionBlock_{section['id']}", section["title"], section.get("hint"),
                                  text_name=f"sectionHint_{section['id']}", text_style="color: gray;")
        edit = QPlainTextEdit()
        edit.setObjectName(f"section_{section['id']}")
        edit.setAccessibleName(section["title"])
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * SECTION_LINES)
        saver = Debounced(edit, lambda sid=section["id"]: self._save_section(sid))
        edit.textChanged.connect(saver.touch)
        lay.addWidget(edit)
        self.section_edits[section["id"]] = edit
        self.savers[section["id"]] = saver
        return block

    # -- loading ------------------------------------------------------------------------------
    def editing(self) -> bool:
        return self.findings.state() == QAbstractItemView.EditingState

    def reload(self, select: list[str] | None = None) -> None:
        """Refresh everything; ``select``: the findings to select afterwards (else keep)."""
        visit = self.ctx.visit
        fw = self.ctx.framework
        findings = visit.findings.list()
        self.findings_by_id = {f["id"]: f for f in findings}
        self.observations_by_id = {}  # read again: observations may have changed or gone
        uncovered = visit.findings.uncovered()
        self.unused_ids = {o["id"] for o in uncovered["unused_observations"]}
        per_theme = {t["id"]: 0 for t in fw.themes}
        for f in findings:
            per_theme[f["theme"]] = per_theme.get(f["theme"], 0) + 1
        for row in range(self.themes.count()):
            item = self.themes.item(row)
            theme_id = item.data(ID_ROLE)
            item.setText(f"{self.ctx.theme_name(theme_id)} "
                         f"({_count(per_theme.get(theme_id, 0), 'bevinding', 'bevindingen')})")
        if self.themes.currentRow() < 0 and self.themes.count():
            self.themes.blockSignals(True)
            self.themes.setCurrentRow(0)
            self.themes.blockSignals(False)
        self._fill_theme(select)
        self._show_uncovered(uncovered)
        self._load_sections()
        self.stale = False

    def _show_uncovered(self, uncovered: dict) -> None:
        themes = [self.ctx.theme_name(t) for t in uncovered["themes_without_findings"]]
        n = len(uncovered["unused_observations"])
        parts = []
        if themes:
            parts.append("thema's zonder bevindingen: " + ", ".join(themes))
        if n:
            parts.append(_count(n, "waarneming", "waarnemingen") + " nog niet gebruikt in een bevinding")
        self.uncovered_label.setText("Nog niet verwerkt: " + ("; ".join(parts) if parts else "niets"))

    def current_theme(self) -> str | None:
        item = self.themes.currentItem()
        return item.data(ID_ROLE) if item else None

    def _fill_theme(self, select: list[str] | None = None) -> None:
        """Fill findings and observations of the chosen theme; keep (or set) the selection."""
        theme = self.current_theme()
        keep = select if select is not None else self.selected_finding_ids()
        keep_obs = set(self.selected_observation_ids())
        fw = self.ctx.framework
        self._filling = True
        try:
            self.findings.clear()
            if theme:
                groups = {}
                for k in fw.finding_kinds:
                    top = QTreeWidgetItem([k["plural"]])
                    top.setFlags(Qt.ItemIsEnabled)
                    font = top.font(0)
                    font.setBold(True)
                    top.setFont(0, font)
                    self.findings.addTopLevelItem(top)
                    groups[k["id"]] = top
                for f in self.findings_by_id.values():
                    if f["theme"] != theme:
                        continue
                    parent = groups.get(f["kind"])
                    if parent is None:  # a kind the framework no longer has
                        parent = QTreeWidgetItem([self.ctx.kind_name(f["kind"])])
                        parent.setFlags(Qt.ItemIsEnabled)
                        self.findings.addTopLevelItem(parent)
                        groups[f["kind"]] = parent
                    child = QTreeWidgetItem(parent, [f["text"]])
                    child.setData(0, ID_ROLE, f["id"])
                    child.setToolTip(0, f["text"])
                    child.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable)
                self.findings.expandAll()
                for child in self._finding_items():
                    if child.data(0, ID_ROLE) in keep:
                        child.setSelected(True)
                        self.findings.setCurrentItem(child, 0, QItemSelectionModel.NoUpdate)

            self.observations.clear()
            rows = self.ctx.visit.observations.list(theme=theme) if theme else []
            rows.sort(key=lambda o: o["created"])
            self.observations_by_id.update({o["id"]: o for o in rows})
            for o in rows:
                item = QListWidgetItem(o["text"])
                item.setData(ID_ROLE, o["id"])
                if o["id"] in self.unused_ids:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(UNUSED_TIP)
                else:
                    item.setToolTip(o["text"])
                self.observations.addItem(item)
                item.setSelected(o["id"] in keep_obs)
        finally:
            self._filling = False
        self._finding_selected()

    def _finding_items(self) -> list[QTreeWidgetItem]:
        """The finding items in display order."""
        out = []
        for i in range(self.findings.topLevelItemCount()):
            top = self.findings.topLevelItem(i)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def selected_finding_ids(self) -> list[str]:
        """The selected findings, in display order."""
        return [it.data(0, ID_ROLE) for it in self._finding_items() if it.isSelected()]

    def selected_observation_ids(self) -> list[str]:
        return [self.observations.item(r).data(ID_ROLE) for r in range(self.observations.count())
                if self.observations.item(r).isSelected()]

    def _finding_selected(self) -> None:
        if self._filling:
            return
        self.linked.clear()
        ids = self.selected_finding_ids()
        if len(ids) == 1:
            for oid in self.ctx.visit.findings.observation_ids(ids[0]):
                obs = self.observations_by_id.get(oid)
                if obs is None:
                    try:
                        obs = self.observations_by_id[oid] = self.ctx.visit.observations.get(oid)
                    except NotFoundError:
                        continue  # the observation was deleted
                item = QListWidgetItem(obs["text"])
                item.setData(ID_ROLE, oid)
                item.setToolTip(obs["text"])
                self.linked.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ids = self.selected_finding_ids()
        self.up_button.setEnabled(len(ids) == 1)
        self.down_button.setEnabled(len(ids) == 1)
        self.merge_button.setEnabled(len(ids) == 2)
        self.delete_button.setEnabled(bool(ids))
        self.unlink_button.setEnabled(len(ids) == 1)
        self.undo_button.setEnabled(bool(self.undo_stack))

    # -- edits to findings --------------------------------------------------------------------
    def _changed(self, message: str, select: list[str] | None = None):
        def done(_result):
            self.ctx.status.emit(message)
            self.stale = True
            if self.findings.state() != QAbstractItemView.EditingState:
                self.reload(select)
        return done

    def _finding_edited(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._filling:
            return
        fid = item.data(0, ID_ROLE)
        if not fid or fid not in self.findings_by_id:
            return
        text = item.text(0).strip()
        old = self.findings_by_id[fid]["text"]
        if not text or text == old:
            self._filling = True
            item.setText(0, old)  # an empty text is not stored
            self._filling = False
            return
        self.findings_by_id[fid] = {**self.findings_by_id[fid], "text": text}
        ops.op(self.ctx, self.ctx.visit.findings.update, fid, text=text,
               initiator=self, on_done=self._changed("Bevinding opgeslagen.", [fid]))

    def make_finding(self) -> None:
        theme = self.current_theme()
        ids = self.selected_observation_ids()
        if not theme or not ids:
            self.ctx.status.emit("Kies eerst een of meer waarnemingen.")
            return

        def done(changes):
            self.observations.clearSelection()
            self._changed(f"Bevinding gemaakt van {_count(len(ids), 'waarneming', 'waarnemingen')}; "
                          "pas de tekst aan met F2.", [changes.id])(changes)

        ops.op(self.ctx, self.ctx.visit.findings.from_observations, ids, self.kind.currentData(),
               theme=theme, initiator=self, on_done=done)

    def move(self, step: int) -> None:
        ids = self.selected_finding_ids()
        if len(ids) != 1:
            return
        ops.op(self.ctx, self.ctx.visit.findings.move, ids[0], step,
               initiator=self, on_done=self._changed("Bevinding verplaatst.", ids))

    def merge(self) -> None:
        ids = self.selected_finding_ids()
        if len(ids) != 2:
            self.ctx.status.emit("Kies precies twee bevindingen om samen te voegen.")
            return
        keep, other = ids
        ops.op(self.ctx, self.ctx.visit.findings.merge, keep, other,
               initiator=self, on_done=self._changed("Twee bevindingen samengevoegd: de tweede is aan de eerste "
                                     "toegevoegd, met al haar waarnemingen.", [keep]),
               on_error=ops.refusal_as_status(self.ctx))

    def delete(self) -> None:
        ids = self.selected_finding_ids()
        if not ids:
            return
        self.undo_stack.append(ids)
        ops.op(self.ctx, self.ctx.visit.findings.delete, ids, initiator=self, on_done=self._changed(
            f"{_count(len(ids), 'bevinding', 'bevindingen')} verwijderd; "
            "‘Ongedaan maken’ zet ze terug.", []))

    def undo_delete(self) -> None:
        if not self.undo_stack:
            return
        ids = self.undo_stack.pop()
        ops.op(self.ctx, self.ctx.visit.findings.restore, ids, initiator=self, on_done=self._changed(
            f"{_count(len(ids), 'bevinding', 'bevindingen')} teruggezet.", ids))

    def unlink(self) -> None:
        ids = self.selected_finding_ids()
        if len(ids) != 1:
            return
        fid = ids[0]
        obs_ids = [self.linked.item(r).data(ID_ROLE) for r in range(self.linked.count())
                   if self.linked.item(r).isSelected()]
        if not obs_ids:
            self.ctx.status.emit("Kies eerst de waarneming(en) die je wilt ontkoppelen.")
            return
        ops.op(self.ctx, self.ctx.visit.findings.unlink, fid, obs_ids, initiator=self, on_done=self._changed(
            f"{_count(len(obs_ids), 'waarneming', 'waarnemingen')} ontkoppeld.", [fid]))

    # -- section texts ------------------------------------------------------------------------
    def _load_sections(self) -> None:
        stored = self.ctx.visit.findings.sections()
        for sid, edit in self.section_edits.items():
            if self.savers[sid].dirty or edit.hasFocus():
                continue  # never overwrite what is being typed
            text = self.pending_sections.get(sid, stored.get(sid, ""))
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)

    def _save_section(self, section_id: str) -> None:
        text = self.section_edits[section_id].toPlainText()
        self.pending_sections[section_id] = text

        def done(_result):
            if self.pending_sections.get(section_id) == text:
                del self.pending_sections[section_id]
            self.ctx.status.emit("Tekst opgeslagen.")

        ops.op(self.ctx, self.ctx.visit.findings.set_section, section_id, text, initiator=self, on_done=done)

    def flush_draft(self) -> None:
        """Store every section text still waiting for its debounce (switching away, closing)."""
        for saver in self.savers.values():
            saver.flush()

    # -- export -------------------------------------------------------------------------------
    def export_package(self, _checked=False, path: str | None = None) -> None:
        """First the preview of what leaves the file (ui/privacy.py); its "Pakket opslaan …"
        asks where (``path``: that answer, for tests) and the package is written."""
        self.flush_draft()
        if not self.ctx.visit.findings.list():
            from visitor_app.ui import ask
            ask.information(self, "Rode-dradenpakket",
                                    "Deze visitatie heeft nog geen bevindingen. Een rode-dradenpakket "
                                    "bevat de bevindingen van het rapport; maak die eerst.")
            return

        def show(preview):
            from visitor_app.ui.privacy import PrivacyPreviewDialog
            self.package_button.setEnabled(True)
            old = getattr(self, "preview_dialog", None)
            if old is not None:
                old.deleteLater()
            dialog = PrivacyPreviewDialog(self.ctx, preview, self,
                                          ask_path=lambda parent: path or self._ask_package_path(parent))
            dialog.accepted.connect(lambda: self._write_package(dialog.path))
            self.preview_dialog = dialog
            dialog.open()

        def failed(exc):
            self.package_button.setEnabled(True)
            self.ctx.error.emit(exc)

        self.package_button.setEnabled(False)
        ops.query(self.ctx, self.ctx.visit.privacy.preview, on_done=show, on_error=failed)

    def _ask_package_path(self, parent) -> str | None:
        dienst = self.ctx.visit.details()["dienst"]
        path = files.save_file(parent, self._save_caption("Rode-dradenpakket opslaan als"),
                               str(self.ctx.visit.path.with_name(f"{dienst}.rodedraden")),
                               "Rode-dradenpakket (*.rodedraden)")
        if not path:
            return None
        return path if path.lower().endswith(".rodedraden") else path + ".rodedraden"

    def _write_package(self, path: str) -> None:
        from visitor_app.rode_draden.package import export_central

        def done(result):
            self.package_button.setEnabled(True)
            removed = f"; {result['redactions']} vervanging(en)" if result["redactions"] else ""
            self.ctx.status.emit(f"Rode-dradenpakket geschreven: {result['out']} "
                                 f"({result['findings']} bevindingen{removed})")

        def failed(exc):
            self.package_button.setEnabled(True)
            self.ctx.error.emit(exc)

        self.package_button.setEnabled(False)
        ops.query(self.ctx, export_central, self.ctx.visit, Path(path), on_done=done, on_error=failed)

    def _save_caption(self, caption: str) -> str:
        return f"{caption} (niet versleuteld)" if self.ctx.visit.encrypted else caption

    def export(self) -> None:
        """First the check for personal data after the title page (a warning list), then
        where to save, then the report."""
        self.flush_draft()
        commission, trace = self.commission_check.isChecked(), self.trace_check.isChecked()
        from visitor_app.reports.docx_report import check_report

        def checked(warnings):
            self.export_button.setEnabled(True)
            if warnings and not self.confirm_report_warnings(warnings):
                return
            self._write_report(commission, trace)

        def failed(exc):
            self.export_button.setEnabled(True)
            self.ctx.error.emit(exc)

        self.export_button.setEnabled(False)
        ops.query(self.ctx, check_report, self.ctx.visit, commission=commission, trace=trace,
                  on_done=checked, on_error=failed)

    def confirm_report_warnings(self, warnings: list[dict]) -> bool:
        """The personal data found after the title page; True: save anyway."""
        from PySide6.QtWidgets import QMessageBox
        from visitor_app.ui.ask import message_box
        box = message_box(QMessageBox.Warning, "Namen of persoonsgegevens in het rapport",
                          f"Het rapport noemt buiten de titelpagina mogelijk personen of "
                          f"persoonsgegevens ({len(warnings)} keer). Gesprekspartners worden in het "
                          "rapport nooit genoemd; commissieleden alleen op de titelpagina.\n\n"
                          + "\n".join(f"• {w['where']}: \u201c{w['text']}\u201d ({w['reason']})"
                                       for w in warnings[:8])
                          + (f"\n… en nog {len(warnings) - 8} (zie Details)" if len(warnings) > 8 else ""),
                          QMessageBox.NoButton, parent=self)
        box.setObjectName("reportWarnings")
        box.setDetailedText("\n".join(f"{w['where']}: {w['text']} ({w['reason']})" for w in warnings))
        save = box.addButton("Toch opslaan …", QMessageBox.AcceptRole)
        box.addButton("Teksten eerst aanpassen", QMessageBox.RejectRole)
        box.exec()
        return box.clickedButton() is save

    def _write_report(self, commission: bool, trace: bool) -> None:
        dienst = self.ctx.visit.details()["dienst"]
        path = files.save_file(self, self._save_caption("Conceptrapport opslaan als"),
                               f"Conceptrapport {dienst}.docx", "Word-document (*.docx)")
        if not path:
            return
        if not path.lower().endswith(".docx"):
            path += ".docx"
        from visitor_app.reports.docx_report import export_report

        def done(result):
            self.export_button.setEnabled(True)
            self.ctx.status.emit(f"Conceptrapport geschreven: {result.get('file', path)}")

        def failed(exc):
            self.export_button.setEnabled(True)
            self.ctx.error.emit(exc)

        self.export_button.setEnabled(False)
        ops.query(self.ctx, export_report, self.ctx.visit, Path(path), commission=commission, trace=trace,
                  on_done=done, on_error=failed)


def _wrapping(text: str) -> QLabel:
    """A heading above a list that wraps instead of setting the pane's minimum width."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label
