"""The "Teksten" and "Oordelen" pages of the analyst's window.

Teksten: the report's own texts of the chosen cycle (voorwoord, inleiding, integrale
patronen, and per theme its inleiding and conclusie), one at a time, saved while typing
(CentralDb.set_text in the worker, debounced like the visitation's notes); the hint of
forms/central_report.yaml shows while a text is empty.

Oordelen: per dienst its robuustheid and basis op orde (with toelichting in the tooltip),
the diensten without basis op orde, and the cross table robuustheid x basis op orde; read
from the window's snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
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
        self.cross_heading = QLabel("Robuustheid × basis op orde (aantal diensten)")
        self.cross_heading.setObjectName("paneHeading")
        self.cross_heading.setWordWrap(True)
        self.cross = _table("crossTable", ["Robuustheid", "op orde", "niet op orde", "onvolledig"])
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
        self.cross.setHorizontalHeaderLabels([cross.get("name") or "Robuustheid", "op orde",
                                              "niet op orde", "onvolledig"])
        self.cross.setRowCount(len(cross["rows"]))
        for r, row in enumerate(cross["rows"]):
            for c, value in enumerate((row["name"], row["op_orde"], row["niet_op_orde"],
                                       row["onvolledig"])):
                self.cross.setItem(r, c, _cell(str(value)))
