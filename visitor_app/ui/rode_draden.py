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
and their names all come from the frameworks inside the packages.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel,
    QListWidget, QListWidgetItem, QMainWindow, QProgressBar, QPushButton, QScrollArea, QSplitter,
    QStackedWidget, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from visitor_app.rode_draden.database import CentralDb
from visitor_app.errors import InputError, VisitorError
from visitor_app.ui.background import Worker
from visitor_app.ui.errors import show_error
from visitor_app.ui.settings import Settings

PACKAGE_FILTER = "Rode-dradenpakketten (*.rodedraden)"
DB_SUFFIX = ".db"
DB_FILTER = "Centrale database (*.db);;Alle bestanden (*)"
XLSX_FILTER = "Excel-werkmap (*.xlsx)"
DOCX_FILTER = "Word-document (*.docx)"
TITLE = "Rode draden — Visitatie-app"

KEY_LAST_DB = "rodedraden/last_db"
KEY_SPLITTER = "rodedraden/splitter"
KEY_DETAIL_SPLITTER = "rodedraden/detail_splitter"
KEY_GEOMETRY = "rodedraden/geometry"

# Calm colours: findings of one dienst (0, 1, 2, 3-4, 5 or more) ...
COUNT_COLOURS = ("#f7f9fa", "#dfeaf3", "#c3d8ea", "#a3c3de", "#86afd2")
# ... and the share of diensten with such a finding (none, < 1/3, < 2/3, 2/3 or more).
SHARE_COLOURS = ("#f7f9fa", "#fbf0d3", "#f6deaa", "#eec98a")
TEXT_COLOUR = "#1f2a33"
REFUSED_COLOUR = "#9b2c1f"
SUMMARY_LIST_LIMIT = 12  # more packages than this: the label lists the refused ones only

STATUS_LABELS = {"nieuw": "nieuw", "vervangen": "vervangen", "ongewijzigd": "ongewijzigd",
                 "geweigerd": "GEWEIGERD", "fout": "FOUT"}


# -- pure helpers (no Qt state) ---------------------------------------------------------------
def load_snapshot(db: CentralDb) -> dict:
    """Everything the window shows, read in one go (runs in the worker thread)."""
    visits = db.visitations()
    return {"visitations": visits, "themes": db.themes(), "kinds": db.kinds(),
            "matrix": db.matrix(), "findings": db.findings()}


def dienst_labels(visits: list[dict]) -> dict[str, str]:
    """visitation id -> dienst; a dienst visited more than once also shows its start date."""
    names = [v["dienst"] for v in visits]
    return {v["id"]: (f"{v['dienst']} ({v['start']})" if names.count(v["dienst"]) > 1 else v["dienst"])
            for v in visits}


def count_colour(n: int) -> str:
    return COUNT_COLOURS[0 if n <= 0 else 1 if n == 1 else 2 if n == 2 else 3 if n <= 4 else 4]


def share_colour(k: int, n: int) -> str:
    if k <= 0 or n <= 0:
        return SHARE_COLOURS[0]
    share = k / n
    return SHARE_COLOURS[1 if share < 1 / 3 else 2 if share < 2 / 3 else 3]


def findings_word(n: int) -> str:
    return f"{n} bevinding" if n == 1 else f"{n} bevindingen"


def diensten_word(n: int) -> str:
    return "dienst" if n == 1 else "diensten"


def findings_html(heading: str, findings: list[dict], theme: dict, kinds: list[dict],
                  labels: dict[str, str] | None = None, note: str = "", by_kind: bool = True) -> str:
    """Findings grouped by subtheme (and with ``by_kind`` by kind), HTML-escaped; ``labels``
    (visitation id -> dienst) adds the dienst after each finding."""
    parts = [f"<h3>{escape(heading)}</h3>"]
    if note:
        parts.append(f"<p><i>{escape(note)}</i></p>")
    if not findings:
        parts.append("<p>Geen bevindingen.</p>")
        return "".join(parts)
    sub_names = {s["id"]: s["name"] for s in theme.get("subthemes", [])}
    order = [s["id"] for s in theme.get("subthemes", [])]
    present = {f["subtheme"] for f in findings}
    groups = [s for s in order if s in present]
    groups += sorted(s for s in present if s is not None and s not in sub_names)
    if None in present:
        groups.append(None)
    kind_names = {k["id"]: k["plural"] for k in kinds}
    kind_order = [k["id"] for k in kinds]
    kind_order += sorted({f["kind"] for f in findings} - set(kind_order))
    for sub in groups:
        in_sub = [f for f in findings if f["subtheme"] == sub]
        if sub is None:
            title = "Zonder subthema" if len(groups) > 1 else ""
        else:
            title = sub_names.get(sub, sub)
        if title:
            parts.append(f"<h4>{escape(title)}</h4>")
        for kind in kind_order:
            of_kind = [f for f in in_sub if f["kind"] == kind]
            if not of_kind:
                continue
            if by_kind:
                parts.append(f"<p style='color:#3d4f5c'><b>{escape(kind_names.get(kind, kind))}</b></p>")
            parts.append("<ul>")
            for f in of_kind:
                who = (f" <span style='color:#5b6b77'>({escape(labels.get(f['visitation_id'], f['dienst']))})"
                       "</span>") if labels is not None else ""
                parts.append(f"<li>{escape(f['text'])}{who}</li>")
            parts.append("</ul>")
    return "".join(parts)


def short_message(result: dict) -> str:
    """The package's message without the status and path the summary already shows."""
    message = result["message"]
    for prefix in ("geweigerd: ", "niet ingelezen: "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    path = str(result["file"])
    if message.startswith(path + ": "):
        message = message[len(path) + 2:]
    return message


def import_summary(results: list[dict]) -> tuple[str, str, str]:
    """(rich text for the summary label, its tooltip, one line for the status bar)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    order = ("nieuw", "vervangen", "ongewijzigd", "geweigerd", "fout")
    line = ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))
    n = len(results)
    status = f"{n} pakket{'ten' if n != 1 else ''} verwerkt: {line}"

    def row(r: dict, rich: bool) -> str:
        name = Path(r["file"]).name
        label = STATUS_LABELS.get(r["status"], r["status"])
        message = short_message(r)
        if not rich:
            return f"{label} — {name}: {message}"
        text = f"{escape(label)} — {escape(name)}: {escape(message)}"
        if r["status"] in ("geweigerd", "fout"):
            return f"<li><b style='color:{REFUSED_COLOUR}'>{text}</b></li>"
        return f"<li>{text}</li>"

    problems = [r for r in results if r["status"] in ("geweigerd", "fout")]
    fine = [r for r in results if r["status"] not in ("geweigerd", "fout")]
    shown = problems + (fine if n <= SUMMARY_LIST_LIMIT else [])  # refused ones first
    html = f"<b>Pakketten ingelezen:</b> {escape(line)}"
    if shown:
        html += "<ul style='margin-top:2px'>" + "".join(row(r, True) for r in shown) + "</ul>"
    if len(shown) < n:
        html += (f"<i>{n - len(shown)} andere pakket(ten) zonder problemen; zie de tooltip voor "
                 "de hele lijst.</i>")
    tooltip = "\n".join(row(r, False) for r in problems + fine)
    return html, tooltip, status


def _dark(item: QTableWidgetItem, background: str) -> None:
    item.setBackground(QBrush(QColor(background)))
    item.setForeground(QBrush(QColor(TEXT_COLOUR)))


class RodeDradenWindow(QMainWindow):
    """The "Rode draden" mode: central database, matrix, findings per cell, exports."""

    def __init__(self, settings: Settings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or Settings()
        self.db: CentralDb | None = None
        self.data: dict | None = None          # the last snapshot (load_snapshot)
        self.columns: list[tuple[str, str]] = []  # per table column: ("kind", id) or ("dienst", id)
        self.rows: list[dict] = []             # per table row: the theme
        self.labels: dict[str, str] = {}       # visitation id -> dienst label
        self._by_dienst: dict[tuple, list[dict]] = {}
        self._by_kind: dict[tuple, list[dict]] = {}
        self._generation = 0                   # results of an older database are dropped
        self.worker = Worker(self)
        self.worker.error.connect(lambda exc: show_error(self, exc))
        self.worker.busy_changed.connect(self._busy_changed)
        self.setObjectName("rodeDradenWindow")
        self.setWindowTitle(TITLE)
        em = self.fontMetrics().horizontalAdvance("M")

        self._build_actions()
        self._build_menus()

        # -- toolbar row -----------------------------------------------------------------------
        self.import_button = self._button("Pakketten importeren …", "importButton", self.choose_packages,
                                          "Rode-dradenpakketten (*.rodedraden) van visitaties inlezen")
        self.export_xlsx_button = self._button("Overzicht (Excel) …", "exportXlsxButton",
                                               self.export_overview,
                                               "Het overzicht als Excel-werkmap opslaan")
        self.export_docx_button = self._button("Rode-dradenrapport (Word) …", "exportDocxButton",
                                               self.export_report,
                                               "Een concept rode-dradenrapport als Word-document opslaan")
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        self.kind_filter.setToolTip("Tel per dienst alleen bevindingen van deze soort")
        self.kind_filter.addItem("Alle soorten", None)
        self.kind_filter.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.kind_filter.currentIndexChanged.connect(self._filter_changed)
        self.kind_label = QLabel("&Soort:")
        self.kind_label.setBuddy(self.kind_filter)
        self.toolbar_row = QWidget()
        self.toolbar_row.setObjectName("rodeDradenToolbar")
        toolbar = QHBoxLayout(self.toolbar_row)
        toolbar.setContentsMargins(0, 0, 0, 0)
        toolbar.addWidget(self.import_button)
        toolbar.addSpacing(em)
        toolbar.addWidget(self.export_xlsx_button)
        toolbar.addWidget(self.export_docx_button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.kind_label)
        toolbar.addWidget(self.kind_filter)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.summary_label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        summary_scroll = QScrollArea()
        summary_scroll.setWidget(self.summary_label)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.NoFrame)
        summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        summary_scroll.setMaximumHeight(self.fontMetrics().height() * 7)
        summary_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.hide_summary_button = self._button("Verbergen", "hideImportSummary",
                                                lambda: self.summary_box.setVisible(False),
                                                "De samenvatting van de laatste import verbergen")
        self.summary_box = QWidget()
        self.summary_box.setObjectName("importSummaryBox")
        summary_layout = QHBoxLayout(self.summary_box)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(summary_scroll, 1)
        summary_layout.addWidget(self.hide_summary_button, 0, Qt.AlignTop)
        self.summary_box.setVisible(False)

        # -- pages -----------------------------------------------------------------------------
        self.stack = QStackedWidget()
        self.stack.setObjectName("rodeDradenPages")
        self.no_db_page = self._build_no_db_page(em)
        self.no_packages_page = self._build_no_packages_page(em)
        self.matrix_page = self._build_matrix_page(em)
        for page in (self.no_db_page, self.no_packages_page, self.matrix_page):
            self.stack.addWidget(page)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(em // 2, em // 2, em // 2, em // 2)
        layout.addWidget(self.toolbar_row)
        layout.addWidget(self.summary_box)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # -- status bar ------------------------------------------------------------------------
        self.db_label = QLabel()
        self.db_label.setObjectName("centralDbLabel")
        self.busy = QProgressBar()
        self.busy.setObjectName("rodeDradenBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(em * 10)
        self.busy.setVisible(False)
        self.busy.setToolTip("Bezig …")
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().addPermanentWidget(self.busy)

        self._restore_layout()
        self._show_page()
        self._update_actions()

    # -- building ------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot, tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        if tooltip:
            button.setToolTip(tooltip)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _make_action(self, text: str, slot, shortcut: str | None, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        self.action_open = self._make_action("Centrale database &openen …", self.choose_db, "Ctrl+O",
                                             "actionOpenCentral")
        self.action_new = self._make_action("&Nieuwe centrale database …", self.choose_new_db,
                                            "Ctrl+Shift+N", "actionNewCentral")
        self.action_import = self._make_action("Pakketten &importeren …", self.choose_packages, "Ctrl+I",
                                               "actionImportPackages")
        self.action_export_xlsx = self._make_action("Overzicht exporteren (&Excel) …", self.export_overview,
                                                    None, "actionExportOverview")
        self.action_export_docx = self._make_action("Rode-dradenrapport exporteren (&Word) …",
                                                    self.export_report, None, "actionExportReport")
        self.action_close = self._make_action("&Sluiten", self.close, "Ctrl+W", "actionCloseRodeDraden")

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&Bestand")
        menu.addAction(self.action_open)
        menu.addAction(self.action_new)
        menu.addSeparator()
        menu.addAction(self.action_import)
        menu.addSeparator()
        menu.addAction(self.action_export_xlsx)
        menu.addAction(self.action_export_docx)
        menu.addSeparator()
        menu.addAction(self.action_close)

    @staticmethod
    def _title_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("rodeDradenTitle")
        label.setStyleSheet("font-size: 18pt; font-weight: bold; color: #24465e;")
        label.setAlignment(Qt.AlignCenter)
        return label

    @staticmethod
    def _text_label(text: str, name: str, em: int) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.RichText)
        label.setAlignment(Qt.AlignCenter)
        label.setMinimumWidth(em * 24)
        label.setMaximumWidth(em * 42)
        return label

    @staticmethod
    def _centred(page: QWidget, widgets: list, buttons: list[QPushButton]) -> None:
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in widgets:
            line = QHBoxLayout()
            line.addStretch(1)
            line.addWidget(widget, 100)
            line.addStretch(1)
            layout.addLayout(line)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addSpacing(page.fontMetrics().height())
        layout.addLayout(row)
        layout.addStretch(2)

    def _build_no_db_page(self, em: int) -> QWidget:
        page = QWidget()
        page.setObjectName("rodeDradenNoDatabase")
        text = self._text_label(
            "<p>Hier brengt het ODNL-team de bevindingen van alle visitaties samen. Elke "
            "visitatiecommissie levert een <b>rode-dradenpakket</b> aan: de bevindingen en oordelen "
            "van één visitatie, zonder namen, citaten en waarnemingen. Die pakketten lees je in een "
            "<b>centrale database</b> in.</p>"
            "<p>Daarna zie je per thema bij hoeveel diensten een soort bevinding terugkomt, lees je de "
            "teksten erachter, en maak je het overzicht (Excel) en een concept "
            "rode-dradenrapport (Word).</p>"
            "<p>Open een bestaande centrale database of maak een nieuwe.</p>", "emptyState", em)
        self.empty_open_button = self._button("Centrale database openen …", "emptyOpenButton",
                                              self.choose_db)
        self.empty_new_button = self._button("Nieuwe centrale database …", "emptyNewButton",
                                             self.choose_new_db)
        self.empty_last_button = self._button("Laatst gebruikte openen", "emptyLastButton",
                                              self.open_last)
        self._centred(page, [self._title_label("Rode draden"), text],
                      [self.empty_open_button, self.empty_new_button, self.empty_last_button])
        return page

    def _build_no_packages_page(self, em: int) -> QWidget:
        page = QWidget()
        page.setObjectName("rodeDradenNoPackages")
        text = self._text_label(
            "<p>Deze centrale database bevat nog geen pakketten. Lees de rode-dradenpakketten "
            "(<code>*.rodedraden</code>) van de visitaties in met <b>Pakketten importeren …</b> "
            "(Ctrl+I); een pakket kan later opnieuw worden ingelezen als de commissie een nieuwere "
            "versie stuurt.</p>"
            "<p>Een pakket maakt de visitatiecommissie zelf: in het visitatievenster via "
            "<b>Rapport</b> → <b>Rode-dradenpakket …</b>, of op de opdrachtregel met:</p>",
            "emptyDatabaseState", em)
        command = QLabel("visitor-app export-central BESTAND.visitatie --out DIENST.rodedraden")
        command.setObjectName("exportCommand")
        command.setStyleSheet("font-family: monospace;")
        command.setAlignment(Qt.AlignCenter)
        command.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.empty_import_button = self._button("Pakketten importeren …", "emptyImportButton",
                                                self.choose_packages)
        self._centred(page, [self._title_label("Nog geen pakketten"), text, command],
                      [self.empty_import_button])
        return page

    def _build_matrix_page(self, em: int) -> QWidget:
        self.diensten_list = QListWidget()
        self.diensten_list.setObjectName("dienstenList")
        self.diensten_list.setWordWrap(True)
        self.diensten_list.setResizeMode(QListWidget.Adjust)
        self.diensten_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.diensten_list.setMinimumWidth(em * 12)
        self.diensten_list.setStyleSheet("QListWidget#dienstenList::item { padding: 4px 2px; "
                                         "border-bottom: 1px solid #e3e7ea; }")
        self.diensten_list.setToolTip("Ingelezen visitaties; kies er een om naar haar kolom te gaan")
        self.diensten_list.currentRowChanged.connect(self._dienst_chosen)
        self.diensten_heading = QLabel("Ingelezen visitaties")
        self.diensten_heading.setObjectName("paneHeading")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.diensten_heading)
        side_layout.addWidget(self.diensten_list, 1)

        self.table = QTableWidget()
        self.table.setObjectName("rodeDradenMatrix")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setMinimumHeight(self.fontMetrics().height() * 9)
        self.table.setStyleSheet("QTableWidget#rodeDradenMatrix::item:selected { border: 2px solid #24465e; "
                                 "color: #1f2a33; }")  # the cell shown below keeps its colour
        self.table.currentCellChanged.connect(lambda row, col, _r, _c: self.show_cell(row, col))
        self.table.cellClicked.connect(self.show_cell)
        self.matrix_intro = QLabel()
        self.matrix_intro.setObjectName("hint")
        self.matrix_intro.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setObjectName("matrixLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.RichText)
        matrix_box = QWidget()
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        matrix_layout.addWidget(self.matrix_intro)
        matrix_layout.addWidget(self.table, 1)
        matrix_layout.addWidget(self.legend)

        self.cell_findings = QTextBrowser()
        self.cell_findings.setObjectName("cellFindings")
        self.cell_findings.setOpenLinks(False)
        self.cell_findings.setMinimumHeight(self.fontMetrics().height() * 5)
        self.cell_findings.setPlaceholderText("Klik op een cel om de bevindingen erachter te lezen.")

        self.detail_splitter = QSplitter(Qt.Vertical)
        self.detail_splitter.setObjectName("rodeDradenDetailSplitter")
        self.detail_splitter.addWidget(matrix_box)
        self.detail_splitter.addWidget(self.cell_findings)
        self.detail_splitter.setStretchFactor(0, 3)
        self.detail_splitter.setStretchFactor(1, 2)
        self.detail_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("rodeDradenSplitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.detail_splitter)
        self.splitter.setStretchFactor(0, 0)  # more room goes to the matrix
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        page = QWidget()
        page.setObjectName("rodeDradenMatrixPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        return page

    # -- opening and closing -------------------------------------------------------------------
    def choose_db(self) -> None:
        start = self._start_dir()
        path, _ = QFileDialog.getOpenFileName(self, "Centrale database openen", start, DB_FILTER)
        if path:
            self.open_db(path)

    def choose_new_db(self) -> None:
        start = str(Path(self._start_dir() or ".") / f"rode-draden{DB_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Nieuwe centrale database", start, DB_FILTER)
        if not path:
            return
        if not Path(path).suffix:
            path += DB_SUFFIX
        if Path(path).exists():
            show_error(self, InputError(
                f"{path}: bestaat al. Open een bestaande centrale database met 'Centrale database "
                "openen …', of kies een andere naam voor een nieuwe."), "Centrale database niet aangemaakt")
            return
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
        self.worker.wait(-1)  # no job may still use the connection
        self._generation += 1
        db, self.db = self.db, None
        try:
            db.close()
        finally:
            self.data = None
            self.columns, self.rows, self.labels = [], [], {}
            self._by_dienst, self._by_kind = {}, {}
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.diensten_list.clear()
            self.cell_findings.clear()
            self.summary_label.clear()
            self.summary_box.setVisible(False)
            self._fill_kind_filter([])
            self.setWindowTitle(TITLE)
            self.db_label.clear()
            self._show_page()
            self._update_actions()

    # -- reading (in the worker) --------------------------------------------------------------
    def _submit(self, fn, *args, on_done=None, on_error=None, busy: str = "Bezig …") -> None:
        """Run ``fn`` in the worker; callbacks only apply to the database still open."""
        generation = self._generation

        def done(result):
            if generation == self._generation and on_done is not None:
                on_done(result)

        def failed(exc):
            if on_error is not None:
                on_error(exc)
            else:
                show_error(self, exc)
        self.busy.setToolTip(busy)
        self.worker.submit(fn, *args, on_done=done, on_error=failed)

    def refresh(self) -> None:
        """Read the counts again (in the worker) and show them."""
        if self.db is None:
            return
        self._submit(load_snapshot, self.db, on_done=self._apply_snapshot,
                     busy="Tellingen lezen …")

    def _apply_snapshot(self, data: dict) -> None:
        self.data = data
        self.labels = dienst_labels(data["visitations"])
        self._by_dienst, self._by_kind = {}, {}
        for f in data["findings"]:
            self._by_dienst.setdefault((f["theme"], f["visitation_id"]), []).append(f)
            self._by_kind.setdefault((f["theme"], f["kind"]), []).append(f)
        self._fill_kind_filter(data["kinds"])
        self._fill_diensten(data["visitations"])
        self._fill_table()
        self._show_page()
        self._update_actions()

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
        elif self.data is not None and not self.data["visitations"]:
            self.stack.setCurrentWidget(self.no_packages_page)
        else:
            self.stack.setCurrentWidget(self.matrix_page)

    def _fill_kind_filter(self, kinds: list[dict]) -> None:
        current = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem("Alle soorten", None)
        for kind in kinds:
            self.kind_filter.addItem(kind["plural"], kind["id"])
        index = self.kind_filter.findData(current) if current is not None else 0
        self.kind_filter.setCurrentIndex(max(index, 0))
        self.kind_filter.blockSignals(False)

    def _fill_diensten(self, visits: list[dict]) -> None:
        self.diensten_list.blockSignals(True)
        self.diensten_list.clear()
        for v in visits:
            item = QListWidgetItem(f"{v['dienst']}\n{v['start']} – {v['end']}\n"
                                   f"{findings_word(v['findings'])} · kader {v['framework_version']}")
            item.setData(Qt.UserRole, v["id"])
            item.setToolTip(f"{v['dienst']}\nVisitatie {v['start']} t/m {v['end']}\n"
                            f"{findings_word(v['findings'])}\nKader {v['framework_id']} versie "
                            f"{v['framework_version']}\nPakket geëxporteerd {v['exported']}")
            self.diensten_list.addItem(item)
        self.diensten_list.blockSignals(False)
        self.diensten_heading.setText(f"Ingelezen visitaties ({len(visits)})")

    @property
    def kind(self) -> str | None:
        """The kind the per-dienst counts are restricted to (None: all kinds)."""
        return self.kind_filter.currentData()

    def _fill_table(self) -> None:
        data = self.data
        visits, kinds = data["visitations"], data["kinds"]
        n = data["matrix"]["visitations"]
        self.rows = list(data["themes"])
        self.columns = [("kind", k["id"]) for k in kinds] + [("dienst", v["id"]) for v in visits]
        row, col = self.table.currentRow(), self.table.currentColumn()
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(self.rows))
        self.table.setColumnCount(len(self.columns))
        metrics = self.table.horizontalHeader().fontMetrics()
        width = metrics.horizontalAdvance("M") * 12
        for c, k in enumerate(kinds):
            item = QTableWidgetItem(f"{k['plural']}\nbij … van {n}")
            item.setToolTip(f"{k['plural']}: bij hoeveel van de {n} {diensten_word(n)} staat bij dit "
                            "thema minstens één bevinding van deze soort")
            self.table.setHorizontalHeaderItem(c, item)
        for c, v in enumerate(visits, start=len(kinds)):
            label = self.labels[v["id"]]
            item = QTableWidgetItem(metrics.elidedText(label, Qt.ElideRight, width))
            item.setData(Qt.UserRole, v["id"])
            item.setToolTip(f"{v['dienst']}\n{v['start']} t/m {v['end']}\n"
                            f"{findings_word(v['findings'])} · kader {v['framework_version']}")
            self.table.setHorizontalHeaderItem(c, item)
        by_theme = {t["id"]: t for t in data["matrix"]["themes"]}
        for r, theme in enumerate(self.rows):
            head = QTableWidgetItem(theme["name"])
            head.setToolTip(theme["name"] + "".join(f"\n· {s['name']}" for s in theme["subthemes"]))
            self.table.setVerticalHeaderItem(r, head)
            cells = by_theme.get(theme["id"], {}).get("kinds", {})
            for c, k in enumerate(kinds):
                cell = cells.get(k["id"], {"visitations": 0, "findings": 0})
                item = QTableWidgetItem(f"{cell['visitations']} van {n}")
                item.setData(Qt.UserRole, cell["visitations"])
                item.setTextAlignment(Qt.AlignCenter)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                _dark(item, share_colour(cell["visitations"], n))
                item.setToolTip(f"{theme['name']}: {k['plural']} bij {cell['visitations']} van {n} "
                                f"{diensten_word(n)} ({findings_word(cell['findings'])} in totaal)")
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.table.setItem(r, c, item)
            for c in range(len(kinds), len(self.columns)):
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignCenter)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self._apply_filter()
        self.table.blockSignals(False)
        if 0 <= row < self.table.rowCount() and 0 <= col < self.table.columnCount():
            self.table.setCurrentCell(row, col)
            self.show_cell(row, col)
        else:
            self.cell_findings.clear()
        self._update_intro()

    def _apply_filter(self) -> None:
        """Per-dienst counts for the chosen kind (or all); other kinds' summary columns hide."""
        if self.data is None:
            return
        kind = self.kind
        names = {k["id"]: k for k in self.data["kinds"]}
        for c, (what, key) in enumerate(self.columns):
            if what == "kind":
                self.table.setColumnHidden(c, kind is not None and key != kind)
                continue
            for r, theme in enumerate(self.rows):
                found = self._by_dienst.get((theme["id"], key), [])
                per_kind: dict[str, int] = {}
                for f in found:
                    per_kind[f["kind"]] = per_kind.get(f["kind"], 0) + 1
                n = per_kind.get(kind, 0) if kind is not None else len(found)
                item = self.table.item(r, c)
                item.setText(str(n) if n else "")
                item.setData(Qt.UserRole, n)
                _dark(item, count_colour(n))
                detail = ", ".join(f"{m} × {names[k]['name'] if k in names else k}"
                                   for k, m in per_kind.items()) or "geen bevindingen"
                item.setToolTip(f"{theme['name']} — {self.labels.get(key, key)}: "
                                f"{findings_word(n)}"
                                + (f" ({names[kind]['plural']})" if kind in names else "")
                                + f"\nAlle soorten: {detail}")
        self._update_intro()

    def _update_intro(self) -> None:
        if self.data is None:
            return
        kind = self.kind
        names = {k["id"]: k["plural"] for k in self.data["kinds"]}
        n = self.data["matrix"]["visitations"]
        what = f"bevindingen van de soort {names[kind]}" if kind in names else "bevindingen (alle soorten)"
        self.matrix_intro.setText(f"Per thema het aantal {what} per dienst; 'k van {n}': bij hoeveel "
                                  f"{diensten_word(n)} die soort bij het thema voorkomt. Klik op een cel "
                                  "voor de bevindingen.")
        count_part = " ".join(
            f"<span style='background:{colour}; color:{TEXT_COLOUR}'>&nbsp;{label}&nbsp;</span>"
            for colour, label in zip(COUNT_COLOURS, ("0", "1", "2", "3–4", "5 of meer")))
        share_part = " ".join(
            f"<span style='background:{colour}; color:{TEXT_COLOUR}'>&nbsp;{label}&nbsp;</span>"
            for colour, label in zip(SHARE_COLOURS, ("geen", "minder dan een derde",
                                                      "een tot twee derde", "twee derde of meer")))
        self.legend.setText(f"Per dienst: {count_part} &nbsp; · &nbsp; k van {n}: {share_part}")

    def _filter_changed(self, _index: int) -> None:
        if self.data is None:
            return
        self.table.blockSignals(True)
        self._apply_filter()
        self.table.blockSignals(False)
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
        for c, (what, key) in enumerate(self.columns):
            if what == "dienst" and key == visitation_id:
                return c
        return None

    def kind_column(self, kind_id: str) -> int | None:
        """The summary column ("k van N") of a finding kind."""
        for c, (what, key) in enumerate(self.columns):
            if what == "kind" and key == kind_id:
                return c
        return None

    def show_cell(self, row: int, column: int) -> None:
        """Show the findings behind a cell in ``cell_findings``."""
        if self.data is None or not (0 <= row < len(self.rows)) or not (0 <= column < len(self.columns)):
            return
        theme = self.rows[row]
        kinds = self.data["kinds"]
        names = {k["id"]: k for k in kinds}
        what, key = self.columns[column]
        n = self.data["matrix"]["visitations"]
        if what == "kind":
            found = self._by_kind.get((theme["id"], key), [])
            k = len({f["visitation_id"] for f in found})
            plural = names[key]["plural"] if key in names else key
            html = findings_html(f"{theme['name']} — {plural}, bij {k} van {n} {diensten_word(n)}",
                                 found, theme, kinds, labels=self.labels, by_kind=False)
        else:
            found = self._by_dienst.get((theme["id"], key), [])
            kind = self.kind
            note = ""
            if kind is not None:
                found = [f for f in found if f["kind"] == kind]
                note = f"Alleen {names[kind]['plural'] if kind in names else kind} (filter Soort)."
            html = findings_html(f"{theme['name']} — {self.labels.get(key, key)}", found, theme, kinds,
                                 note=note, by_kind=kind is None)
        self.cell_findings.setHtml(html)

    # -- importing ------------------------------------------------------------------------------
    def choose_packages(self) -> None:
        if self.db is None:
            self.statusBar().showMessage("Open of maak eerst een centrale database.", 5000)
            return
        start = str(self.settings.value("rodedraden/package_dir") or self.db.path.parent)
        paths, _ = QFileDialog.getOpenFileNames(self, "Rode-dradenpakketten importeren", start,
                                                PACKAGE_FILTER)
        if paths:
            self.settings.set_value("rodedraden/package_dir", str(Path(paths[0]).parent))
            self.import_packages(paths)

    def import_packages(self, paths: list[str | Path]) -> None:
        """Import packages in the worker, one job per package (progress "i van n"), then show
        a summary per package and read the counts again."""
        if self.db is None or not paths:
            return
        db, paths = self.db, [str(p) for p in paths]
        batch: dict = {"results": [], "errors": []}
        self.busy.setRange(0, len(paths))
        self.busy.setValue(0)
        self.busy.setFormat("%v van %m")
        self.busy.setTextVisible(True)
        self.statusBar().showMessage(f"{len(paths)} pakket(ten) inlezen …")

        def one_done(results):
            batch["results"].extend(results)
            self.busy.setValue(len(batch["results"]))

        def one_failed(path):
            def failed(exc):
                batch["errors"].append(exc)
                message = exc.message if isinstance(exc, VisitorError) else f"{type(exc).__name__}: {exc}"
                batch["results"].append({"file": path, "status": "fout", "dienst": None,
                                         "visitation_id": None, "findings": 0,
                                         "message": f"niet ingelezen: {message}"})
                self.busy.setValue(len(batch["results"]))
            return failed

        for path in paths:
            self._submit(db.import_packages, [path], on_done=one_done, on_error=one_failed(path),
                         busy=f"{len(paths)} pakket(ten) inlezen …")
        self._submit(load_snapshot, db, on_done=lambda data: self._import_finished(batch, data),
                     busy=f"{len(paths)} pakket(ten) inlezen …")

    def _import_finished(self, batch: dict, data: dict) -> None:
        self._apply_snapshot(data)
        html, tooltip, status = import_summary(batch["results"])
        self.summary_label.setText(html)
        self.summary_label.setToolTip(tooltip)
        self.summary_box.setVisible(True)
        self.statusBar().showMessage(status, 15000)
        if batch["errors"]:
            show_error(self, batch["errors"][0], "Niet alle pakketten ingelezen")

    # -- exporting -------------------------------------------------------------------------------
    def _export_path(self, title: str, name: str, suffix: str, file_filter: str) -> str | None:
        start = str(Path(self.settings.value("rodedraden/export_dir") or self.db.path.parent) / name)
        path, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        self.settings.set_value("rodedraden/export_dir", str(Path(path).parent))
        return path

    def export_overview(self, path: str | Path | None = None) -> None:
        """Write the overview workbook (XLSX) in the worker; asks for a file name without ``path``."""
        self._export("overview", path)

    def export_report(self, path: str | Path | None = None) -> None:
        """Write the draft rode-draden report (DOCX) in the worker."""
        self._export("report", path)

    def _export(self, which: str, path) -> None:
        if self.db is None:
            self.statusBar().showMessage("Open eerst een centrale database.", 5000)
            return
        if which == "overview":
            title, name, suffix, file_filter = ("Overzicht opslaan als", "rode-draden-overzicht.xlsx",
                                                ".xlsx", XLSX_FILTER)
            what, failed_title = "Overzicht", "Overzicht niet geëxporteerd"
        else:
            title, name, suffix, file_filter = ("Rode-dradenrapport opslaan als",
                                                "rode-draden-rapport.docx", ".docx", DOCX_FILTER)
            what, failed_title = "Rode-dradenrapport", "Rode-dradenrapport niet geëxporteerd"
        if path is None:
            path = self._export_path(title, name, suffix, file_filter)
            if path is None:
                return
        self.statusBar().showMessage(f"{what} schrijven …")
        self._submit(_write, which, self.db, str(path),
                     on_done=lambda result: self.statusBar().showMessage(
                         f"{what} geschreven: {result['file']}", 15000),
                     on_error=lambda exc: self._export_failed(exc, failed_title),
                     busy=f"{what} schrijven …")

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
        has_data = has_db and bool(self.data and self.data["visitations"])
        idle = self.worker.idle
        for widget in (self.action_import, self.import_button, self.empty_import_button):
            widget.setEnabled(has_db)
        for widget in (self.action_export_xlsx, self.action_export_docx, self.export_xlsx_button,
                       self.export_docx_button):
            widget.setEnabled(has_data and idle)
        for widget in (self.export_xlsx_button, self.export_docx_button, self.kind_filter,
                       self.kind_label):
            widget.setVisible(has_data)  # an empty database: only what can be done now
        self.kind_filter.setEnabled(has_data)
        self.kind_label.setEnabled(has_data)

    def _start_dir(self) -> str:
        last = self.last_db()
        return str(Path(last).parent) if last else ""

    # -- layout memory -------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            em = self.fontMetrics().horizontalAdvance("M")
            width, height = em * 120, em * 75
            screen = self.screen() or QApplication.primaryScreen()
            if screen is not None:
                free = screen.availableGeometry()
                width, height = min(width, free.width() * 9 // 10), min(height, free.height() * 9 // 10)
            self.resize(width, height)
            self.diensten_list.ensurePolished()  # the style sheet's font, not the default one
            side = self.diensten_list.fontMetrics().horizontalAdvance("M") * 19
            self.splitter.setSizes([side, width - side])
        for key, splitter in ((KEY_SPLITTER, self.splitter), (KEY_DETAIL_SPLITTER, self.detail_splitter)):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def save_layout(self) -> None:
        self.settings.set_value(KEY_GEOMETRY, self.saveGeometry())
        self.settings.set_value(KEY_SPLITTER, self.splitter.saveState())
        self.settings.set_value(KEY_DETAIL_SPLITTER, self.detail_splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        self.save_layout()
        self.close_db()
        super().closeEvent(event)


def _write(which: str, db: CentralDb, path: str) -> dict:
    """The export itself (worker thread); the report modules load only when needed."""
    from visitor_app.rode_draden.exports import write_overview_xlsx, write_rode_draden_docx
    return (write_overview_xlsx if which == "overview" else write_rode_draden_docx)(db, path)


__all__ = ["RodeDradenWindow", "load_snapshot", "findings_html", "import_summary"]
