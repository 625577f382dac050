"""The observation board: every observation, filtered, searched as you type, edited in place."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMenu, QPlainTextEdit, QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout,
    QWidget,
)

from visitor_app.domain.records import RECORDS
from visitor_app.ui import ops
from visitor_app.ui.context import AppContext
from visitor_app.ui.session_picker import GENERAL_LABEL, SessionPicker, session_choices
from visitor_app.ui.views.lazy import LazyMixin

COLUMNS = RECORDS["observations"].columns()  # declared with the record type
EDITABLE = {"text", "theme", "kind", "subtheme", "session_id"}
TEXT_COLUMN = [key for key, _heading in COLUMNS].index("text")  # what F2 edits
GENERAL_FILTER = "(algemeen)"  # the Gesprek filter's choice for observations at no conversation
SESSION_COLUMN = [key for key, _heading in COLUMNS].index("session_id")  # Gesprek: a combo moves it
GENERAL = "Algemeen"  # what the Gesprek column says of an observation at no conversation


class ObservationModel(QAbstractTableModel):
    edited = Signal(str, dict)  # observation id, changes

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.sessions: dict[str, str] = {}
        self.members: dict[str, str] = {}

    def set_rows(self, rows, sessions, members) -> None:
        self.beginResetModel()
        self.rows, self.sessions, self.members = rows, sessions, members
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section][1]
        return None

    def display(self, row: dict, key: str) -> str:
        if key == "theme":
            return self.ctx.theme_name(row["theme"])
        if key == "subtheme":
            return self.ctx.subtheme_name(row["theme"], row["subtheme"])
        if key == "kind":
            return self.ctx.kind_name(row["kind"])
        if key == "session_id":
            if row["session_id"] is None:  # a dossier's note is at no conversation either
                return "" if row.get("case_file_id") or row.get("partner_interview_id") else GENERAL
            return self.sessions.get(row["session_id"], "(verwijderd gesprek)")
        if key == "author":
            return self.members.get(row["author"], "")
        if key == "created":
            stamp = datetime.fromisoformat(row["created"].replace("Z", "+00:00")).astimezone()
            return stamp.strftime("%d-%m %H:%M")
        if key == "text":
            return row["text"]
        return ""

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if key == "pinned":
            if role == Qt.CheckStateRole:
                return Qt.Checked if row["pinned"] else Qt.Unchecked
            return None
        if role == Qt.ToolTipRole and key == "text" and row.get("evidence"):
            return f"{row['text']}\n\nBron: {row['evidence']}"  # a reading note: "<title>, p. 12"
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.display(row, key)
        if role == Qt.EditRole:
            return row.get(key)
        if role == Qt.UserRole:
            return row["id"]
        return None

    def flags(self, index):
        base = super().flags(index)
        key = COLUMNS[index.column()][0]
        if key == "pinned":
            return base | Qt.ItemIsUserCheckable
        if key in EDITABLE:
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.EditRole):
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if key == "pinned" and role == Qt.CheckStateRole:
            pinned = Qt.CheckState(value) == Qt.Checked
            row["pinned"] = pinned
            self.edited.emit(row["id"], {"pinned": pinned})
        elif key in EDITABLE and role == Qt.EditRole:
            value = value.strip() if isinstance(value, str) else value
            if key == "text" and not value:
                return False
            if value == row.get(key):
                return False
            changes = {key: value}
            row[key] = value
            if key == "theme":
                row["subtheme"] = None
            self.edited.emit(row["id"], changes)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for theme, subtheme and kind."""

    def __init__(self, options_for, parent=None):
        super().__init__(parent)
        self.options_for = options_for  # (row dict) -> [(id, name)]

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        row = index.model().rows[index.row()]
        for value, label in self.options_for(row):
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)


class TextDelegate(QStyledItemDelegate):
    """Editing an observation's text in place over several lines: the editor is a few lines
    tall (over the rows below), Shift+Enter makes a new line, Enter or leaving the cell
    stores, Esc cancels."""

    LINES = 5

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt name)
        editor = QPlainTextEdit(parent)
        editor.setObjectName("boardTextEditor")
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor, index):  # noqa: N802 (Qt name)
        editor.setPlainText(index.data(Qt.EditRole) or "")
        editor.moveCursor(QTextCursor.End)

    def setModelData(self, editor, model, index):  # noqa: N802 (Qt name)
        model.setData(index, editor.toPlainText(), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index):  # noqa: N802 (Qt name)
        rect = option.rect
        tall = editor.fontMetrics().lineSpacing() * self.LINES + 12
        room = editor.parentWidget().height() - rect.top()  # stays inside the table
        if room < tall:
            rect.moveTop(max(0, rect.top() - (tall - room)))
        rect.setHeight(max(rect.height(), min(tall, editor.parentWidget().height())))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event):  # noqa: N802 (Qt name)
        if (event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter)
                and not event.modifiers() & Qt.ShiftModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
            return True
        return super().eventFilter(editor, event)


class BoardView(LazyMixin, QWidget):
    title = "Waarnemingen"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        fw = ctx.framework
        self.undo_stack: list[list[str]] = []

        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText("Zoek in alle waarnemingen (Ctrl+F) …")
        self.search.setClearButtonEnabled(True)
        self.theme = QComboBox()
        self.theme.setObjectName("boardTheme")
        self.theme.addItem("Alle thema's", None)
        for t in fw.themes:
            self.theme.addItem(t["name"], t["id"])
        self.subtheme = QComboBox()
        self.subtheme.setObjectName("boardSubtheme")
        self.kind = QComboBox()
        self.kind.setObjectName("boardKind")
        self.kind.addItem("Alle soorten", None)
        for k in fw.observation_kinds:
            self.kind.addItem(k["plural"], k["id"])
        self.session = QComboBox()
        self.session.setObjectName("boardSession")
        self.member = QComboBox()
        self.member.setObjectName("boardMember")
        self.pinned = QCheckBox("Alleen vastgepind")
        self.pinned.setObjectName("boardPinned")
        self.count = QLabel()
        self.count.setObjectName("boardCount")
        self.undo_button = QPushButton("Verwijderen ongedaan maken")
        self.undo_button.setObjectName("boardUndo")
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo_delete)

        self.model = ObservationModel(ctx, self)
        self.model.edited.connect(self._save_edit)
        self.table = QTableView()
        self.table.setObjectName("boardTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        # F2 edits the observation's text, whichever cell is current; the other columns open
        # with a double click (a theme or kind is changed less often than a typo)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked)
        edit_text = QShortcut(QKeySequence("F2"), self.table)
        edit_text.setContext(Qt.WidgetShortcut)
        edit_text.activated.connect(self.edit_text)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        for col, width in ((0, 48), (1, 170), (2, 130), (3, 100), (5, 130), (6, 120), (7, 100)):  # the text takes the rest
            self.table.setColumnWidth(col, width)
        self.table.itemDelegate().closeEditor.connect(self.editor_closed)
        themes = [(t["id"], t["name"]) for t in fw.themes]
        kinds = [(k["id"], k["name"]) for k in fw.observation_kinds]
        self.table.setItemDelegateForColumn(1, ChoiceDelegate(lambda r: themes, self))
        self.table.setItemDelegateForColumn(3, ChoiceDelegate(lambda r: kinds, self))
        self.table.setItemDelegateForColumn(2, ChoiceDelegate(
            lambda r: [(None, "— geen —")] + [(s["id"], s["name"]) for s in fw.subthemes(r["theme"])], self))
        self.table.setItemDelegateForColumn(SESSION_COLUMN, ChoiceDelegate(self._session_options, self))
        self.table.setItemDelegateForColumn(TEXT_COLUMN, TextDelegate(self))
        for col in (1, 2, 3, SESSION_COLUMN, TEXT_COLUMN):
            self.table.itemDelegateForColumn(col).closeEditor.connect(self.editor_closed)
        # moving to another conversation: Ctrl+M (a picker), or the context menu of the table
        self.move_action = QAction("Verplaatsen naar ander gesprek …", self)
        self.move_action.setObjectName("boardMove")
        self.move_action.setShortcut(QKeySequence("Ctrl+M"))
        self.move_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.move_action.triggered.connect(self.move_selected)
        self.addAction(self.move_action)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.picker: SessionPicker | None = None

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 4)
        filters.addWidget(self.pinned, 0, 4)
        filters.addWidget(self.theme, 1, 0)
        filters.addWidget(self.subtheme, 1, 1)
        filters.addWidget(self.kind, 1, 2)
        filters.addWidget(self.session, 1, 3)
        filters.addWidget(self.member, 1, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.undo_button)
        hint = QLabel("Dubbelklik of F2 om te bewerken · Ctrl+P vastpinnen · Del verwijderen · "
                      "Ctrl+Z ongedaan maken · Ctrl+M naar ander gesprek")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        bottom.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.mark_stale)
        self.search.textChanged.connect(self.search_timer.start)
        self.theme.currentIndexChanged.connect(self._theme_changed)
        for combo in (self.subtheme, self.kind, self.session, self.member):
            combo.currentIndexChanged.connect(self.mark_stale)
        self.pinned.toggled.connect(self.mark_stale)
        for keys, slot in (("Delete", self.delete_selected), ("Ctrl+Z", self.undo_delete),
                           ("Ctrl+P", self.toggle_pin)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.watch(ctx, "observations", "programme", "members")
        self._fill_choice_lists()
        self._theme_changed()

    def edit_text(self) -> None:
        """F2: the editor on the current row's text."""
        current = self.table.currentIndex()
        if current.isValid():
            index = self.model.index(current.row(), TEXT_COLUMN)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    # -- filters -----------------------------------------------------------------------------
    def on_changes(self, changes) -> None:
        if changes.touches("programme", "members"):
            self._fill_choice_lists()  # the filters list the conversations and members
        if changes.touches("observations") and self.ctx.initiator is not self:
            self.mark_stale()

    def _fill_choice_lists(self) -> None:
        for combo, first, items in (
            (self.session, "Alle gesprekken",
             [(GENERAL_FILTER, GENERAL_LABEL)]
             + [(s["id"], f"Dag {s['day']} {s['start']} {s['title']}") for s in self.ctx.visit.programme.sessions()]),
            (self.member, "Alle leden", [(m["id"], m["name"]) for m in self.ctx.visit.members.list()]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for value, label in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.mark_stale()

    def _theme_changed(self) -> None:
        theme_id = self.theme.currentData()
        self.subtheme.blockSignals(True)
        self.subtheme.clear()
        self.subtheme.addItem("Alle subthema's", None)
        if theme_id:
            for s in self.ctx.framework.subthemes(theme_id):
                self.subtheme.addItem(s["name"], s["id"])
        self.subtheme.setEnabled(bool(theme_id))
        self.subtheme.blockSignals(False)
        self.mark_stale()

    def filters(self) -> dict:
        out = {}
        for key, combo in (("theme", self.theme), ("subtheme", self.subtheme), ("kind", self.kind),
                           ("session_id", self.session), ("author", self.member)):
            if combo.currentData() == GENERAL_FILTER:
                out[key] = None  # at no conversation (Algemeen)
            elif combo.currentData():
                out[key] = combo.currentData()
        if self.pinned.isChecked():
            out["pinned"] = True
        return out

    def editing(self) -> bool:
        return self.table.state() == QAbstractItemView.EditingState

    def reload(self) -> None:
        visit = self.ctx.visit
        query = self.search.text().strip()
        if query:  # best match first, with the filters in the same query
            rows = visit.observations.search(query, limit=100000, **self.filters())
        else:
            rows = visit.observations.list(**self.filters())
            rows.sort(key=lambda r: r["created"], reverse=True)
        sessions = {s["id"]: f"Dag {s['day']} {s['start']} {s['title']}" for s in visit.programme.sessions()}
        selected = set(self.selected_ids())
        current = self.table.currentIndex()
        current_id = self.model.rows[current.row()]["id"] if current.isValid() else None
        self.model.set_rows(rows, sessions, visit.members.names())
        self._reselect(selected, current_id, current.column() if current.isValid() else 0)
        self.count.setText(f"{len(rows)} waarneming(en)")
        self.stale = False

    def _reselect(self, selected: set, current_id: str | None, column: int) -> None:
        """After a refresh the same observations stay selected and current (arrow keys and
        Ctrl+P keep working)."""
        chooser = self.table.selectionModel()
        for row, obs in enumerate(self.model.rows):
            if obs["id"] == current_id:
                chooser.setCurrentIndex(self.model.index(row, column), QItemSelectionModel.NoUpdate)
            if obs["id"] in selected:
                chooser.select(self.model.index(row, 0),
                               QItemSelectionModel.Select | QItemSelectionModel.Rows)

    # -- edits -------------------------------------------------------------------------------
    def _save_edit(self, obs_id: str, changes: dict) -> None:
        if "session_id" in changes:  # the Gesprek combo: a move, with its checks
            self.move([obs_id], changes["session_id"])
            return
        ops.op(self.ctx, self.ctx.visit.observations.update, obs_id, **changes,
               on_done=self._edited, initiator=self)  # the row shows the change already

    def _edited(self, _changes=None) -> None:
        self.ctx.status.emit("Wijziging opgeslagen.")

    # -- moving to another conversation -------------------------------------------------------
    def _session_options(self, row: dict) -> list[tuple[str | None, str]]:
        options = [(None, GENERAL_LABEL)] + list(self.model.sessions.items())
        if row["session_id"] and row["session_id"] not in self.model.sessions:
            options.append((row["session_id"], "(verwijderd gesprek)"))  # opening the combo moves nothing
        return options

    def _table_menu(self, pos) -> None:
        ids = self.selected_ids()
        menu = QMenu(self)
        to = menu.addMenu(f"Verplaatsen naar ({len(ids)} geselecteerd)")
        to.setObjectName("boardMoveMenu")
        to.setEnabled(bool(ids))
        for value, label in [(None, GENERAL_LABEL)] + list(self.model.sessions.items()):
            to.addAction(label, lambda v=value: self.move(self.selected_ids(), v))
        self.move_action.setEnabled(bool(ids))
        menu.addAction(self.move_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        self.move_action.setEnabled(True)

    def move_selected(self) -> SessionPicker | None:
        """Ctrl+M: the selected observations to the conversation picked by name (or Algemeen)."""
        ids = self.selected_ids()
        if not ids:
            self.ctx.status.emit("Selecteer eerst de waarneming(en) die je wilt verplaatsen.")
            return None
        picker = SessionPicker(session_choices(self.ctx), "Verplaatsen naar gesprek",
                               f"{len(ids)} waarneming(en) verplaatsen naar welk gesprek?", None, self)
        picker.accepted.connect(lambda: self.move(ids, picker.chosen()))
        picker.finished.connect(lambda _result: (self.window().activateWindow(), self.table.setFocus()))
        self.picker = picker
        picker.open()  # window-modal, without blocking the event loop
        return picker

    def move(self, ids: list[str], session_id: str | None) -> None:
        if not ids:
            return
        label = GENERAL if session_id is None else self.model.sessions.get(session_id, session_id)

        def refused(exc):
            self.mark_stale()  # the row shows what the file has again
            ops.refusal_as_status(self.ctx)(exc)

        ops.op(self.ctx, self.ctx.visit.observations.move, ids, session_id, on_error=refused,
               on_done=lambda changes: self.ctx.status.emit(
                   f"{len(changes.ids)} waarneming(en) verplaatst naar: {label}."))

    def selected_ids(self) -> list[str]:
        return [self.model.rows[i.row()]["id"] for i in self.table.selectionModel().selectedRows()]

    def toggle_pin(self) -> None:
        for index in self.table.selectionModel().selectedRows():
            row = self.model.rows[index.row()]
            self.model.setData(self.model.index(index.row(), 0),
                               Qt.Unchecked if row["pinned"] else Qt.Checked, Qt.CheckStateRole)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.undo_stack.append(ids)
        ops.op(self.ctx, self.ctx.visit.observations.delete, ids, on_done=self._deleted)

    def _deleted(self, changes) -> None:
        self.ctx.status.emit(f"{len(changes.ids)} waarneming(en) verwijderd. Ctrl+Z maakt dit ongedaan.")
        self.undo_button.setVisible(True)

    def undo_delete(self) -> None:
        if not self.undo_stack:
            return
        ids = self.undo_stack.pop()

        def done(_):
            self.ctx.status.emit(f"{len(ids)} waarneming(en) teruggezet.")
            self.undo_button.setVisible(bool(self.undo_stack))

        ops.op(self.ctx, self.ctx.visit.observations.restore, ids, on_done=done)
