"""The two-day programme as a table: add, edit, move, remove sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.services.programme import overlaps as overlapping_sessions
from visitor_app.ui import ask, ops
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin

OVERLAP_MARK = "\u26a0"  # ⚠ before the time of a session that overlaps another
OVERLAP_FILL = QColor("#fde9c8")
COLUMNS = ["Dag", "Datum", "Tijd", "Gesprek", "Titel", "Deelnemers (functie)", "Thema's", "Waarnemingen"]


class ProgrammeView(LazyMixin, QWidget):
    title = "Programma"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("programmeTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        for col in (4, 5, 6):  # title, participants, themes share the rest
            header.setSectionResizeMode(col, QHeaderView.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit())
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Toevoegen …")
        self.add_button.setObjectName("programmeAdd")
        self.edit_button = QPushButton("&Bewerken …")
        self.edit_button.setObjectName("programmeEdit")
        self.earlier_button = QPushButton("Dag e&erder")
        self.later_button = QPushButton("Dag &later")
        self.remove_button = QPushButton("&Verwijderen")
        self.remove_button.setObjectName("programmeRemove")
        for b in (self.add_button, self.edit_button, self.earlier_button, self.later_button,
                  self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.earlier_button.clicked.connect(lambda: self.move_day(-1))
        self.later_button.clicked.connect(lambda: self.move_day(+1))
        layout = QVBoxLayout(self)
        intro = QLabel("Het programma van het bezoek. Dubbelklik om een onderdeel te bewerken of naar "
                       "een andere dag en tijd te verplaatsen. "
                       "Deelnemers staan op functie; namen zijn optioneel en komen niet in het rapport.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        self.overlap_note = QLabel()
        self.overlap_note.setObjectName("programmeOverlaps")
        self.overlap_note.setWordWrap(True)
        self.overlap_note.hide()
        layout.addWidget(self.overlap_note)
        layout.addLayout(buttons)
        self.watch(ctx, "programme", "observations", "details")

    def reload(self) -> None:
        selected = self.selected_id()
        sessions = self.ctx.visit.programme.sessions()
        counts = {s["id"]: s["observations"] for s in self.ctx.visit.programme.coverage()["sessions"]}
        convs = {c["id"]: c for c in self.ctx.framework.conversation_types}
        overlaps = overlapping_sessions(sessions)
        self.table.setRowCount(len(sessions))
        for row, s in enumerate(sessions):
            conv = convs.get(s["conversation"], {})
            clashes = overlaps.get(s["id"], [])
            time = f"{s['start']}–{s['end']}"
            values = [str(s["day"]), s["date"], f"{OVERLAP_MARK} {time}" if clashes else time,
                      conv.get("short", s["conversation"]), s["title"],
                      ", ".join(p["function"] for p in s["participants"]),
                      ", ".join(self.ctx.theme_name(t) for t in s["themes"]),
                      str(counts.get(s["id"], 0))]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, s["id"])
                if col == 7:
                    item.setTextAlignment(Qt.AlignCenter)
                if clashes:
                    item.setBackground(QBrush(OVERLAP_FILL))
                    item.setToolTip("Overlapt met " + "; ".join(
                        f"\u2018{c['title']}\u2019 ({c['start']}–{c['end']})" for c in clashes))
                self.table.setItem(row, col, item)
            if s["id"] == selected:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()
        if overlaps:
            self.overlap_note.setText(
                f"{OVERLAP_MARK} {len(overlaps)} onderdelen overlappen in tijd met een ander "
                "onderdeel op dezelfde dag (gemarkeerd). Wijs naar een rij om te zien met welk.")
        self.overlap_note.setVisible(bool(overlaps))
        self.stale = False

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.UserRole)

    def _dialog(self, session: dict | None, save):
        """The session dialog; ``save(values, on_done, on_error)`` runs the service call, and
        the dialog stays open (with what was typed) when the service refuses."""
        from visitor_app.ui.dialogs import SessionDialog
        programme = self.ctx.visit.programme
        return SessionDialog(self.ctx.framework, programme.dates(), session,
                             others=programme.sessions(), submit=save, parent=self)

    def add(self) -> None:
        def save(values, done, refused):
            ops.op(self.ctx, self.ctx.visit.programme.add, **values, on_done=done, on_error=refused)
        self._dialog(None, save).exec()

    def edit(self) -> None:
        session_id = self.selected_id()
        if not session_id:
            return

        def save(values, done, refused):
            if values["themes"] is None:
                values["themes"] = self.ctx.framework.default_themes_for(values["conversation"])
            ops.op(self.ctx, self.ctx.visit.programme.update, session_id, **values,
                   on_done=done, on_error=refused)
        self._dialog(self.ctx.visit.programme.get(session_id), save).exec()

    def move_day(self, delta: int) -> None:
        session_id = self.selected_id()
        if not session_id:
            return
        ops.op(self.ctx, self.ctx.visit.programme.move, session_id, delta,
               on_error=ops.refusal_as_status(self.ctx))

    def remove(self) -> None:
        session_id = self.selected_id()
        if not session_id:
            return
        s = self.ctx.visit.programme.get(session_id)
        prepared = sum(1 for q in self.ctx.visit.own_questions.list() if q["session_id"] == session_id)
        kept = "De eigen vraag ervoor blijft" if prepared == 1 else f"De {prepared} eigen vragen ervoor blijven"
        extra = (f"\n{kept} bewaard; wat nog niet gesteld is, schuift door naar de gesprekken "
                 "erna." if prepared else "")
        answer = ask.question(
            self, "Programmaonderdeel verwijderen",
            f"'{s['title']}' (dag {s['day']}, {s['start']}) uit het programma halen?\n"
            "Waarnemingen bij dit gesprek blijven bewaard." + extra)
        if answer == ask.YES:
            ops.op(self.ctx, self.ctx.visit.programme.remove, session_id)
