"""Coverage: themes x conversations, so gaps show at a glance; and per theme the focus
questions of the guide that no conversation has ticked off yet ("nog niet gesteld")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin

NONE = QColor("#f6d5d1")      # no observations at all on this theme
FEW = QColor("#fbecc5")       # 1-2
ENOUGH = QColor("#d6ecd9")    # 3 or more
PLANNED = QColor("#d9e6f5")   # still to come, theme planned in that conversation
# Nothing captured on this theme in that conversation (held, or not planned): grey with a dash,
# so it is told apart from the white of the table without colour too. The dash on the grey
# has a contrast of 6.8:1 (WCAG AA for text); the grey against white 1.25:1, as the others.
EMPTY = QColor("#e6e6e6")
EMPTY_MARK, EMPTY_TEXT = "–", QColor("#4d4d4d")
FEW_LIMIT = 3
LEGEND = ((NONE, None, "geen waarnemingen"), (FEW, None, "1–2"), (ENOUGH, None, "3 of meer"),
          (PLANNED, None, "nog te gaan, thema gepland"),
          (EMPTY, EMPTY_TEXT, f"{EMPTY_MARK} nog niets vastgelegd in dat gesprek"))


def legend_html() -> str:
    """The legend: each colour of the table with what it means."""
    def entry(back: QColor, fore: QColor | None, text: str) -> str:
        color = f";color:{fore.name()}" if fore else ""
        return f"<span style='background:{back.name()}{color}'>&nbsp;{text}&nbsp;</span>"
    return " ".join(entry(*e) for e in LEGEND)


class CoverageView(LazyMixin, QWidget):
    title = "Dekking"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget()
        self.table.setObjectName("coverageTable")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.summary = QLabel()
        self.summary.setObjectName("coverageSummary")
        self.summary.setWordWrap(True)
        legend = QLabel(legend_html())
        legend.setObjectName("coverageLegend")
        legend.setWordWrap(True)
        self.not_asked = QListWidget()
        self.not_asked.setObjectName("coverageNotAsked")
        self.not_asked.setWordWrap(True)
        self.not_asked.setSelectionMode(QAbstractItemView.NoSelection)
        self.not_asked.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Focusvragen nog niet gesteld")
        heading.setObjectName("paneHeading")
        heading.setWordWrap(True)
        explained = ("Per thema de gespreksvragen van de gesprekken waarin het een focusthema is "
                     "(★ in de leidraad), die nog in geen enkel gesprek als besproken zijn afgevinkt")
        heading.setToolTip(explained)
        self.not_asked.setToolTip(explained)
        side_layout.addWidget(heading)
        side_layout.addWidget(self.not_asked, 1)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("coverageSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        intro = QLabel("Aantal waarnemingen per thema en gesprek. Een gesprek telt als gehouden zodra er "
                       "een waarneming bij staat of de eindtijd voorbij is.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(legend)
        layout.addWidget(self.summary)
        self.watch(ctx, "observations", "programme", "questions")

    def reload(self) -> None:
        cov = self.ctx.visit.programme.coverage()
        sessions, themes = cov["sessions"], cov["themes"]
        headers = ["Totaal", "Zonder\ngesprek"] + [
            f"D{s['day']} {s['start']}\n{s['short']}" + ("" if s["held"] else "\n(nog te gaan)")
            for s in sessions]
        first = 2  # session columns start after Totaal and Zonder gesprek
        self.table.clear()
        self.table.setRowCount(len(themes))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([t["name"] for t in themes])
        for r, theme in enumerate(themes):
            tid = theme["id"]
            for c, s in enumerate(sessions):
                n = cov["counts"][tid][s["id"]]
                planned = tid in s["themes"]
                to_come = planned and not s["held"]
                item = QTableWidgetItem(str(n) if n else ("gepland" if to_come else EMPTY_MARK))
                item.setTextAlignment(Qt.AlignCenter)
                if n:
                    item.setBackground(QBrush(ENOUGH if n >= FEW_LIMIT else FEW))
                elif to_come:
                    item.setBackground(QBrush(PLANNED))
                else:
                    item.setBackground(QBrush(EMPTY))
                    item.setForeground(QBrush(EMPTY_TEXT))
                item.setToolTip(f"{theme['name']} in '{s['title']}': {n} waarneming(en)"
                                + (" · thema gepland" if planned else ""))
                self.table.setItem(r, first + c, item)
            extra = cov["without_session"][tid]
            without = self._number(extra)
            without.setToolTip(f"{theme['name']}: {extra} waarneming(en) zonder gesprek of bij een "
                               "gesprek dat uit het programma is gehaald")
            self.table.setItem(r, 1, without)
            total = cov["totals"][tid]
            item = self._number(total)
            item.setBackground(QBrush(NONE if total == 0 else FEW if total < FEW_LIMIT else ENOUGH))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.table.setItem(r, 0, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        lines = []
        for theme in themes:
            total = cov["totals"][theme["id"]]
            if total < FEW_LIMIT:
                to_come = [s for s in sessions if s["id"] in cov["still_to_come"][theme["id"]]]
                where = ", ".join(f"dag {s['day']} {s['start']} {s['short']}" for s in to_come)
                lines.append(f"<b>{theme['name']}</b>: {total} waarneming(en)"
                             + (f"; nog te gaan: {where}" if where else "; geen gepland gesprek meer"))
        self.summary.setText("<br>".join(lines) if lines else
                             "Alle thema's hebben minstens drie waarnemingen.")
        self._fill_not_asked()
        self.stale = False

    def _fill_not_asked(self) -> None:
        """Per theme the focus questions no conversation has ticked off yet."""
        self.not_asked.clear()
        for theme in self.ctx.visit.questions.not_asked():
            n_open, n_focus = len(theme["open"]), theme["focus"]
            state = ("geen focusvragen" if not n_focus else "alle focusvragen gesteld" if not n_open
                     else f"{n_open} van {n_focus} nog niet gesteld")
            head = QListWidgetItem(f"{theme['name']}: {state}")
            head.setData(Qt.UserRole, theme["theme"])
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.not_asked.addItem(head)
            for q in theme["open"]:
                item = QListWidgetItem(f"• {q['text']}")
                item.setData(Qt.UserRole + 1, q["id"])
                where = "; ".join(f"dag {s['day']} {s['start']} {s['title']}" for s in q["sessions"])
                item.setToolTip(f"Focusvraag in: {where}")
                self.not_asked.addItem(item)

    def open_questions(self) -> dict[str, list[str]]:
        """Theme id -> the question ids listed as not yet asked (what the panel shows)."""
        out: dict[str, list[str]] = {}
        theme = None
        for i in range(self.not_asked.count()):
            item = self.not_asked.item(i)
            if item.data(Qt.UserRole):
                theme = item.data(Qt.UserRole)
                out[theme] = []
            elif item.data(Qt.UserRole + 1):
                out[theme].append(item.data(Qt.UserRole + 1))
        return out

    @staticmethod
    def _number(n: int) -> QTableWidgetItem:
        item = QTableWidgetItem(str(n))
        item.setTextAlignment(Qt.AlignCenter)
        return item
