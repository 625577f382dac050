"""The two panes beside the matrix: the list of imported visitations (pick one to go to its
column) and the kind filter (count per dienst only the findings of one kind)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from visitor_app.rode_draden.counts import findings_word

ALL_KINDS = "Alle soorten"


class KindFilter(QComboBox):
    """"Alle soorten", then every finding kind; ``kind`` is the chosen id (None: all)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("kindFilter")
        self.setToolTip("Tel per dienst alleen bevindingen van deze soort")
        self.addItem(ALL_KINDS, None)
        self.setSizeAdjustPolicy(QComboBox.AdjustToContents)

    @property
    def kind(self) -> str | None:
        return self.currentData()

    def set_kinds(self, kinds: list[dict]) -> None:
        """The kinds to choose from; the chosen one stays chosen while it is there (no signal)."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_KINDS, None)
        for kind in kinds:
            self.addItem(kind["plural"], kind["id"])
        index = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)


class CycleChooser(QComboBox):
    """The cycles of the database; ``cycle`` is the chosen name (None: none yet)."""

    def __init__(self, em: int, parent=None):
        super().__init__(parent)
        self.setObjectName("cycleChooser")
        self.setToolTip("Elke telling en lijst is van deze cyclus")
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    @property
    def cycle(self) -> str | None:
        return self.currentData()

    def set_cycles(self, cycles: list[dict], chosen: str | None) -> None:
        """The cycles to choose from, ``chosen`` chosen (no signal)."""
        self.blockSignals(True)
        self.clear()
        for c in cycles:
            self.addItem(c["name"], c["name"])
            self.setItemData(self.count() - 1,
                             f"{c['name']}: {diensten_count(c['diensten'])}, {findings_word(c['findings'])}"
                             + (" (standaard)" if c["default"] else ""), Qt.ToolTipRole)
        index = self.findData(chosen)
        self.setCurrentIndex(max(index, 0) if cycles else -1)
        self.setToolTip(f"Cyclus {self.currentText()}: elke telling en lijst is van deze cyclus"
                        if cycles else "Elke telling en lijst is van deze cyclus")
        self.blockSignals(False)


def diensten_count(n: int) -> str:
    return f"{n} dienst" if n == 1 else f"{n} diensten"


class DienstenList(QListWidget):
    """The imported visitations, one item each (its visitation id as Qt.UserRole)."""

    def __init__(self, em: int, parent=None):
        super().__init__(parent)
        self.setObjectName("dienstenList")
        self.setWordWrap(True)
        self.setResizeMode(QListWidget.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setMinimumWidth(em * 12)
        self.setStyleSheet("QListWidget#dienstenList::item { padding: 4px 2px; "
                           "border-bottom: 1px solid #e3e7ea; }")
        self.setToolTip("Ingelezen visitaties; kies er een om naar haar kolom te gaan")

    def show_visitations(self, visits: list[dict]) -> None:
        self.blockSignals(True)
        self.clear()
        for v in visits:
            item = QListWidgetItem(f"{v['dienst']}\n{v['start']} – {v['end']}\n"
                                   f"{findings_word(v['findings'])} · kader {v['framework_version']}")
            item.setData(Qt.UserRole, v["id"])
            item.setToolTip(f"{v['dienst']}\nVisitatie {v['start']} t/m {v['end']}\n"
                            f"{findings_word(v['findings'])}\nKader {v['framework_id']} versie "
                            f"{v['framework_version']}\nPakket geëxporteerd {v['exported']}")
            self.addItem(item)
        self.blockSignals(False)
