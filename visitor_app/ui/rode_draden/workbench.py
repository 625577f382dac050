"""The "Rode draden" page of the analyst's window: per theme its findings, its rode draden
(ordered by the number of diensten, "naam — k van N (formulering)") and the suggested
groups, and what the analyst does with them: make a draad of selected findings, add and
remove findings (also by dragging them onto a draad), split, merge, rename, write the
conclusion (saved while typing), delete; move a finding to another theme or subtheme;
take over or ignore a suggestion.

Every change goes through the window's worker (``window.change``): the page shows the
window's Snapshot and never reads the database itself. Suggestions are computed in the
worker too (rode_draden.suggest.propose over the cycle's findings of the theme).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
    QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
    QPlainTextEdit, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from visitor_app.rode_draden.suggest import propose
from visitor_app.ui.rode_draden import dialogs
from visitor_app.ui import ask
from visitor_app.ui.autosave import Debounced

COLUMNS = ("Dienst", "Soort", "Subthema", "Tekst", "Rode draad")
NAME_LIMIT = 80
NO_SUBTHEME = "(geen subthema)"
MEMBER_COLOUR = "#e4eef6"


def draden_word(n: int) -> str:
    return f"{n} rode draad" if n == 1 else f"{n} rode draden"


def thread_line(thread: dict) -> str:
    """A draad as the list shows it: "naam — k van N (formulering)"."""
    k, n, phrase = thread["diensten"], thread["van"], thread.get("formulering") or ""
    extra = f" ({phrase})" if phrase and phrase != f"{k} van {n}" else ""
    return f"{thread['name']} — {k} van {n}{extra}"


def proposed_name(text: str) -> str:
    """A start for a draad's name from a suggestion's example: its first sentence, short."""
    text = " ".join(str(text).split())
    for stop in (". ", "; "):
        if stop in text:
            text = text.split(stop, 1)[0]
    text = text.rstrip(".")
    if len(text) > NAME_LIMIT:
        text = text[:NAME_LIMIT].rsplit(" ", 1)[0] + " …"
    return text


def button(text: str, name: str, slot, tooltip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setToolTip(tooltip)
    widget.clicked.connect(lambda _=False: slot())
    return widget


class ThreadList(QListWidget):
    """The draden of the theme; findings dragged from the table onto one are added to it."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.setObjectName("threadsList")
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DropOnly)
        self.setWordWrap(True)
        self.setToolTip("De rode draden van dit thema, de meeste diensten eerst. Sleep bevindingen "
                        "op een draad om ze toe te voegen.")

    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        """Delete: remove the draad (asks first); F2: rename it."""
        if event.key() == Qt.Key_Delete and self.currentItem() is not None:
            self.page.delete()
        elif event.key() == Qt.Key_F2 and self.currentItem() is not None:
            self.page.rename()
        else:
            super().keyPressEvent(event)

    def _ours(self, event) -> bool:
        return event.source() is self.page.findings

    def dragEnterEvent(self, event):  # noqa: N802 (Qt name)
        if self._ours(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802 (Qt name)
        if self._ours(event) and self.itemAt(event.position().toPoint()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802 (Qt name)
        item = self.itemAt(event.position().toPoint())
        if not self._ours(event) or item is None:
            event.ignore()
            return
        event.setDropAction(Qt.CopyAction)
        event.accept()
        self.page.add_to(item.data(Qt.UserRole), self.page.selected_ids())


class ProposalList(QListWidget):
    """The suggestions; Enter takes the current one over (asks its name)."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page

    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.currentItem() is not None:
            self.page.accept_proposal()
        else:
            super().keyPressEvent(event)


class MoveDialog(QDialog):
    """Another theme and subtheme for a finding."""

    def __init__(self, parent, themes: list[dict], finding: dict, original: str):
        super().__init__(parent)
        self.setWindowTitle("Naar ander thema/subthema")
        self.themes = themes
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("moveTheme")
        for t in themes:
            self.theme_box.addItem(t["name"], t["id"])
        self.sub_box = QComboBox()
        self.sub_box.setObjectName("moveSubtheme")
        self.theme_box.currentIndexChanged.connect(self._fill_subs)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(finding["theme"])))
        self._fill_subs()
        self.sub_box.setCurrentIndex(max(0, self.sub_box.findData(finding["subtheme"])))
        text = QLabel(f"<i>{_escape(finding['text'])}</i><br>Oorspronkelijk: {_escape(original)}")
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        form = QFormLayout(self)
        form.addRow(text)
        form.addRow("&Thema:", self.theme_box)
        form.addRow("&Subthema:", self.sub_box)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Verplaatsen")
        buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fill_subs(self, _index: int = 0) -> None:
        theme = next((t for t in self.themes if t["id"] == self.theme_box.currentData()), None)
        self.sub_box.clear()
        self.sub_box.addItem(NO_SUBTHEME, None)
        for s in (theme or {}).get("subthemes", []):
            self.sub_box.addItem(s["name"], s["id"])

    def choice(self) -> tuple[str, str | None]:
        return self.theme_box.currentData(), self.sub_box.currentData()


def _escape(text: str) -> str:
    from html import escape
    return escape(str(text))


class ThreadsPage(QWidget):
    """Themes | findings of the theme | its draden and the suggestions."""

    def __init__(self, window, em: int, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("rodeDradenThreadsPage")
        self.theme_id: str | None = None
        self.thread_id: int | None = None
        self.proposals: list[dict] = []
        self.proposals_key = None      # (cycle, theme, finding ids) the proposals are of
        self.ignored: set[tuple] = set()  # this session only
        self._rows: list[dict] = []       # per table row: the finding
        self._loading = False
        self._sized = False
        self._build(em)

    # -- widgets ----------------------------------------------------------------------------
    def _build(self, em: int) -> None:
        self.themes = QListWidget()
        self.themes.setObjectName("threadThemes")
        self.themes.setWordWrap(True)
        self.themes.setMinimumWidth(em * 9)
        self.themes.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.themes.setResizeMode(QListWidget.Adjust)
        self.themes.currentRowChanged.connect(self._theme_chosen)
        self.themes.setContextMenuPolicy(Qt.CustomContextMenu)
        self.themes.customContextMenuRequested.connect(self._theme_menu)
        self.themes.setToolTip("Rechtermuisknop: het thema samenvoegen met een ander, of zijn letter (A-F)")
        themes_box = _column(_heading("Thema's"), self.themes, grow=self.themes)

        self.only_loose = QCheckBox("Alleen nog niet in een draad")
        self.only_loose.setObjectName("onlyLoose")
        self.only_loose.toggled.connect(lambda _on: self._fill_findings())
        self.findings_heading = _heading("Bevindingen")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.findings_heading, 1)
        top.addWidget(self.only_loose)

        self.findings = QTableWidget(0, len(COLUMNS))
        self.findings.setObjectName("threadFindings")
        self.findings.setHorizontalHeaderLabels(COLUMNS)
        self.findings.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.findings.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.findings.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.findings.setDragEnabled(True)
        self.findings.setDragDropMode(QAbstractItemView.DragOnly)
        self.findings.setWordWrap(True)
        self.findings.verticalHeader().setVisible(False)
        header = self.findings.horizontalHeader()
        for c in range(len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.Interactive)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)  # a narrow column: its start
        self.findings.setColumnWidth(0, em * 7)
        self.findings.setColumnWidth(1, em * 5)
        self.findings.setColumnWidth(2, em * 6)
        self.findings.setColumnWidth(4, em * 7)
        self.findings.setMinimumHeight(em * 6)
        self.findings.setContextMenuPolicy(Qt.CustomContextMenu)
        self.findings.customContextMenuRequested.connect(self._finding_menu)
        self.findings.itemSelectionChanged.connect(self._update_buttons)
        self.new_button = button("Nieuwe rode draad van selectie …", "newThreadButton",
                                 self.new_thread_from_selection,
                                 "Een rode draad van de gekozen bevindingen (Ctrl+N)")
        self.add_button = button("Toevoegen", "addToThreadButton", self.add_selection,
                                 "De gekozen bevindingen aan de gekozen rode draad toevoegen")
        self.remove_button = button("Uit draad halen", "removeFromThreadButton", self.remove_selection,
                                    "De gekozen bevindingen uit de gekozen rode draad halen")
        below = QHBoxLayout()
        below.setContentsMargins(0, 0, 0, 0)
        below.addStretch(1)
        below.addWidget(self.new_button)
        middle = QWidget()
        box = QVBoxLayout(middle)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.findings, 1)
        box.addLayout(below)

        self.threads = ThreadList(self)
        self.threads.setMinimumHeight(em * 4)
        self.threads.currentRowChanged.connect(self._thread_chosen)
        self.split_button = button("Splitsen …", "splitThreadButton", self.split_selection,
                                   "De gekozen bevindingen van deze draad naar een nieuwe draad")
        self.merge_button = button("Samenvoegen …", "mergeThreadButton", self.merge_with,
                                   "Een andere draad van dit thema in deze opnemen")
        self.rename_button = button("Hernoemen …", "renameThreadButton", self.rename,
                                    "De naam van de rode draad wijzigen")
        self.delete_button = button("Verwijderen …", "deleteThreadButton", self.delete,
                                    "De rode draad verwijderen (de bevindingen blijven)")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, b in enumerate((self.add_button, self.remove_button, self.split_button,
                               self.merge_button, self.rename_button, self.delete_button)):
            grid.addWidget(b, i // 2, i % 2)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setObjectName("threadConclusion")
        self.conclusion.setPlaceholderText("De conclusie van deze rode draad (wordt bewaard terwijl "
                                           "je typt)")
        self.conclusion.setMinimumHeight(em * 3)
        self.conclusion_saver = Debounced(self.conclusion, self._save_conclusion)
        self.conclusion.textChanged.connect(self._conclusion_typed)
        self.conclusion_label = QLabel("&Conclusie:")
        self.conclusion_label.setWordWrap(True)  # a long draad name must not widen the pane
        self.conclusion_label.setBuddy(self.conclusion)
        self.statement = QLineEdit()
        self.statement.setObjectName("threadStatement")
        self.statement.setPlaceholderText("wat er bij die diensten geldt, bijv. 'is een budget beschikbaar'")
        self.statement.setToolTip("De uitspraak maakt de zin van de rode draad in het rapport: "
                                  "'Bij … van de diensten (k van N) …' (wordt bewaard terwijl je typt)")
        self.statement_saver = Debounced(self.statement, self._save_statement)
        self.statement.textEdited.connect(lambda _t: self.statement_saver.touch()
                                          if self.thread_id is not None else None)
        self.statement_label = QLabel("&Uitspraak:")
        self.statement_label.setBuddy(self.statement)
        self.sentence = QLabel()
        self.sentence.setObjectName("threadSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("color: #3d4f5c;")
        statement_row = QHBoxLayout()
        statement_row.setContentsMargins(0, 0, 0, 0)
        statement_row.addWidget(self.statement_label)
        statement_row.addWidget(self.statement, 1)
        threads_tab = QWidget()
        tbox = QVBoxLayout(threads_tab)
        tbox.setContentsMargins(2, 2, 2, 2)
        tbox.addWidget(self.threads, 3)
        tbox.addLayout(grid)
        tbox.addLayout(statement_row)
        tbox.addWidget(self.sentence)
        tbox.addWidget(self.conclusion_label)
        tbox.addWidget(self.conclusion, 2)

        self.proposal_list = ProposalList(self)
        self.proposal_list.setObjectName("proposalsList")
        self.proposal_list.setWordWrap(True)
        self.proposal_list.setMinimumHeight(em * 4)
        self.proposal_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.accept_button = button("Overnemen …", "acceptProposalButton", self.accept_proposal,
                                    "Een rode draad maken van dit voorstel (je kiest de naam)")
        self.ignore_button = button("Negeren", "ignoreProposalButton", self.ignore_proposal,
                                    "Dit voorstel verbergen tot je de database opnieuw opent")
        self.proposal_note = QLabel("Voorstellen: bevindingen van verschillende diensten die "
                                    "op elkaar lijken. Negeren geldt alleen voor deze sessie.")
        self.proposal_note.setObjectName("proposalNote")
        self.proposal_note.setWordWrap(True)
        prow = QHBoxLayout()
        prow.setContentsMargins(0, 0, 0, 0)
        prow.addWidget(self.accept_button)
        prow.addWidget(self.ignore_button)
        prow.addStretch(1)
        proposals_tab = QWidget()
        pbox = QVBoxLayout(proposals_tab)
        pbox.setContentsMargins(2, 2, 2, 2)
        pbox.addWidget(self.proposal_note)
        pbox.addWidget(self.proposal_list, 1)
        pbox.addLayout(prow)

        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("threadSideTabs")
        self.side_tabs.addTab(threads_tab, "Rode draden")
        self.side_tabs.addTab(proposals_tab, "Voorstellen")

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("threadsSplitter")
        for w, stretch in ((themes_box, 1), (middle, 4), (self.side_tabs, 3)):
            self.splitter.addWidget(w)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_sized", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.action_new = QAction("Nieuwe rode draad van selectie …", self)
        self.action_new.setObjectName("actionNewThread")
        self.action_new.setShortcut("Ctrl+N")
        self.action_new.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.action_new.triggered.connect(lambda _=False: self.new_thread_from_selection())
        self.addAction(self.action_new)
        self._update_buttons()

    def resizeEvent(self, event):  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if not self._sized and self.isVisible():  # until the analyst moves a splitter: room
            width = self.width()                 # for the texts in the middle
            self.splitter.setSizes([width * 17 // 100, width * 53 // 100, width * 30 // 100])

    # -- what is shown ----------------------------------------------------------------------
    @property
    def snapshot(self):
        return self.window.snapshot

    def theme_threads(self) -> list[dict]:
        snap = self.snapshot
        if snap is None or self.theme_id is None:
            return []
        return [t for t in snap.threads if t["theme"] == self.theme_id]

    def thread(self, thread_id=None) -> dict | None:
        wanted = self.thread_id if thread_id is None else thread_id
        return next((t for t in self.theme_threads() if t["id"] == wanted), None)

    def show_snapshot(self) -> None:
        """Fill the page from the window's snapshot; the chosen theme and draad stay chosen."""
        snap = self.snapshot
        self._loading = True
        self.themes.blockSignals(True)
        self.themes.clear()
        themes = snap.overview.themes if snap is not None else []
        counts: dict[str, int] = {}
        for t in (snap.threads if snap is not None else []):
            counts[t["theme"]] = counts.get(t["theme"], 0) + 1
        row = 0
        for i, t in enumerate(themes):
            letter = f"{t['letter']}. " if t.get("letter") else ""
            item = QListWidgetItem(f"{letter}{t['name']}\n{draden_word(counts.get(t['id'], 0))}")
            item.setData(Qt.UserRole, t["id"])
            item.setToolTip(t["name"])
            self.themes.addItem(item)
            if t["id"] == self.theme_id:
                row = i
        if themes:
            self.themes.setCurrentRow(row)
            self.theme_id = themes[row]["id"]
        else:
            self.theme_id = None
        self.themes.blockSignals(False)
        self._loading = False
        self._show_theme()

    def _theme_chosen(self, row: int) -> None:
        item = self.themes.item(row)
        if item is None or self._loading:
            return
        self.flush()
        self.theme_id = item.data(Qt.UserRole)
        self.thread_id = None
        self._show_theme()

    def _show_theme(self) -> None:
        self._fill_threads()
        self._fill_findings()
        self._ask_proposals()

    def theme(self) -> dict | None:
        snap = self.snapshot
        if snap is None:
            return None
        return next((t for t in snap.overview.themes if t["id"] == self.theme_id), None)

    def theme_findings(self) -> list[dict]:
        snap = self.snapshot
        if snap is None or self.theme_id is None:
            return []
        return [f for f in snap.overview.findings if f["theme"] == self.theme_id]

    def _thread_names(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {}
        for t in self.theme_threads():
            for fid in t["findings"]:
                names.setdefault(fid, []).append(t["name"])
        return names

    def _original(self, f: dict) -> str:
        snap = self.snapshot
        themes = {t["id"]: t for t in (snap.all_themes if snap is not None else [])}
        theme = themes.get(f["original_theme"], {"name": f["original_theme"], "subthemes": []})
        subs = {s["id"]: s["name"] for s in theme.get("subthemes", [])}
        sub = f["original_subtheme"]
        return theme["name"] + (f" / {subs.get(sub, sub)}" if sub else "")

    def _fill_findings(self) -> None:
        snap = self.snapshot
        keep = set(self.selected_ids())
        theme = self.theme() or {"subthemes": [], "name": ""}
        subs = {s["id"]: s["name"] for s in theme["subthemes"]}
        kinds = snap.overview.kind_names() if snap is not None else {}
        labels = snap.overview.labels if snap is not None else {}
        names = self._thread_names()
        members = set(self.thread()["findings"]) if self.thread() else set()
        rows = self.theme_findings()
        if self.only_loose.isChecked():
            rows = [f for f in rows if f["id"] not in names]
        self._rows = rows
        table = self.findings
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(rows))
        for r, f in enumerate(rows):
            kind = kinds.get(f["kind"], {}).get("name", f["kind"])
            in_threads = ", ".join(names.get(f["id"], []))
            values = (labels.get(f["visitation_id"], f["dienst"]), kind,
                      subs.get(f["subtheme"], f["subtheme"] or ""), f["text"], in_threads)
            tip = f["text"] + f"\n\n{f['dienst']} · {kind}"
            if f["moved"]:
                tip += f"\nVerplaatst; oorspronkelijk: {self._original(f)}"
            if in_threads:
                tip += f"\nIn rode draad: {in_threads}"
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(tip)
                item.setData(Qt.UserRole, f["id"])
                if f["id"] in members:
                    item.setBackground(QBrush(QColor(MEMBER_COLOUR)))
                    item.setForeground(QBrush(QColor("#1f2a33")))
                if c == 2 and f["moved"]:
                    item.setText(item.text() + " *")
                table.setItem(r, c, item)
        mode = table.selectionMode()
        table.setSelectionMode(QAbstractItemView.MultiSelection)
        for r, f in enumerate(rows):
            if f["id"] in keep:
                table.selectRow(r)
        table.setSelectionMode(mode)
        table.blockSignals(False)
        table.resizeRowsToContents()
        total = len(self.theme_findings())
        loose = sum(1 for f in self.theme_findings() if f["id"] not in names)
        self.findings_heading.setText(f"Bevindingen ({total}, {loose} los)" if theme["name"]
                                      else "Bevindingen")
        self.findings_heading.setToolTip(f"{theme['name']}: {total} bevinding(en), {loose} nog niet "
                                         "in een rode draad")
        self._update_buttons()

    def _fill_threads(self) -> None:
        threads = self.theme_threads()
        if self.thread_id is not None and self.thread() is None:
            self.thread_id = None
        self.threads.blockSignals(True)
        self.threads.clear()
        for i, t in enumerate(threads):
            item = QListWidgetItem(thread_line(t))
            item.setData(Qt.UserRole, t["id"])
            item.setToolTip(f"{t.get('zin') or thread_line(t)}\n{len(t['findings'])} bevinding(en)")
            self.threads.addItem(item)
            if t["id"] == self.thread_id:
                self.threads.setCurrentRow(i)
        self.threads.blockSignals(False)
        self.side_tabs.setTabText(0, f"Rode draden ({len(threads)})")
        self._show_conclusion()
        self._update_buttons()

    def _thread_chosen(self, row: int) -> None:
        item = self.threads.item(row)
        self.flush()
        self.thread_id = item.data(Qt.UserRole) if item is not None else None
        self._show_conclusion()
        self._fill_findings()

    def choose_thread(self, thread_id) -> None:
        for i in range(self.threads.count()):
            if self.threads.item(i).data(Qt.UserRole) == thread_id:
                self.threads.setCurrentRow(i)
                return

    def flush(self) -> None:
        """Save the conclusion and statement typed and not saved yet."""
        self.conclusion_saver.flush()
        self.statement_saver.flush()

    def _show_conclusion(self) -> None:
        thread = self.thread()
        self.sentence.setText((thread or {}).get("zin") or "")
        self.sentence.setToolTip(self.sentence.text())
        self.statement.setEnabled(thread is not None)
        if not self.statement_saver.pending():
            wanted = (thread or {}).get("statement") or ""
            if self.statement.text() != wanted:
                self.statement.setText(wanted)
        if self.conclusion_saver.pending():
            return  # typing goes on: what is typed stays
        self._loading = True
        self.conclusion.setPlainText((thread or {}).get("conclusion") or "")
        self._loading = False
        self.conclusion.setEnabled(thread is not None)
        name = (thread or {}).get("name", "")
        short = name if len(name) <= 40 else name[:40].rsplit(" ", 1)[0] + " …"
        self.conclusion_label.setText(f"&Conclusie bij '{short}':" if thread else "&Conclusie:")
        self.conclusion_label.setToolTip(name)

    def _update_buttons(self) -> None:
        has_db = self.window.db is not None and self.theme_id is not None
        selected = bool(self.selected_ids())
        thread = self.thread() is not None
        idle = True
        self.new_button.setEnabled(has_db and selected and idle)
        self.add_button.setEnabled(has_db and selected and thread)
        self.remove_button.setEnabled(has_db and selected and thread)
        self.split_button.setEnabled(has_db and selected and thread)
        self.merge_button.setEnabled(has_db and thread and len(self.theme_threads()) > 1)
        self.rename_button.setEnabled(has_db and thread)
        self.delete_button.setEnabled(has_db and thread)
        has_proposal = self.proposal_list.currentRow() >= 0
        self.accept_button.setEnabled(has_db and has_proposal)
        self.ignore_button.setEnabled(has_db and has_proposal)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.findings.selectionModel().selectedRows()})
        return [self._rows[r]["id"] for r in rows if r < len(self._rows)]

    def select_findings(self, ids) -> None:
        """Select the table rows of these findings (tests and the window use it)."""
        wanted = set(ids)
        table = self.findings
        table.clearSelection()
        mode = table.selectionMode()
        table.setSelectionMode(QAbstractItemView.MultiSelection)
        for r, f in enumerate(self._rows):
            if f["id"] in wanted:
                table.selectRow(r)
        table.setSelectionMode(mode)
        self._update_buttons()

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- changes (in the worker) -------------------------------------------------------------
    def _change(self, fn, /, *args, done=None, **kwargs) -> None:
        self.flush()
        self.window.change(fn, *args, done=done, **kwargs)

    def _input(self, title: str, label: str) -> QInputDialog:
        return dialogs.input_dialog(self, title, label)

    def _ask_text(self, title: str, label: str, text: str = "") -> str | None:
        dialog = self._input(title, label)
        dialog.setTextValue(text)
        if dialog.exec() != QDialog.Accepted:
            return None
        value = dialog.textValue().strip()
        return value or None

    def _ask_item(self, title: str, label: str, items: list[str]) -> str | None:
        dialog = self._input(title, label)
        dialog.setComboBoxItems(items)
        dialog.setComboBoxEditable(False)
        dialog.setTextValue(items[0])
        return dialog.textValue() if dialog.exec() == QDialog.Accepted else None

    def new_thread_from_selection(self, name: str | None = None) -> None:
        """A new draad of the selected findings in the current theme; asks its name."""
        ids = self.selected_ids()
        if not ids or self.theme_id is None or self.window.db is None:
            self._say("Kies eerst een of meer bevindingen in de lijst.")
            return
        if name is None:
            name = self._ask_text("Nieuwe rode draad", f"Naam van de rode draad ({len(ids)} "
                                  "bevinding(en)):")
            if name is None:
                return
        db = self.window.db
        self._change(db.new_thread, self.theme_id, name, ids, cycle=self.snapshot.cycle,
                     done=self._made)

    def _made(self, thread_id) -> None:
        self.side_tabs.setCurrentIndex(0)
        self.choose_thread(thread_id)
        self._say("Rode draad gemaakt.")

    def add_selection(self) -> None:
        if self.thread_id is None:
            self._say("Kies eerst een rode draad rechts.")
            return
        self.add_to(self.thread_id, self.selected_ids())

    def add_to(self, thread_id, ids) -> None:
        """Add findings to a draad (the button, or findings dropped on it)."""
        if not ids:
            self._say("Kies eerst een of meer bevindingen in de lijst.")
            return
        self.thread_id = thread_id
        self._change(self.window.db.add_to_thread, thread_id, ids,
                     done=lambda _t: self._say(f"{len(ids)} bevinding(en) toegevoegd."))

    def _selected_of_thread(self, none_there: str) -> tuple[dict | None, list[str]]:
        """The chosen draad and the selected findings that are in it; says what is missing
        (``none_there``: the message when none is, with {name}) and gives (None, [])."""
        thread = self.thread()
        if thread is None:
            self._say("Kies eerst een rode draad rechts.")
            return None, []
        ids = [i for i in self.selected_ids() if i in thread["findings"]]
        if not ids:
            self._say(none_there.format(name=thread["name"]))
            return None, []
        return thread, ids

    def remove_selection(self) -> None:
        thread, ids = self._selected_of_thread("Geen van de gekozen bevindingen zit in '{name}'.")
        if thread is None:
            return
        self._change(self.window.db.remove_from_thread, thread["id"], ids,
                     done=lambda _t: self._say(f"{len(ids)} bevinding(en) uit de draad gehaald."))

    def split_selection(self, name: str | None = None) -> None:
        thread, ids = self._selected_of_thread("Kies de bevindingen van '{name}' die naar een nieuwe draad gaan.")
        if thread is None:
            return
        if name is None:
            name = self._ask_text("Rode draad splitsen", f"Naam van de nieuwe draad ({len(ids)} "
                                  f"bevinding(en) uit '{thread['name']}'):")
            if name is None:
                return
        self._change(self.window.db.split_thread, thread["id"], ids, name, done=self._made)

    def merge_with(self, other_id=None) -> None:
        thread = self.thread()
        others = [t for t in self.theme_threads() if thread and t["id"] != thread["id"]]
        if thread is None or not others:
            self._say("Kies een rode draad; het thema heeft er minstens twee nodig.")
            return
        if other_id is None:
            lines = [thread_line(t) for t in others]
            chosen = self._ask_item("Rode draden samenvoegen",
                                    f"Welke draad gaat op in '{thread['name']}'?", lines)
            if chosen not in lines:
                return
            other_id = others[lines.index(chosen)]["id"]
        self._change(self.window.db.merge_threads, thread["id"], other_id,
                     done=lambda _t: self._say("Rode draden samengevoegd."))

    def rename(self, name: str | None = None) -> None:
        thread = self.thread()
        if thread is None:
            return
        if name is None:
            name = self._ask_text("Rode draad hernoemen", "Nieuwe naam:", thread["name"])
            if name is None:
                return
        self._change(self.window.db.edit_thread, thread["id"], name=name)

    def delete(self, confirm: bool = True) -> None:
        thread = self.thread()
        if thread is None:
            return
        if confirm:
            answer = ask.question(
                self, "Rode draad verwijderen",
                f"Rode draad '{thread['name']}' verwijderen? De bevindingen blijven; de conclusie "
                "gaat verloren.")
            if answer != ask.YES:
                return
        self.thread_id = None
        self._change(self.window.db.delete_thread, thread["id"],
                     done=lambda _r: self._say("Rode draad verwijderd."))

    def _conclusion_typed(self) -> None:
        if not self._loading and self.thread_id is not None:
            self.conclusion_saver.touch()

    def _save_conclusion(self) -> None:
        thread = self.thread()
        if thread is None or self.window.db is None:
            return
        text = self.conclusion.toPlainText()
        thread["conclusion"] = text.strip() or None  # the snapshot follows what is saved
        self.window.jobs.save(self.window.db.edit_thread, thread["id"], conclusion=text,
                              busy="Conclusie bewaren …")

    def _save_statement(self) -> None:
        thread = self.thread()
        if thread is None or self.window.db is None:
            return
        # read again afterwards: the draad's sentence follows its statement
        self.window.change(self.window.db.edit_thread, thread["id"], statement=self.statement.text(),
                           busy="Uitspraak bewaren …")

    # -- moving a finding --------------------------------------------------------------------
    def _finding_menu(self, pos) -> None:
        item = self.findings.itemAt(pos)
        if item is None:
            return
        finding = next((f for f in self._rows if f["id"] == item.data(Qt.UserRole)), None)
        if finding is None:
            return
        menu = QMenu(self)
        move = menu.addAction("Naar ander thema/subthema …")
        move.setToolTip(f"Oorspronkelijk: {self._original(finding)}")
        menu.setToolTipsVisible(True)
        move.triggered.connect(lambda _=False: self.move_finding(finding["id"]))
        menu.exec(self.findings.viewport().mapToGlobal(pos))

    def move_finding(self, finding_id: str, theme: str | None = None, subtheme: str | None = None) -> None:
        """Sort a finding under another theme/subtheme; without ``theme`` a dialog asks."""
        finding = next((f for f in self.theme_findings() if f["id"] == finding_id), None)
        if finding is None or self.window.db is None:
            return
        if theme is None:
            dialog = MoveDialog(self, self.snapshot.overview.themes, finding, self._original(finding))
            if dialog.exec() != QDialog.Accepted:
                return
            theme, subtheme = dialog.choice()
        self._change(self.window.db.move_finding, finding_id, theme, subtheme,
                     done=lambda r: self._say("Bevinding verplaatst" + (
                         f"; uit {len(r['left_threads'])} rode draad/draden gehaald."
                         if r["left_threads"] else ".")))

    # -- themes: merging (method step 6) and the official letters --------------------------
    def _theme_menu(self, pos) -> None:
        item = self.themes.itemAt(pos)
        if item is None or self.window.db is None:
            return
        theme = item.data(Qt.UserRole)
        menu = QMenu(self)
        menu.addAction("Samenvoegen met ander thema …").triggered.connect(
            lambda _=False: self.merge_theme(theme))
        menu.addAction("Letter geven …").triggered.connect(lambda _=False: self.set_letter(theme))
        menu.exec(self.themes.viewport().mapToGlobal(pos))

    def merge_theme(self, theme: str, into: str | None = None) -> None:
        """Count ``theme`` from now on as part of another (every cycle); asks which."""
        themes = self.snapshot.overview.themes if self.snapshot is not None else []
        others = [t for t in themes if t["id"] != theme]
        name = next((t["name"] for t in themes if t["id"] == theme), theme)
        if into is None:
            if not others:
                return
            chosen = self._ask_item("Thema samenvoegen", f"'{name}' voortaan tellen bij:",
                                    [t["name"] for t in others])
            if chosen is None:
                return
            into = next(t["id"] for t in others if t["name"] == chosen)
        target = next((t["name"] for t in others if t["id"] == into), into)
        self._change(self.window.db.merge_theme, theme, into,
                     done=lambda _r: self._say(f"'{name}' telt nu mee bij '{target}' (in alle cycli)."))

    def set_letter(self, theme: str, letter: str | None = None) -> None:
        """The official letter of a theme (A-F); an empty answer takes it away."""
        themes = self.snapshot.overview.themes if self.snapshot is not None else []
        current = next((t for t in themes if t["id"] == theme), {})
        if letter is None:
            dialog = self._input("Letter van het thema",
                                 f"Letter van '{current.get('name', theme)}' (A-F; leeg: geen):")
            dialog.setTextValue(current.get("letter") or "")
            if dialog.exec() != QDialog.Accepted:
                return  # cancelled: the letter stays
            letter = dialog.textValue().strip()
        self._change(self.window.db.set_letter, theme, letter.upper() if letter else None,
                     done=lambda _r: self._say("Letter vastgelegd." if letter else "Letter weggehaald."))

    # -- suggestions -------------------------------------------------------------------------
    def _ask_proposals(self) -> None:
        snap = self.snapshot
        findings = self.theme_findings()
        key = (snap.cycle if snap else None, self.theme_id, tuple(f["id"] for f in findings))
        if key == self.proposals_key:
            self._fill_proposals()
            return
        self.proposals_key, self.proposals = key, []
        self._fill_proposals()
        if not findings:
            return
        rows = [{k: f[k] for k in ("id", "dienst", "visitation_id", "theme", "kind", "text")}
                for f in findings]

        def done(result, key=key):
            if key == self.proposals_key:
                self.proposals = result
                self._fill_proposals()
        self.window.jobs.submit(propose, rows, on_done=done, busy="Voorstellen berekenen …")

    def shown_proposals(self) -> list[dict]:
        """The proposals in the list: not ignored, and not already wholly inside one draad."""
        inside = [set(t["findings"]) for t in self.theme_threads()]
        return [p for p in self.proposals if tuple(p["findings"]) not in self.ignored
                and not any(set(p["findings"]) <= members for members in inside)]

    def _fill_proposals(self) -> None:
        snap = self.snapshot
        texts = {f["id"]: f for f in self.theme_findings()}
        labels = snap.overview.labels if snap else {}
        n = snap.overview.n if snap else 0
        shown = self.shown_proposals()
        self.proposal_list.clear()
        for p in shown:
            example = texts.get(p["example"], {}).get("text", "")
            item = QListWidgetItem(f"{p['diensten']} van {n} diensten, {len(p['findings'])} "
                                   f"bevinding(en): {example}")
            item.setData(Qt.UserRole, tuple(p["findings"]))
            item.setToolTip("\n".join(
                f"• {labels.get(texts[i]['visitation_id'], texts[i]['dienst'])}: {texts[i]['text']}"
                for i in p["findings"] if i in texts))
            self.proposal_list.addItem(item)
        if shown:
            self.proposal_list.setCurrentRow(0)
        self.side_tabs.setTabText(1, f"Voorstellen ({len(shown)})")
        self._update_buttons()

    def _current_proposal(self) -> dict | None:
        item = self.proposal_list.currentItem()
        if item is None:
            return None
        key = item.data(Qt.UserRole)
        return next((p for p in self.proposals if tuple(p["findings"]) == tuple(key)), None)

    def accept_proposal(self, name: str | None = None) -> None:
        """Make a draad of the current proposal; asks its name, prefilled from the example."""
        proposal = self._current_proposal()
        if proposal is None or self.window.db is None:
            self._say("Kies eerst een voorstel.")
            return
        if name is None:
            example = next((f["text"] for f in self.theme_findings() if f["id"] == proposal["example"]), "")
            name = self._ask_text("Voorstel overnemen", f"Naam van de rode draad ({proposal['diensten']} "
                                  "diensten):", proposed_name(example))
            if name is None:
                return
        self._change(self.window.db.new_thread, self.theme_id, name, proposal["findings"],
                     cycle=self.snapshot.cycle, done=self._made)

    def ignore_proposal(self) -> None:
        proposal = self._current_proposal()
        if proposal is None:
            return
        self.ignored.add(tuple(proposal["findings"]))
        self._fill_proposals()
        self._say("Voorstel genegeerd voor deze sessie; het komt terug als je de database opnieuw "
                  "opent.")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("paneHeading")
    label.setWordWrap(True)
    return label


def _column(*widgets, grow=None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if w is grow else 0)
    return box
