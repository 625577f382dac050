"""The "Teksten" and "Oordelen" pages of the analyst's window.

Teksten: the report's own texts of the chosen cycle (voorwoord, inleiding, integrale
patronen, and per theme its inleiding and conclusie), one at a time, saved while typing
(CentralDb.set_text in the worker, debounced like the visitation's notes); the hint of
forms/central_report.yaml shows while a text is empty.

Commentaar: the klankbordgroep's review comments by round, added and handled.

Oordelen: per dienst its robuustheid and basis op orde (with toelichting in the tooltip),
the diensten without basis op orde, and the cross table robuustheid x basis op orde; read
from the window's snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.ui.autosave import Debounced

# (section id, with a theme, title, key of its hint in the report's texts)
GENERAL = (("voorwoord", "Voorwoord", ("voorwoord", "hint")),
           ("inleiding", "Inleiding", ("inleiding", "hint")),
           ("integrale_patronen", "Integrale patronen", ("integral", "hint")))
PER_THEME = (("inleiding", "inleiding", ("theme", "introduction_hint")),
             ("conclusie", "conclusie", ("theme", "conclusions_hint")))


class TextsPage(QWidget):
    """A list of the report's texts on the left, the chosen one to write on the right."""

    def __init__(self, window, em: int, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("rodeDradenTextsPage")
        self.sections: list[dict] = []   # per list row: {"section", "theme", "title", "hint"}
        self.current: dict | None = None
        self._loading = False
        self.list = QListWidget()
        self.list.setObjectName("textSections")
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(em * 10)
        self.list.currentRowChanged.connect(self._chosen)
        self.heading = QLabel()
        self.heading.setObjectName("paneHeading")
        self.heading.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("textEditor")
        self.editor.setMinimumHeight(em * 6)
        self.saver = Debounced(self.editor, self._save)
        self.editor.textChanged.connect(self._typed)
        self.note = QLabel("Wordt bewaard terwijl je typt. Een lege tekst: het rapport toont de hint.")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.editor, 1)
        box.addWidget(self.note)
        split = QSplitter(Qt.Horizontal)
        split.setObjectName("textsSplitter")
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_snapshot(self) -> None:
        snap = self.window.snapshot
        self.saver.flush()
        hints = (snap.report_texts if snap is not None else None) or {}

        def hint(key):
            return (hints.get(key[0]) or {}).get(key[1], "")
        sections = [{"section": s, "theme": None, "title": title, "hint": hint(key)}
                    for s, title, key in GENERAL]
        for t in (snap.overview.themes if snap is not None else []):
            letter = f"{t['letter']}. " if t.get("letter") else ""
            sections += [{"section": s, "theme": t["id"], "title": f"{letter}{t['name']}: {what}",
                          "hint": hint(key)} for s, what, key in PER_THEME]
        keep = (self.current or {}).get("section"), (self.current or {}).get("theme")
        self.sections = sections
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for i, s in enumerate(sections):
            written = bool(snap.text(s["section"], s["theme"])) if snap is not None else False
            item = QListWidgetItem(("✓ " if written else "") + s["title"])
            item.setToolTip(s["hint"])
            self.list.addItem(item)
            if (s["section"], s["theme"]) == keep:
                row = i
        self.list.blockSignals(False)
        if sections:
            self.list.setCurrentRow(row)
            self._show(sections[row])

    def choose(self, section: str, theme: str | None = None) -> None:
        for i, s in enumerate(self.sections):
            if (s["section"], s["theme"]) == (section, theme):
                self.list.setCurrentRow(i)
                return

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            self.saver.flush()
            self._show(self.sections[row])

    def _show(self, section: dict) -> None:
        snap = self.window.snapshot
        self.current = section
        self.heading.setText(section["title"])
        self._loading = True
        self.editor.setPlainText(snap.text(section["section"], section["theme"]) if snap else "")
        self._loading = False
        self.editor.setPlaceholderText(section["hint"])

    def _typed(self) -> None:
        if not self._loading and self.current is not None:
            self.saver.touch()

    def _save(self) -> None:
        snap, db, section = self.window.snapshot, self.window.db, self.current
        if snap is None or db is None or section is None:
            return
        text = self.editor.toPlainText()
        # the snapshot follows what is saved (no reading again while typing)
        snap.texts = [t for t in snap.texts if not (t["section"] == section["section"] and
                                                     (t["theme"] or None) == section["theme"])]
        if text.strip():
            snap.texts.append({"section": section["section"], "theme": section["theme"],
                               "text": text.strip(), "updated": None})
        row = self.sections.index(section) if section in self.sections else -1
        if row >= 0:
            self.list.item(row).setText(("✓ " if text.strip() else "") + section["title"])
        self.window.jobs.save(db.set_text, section["section"], text, theme=section["theme"],
                              cycle=snap.cycle, busy="Tekst bewaren …")


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    return item


OP_ORDE = {True: "op orde", False: "niet op orde", None: "onvolledig"}


class AssessmentsPage(QWidget):
    """Per dienst the oordelen; the diensten without basis op orde; the cross table."""

    def __init__(self, window, em: int, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("rodeDradenAssessmentsPage")
        self.per_dienst = _table("assessmentsTable", ["Dienst"])
        self.per_dienst.setMinimumHeight(em * 6)
        self.without_heading = QLabel("Zonder basis op orde")
        self.without_heading.setObjectName("paneHeading")
        self.without = QListWidget()
        self.without.setObjectName("withoutBasis")
        self.without.setWordWrap(True)
        self.without.setMinimumHeight(em * 4)
        self.cross_heading = QLabel("× basis op orde (aantal diensten)")
        self.cross_heading.setObjectName("paneHeading")
        self.cross_heading.setWordWrap(True)
        self.cross = _table("crossTable", ["Oordeel", "op orde", "niet op orde", "onvolledig"])
        self.cross.horizontalHeader().setStretchLastSection(False)
        self.cross.setMinimumHeight(em * 4)
        lower = QSplitter(Qt.Horizontal)
        for heading, widget in ((self.without_heading, self.without), (self.cross_heading, self.cross)):
            part = QWidget()
            box = QVBoxLayout(part)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(heading)
            box.addWidget(widget, 1)
            lower.addWidget(part)
        lower.setChildrenCollapsible(False)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.per_dienst)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_snapshot(self) -> None:
        snap = self.window.snapshot
        rows = snap.assessments if snap is not None else []
        singles = []
        for d in rows:
            for s in d["single"]:
                if s["name"] not in singles:
                    singles.append(s["name"])
        basis_names = [b["name"] for b in rows[0]["basis"]] if rows else []
        headers = ["Dienst", *singles, "Basis op orde", *basis_names]
        table = self.per_dienst
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, d in enumerate(rows):
            table.setItem(r, 0, _cell(d["dienst"]))
            by_name = {s["name"]: s for s in d["single"]}
            for c, name in enumerate(singles, start=1):
                s = by_name.get(name)
                table.setItem(r, c, _cell(s["value_name"] or "" if s else "",
                                          (s or {}).get("toelichting") or ""))
            table.setItem(r, len(singles) + 1, _cell(OP_ORDE[d["op_orde"]]))
            for c, b in enumerate(d["basis"], start=len(singles) + 2):
                table.setItem(r, c, _cell(b["value_name"] or "—", b["toelichting"] or ""))
        without = snap.without_basis if snap is not None else []
        self.without.clear()
        for w in without:
            item = QListWidgetItem(f"{w['dienst']}: {', '.join(i['name'] for i in w['items'])}")
            item.setToolTip("\n".join(f"{i['name']}: {i['value_name']}"
                                      + (f" — {i['toelichting']}" if i.get("toelichting") else "")
                                      for i in w["items"]))
            self.without.addItem(item)
        self.without_heading.setText(f"Zonder basis op orde ({len(without)})" if without
                                     else "Zonder basis op orde: geen dienst")
        cross = (snap.cross if snap is not None else None) or {"rows": []}
        item = cross.get("name") or "Oordeel"  # the framework's name of its single item
        self.cross_heading.setText(f"{item} × basis op orde (aantal diensten)")
        self.cross.setHorizontalHeaderLabels([item, "op orde", "niet op orde", "onvolledig"])
        self.cross.setRowCount(len(cross["rows"]))
        for r, row in enumerate(cross["rows"]):
            for c, value in enumerate((row["name"], row["op_orde"], row["niet_op_orde"],
                                       row["onvolledig"])):
                self.cross.setItem(r, c, _cell(str(value)))


STATUS_NAMES = {"open": "open", "verwerkt": "verwerkt", "niet_overgenomen": "niet overgenomen"}
ALL_ROUNDS = "Alle rondes"


class CommentsPage(QWidget):
    """The klankbordgroep's comments of the cycle by round: add one to a draad or a chapter
    (a theme), write how it was handled and its status."""

    def __init__(self, window, em: int, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("rodeDradenCommentsPage")
        self.shown: list[dict] = []
        self.round_filter = QComboBox()
        self.round_filter.setObjectName("commentRoundFilter")
        self.round_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.table = _table("commentsTable", ["Ronde", "Bij", "Commentaar", "Status", "Afhandeling"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setColumnWidth(0, em * 5)
        self.table.setColumnWidth(1, em * 10)
        self.table.setColumnWidth(3, em * 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(em * 5)
        self.table.itemSelectionChanged.connect(self._chosen)
        top = QHBoxLayout()
        top.addWidget(QLabel("Ronde:"))
        top.addWidget(self.round_filter)
        top.addStretch(1)

        self.new_round = QSpinBox()
        self.new_round.setObjectName("newCommentRound")
        self.new_round.setRange(1, 9)
        self.new_round.setPrefix("ronde ")
        self.new_target = QComboBox()
        self.new_target.setObjectName("newCommentTarget")
        self.new_target.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.new_target.setMinimumContentsLength(12)
        self.new_text = QLineEdit()
        self.new_text.setObjectName("newCommentText")
        self.new_text.setPlaceholderText("Het commentaar van de klankbordgroep")
        self.new_text.returnPressed.connect(self.add_comment)
        self.add_button = QPushButton("Toevoegen")
        self.add_button.setObjectName("addCommentButton")
        self.add_button.clicked.connect(lambda _=False: self.add_comment())
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_round)
        add_row.addWidget(self.new_target)
        add_row.addWidget(self.new_text, 1)
        add_row.addWidget(self.add_button)

        self.handling = QLineEdit()
        self.handling.setObjectName("commentHandling")
        self.handling.setPlaceholderText("Hoe is het commentaar verwerkt?")
        self.status = QComboBox()
        self.status.setObjectName("commentStatus")
        for key, name in STATUS_NAMES.items():
            self.status.addItem(name, key)
        self.handle_button = QPushButton("Afhandeling opslaan")
        self.handle_button.setObjectName("handleCommentButton")
        self.handle_button.clicked.connect(lambda _=False: self.handle_comment())
        handle_row = QHBoxLayout()
        handle_row.addWidget(self.handling, 1)
        handle_row.addWidget(self.status)
        handle_row.addWidget(self.handle_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(handle_row)
        layout.addWidget(_small_heading("Nieuw commentaar"))
        layout.addLayout(add_row)
        self._chosen()

    def _targets(self) -> list[tuple[str, dict]]:
        snap = self.window.snapshot
        if snap is None:
            return []
        out = [(f"Hoofdstuk {t['name']}", {"theme": t["id"]}) for t in snap.overview.themes]
        names = {t["id"]: t["name"] for t in snap.overview.themes}
        out += [(f"Draad {t['name']} ({names.get(t['theme'], t['theme'])})", {"thread": t["id"]})
                for t in snap.threads]
        return out

    def target_name(self, comment: dict) -> str:
        snap = self.window.snapshot
        if comment["thread"] is not None:
            thread = next((t for t in snap.threads if t["id"] == comment["thread"]), None)
            if thread is not None:
                return f"Draad {thread['name']}"
        names = {t["id"]: t["name"] for t in snap.overview.themes}
        return f"Hoofdstuk {names.get(comment['theme'], comment['theme'])}"

    def show_snapshot(self) -> None:
        snap = self.window.snapshot
        comments = snap.comments if snap is not None else []
        rounds = sorted({c["round"] for c in comments})
        keep = self.round_filter.currentData()
        self.round_filter.blockSignals(True)
        self.round_filter.clear()
        self.round_filter.addItem(ALL_ROUNDS, None)
        for r in rounds:
            self.round_filter.addItem(f"Ronde {r}", r)
        self.round_filter.setCurrentIndex(max(0, self.round_filter.findData(keep)))
        self.round_filter.blockSignals(False)
        target = self.new_target.currentText()
        self.new_target.clear()
        for label, data in self._targets():
            self.new_target.addItem(label, data)
        self.new_target.setCurrentIndex(max(0, self.new_target.findText(target)))
        if rounds:
            self.new_round.setValue(max(rounds))
        self._fill()

    def _fill(self) -> None:
        snap = self.window.snapshot
        wanted = self.round_filter.currentData()
        keep = self.current()
        self.shown = [c for c in (snap.comments if snap is not None else [])
                      if wanted is None or c["round"] == wanted]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.shown))
        for r, c in enumerate(self.shown):
            for col, value in enumerate((str(c["round"]), self.target_name(c), c["text"],
                                         STATUS_NAMES.get(c["status"], c["status"]), c["handling"] or "")):
                self.table.setItem(r, col, _cell(value, value if col in (2, 4) else ""))
            if keep is not None and c["id"] == keep["id"]:
                self.table.selectRow(r)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._chosen()

    def current(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _chosen(self) -> None:
        comment = self.current()
        for w in (self.handling, self.status, self.handle_button):
            w.setEnabled(comment is not None)
        self.handling.setText((comment or {}).get("handling") or "")
        if comment is not None:
            self.status.setCurrentIndex(max(0, self.status.findData(comment["status"])))

    def add_comment(self) -> None:
        data = self.new_target.currentData()
        text = self.new_text.text().strip()
        if self.window.db is None or data is None:
            return
        if not text:
            self.window.statusBar().showMessage("Typ eerst het commentaar.", 5000)
            return
        snap = self.window.snapshot
        self.window.change(self.window.db.add_comment, self.new_round.value(), text,
                           thread=data.get("thread"), theme=data.get("theme"),
                           cycle=snap.cycle if data.get("theme") else None,
                           done=lambda _id: self.new_text.clear())

    def handle_comment(self) -> None:
        comment = self.current()
        if comment is None or self.window.db is None:
            return
        status = self.status.currentData()
        # status not changed: a handling makes an open comment "verwerkt" (CentralDb decides)
        self.window.change(self.window.db.handle_comment, comment["id"], self.handling.text(),
                           None if status == comment["status"] else status)


def _small_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("paneHeading")
    return label
