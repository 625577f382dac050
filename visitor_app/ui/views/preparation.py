"""Voorbereiding: the questions members prepare per conversation or theme, and the
zelfevaluatie summarised per theme. Both show in the guide of the conversation view.

Eigen vragen: pick a conversation (or a theme) and whose question it is, type it, Enter.
The list groups every member's questions by conversation, then by theme, with whose it is
and where it was asked; "Alleen mijn vragen" narrows it to yours and the commission's.
Double-click or F2 edits a question's text in place; Delete removes it (after asking).

Zelfevaluatie: a theme on the left, its summary on the right, saved as you type.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QStyledItemDelegate,
    QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.ui import ask, ops
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin
from visitor_app.ui.widgets import CalmComboBox

ID_ROLE = Qt.UserRole
COMMISSION = "De hele commissie"
SHORTCUTS = (("Enter", "Eigen vraag toevoegen (in het tekstvak van Voorbereiding)"),
             ("F2", "Eigen vraag bewerken (in de lijst van Voorbereiding)"),
             ("Delete", "Eigen vraag verwijderen (in de lijst van Voorbereiding)"))


class WrappingDelegate(QStyledItemDelegate):
    """Rows as high as their wrapped question (a tree view sizes rows as if text never wraps)."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):  # noqa: N802 (Qt name)
        hint = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(index.column()) - self.tree.indentation() * (depth + 1) * (
            index.column() == 0) - 12
        text = str(index.data() or "")
        if width <= 20 or not text:
            return hint
        bound = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap, text)
        return QSize(hint.width(), max(hint.height(), bound.height() + 6))


class PreparationView(LazyMixin, QWidget):
    title = "Voorbereiding"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._filling = False
        self._owner_for = None  # the "who am I" the Van choice was made under
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preparationTabs")
        self.tabs.addTab(self._questions_tab(), "&Eigen vragen")
        self.tabs.addTab(self._summaries_tab(), "&Zelfevaluatie per thema")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.watch(ctx, "questions", "self_evaluation", "programme", "members", "team", skip_own=True)

    # -- building ------------------------------------------------------------------------------
    def _questions_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel("Bereid per gesprek of per thema je eigen vragen voor. In het gesprek staan ze "
                       "boven de vragen van het kader en vink je ze af; een vraag die niet aan bod "
                       "kwam, schuift door naar het volgende gesprek.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(60)
        self.target = CalmComboBox()
        self.target.setObjectName("ownQuestionTarget")
        self.target.setAccessibleName("Voor welk gesprek of thema")
        self.owner = CalmComboBox()
        self.owner.setObjectName("ownQuestionOwner")
        self.owner.setAccessibleName("Van wie")
        self.text = QLineEdit()
        self.text.setObjectName("ownQuestionText")
        self.text.setPlaceholderText("Nieuwe eigen vraag … Enter = toevoegen")
        self.text.returnPressed.connect(self.add)
        self.add_button = QPushButton("&Toevoegen")
        self.add_button.setObjectName("ownQuestionAdd")
        self.add_button.clicked.connect(self.add)
        for_label, by_label = QLabel("&Voor"), QLabel("Va&n")
        for_label.setBuddy(self.target)
        by_label.setBuddy(self.owner)
        pick = QHBoxLayout()
        pick.addWidget(for_label)
        pick.addWidget(self.target, 3)
        pick.addWidget(by_label)
        pick.addWidget(self.owner, 1)
        typing = QHBoxLayout()
        typing.addWidget(self.text, 1)
        typing.addWidget(self.add_button)

        self.tree = QTreeWidget()
        self.tree.setObjectName("ownQuestions")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Vraag", "Van", "Gesteld"])
        self.tree.setWordWrap(True)  # a long question wraps instead of ending in "…"
        self.tree.setTextElideMode(Qt.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        self.tree.setColumnWidth(1, 130)
        self.tree.setColumnWidth(2, 130)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())  # wrap to the new width
        self.tree.itemChanged.connect(self._edited)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        delete = QShortcut(QKeySequence(QKeySequence.Delete), self.tree, context=Qt.WidgetShortcut)
        delete.activated.connect(self.remove)
        self.mine = QCheckBox("Alleen &mijn vragen")
        self.mine.setObjectName("ownQuestionsMine")
        self.mine.setToolTip("Alleen je eigen vragen en die van de hele commissie (kies bij 'Ik' wie je bent)")
        self.mine.toggled.connect(lambda _on: self.reload())
        self.remove_button = QPushButton("Ver&wijderen")
        self.remove_button.setObjectName("ownQuestionRemove")
        self.remove_button.clicked.connect(self.remove)
        self.count = QLabel()
        self.count.setObjectName("ownQuestionsCount")
        below = QHBoxLayout()
        below.addWidget(self.mine)
        below.addWidget(self.count, 1)
        below.addWidget(self.remove_button)

        lay = QVBoxLayout(tab)
        lay.addWidget(intro)
        lay.addLayout(pick)
        lay.addLayout(typing)
        lay.addWidget(self.tree, 1)
        lay.addLayout(below)
        return tab

    def _summaries_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel("Vat per thema kort samen wat de dienst in de zelfevaluatie over zichzelf zegt. "
                       "In het gesprek staat de samenvatting bij de vragen van dat thema. Wordt "
                       "bewaard terwijl je typt.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(60)
        self.themes = QListWidget()
        self.themes.setObjectName("selfEvaluationThemes")
        self.themes.setWordWrap(True)
        self.themes.setMinimumWidth(120)
        for theme in self.ctx.framework.themes:
            item = QListWidgetItem(theme["name"])
            item.setData(ID_ROLE, theme["id"])
            self.themes.addItem(item)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("selfEvaluationText")
        self.summary.setPlaceholderText("Wat zegt de dienst in de zelfevaluatie over dit thema? "
                                        "Bijvoorbeeld met paginanummers.")
        self.summary.setTabChangesFocus(True)
        self.saver = Debounced(self.summary, self._save_summary)
        self.summary.textChanged.connect(self._summary_typed)
        self.summary_theme: str | None = None
        self.themes.currentItemChanged.connect(self._theme_chosen)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.themes)
        split.addWidget(self.summary)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(tab)
        lay.addWidget(intro)
        lay.addWidget(split, 1)
        return tab

    # -- loading -------------------------------------------------------------------------------
    def editing(self) -> bool:
        return self.saver.pending() or self.tree.state() == QAbstractItemView.EditingState

    def reload(self) -> None:
        self._fill_choices()
        self._fill_questions()
        self._fill_summaries()
        self.stale = False

    def _me(self) -> str | None:
        return self.ctx.visit.current_member

    def _fill_choices(self) -> None:
        visit = self.ctx.visit
        target, owner = self.target.currentData(), self.owner.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for s in visit.programme.sessions():
            self.target.addItem(f"Dag {s['day']} {s['start']}  {s['title']}", ("session", s["id"]))
        if self.target.count():
            self.target.insertSeparator(self.target.count())
        for theme in self.ctx.framework.themes:
            self.target.addItem(f"Thema: {theme['name']}", ("theme", theme["id"]))
        # by hand: findData does not compare tuples, and a separator's data is None too
        at = next((i for i in range(self.target.count()) if target is not None
                   and self.target.itemData(i) == target), 0)
        self.target.setCurrentIndex(at)
        self.target.blockSignals(False)
        chosen = self.owner.currentIndex() >= 0 and self._owner_for == self._me()
        self.owner.clear()
        for m in visit.members.list():
            self.owner.addItem(m["name"], m["id"])
        self.owner.addItem(COMMISSION, None)
        # the choice made stays; a new "who am I" starts from that member (else the commission)
        want = owner if chosen else self._me()
        at = next((i for i in range(self.owner.count()) if self.owner.itemData(i) == want),
                  self.owner.count() - 1)
        self.owner.setCurrentIndex(at)
        self._owner_for = self._me()
        self.mine.setEnabled(self._me() is not None)

    def _fill_questions(self) -> None:
        visit = self.ctx.visit
        selected = set(self.selected_ids())
        only = self.mine.isChecked() and self._me() is not None
        rows = visit.own_questions.list(self._me() if only else ...)
        self._filling = True
        try:
            self.tree.clear()
            groups: dict[tuple, QTreeWidgetItem] = {}
            for q in rows:
                key = ("session", q["session_id"]) if q["session_id"] else ("theme", q["theme"])
                group = groups.get(key)
                if group is None:
                    label = (f"Gesprek {q['session_label']}" if q["session_id"]
                             else f"Thema {q['theme_name']}")
                    if q["session_removed"]:
                        label += " (uit het programma gehaald; de vragen schuiven door)"
                    group = groups[key] = QTreeWidgetItem([label])
                    group.setFlags(Qt.ItemIsEnabled)
                    group.setFirstColumnSpanned(True)
                    font = group.font(0)
                    font.setBold(True)
                    group.setFont(0, font)
                    self.tree.addTopLevelItem(group)
                    group.setFirstColumnSpanned(True)
                item = QTreeWidgetItem([q["text"], q["member"] or "commissie",
                                        q["asked_when"] or "nog niet"])
                item.setData(0, ID_ROLE, q["id"])
                for column in (1, 2):  # beside the first line of a long question
                    item.setTextAlignment(column, Qt.AlignLeft | Qt.AlignTop)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable)
                item.setToolTip(0, "Dubbelklik of F2 om te bewerken")
                if q["asked_label"]:
                    item.setToolTip(2, f"Gesteld in {q['asked_label']}")
                group.addChild(item)
                if q["id"] in selected:
                    item.setSelected(True)
            self.tree.expandAll()
        finally:
            self._filling = False
        open_ = sum(1 for q in rows if not q["asked_session_id"])
        self.count.setText((f"{len(rows)} {'eigen vraag' if len(rows) == 1 else 'eigen vragen'}, "
                            f"{open_} nog niet gesteld") if rows else "Nog geen eigen vragen.")
        self._update_buttons()

    def _fill_summaries(self) -> None:
        summaries = self.ctx.visit.self_evaluation.all()
        for row in range(self.themes.count()):
            item = self.themes.item(row)
            theme = item.data(ID_ROLE)
            name = self.ctx.theme_name(theme)
            item.setText(f"✓ {name}" if summaries.get(theme) else name)
        if self.themes.currentRow() < 0 and self.themes.count():
            self.themes.setCurrentRow(0)  # shows its text (_theme_chosen)
        elif not self.saver.pending():
            self._show_summary(self.summary_theme)

    def member_changed(self) -> None:
        """Who I am changed (Bestand > Wie ben ik): Van and "Alleen mijn vragen" follow."""
        self.mark_stale()

    # -- own questions -------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        return [it.data(0, ID_ROLE) for it in self.tree.selectedItems() if it.data(0, ID_ROLE)]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_ids()))

    def add(self) -> None:
        text = self.text.text()
        choice = self.target.currentData()
        if not text.strip() or not choice:
            self.ctx.status.emit("Typ eerst een vraag.") if not text.strip() else None
            return
        kind, value = choice
        where = {"session_id": value} if kind == "session" else {"theme": value}

        where_text = self.target.currentText().strip()

        def done(changes):
            self.text.clear()
            self.reload()
            self.ctx.status.emit(f"Eigen vraag toegevoegd bij {where_text}")
        ops.op(self.ctx, self.ctx.visit.own_questions.add, text, member_id=self.owner.currentData(),
               initiator=self, on_done=done, on_error=ops.refusal_as_status(self.ctx), **where)

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or not item.data(0, ID_ROLE):
            return
        ops.op(self.ctx, self.ctx.visit.own_questions.update, item.data(0, ID_ROLE), text=item.text(0),
               initiator=self, on_error=self._refused)

    def _refused(self, exc) -> None:
        ops.refusal_as_status(self.ctx)(exc)
        self.reload()  # show what the file holds

    def remove(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        texts = [it.text(0) for it in self.tree.selectedItems() if it.data(0, ID_ROLE)]
        shown = texts[0] if len(texts) == 1 else f"{len(texts)} eigen vragen"
        if ask.question(self, "Eigen vraag verwijderen", f"Wil je '{shown}' verwijderen?") != QMessageBox.Yes:
            return
        def done(_changes):
            self.reload()
            self.ctx.status.emit(f"Verwijderd: {shown}")
            first = next((self.tree.topLevelItem(i).child(0) for i in range(self.tree.topLevelItemCount())
                          if self.tree.topLevelItem(i).childCount()), None)
            if first is not None:  # the keyboard goes on in the list
                self.tree.setCurrentItem(first)
        ops.op(self.ctx, self.ctx.visit.own_questions.remove, ids, initiator=self, on_done=done)

    # -- zelfevaluatie -------------------------------------------------------------------------
    def _theme_chosen(self, current, _previous=None) -> None:
        self.saver.flush()  # the text typed for the theme before
        self._show_summary(current.data(ID_ROLE) if current else None)

    def _show_summary(self, theme: str | None) -> None:
        self.summary_theme = theme
        self._filling = True
        try:
            self.summary.setPlainText(self.ctx.visit.self_evaluation.get(theme) if theme else "")
        finally:
            self._filling = False
        self.summary.setEnabled(theme is not None)

    def _summary_typed(self) -> None:
        if not self._filling:
            self.saver.touch()

    def _save_summary(self) -> None:
        theme = self.summary_theme
        if theme is None:
            return

        def done(_changes):
            summaries = self.ctx.visit.self_evaluation.all()
            for row in range(self.themes.count()):
                item = self.themes.item(row)
                if item.data(ID_ROLE) == theme:
                    name = self.ctx.theme_name(theme)
                    item.setText(f"✓ {name}" if summaries.get(theme) else name)
        ops.op(self.ctx, self.ctx.visit.self_evaluation.set, theme, self.summary.toPlainText(),
               initiator=self, on_done=done)

    def flush_draft(self) -> None:
        """Store the summary still waiting for its debounce (switching away, closing)."""
        self.saver.flush()
