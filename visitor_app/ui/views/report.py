"""The report: findings per theme built from observations, the free text sections, and the export.

Everything the secretaries see here comes from the framework (themes, finding kinds, report
sections and their hints). Every edit is stored the moment it is made, in the background;
texts (a finding's, a section's) a moment after the last keystroke, on focus-out and, for a
finding, on Ctrl+Enter.

Shortcuts (listed in F1, ui/dialogs.REPORT_SHORTCUTS): F2 edits the chosen finding's text,
Ctrl+Enter stores it, Ctrl+K gives the chosen findings the next kind, Ctrl+L puts the chosen
observations under the chosen finding (dragging them onto a finding does the same).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QMenu, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy, QSplitter,
    QStyledItemDelegate, QStyleOptionViewItem, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
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
FINDING_LINES = 3  # visible lines of the finding editor
BANNER_LINES = 2   # the "nog niet verwerkt" line: always this high, whatever it says
ID_ROLE = Qt.UserRole
SORT_ROLE = Qt.UserRole + 1
GENERAL = "Algemeen"  # an observation not made in a conversation
NO_AUTHOR = "—"
OBSERVATION_COLUMNS = ("Soort", "Auteur", "Gesprek", "Waarneming")
TEXT_COLUMN = 3
# Remembered per user (ui/settings.py).
EXPORT_DIR_KEY = "report/export_dir"
TRACE_KEY = "report/trace_annex"
# The selection in the report's lists and trees: white on #2f6f8f, the same with or without
# focus. Against the white rows: 5.5:1; the text on it: 5.5:1 (WCAG: 3:1 for a
# component, 4.5:1 for text). A widget rule: it wins over style.qss's light selection.
SELECTED_BACKGROUND = "#2f6f8f"
SELECTED_TEXT = "#ffffff"
SELECTION_STYLE = ", ".join(
    f"{cls}#{name}::item:selected" for cls, name in (
        ("QTreeWidget", "reportFindings"), ("QTreeWidget", "reportObservations"),
        ("QListWidget", "reportLinked"), ("QListWidget", "reportThemes"))
) + f" {{ background: {SELECTED_BACKGROUND}; color: {SELECTED_TEXT}; }}"


def relative_luminance(colour) -> float:
    """WCAG 2 relative luminance of a QColor."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two QColors (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Banner(QLabel):
    """A line of BANNER_LINES lines that never changes height: a text too long for it is
    shortened with "…" (the whole text is its tooltip), so nothing below it moves."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.full_text = ""
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        m = self.contentsMargins()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * BANNER_LINES + m.top() + m.bottom() + 2)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._fit()

    def resizeEvent(self, event):  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def _fits(self, text: str, width: int) -> bool:
        room = self.fontMetrics().lineSpacing() * BANNER_LINES
        return self.fontMetrics().boundingRect(QRect(0, 0, width, room * 4),
                                               Qt.TextWordWrap, text).height() <= room

    def _fit(self) -> None:
        text, width = self.full_text, max(self.contentsRect().width(), 1)
        if not self._fits(text, width):
            low, high = 0, len(text)
            while low < high:  # the longest beginning that fits with "…"
                mid = (low + high + 1) // 2
                if self._fits(text[:mid].rstrip() + " …", width):
                    low = mid
                else:
                    high = mid - 1
            text = text[:low].rstrip() + " …"
        if self.text() != text:
            super().setText(text)


class SortItem(QTreeWidgetItem):
    """A row of a sortable tree that sorts by SORT_ROLE when a column has one."""

    def __lt__(self, other):
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        a, b = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if a is not None and b is not None:
            return a < b
        return self.text(column).casefold() < other.text(column).casefold()


class WrappingDelegate(QStyledItemDelegate):
    """Rows as high as their wrapped text in the column's present width (a tree view on its
    own sizes rows as one line and cuts the text off)."""

    def __init__(self, tree: QTreeWidget, column: int):
        super().__init__(tree)
        self.tree, self.column = tree, column
        tree.header().sectionResized.connect(lambda *_: tree.scheduleDelayedItemsLayout())

    def sizeHint(self, option, index):  # noqa: N802 (Qt name)
        base = super().sizeHint(option, index)
        if index.column() != self.column:
            return base
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(self.tree.header().sectionSize(index.column()) - 20, 20)  # padding, frame, margins
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextWordWrap, opt.text)
        return QSize(base.width(), max(base.height(), text.height() + 14))


class ObservationTree(QTreeWidget):
    """The observations of a theme in columns; the text (the last column) keeps at least
    half the width however narrow the pane: the other columns give way first."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preferred: list[int] = []  # the widths of the columns before the text

    def fit_columns(self) -> None:
        if not self.preferred:
            return
        room = self.viewport().width() // 2
        scale = min(1.0, room / sum(self.preferred)) if room > 0 else 1.0
        for column, width in enumerate(self.preferred):
            self.setColumnWidth(column, max(int(width * scale), self.header().minimumSectionSize()))

    def resizeEvent(self, event):  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.fit_columns()


class FindingTree(QTreeWidget):
    """The findings of a theme; observations dragged from ``source`` onto a finding are put
    under it (``observations_dropped``: the finding's id)."""

    observations_dropped = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.source: QWidget | None = None
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DropOnly)

    def _target(self, event) -> str | None:
        if self.source is None or event.source() is not self.source:
            return None
        item = self.itemAt(event.position().toPoint())
        return item.data(0, ID_ROLE) if item is not None else None

    def dragEnterEvent(self, event):  # noqa: N802 (Qt name)
        if self.source is not None and event.source() is self.source:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802 (Qt name)
        if self._target(event):
            event.setDropAction(Qt.CopyAction)  # a move would take the rows out of the list
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802 (Qt name)
        target = self._target(event)
        if not target:
            event.ignore()
            return
        event.setDropAction(Qt.CopyAction)
        event.accept()
        self.observations_dropped.emit(target)


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
        self._filling_editor = False
        self.editor_finding: str | None = None  # the finding whose text the editor shows

        # -- top: what is not yet used, and the export ----------------------------------------
        self.uncovered_label = Banner()
        self.uncovered_label.setObjectName("reportUncovered")
        self.export_button = QPushButton("Exporteer conceptrapport (DOCX) …")
        self.export_button.setObjectName("exportReport")
        self.export_button.clicked.connect(self.export)
        self.trace_check = QCheckBox("Herleidbaarheid als bijlage")
        self.trace_check.setObjectName("traceCheck")
        self.trace_check.setChecked(_as_bool(ctx.settings.value(TRACE_KEY, False)))
        self.trace_check.toggled.connect(self._remember_trace)
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

        self.findings = FindingTree()
        self.findings.setObjectName("reportFindings")
        self.findings.setHeaderHidden(True)
        self.findings.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.findings.setEditTriggers(QAbstractItemView.NoEditTriggers)  # the editor below edits
        self.findings.setWordWrap(True)
        self.findings.itemSelectionChanged.connect(self._finding_selected)
        self.findings.itemDoubleClicked.connect(lambda item, _col: self.edit_finding_text())
        self.findings.observations_dropped.connect(self.add_to_finding)
        self.findings.setContextMenuPolicy(Qt.CustomContextMenu)
        self.findings.customContextMenuRequested.connect(self._finding_menu)
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
        # in two rows, the widest two in one column: the middle pane fits 960 px (200 %)
        buttons = QGridLayout()
        for (row, col), b in (((0, 0), self.merge_button), ((0, 1), self.up_button), ((0, 2), self.down_button),
                              ((1, 0), self.undo_button), ((1, 1), self.delete_button)):
            buttons.addWidget(b, row, col)
        buttons.setColumnStretch(3, 1)

        # the chosen finding: its kind and its text, several lines (Enter: a new line)
        self.finding_kind = QComboBox()
        self.finding_kind.setObjectName("findingEditKind")
        self.finding_kind.setAccessibleName("Soort van de gekozen bevinding")
        self.finding_kind.setToolTip("Soort van de gekozen bevinding (Ctrl+K: volgende soort)")
        for k in fw.finding_kinds:
            self.finding_kind.addItem(k["name"], k["id"])
        self.finding_kind.activated.connect(self._kind_chosen)
        self.finding_text = QPlainTextEdit()
        self.finding_text.setObjectName("findingText")
        self.finding_text.setAccessibleName("Tekst van de gekozen bevinding")
        self.finding_text.setTabChangesFocus(True)
        self.finding_text.setPlaceholderText("Kies een bevinding om haar tekst te bewerken")
        self.finding_text.setToolTip("Wordt vanzelf opgeslagen; Ctrl+Enter slaat meteen op. "
                                     "Enter: een nieuwe regel.")
        self.finding_text.setMinimumHeight(self.finding_text.fontMetrics().lineSpacing() * FINDING_LINES + 10)
        self.finding_saver = Debounced(self.finding_text, self._save_finding_text)
        self.finding_text.textChanged.connect(self._finding_text_typed)
        editor_head = QHBoxLayout()
        editor_head.addWidget(_wrapping("Tekst van de gekozen bevinding:"), 1)
        editor_head.addWidget(self.finding_kind)

        self.linked = QListWidget()
        self.linked.setObjectName("reportLinked")
        self.linked.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.linked.setWordWrap(True)
        self.unlink_button = QPushButton("Ontkoppelen")
        self.unlink_button.setObjectName("unlinkObservation")
        self.unlink_button.clicked.connect(self.unlink)
        linked_row = QHBoxLayout()
        linked_row.addWidget(_wrapping("Onder de gekozen bevinding:"), 1)
        linked_row.addWidget(self.unlink_button)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(_wrapping("Bevindingen (F2 of dubbelklik: tekst bewerken; Ctrl+K: soort):"))
        mid.addWidget(self.findings, 3)
        mid.addLayout(editor_head)
        mid.addWidget(self.finding_text, 1)
        mid.addLayout(buttons)

        self.observations = ObservationTree()
        self.observations.setObjectName("reportObservations")
        self.observations.setColumnCount(len(OBSERVATION_COLUMNS))
        self.observations.setHeaderLabels(list(OBSERVATION_COLUMNS))
        self.observations.setRootIsDecorated(False)
        self.observations.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.observations.setWordWrap(True)
        self.observations.setDragEnabled(True)
        self.observations.setDragDropMode(QAbstractItemView.DragOnly)
        self.observations.header().setSortIndicator(-1, Qt.AscendingOrder)  # first: as captured
        self.observations.setSortingEnabled(True)
        self.observations.header().setStretchLastSection(True)
        self.observations.header().setMinimumSectionSize(em_px(self, 3))
        self.observations.setTextElideMode(Qt.ElideRight)
        self.observations.setItemDelegate(WrappingDelegate(self.observations, TEXT_COLUMN))
        self.observations.setUniformRowHeights(False)
        names = [k["name"] for k in fw.observation_kinds] + [OBSERVATION_COLUMNS[0]]
        widest = max(self.fontMetrics().horizontalAdvance(n) for n in names) + em_px(self, 1.5)
        self.observations.preferred = [min(widest, em_px(self, 9)), em_px(self, 8), em_px(self, 8)]
        self.observations.fit_columns()
        self.observations.itemSelectionChanged.connect(self._update_buttons)
        self.observations.setContextMenuPolicy(Qt.CustomContextMenu)
        self.observations.customContextMenuRequested.connect(self._observation_menu)
        self.findings.source = self.observations
        self.kind = QComboBox()
        self.kind.setObjectName("findingKind")
        self.kind.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(6)
        self.kind.setAccessibleName("Soort van de nieuwe bevinding")
        for k in fw.finding_kinds:
            self.kind.addItem(k["name"], k["id"])
        self.make_button = QPushButton("Bevinding maken")
        self.make_button.setToolTip("Maakt van de geselecteerde waarnemingen een nieuwe bevinding van "
                                    "de gekozen soort")
        self.make_button.setObjectName("makeFinding")
        self.make_button.clicked.connect(self.make_finding)
        self.add_button = QPushButton("Toevoegen aan bevinding")
        self.add_button.setObjectName("addToFinding")
        self.add_button.setToolTip("Zet de geselecteerde waarnemingen onder de gekozen bevinding "
                                   "(Ctrl+L; of sleep ze op een bevinding)")
        self.add_button.clicked.connect(lambda: self.add_to_finding())
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(_wrapping("Waarnemingen bij dit thema (vet: nog niet gebruikt):"))
        rl.addWidget(self.observations, 3)
        make_row = QHBoxLayout()
        make_row.addWidget(self.kind, 1)
        make_row.addWidget(self.make_button)
        rl.addLayout(make_row)
        rl.addWidget(self.add_button)
        rl.addLayout(linked_row)
        rl.addWidget(self.linked, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("reportSplitter")
        self.splitter.addWidget(self.themes)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        em = self.fontMetrics().horizontalAdvance("M")
        self.splitter.setSizes([em * 16, em * 38, em * 56])
        self.setStyleSheet(SELECTION_STYLE)

        # -- shortcuts (F1 lists them: ui/dialogs.REPORT_SHORTCUTS) ------------------------------
        # Ctrl+K and Ctrl+L on the findings tab only: never while a section text is typed
        self._shortcut("F2", self.edit_finding_text, self.findings)
        self._shortcut("Ctrl+Return", self.store_finding_text, self.finding_text)
        self._shortcut("Ctrl+Enter", self.store_finding_text, self.finding_text)
        self._shortcut("Ctrl+K", self.next_kind, self.splitter, Qt.WidgetWithChildrenShortcut)
        self._shortcut("Ctrl+L", self.add_to_finding, self.splitter, Qt.WidgetWithChildrenShortcut)

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

        self.watch(ctx, "observations", "findings", "report", "programme", "members", skip_own=True)
        self._update_buttons()

    def _shortcut(self, keys: str, slot, widget: QWidget, context=Qt.WidgetShortcut) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), widget, context=context)
        shortcut.activated.connect(lambda: slot())
        return shortcut

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
        parts = []  # the count first: a long list of themes is what gets shortened
        if n:
            parts.append(_count(n, "waarneming", "waarnemingen") + " nog niet gebruikt in een bevinding")
        if themes:
            parts.append("thema's zonder bevindingen: " + ", ".join(themes))
        self.uncovered_label.set_full_text("Nog niet verwerkt: " + ("; ".join(parts) if parts else "niets"))

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
            self._fill_observations(rows, keep_obs)
        finally:
            self._filling = False
        self._finding_selected()

    def _fill_observations(self, rows: list[dict], keep: set[str]) -> None:
        fw = self.ctx.framework
        kind_order = {k["id"]: i for i, k in enumerate(fw.observation_kinds)}
        names = self.ctx.visit.members.names()
        sessions = {s["id"]: s for s in self.ctx.visit.programme.sessions()}
        items = []
        for created, o in enumerate(rows):
            session = sessions.get(o["session_id"]) if o["session_id"] else None
            if not o["session_id"]:
                conversation, when = GENERAL, (0, "", created)
            elif session is not None:
                conversation, when = session["title"], (session["day"], session["start"], created)
            else:  # removed from the programme since
                conversation, when = "(gesprek vervallen)", (99, "", created)
            author = names.get(o["author"]) or NO_AUTHOR
            item = SortItem([self.ctx.kind_name(o["kind"]), author, conversation, o["text"]])
            item.setData(0, ID_ROLE, o["id"])
            item.setData(0, SORT_ROLE, (kind_order.get(o["kind"], len(kind_order)), created))
            item.setData(1, SORT_ROLE, (author.casefold(), created))
            item.setData(2, SORT_ROLE, when)
            item.setData(TEXT_COLUMN, SORT_ROLE, (o["text"].casefold(), created))
            unused = o["id"] in self.unused_ids
            for column in range(len(OBSERVATION_COLUMNS)):
                if unused:
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
                item.setToolTip(column, UNUSED_TIP if unused else o["text"])
            items.append(item)
        self.observations.setSortingEnabled(False)  # in captured order, then by the chosen column
        self.observations.addTopLevelItems(items)
        self.observations.setSortingEnabled(True)
        for item in items:
            item.setSelected(item.data(0, ID_ROLE) in keep)

    def observation_items(self) -> list[QTreeWidgetItem]:
        """The observation rows in display order."""
        return [self.observations.topLevelItem(i) for i in range(self.observations.topLevelItemCount())]

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
        """The selected observations, in display order."""
        return [it.data(0, ID_ROLE) for it in self.observation_items() if it.isSelected()]

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
        self._load_editor(ids[0] if len(ids) == 1 else None)
        self._update_buttons()

    def _load_editor(self, fid: str | None) -> None:
        """Show the chosen finding's kind and text; never over what is being typed in it."""
        if fid != self.editor_finding:
            self.finding_saver.flush()  # the text of the finding chosen before
        elif fid is not None and (self.finding_saver.dirty or self.finding_text.hasFocus()):
            return
        self.editor_finding = fid
        finding = self.findings_by_id.get(fid) if fid else None
        self._filling_editor = True
        try:
            self.finding_text.setPlainText(finding["text"] if finding else "")
            index = self.finding_kind.findData(finding["kind"]) if finding else -1
            self.finding_kind.setCurrentIndex(index)
        finally:
            self._filling_editor = False
        self.finding_text.setEnabled(finding is not None)
        self.finding_kind.setEnabled(finding is not None)

    def _update_buttons(self) -> None:
        ids = self.selected_finding_ids()
        self.up_button.setEnabled(len(ids) == 1)
        self.down_button.setEnabled(len(ids) == 1)
        self.merge_button.setEnabled(len(ids) == 2)
        self.delete_button.setEnabled(bool(ids))
        self.unlink_button.setEnabled(len(ids) == 1)
        self.undo_button.setEnabled(bool(self.undo_stack))
        self.add_button.setEnabled(len(ids) == 1 and bool(self.selected_observation_ids()))

    # -- edits to findings --------------------------------------------------------------------
    def _changed(self, message: str, select: list[str] | None = None):
        def done(_result):
            self.ctx.status.emit(message)
            self.stale = True
            if self.findings.state() != QAbstractItemView.EditingState:
                self.reload(select)
        return done

    def edit_finding_text(self) -> None:
        """F2, a double click: to the chosen finding's text, the cursor at its end."""
        ids = self.selected_finding_ids()
        if len(ids) != 1:
            self.ctx.status.emit("Kies eerst één bevinding om haar tekst te bewerken.")
            return
        self._load_editor(ids[0])
        self.finding_text.setFocus(Qt.ShortcutFocusReason)
        self.finding_text.moveCursor(self.finding_text.textCursor().MoveOperation.End)

    def _finding_text_typed(self) -> None:
        if not self._filling_editor and self.editor_finding:
            self.finding_saver.touch()

    def store_finding_text(self) -> None:
        """Ctrl+Enter: store the text now."""
        self.finding_saver.flush()

    def _save_finding_text(self) -> None:
        fid = self.editor_finding
        if not fid or fid not in self.findings_by_id:
            return
        text = self.finding_text.toPlainText().strip()
        old = self.findings_by_id[fid]["text"]
        if not text:
            self.ctx.status.emit("Een bevinding zonder tekst wordt niet opgeslagen; de vorige tekst blijft.")
            return
        if text == old:
            return
        self.findings_by_id[fid] = {**self.findings_by_id[fid], "text": text}
        for item in self._finding_items():
            if item.data(0, ID_ROLE) == fid:
                item.setText(0, text)
                item.setToolTip(0, text)
        ops.op(self.ctx, self.ctx.visit.findings.update, fid, text=text, initiator=self,
               on_done=lambda _c: self.ctx.status.emit("Bevinding opgeslagen."),
               on_error=ops.refusal_as_status(self.ctx))

    # -- the kind of a finding ----------------------------------------------------------------
    def _kind_chosen(self, index: int) -> None:
        if self.editor_finding and index >= 0:
            self.set_kind([self.editor_finding], self.finding_kind.itemData(index))

    def next_kind(self) -> None:
        """Ctrl+K: the chosen findings get the kind after the first one's (round the framework's)."""
        ids = self.selected_finding_ids()
        if not ids:
            self.ctx.status.emit("Kies eerst een bevinding om haar soort te wijzigen.")
            return
        kinds = [k["id"] for k in self.ctx.framework.finding_kinds]
        current = self.findings_by_id[ids[0]]["kind"]
        nxt = kinds[(kinds.index(current) + 1) % len(kinds)] if current in kinds else kinds[0]
        self.set_kind(ids, nxt)

    def set_kind(self, ids: list[str], kind: str) -> None:
        ids = [fid for fid in ids if self.findings_by_id.get(fid, {}).get("kind") != kind]
        if not ids:
            return
        self.finding_saver.flush()  # a text being typed first, in order
        name = self.ctx.framework.kind_name(kind)
        for fid in ids[:-1]:
            ops.op(self.ctx, self.ctx.visit.findings.set_kind, fid, kind, initiator=self,
                   on_error=ops.refusal_as_status(self.ctx))
        ops.op(self.ctx, self.ctx.visit.findings.set_kind, ids[-1], kind, initiator=self,
               on_done=self._changed(f"{_count(len(ids), 'bevinding', 'bevindingen')} nu: {name}.", ids),
               on_error=ops.refusal_as_status(self.ctx))

    def _finding_menu(self, pos) -> None:
        item = self.findings.itemAt(pos)
        if item is None or not item.data(0, ID_ROLE):
            return
        if not item.isSelected():
            self.findings.clearSelection()
            item.setSelected(True)
        ids = self.selected_finding_ids()
        menu = QMenu(self)
        menu.setObjectName("findingMenu")
        edit = menu.addAction("Tekst bewerken\tF2", self.edit_finding_text)
        edit.setEnabled(len(ids) == 1)
        kinds = menu.addMenu("Soort")
        current = {self.findings_by_id[fid]["kind"] for fid in ids}
        for k in self.ctx.framework.finding_kinds:
            action = kinds.addAction(k["name"], lambda kid=k["id"]: self.set_kind(ids, kid))
            action.setCheckable(True)
            action.setChecked(current == {k["id"]})
        menu.addAction("Volgende soort\tCtrl+K", self.next_kind)
        self.finding_menu = menu
        menu.popup(self.findings.viewport().mapToGlobal(pos))

    # -- observations under an existing finding -------------------------------------------------
    def _observation_menu(self, pos) -> None:
        if self.observations.itemAt(pos) is None:
            return
        menu = QMenu(self)
        menu.setObjectName("observationMenu")
        add = menu.addAction("Toevoegen aan gekozen bevinding\tCtrl+L", self.add_to_finding)
        add.setEnabled(self.add_button.isEnabled())
        menu.addAction("Bevinding maken van selectie", self.make_finding)
        self.observation_menu = menu
        menu.popup(self.observations.viewport().mapToGlobal(pos))

    def add_to_finding(self, finding_id: str | None = None) -> None:
        """The selected observations under a finding: ``finding_id`` (dropped on it) or the
        one chosen (the button, Ctrl+L)."""
        obs_ids = self.selected_observation_ids()
        if finding_id is None:
            chosen = self.selected_finding_ids()
            if len(chosen) != 1:
                self.ctx.status.emit("Kies eerst één bevinding om de waarnemingen aan toe te voegen.")
                return
            finding_id = chosen[0]
        if not obs_ids:
            self.ctx.status.emit("Kies eerst de waarneming(en) die je aan de bevinding wilt toevoegen.")
            return

        def done(changes):
            added = changes.result["added"]
            self.observations.clearSelection()
            self._changed(f"{_count(added, 'waarneming', 'waarnemingen')} toegevoegd aan de bevinding"
                          + ("." if added == len(obs_ids) else
                             f"; {len(obs_ids) - added} stond(en) er al onder."), [finding_id])(changes)

        ops.op(self.ctx, self.ctx.visit.findings.add_observations, finding_id, obs_ids, initiator=self,
               on_done=done, on_error=ops.refusal_as_status(self.ctx))

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
        """Store every text still waiting for its debounce (switching away, closing)."""
        self.finding_saver.flush()
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
                               str(self.export_dir() / f"{dienst}.rodedraden"),
                               "Rode-dradenpakket (*.rodedraden)")
        if not path:
            return None
        self._remember_export_dir(path)
        return path if path.lower().endswith(".rodedraden") else path + ".rodedraden"

    def export_dir(self) -> Path:
        """Where a save dialog starts: the folder of the last export, else the user's
        Documents folder (else the home folder); never the program's folder."""
        return files.start_folder(self.ctx.settings, EXPORT_DIR_KEY)

    def _remember_export_dir(self, path: str) -> None:
        files.remember_folder(self.ctx.settings, EXPORT_DIR_KEY, path)

    def _remember_trace(self, on: bool) -> None:
        self.ctx.settings.set_value(TRACE_KEY, bool(on))
        self.ctx.settings.sync()

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
                               str(self.export_dir() / f"Conceptrapport {dienst}.docx"),
                               "Word-document (*.docx)")
        if not path:
            return
        self._remember_export_dir(path)
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


def em_px(widget: QWidget, ems: float) -> int:
    return round(widget.fontMetrics().horizontalAdvance("M") * ems)


def _as_bool(value) -> bool:
    """A flag from the settings file (an ini file gives "true"/"false")."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ja")
    return bool(value)


def _wrapping(text: str) -> QLabel:
    """A heading above a list that wraps instead of setting the pane's minimum width."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label
