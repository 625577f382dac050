"""The widgets of the Rode draden window: actions and menu, the toolbar row, the import
summary, the three pages (no database, no packages yet, the matrix) and the status bar;
and the window's size and splitters, remembered in the settings.

Each builder puts its widgets on the window under the names the window (and its tests)
use, and connects them to the window's slots; nothing here decides anything.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QSplitter,
    QStackedWidget, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from visitor_app.ui.rode_draden.matrix import MatrixTable
from visitor_app.ui.rode_draden.panes import CycleChooser, DienstenList, KindFilter
from visitor_app.ui.rode_draden.report_pages import AssessmentsPage, CommentsPage, TextsPage
from visitor_app.ui.rode_draden.workbench import ThreadsPage

KEY_SPLITTER = "rodedraden/splitter"
KEY_DETAIL_SPLITTER = "rodedraden/detail_splitter"
KEY_GEOMETRY = "rodedraden/geometry"


def build(window) -> None:
    """Everything the window shows, in the order it was always built."""
    em = window.fontMetrics().horizontalAdvance("M")
    build_actions(window)
    build_menus(window)
    build_toolbar(window, em)
    build_summary_box(window)
    window.stack = QStackedWidget()
    window.stack.setObjectName("rodeDradenPages")
    window.no_db_page = build_no_db_page(window, em)
    window.no_packages_page = build_no_packages_page(window, em)
    window.matrix_page = build_matrix_page(window, em)
    for page in (window.no_db_page, window.no_packages_page, window.matrix_page):
        window.stack.addWidget(page)

    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(em // 2, em // 2, em // 2, em // 2)
    layout.addWidget(window.toolbar_row)
    layout.addWidget(window.summary_box)
    layout.addWidget(window.stack, 1)
    window.setCentralWidget(central)
    build_status_bar(window, em)


def build_toolbar(window, em: int) -> None:
    window.import_button = button("Pakketten importeren …", "importButton", window.choose_packages,
                                  "Rode-dradenpakketten (*.rodedraden) van visitaties inlezen")
    window.export_xlsx_button = button("Overzicht (Excel) …", "exportXlsxButton", window.export_overview,
                                       "Het overzicht als Excel-werkmap opslaan")
    window.export_docx_button = button("Rapport (Word) …", "exportDocxButton",
                                       window.export_report,
                                       "Een concept rode-dradenrapport als Word-document opslaan")
    window.kind_filter = KindFilter()
    window.kind_filter.currentIndexChanged.connect(window._filter_changed)
    window.kind_label = QLabel("&Soort:")
    window.kind_label.setBuddy(window.kind_filter)
    window.cycle_box = CycleChooser(em)
    window.cycle_box.activated.connect(lambda _index: window._cycle_chosen())
    window.cycle_label = QLabel("C&yclus:")
    window.cycle_label.setBuddy(window.cycle_box)
    window.toolbar_row = QWidget()
    window.toolbar_row.setObjectName("rodeDradenToolbar")
    toolbar = QHBoxLayout(window.toolbar_row)
    toolbar.setContentsMargins(0, 0, 0, 0)
    toolbar.addWidget(window.import_button)
    toolbar.addSpacing(em)
    toolbar.addWidget(window.export_xlsx_button)
    toolbar.addWidget(window.export_docx_button)
    toolbar.addStretch(1)
    toolbar.addWidget(window.cycle_label)
    toolbar.addWidget(window.cycle_box)
    toolbar.addSpacing(em // 2)
    toolbar.addWidget(window.kind_label)
    toolbar.addWidget(window.kind_filter)


def build_summary_box(window) -> None:
    window.summary_label = wrapped_label("importSummary", rich=True)
    window.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    window.summary_label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
    summary_scroll = QScrollArea()
    summary_scroll.setWidget(window.summary_label)
    summary_scroll.setWidgetResizable(True)
    summary_scroll.setFrameShape(QFrame.NoFrame)
    summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    summary_scroll.setMaximumHeight(window.fontMetrics().height() * 7)
    summary_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
    window.hide_summary_button = button("Verbergen", "hideImportSummary",
                                        lambda: window.summary_box.setVisible(False),
                                        "De samenvatting van de laatste import verbergen")
    window.summary_box = QWidget()
    window.summary_box.setObjectName("importSummaryBox")
    summary_layout = QHBoxLayout(window.summary_box)
    summary_layout.setContentsMargins(0, 0, 0, 0)
    summary_layout.addWidget(summary_scroll, 1)
    summary_layout.addWidget(window.hide_summary_button, 0, Qt.AlignTop)
    window.summary_box.setVisible(False)


def build_status_bar(window, em: int) -> None:
    window.db_label = QLabel()
    window.db_label.setObjectName("centralDbLabel")
    window.busy = QProgressBar()
    window.busy.setObjectName("rodeDradenBusy")
    window.busy.setRange(0, 0)
    window.busy.setMaximumWidth(em * 10)
    window.busy.setVisible(False)
    window.busy.setToolTip("Bezig …")
    window.statusBar().addPermanentWidget(window.db_label)
    window.statusBar().addPermanentWidget(window.busy)


def button(text: str, name: str, slot, tooltip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    if tooltip:
        widget.setToolTip(tooltip)
    widget.clicked.connect(lambda _=False: slot())
    return widget


def _action(window, text: str, slot, shortcut: str | None, name: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: slot())
    return action


def build_actions(window) -> None:
    window.action_open = _action(window, "Centrale database &openen …", window.choose_db, "Ctrl+O",
                                 "actionOpenCentral")
    window.action_new = _action(window, "&Nieuwe centrale database …", window.choose_new_db,
                                "Ctrl+Shift+N", "actionNewCentral")
    window.action_import = _action(window, "Pakketten &importeren …", window.choose_packages, "Ctrl+I",
                                   "actionImportPackages")
    window.action_export_xlsx = _action(window, "Overzicht exporteren (&Excel) …", window.export_overview,
                                        None, "actionExportOverview")
    window.action_export_docx = _action(window, "Rode draden rapportage exporteren (&Word) …",
                                        window.export_report, None, "actionExportReport")
    window.action_export_review = _action(window, "&Reviewversie voor de klankbordgroep (Word) …",
                                          window.export_review, None, "actionExportReview")
    window.action_close = _action(window, "&Sluiten", window.close, "Ctrl+W", "actionCloseRodeDraden")


def build_menus(window) -> None:
    menu = window.menuBar().addMenu("&Bestand")
    menu.addAction(window.action_open)
    menu.addAction(window.action_new)
    menu.addSeparator()
    menu.addAction(window.action_import)
    menu.addSeparator()
    menu.addAction(window.action_export_xlsx)
    menu.addAction(window.action_export_docx)
    menu.addAction(window.action_export_review)
    menu.addSeparator()
    menu.addAction(window.action_close)


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("rodeDradenTitle")
    label.setStyleSheet("font-size: 18pt; font-weight: bold; color: #24465e;")
    label.setAlignment(Qt.AlignCenter)
    return label


def text_label(text: str, name: str, em: int) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setAlignment(Qt.AlignCenter)
    label.setMinimumWidth(em * 24)
    label.setMaximumWidth(em * 42)
    return label


def centred(page: QWidget, widgets: list, buttons: list[QPushButton]) -> None:
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
    for widget in buttons:
        row.addWidget(widget)
    row.addStretch(1)
    layout.addSpacing(page.fontMetrics().height())
    layout.addLayout(row)
    layout.addStretch(2)


def empty_page(name: str, title: str, widgets: list[QWidget], buttons: list[QPushButton]) -> QWidget:
    """A page that explains what to do: a title, ``widgets`` and ``buttons``, centred."""
    page = QWidget()
    page.setObjectName(name)
    centred(page, [title_label(title), *widgets], buttons)
    return page


def build_no_db_page(window, em: int) -> QWidget:
    text = text_label(
        "<p>Hier brengt het ODNL-team de bevindingen van alle visitaties samen. Elke "
        "visitatiecommissie levert een <b>rode-dradenpakket</b> aan: de bevindingen en oordelen "
        "van één visitatie, zonder namen, citaten en waarnemingen. Die pakketten lees je in een "
        "<b>centrale database</b> in.</p>"
        "<p>Daarna zie je per thema bij hoeveel diensten een soort bevinding terugkomt, lees je de "
        "teksten erachter, en maak je het overzicht (Excel) en een concept "
        "rode-dradenrapport (Word).</p>"
        "<p>Open een bestaande centrale database of maak een nieuwe.</p>", "emptyState", em)
    window.empty_open_button = button("Centrale database openen …", "emptyOpenButton", window.choose_db)
    window.empty_new_button = button("Nieuwe centrale database …", "emptyNewButton", window.choose_new_db)
    window.empty_last_button = button("Laatst gebruikte openen", "emptyLastButton", window.open_last)
    return empty_page("rodeDradenNoDatabase", "Rode draden", [text],
                      [window.empty_open_button, window.empty_new_button, window.empty_last_button])


def build_no_packages_page(window, em: int) -> QWidget:
    text = text_label(
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
    window.empty_import_button = button("Pakketten importeren …", "emptyImportButton",
                                        window.choose_packages)
    return empty_page("rodeDradenNoPackages", "Nog geen pakketten", [text, command],
                      [window.empty_import_button])


def wrapped_label(name: str, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if rich:
        label.setTextFormat(Qt.RichText)
    return label


def column(*widgets: QWidget, grow: QWidget | None = None) -> QWidget:
    """``widgets`` top to bottom without margins; ``grow`` gets the room that is left."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grow else 0)
    return box


def splitter(orientation, name: str, first: QWidget, second: QWidget, stretch: tuple[int, int]) -> QSplitter:
    split = QSplitter(orientation)
    split.setObjectName(name)
    split.addWidget(first)
    split.addWidget(second)
    split.setStretchFactor(0, stretch[0])
    split.setStretchFactor(1, stretch[1])
    split.setChildrenCollapsible(False)
    return split


def build_matrix_page(window, em: int) -> QWidget:
    window.diensten_list = DienstenList(em)
    window.diensten_list.currentRowChanged.connect(window._dienst_chosen)
    window.diensten_heading = QLabel("Ingelezen visitaties")
    window.diensten_heading.setObjectName("paneHeading")
    side = column(window.diensten_heading, window.diensten_list, grow=window.diensten_list)

    window.table = MatrixTable(window.fontMetrics().height())
    window.table.currentCellChanged.connect(lambda row, col, _r, _c: window.show_cell(row, col))
    window.table.cellClicked.connect(window.show_cell)
    window.matrix_intro = wrapped_label("hint")
    window.legend = wrapped_label("matrixLegend", rich=True)
    matrix_box = column(window.matrix_intro, window.table, window.legend, grow=window.table)

    window.cell_findings = QTextBrowser()
    window.cell_findings.setObjectName("cellFindings")
    window.cell_findings.setOpenLinks(False)
    window.cell_findings.setMinimumHeight(window.fontMetrics().height() * 5)
    window.cell_findings.setPlaceholderText("Klik op een cel om de bevindingen erachter te lezen.")

    window.detail_splitter = splitter(Qt.Vertical, "rodeDradenDetailSplitter", matrix_box,
                                      window.cell_findings, (3, 2))
    window.splitter = splitter(Qt.Horizontal, "rodeDradenSplitter", side, window.detail_splitter,
                               (0, 1))  # more room goes to the matrix
    window.overview_page = column(window.splitter)
    window.overview_page.setObjectName("rodeDradenOverviewPage")
    window.threads_page = ThreadsPage(window, em)
    window.texts_page = TextsPage(window, em)
    window.assessments_page = AssessmentsPage(window, em)
    window.comments_page = CommentsPage(window, em)
    page = QTabWidget()
    page.setObjectName("rodeDradenMatrixPage")
    page.setDocumentMode(True)
    for widget, title in ((window.overview_page, "&Overzicht"), (window.threads_page, "&Rode draden"),
                          (window.texts_page, "&Teksten"), (window.assessments_page, "O&ordelen"),
                          (window.comments_page, "Co&mmentaar")):
        page.addTab(widget, title)
    page.currentChanged.connect(lambda _i: window._page_changed())
    window.pages = page
    return page


def restore_layout(window, settings) -> None:
    """Size and splitters as last time; the first time, a size that fits the screen."""
    geometry = settings.value(KEY_GEOMETRY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        em = window.fontMetrics().horizontalAdvance("M")
        width, height = em * 120, em * 75
        screen = window.screen() or QApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width() * 9 // 10), min(height, free.height() * 9 // 10)
        window.resize(width, height)
        window.diensten_list.ensurePolished()  # the style sheet's font, not the default one
        side = window.diensten_list.fontMetrics().horizontalAdvance("M") * 19
        window.splitter.setSizes([side, width - side])
    for key, splitter in ((KEY_SPLITTER, window.splitter), (KEY_DETAIL_SPLITTER, window.detail_splitter)):
        state = settings.value(key)
        if isinstance(state, QByteArray):
            splitter.restoreState(state)


def save_layout(window, settings) -> None:
    settings.set_value(KEY_GEOMETRY, window.saveGeometry())
    settings.set_value(KEY_SPLITTER, window.splitter.saveState())
    settings.set_value(KEY_DETAIL_SPLITTER, window.detail_splitter.saveState())
    settings.sync()
