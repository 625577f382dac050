"""Coverage: themes x conversations, so gaps show at a glance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin

NONE = QColor("#f6d5d1")      # no observations at all on this theme
FEW = QColor("#fbecc5")       # 1-2
ENOUGH = QColor("#d6ecd9")    # 3 or more
PLANNED = QColor("#d9e6f5")   # still to come, theme planned in that conversation
FEW_LIMIT = 3


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
        legend = QLabel(
            "<span style='background:#f6d5d1'>&nbsp;geen waarnemingen&nbsp;</span> "
            "<span style='background:#fbecc5'>&nbsp;1–2&nbsp;</span> "
            "<span style='background:#d6ecd9'>&nbsp;3 of meer&nbsp;</span> "
            "<span style='background:#d9e6f5'>&nbsp;nog te gaan, thema gepland&nbsp;</span>")
        layout = QVBoxLayout(self)
        intro = QLabel("Aantal waarnemingen per thema en gesprek. Een gesprek telt als gehouden zodra er "
                       "een waarneming bij staat of de eindtijd voorbij is.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.summary)
        self.watch(ctx, "observations", "programme")

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
                item = QTableWidgetItem(str(n) if n else ("gepland" if planned and not s["held"] else ""))
                item.setTextAlignment(Qt.AlignCenter)
                if n:
                    item.setBackground(QBrush(ENOUGH if n >= FEW_LIMIT else FEW))
                elif planned and not s["held"]:
                    item.setBackground(QBrush(PLANNED))
                item.setToolTip(f"{theme['name']} in '{s['title']}': {n} waarneming(en)"
                                + (" · thema gepland" if planned else ""))
                self.table.setItem(r, first + c, item)
            extra = cov["without_session"][tid]
            self.table.setItem(r, 1, self._number(extra))
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
        self.stale = False

    @staticmethod
    def _number(n: int) -> QTableWidgetItem:
        item = QTableWidgetItem(str(n))
        item.setTextAlignment(Qt.AlignCenter)
        return item
