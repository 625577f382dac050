"""The matrix of the Rode draden window: a row per theme; first a column per finding kind
("k van N": at how many diensten that kind occurs with the theme), then a column per dienst
(how many findings it has with the theme, of the chosen kind or of all kinds).

The table only shows; every number comes from a rode_draden.counts.Overview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from visitor_app.rode_draden.counts import Overview, diensten_word, findings_word, k_van_n

# Calm colours: findings of one dienst (0, 1, 2, 3-4, 5 or more) ...
COUNT_COLOURS = ("#f7f9fa", "#dfeaf3", "#c3d8ea", "#a3c3de", "#86afd2")
# ... and the share of diensten with such a finding (none, < 1/3, < 2/3, 2/3 or more).
SHARE_COLOURS = ("#f7f9fa", "#fbf0d3", "#f6deaa", "#eec98a")
TEXT_COLOUR = "#1f2a33"


def count_colour(n: int) -> str:
    return COUNT_COLOURS[0 if n <= 0 else 1 if n == 1 else 2 if n == 2 else 3 if n <= 4 else 4]


def share_colour(k: int, n: int) -> str:
    if k <= 0 or n <= 0:
        return SHARE_COLOURS[0]
    share = k / n
    return SHARE_COLOURS[1 if share < 1 / 3 else 2 if share < 2 / 3 else 3]


def _dark(item: QTableWidgetItem, background: str) -> None:
    item.setBackground(QBrush(QColor(background)))
    item.setForeground(QBrush(QColor(TEXT_COLOUR)))


def intro_text(overview: Overview, kind: str | None) -> str:
    """The line above the matrix: what the per-dienst numbers count."""
    names = {k["id"]: k["plural"] for k in overview.kinds}
    n = overview.n
    what = f"bevindingen van de soort {names[kind]}" if kind in names else "bevindingen (alle soorten)"
    return (f"Per thema het aantal {what} per dienst; 'k van {n}': bij hoeveel "
            f"{diensten_word(n)} die soort bij het thema voorkomt. Klik op een cel "
            "voor de bevindingen.")


def legend_html(n: int) -> str:
    """The colour legend below the matrix."""
    count_part = " ".join(
        f"<span style='background:{colour}; color:{TEXT_COLOUR}'>&nbsp;{label}&nbsp;</span>"
        for colour, label in zip(COUNT_COLOURS, ("0", "1", "2", "3–4", "5 of meer")))
    share_part = " ".join(
        f"<span style='background:{colour}; color:{TEXT_COLOUR}'>&nbsp;{label}&nbsp;</span>"
        for colour, label in zip(SHARE_COLOURS, ("geen", "minder dan een derde",
                                                  "een tot twee derde", "twee derde of meer")))
    return f"Per dienst: {count_part} &nbsp; · &nbsp; k van {n}: {share_part}"


class MatrixTable(QTableWidget):
    """Themes x (kinds, then diensten), read-only; ``rows`` and ``columns`` say what is where."""

    def __init__(self, line_height: int, parent=None):
        super().__init__(parent)
        self.overview: Overview | None = None
        self.columns: list[tuple[str, str]] = []  # per column: ("kind", id) or ("dienst", id)
        self.rows: list[dict] = []                # per row: the theme
        self.setObjectName("rodeDradenMatrix")
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.setMinimumHeight(line_height * 9)
        self.setStyleSheet("QTableWidget#rodeDradenMatrix::item:selected { border: 2px solid #24465e; "
                           "color: #1f2a33; }")  # the cell shown below keeps its colour

    def empty(self) -> None:
        self.overview, self.columns, self.rows = None, [], []
        self.clear()
        self.setRowCount(0)
        self.setColumnCount(0)

    def column_of(self, visitation_id: str) -> int | None:
        """The column of a visitation (None when it is not shown)."""
        return self._column("dienst", visitation_id)

    def kind_column(self, kind_id: str) -> int | None:
        """The summary column ("k van N") of a finding kind."""
        return self._column("kind", kind_id)

    def _column(self, what: str, key: str) -> int | None:
        for c, column in enumerate(self.columns):
            if column == (what, key):
                return c
        return None

    def show_overview(self, overview: Overview, kind: str | None) -> tuple[int, int] | None:
        """Fill the table; the cell that was current stays current (returned, or None)."""
        self.overview = overview
        visits, kinds, n = overview.visitations, overview.kinds, overview.n
        self.rows = list(overview.themes)
        self.columns = [("kind", k["id"]) for k in kinds] + [("dienst", v["id"]) for v in visits]
        row, col = self.currentRow(), self.currentColumn()
        self.blockSignals(True)
        self.clear()
        self.setRowCount(len(self.rows))
        self.setColumnCount(len(self.columns))
        metrics = self.horizontalHeader().fontMetrics()
        width = metrics.horizontalAdvance("M") * 12
        for c, k in enumerate(kinds):
            item = QTableWidgetItem(f"{k['plural']}\nbij … van {n}")
            item.setToolTip(f"{k['plural']}: bij hoeveel van de {n} {diensten_word(n)} staat bij dit "
                            "thema minstens één bevinding van deze soort")
            self.setHorizontalHeaderItem(c, item)
        for c, v in enumerate(visits, start=len(kinds)):
            item = QTableWidgetItem(metrics.elidedText(overview.labels[v["id"]], Qt.ElideRight, width))
            item.setData(Qt.UserRole, v["id"])
            item.setToolTip(f"{v['dienst']}\n{v['start']} t/m {v['end']}\n"
                            f"{findings_word(v['findings'])} · kader {v['framework_version']}")
            self.setHorizontalHeaderItem(c, item)
        for r, theme in enumerate(self.rows):
            head = QTableWidgetItem(theme["name"])
            head.setToolTip(theme["name"] + "".join(f"\n· {s['name']}" for s in theme["subthemes"]))
            self.setVerticalHeaderItem(r, head)
            for c, k in enumerate(kinds):
                cell = overview.kind_cell(theme["id"], k["id"])
                item = QTableWidgetItem(k_van_n(cell["visitations"], n))
                item.setData(Qt.UserRole, cell["visitations"])
                item.setTextAlignment(Qt.AlignCenter)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                _dark(item, share_colour(cell["visitations"], n))
                item.setToolTip(f"{theme['name']}: {k['plural']} bij {k_van_n(cell['visitations'], n)} "
                                f"{diensten_word(n)} ({findings_word(cell['findings'])} in totaal)")
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.setItem(r, c, item)
            for c in range(len(kinds), len(self.columns)):
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignCenter)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.setItem(r, c, item)
        self.apply_kind(kind)
        self.blockSignals(False)
        if 0 <= row < self.rowCount() and 0 <= col < self.columnCount():
            self.setCurrentCell(row, col)
            return row, col
        return None

    def apply_kind(self, kind: str | None) -> None:
        """Per-dienst counts of ``kind`` (None: all kinds); other kinds' summary columns hide."""
        overview = self.overview
        if overview is None:
            return
        names = overview.kind_names()
        counts = overview.theme_dienst_counts(kind)
        for c, (what, key) in enumerate(self.columns):
            if what == "kind":
                self.setColumnHidden(c, kind is not None and key != kind)
                continue
            for r, theme in enumerate(self.rows):
                n = counts[theme["id"]][key]
                item = self.item(r, c)
                item.setText(str(n) if n else "")
                item.setData(Qt.UserRole, n)
                _dark(item, count_colour(n))
                detail = ", ".join(f"{m} × {names[k]['name'] if k in names else k}"
                                   for k, m in overview.dienst_kinds(theme["id"], key).items()) \
                    or "geen bevindingen"
                item.setToolTip(f"{theme['name']} — {overview.labels.get(key, key)}: "
                                f"{findings_word(n)}"
                                + (f" ({names[kind]['plural']})" if kind in names else "")
                                + f"\nAlle soorten: {detail}")
