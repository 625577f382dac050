"""The guide of one conversation: its questions per theme, each ticked off when discussed.

Keys: Space ticks or unticks the current question (in the list), Enter ticks it and goes to
the next; Ctrl+B does the same anywhere in the conversation view (while typing too), so the
guide keeps up without the mouse. A tick is stored at once (``visit.questions``).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.ui import ops
from visitor_app.ui.context import AppContext

TICK_NEXT_KEY = "Ctrl+B"  # "besproken": tick the current question, go to the next
TICK_LABEL = "besproken"
SHORTCUTS = ((TICK_NEXT_KEY, "Huidige gespreksvraag besproken, naar de volgende (ook tijdens het typen)"),
             ("Spatie", "Gespreksvraag aan- of uitvinken (in de lijst met vragen)"),
             ("Enter", "Gespreksvraag besproken, naar de volgende (in de lijst met vragen)"))
MIN_WIDTH = 70  # of the texts above and below the questions, as narrow as the list itself
QUESTION_ROLE = Qt.UserRole  # the question id
TEXT_ROLE = Qt.UserRole + 1  # the question as the guide words it
PREVIOUS_ROLE = Qt.UserRole + 2  # a point of the previous visitation (read only)
OWN_ROLE = Qt.UserRole + 3  # the id of a question a member prepared (services/preparation.py)
SUMMARY_ROLE = Qt.UserRole + 4  # the theme of a zelfevaluatie summary (read only)
OWN_HEADING = "Eigen vragen"
SUMMARY_SHOWN = 300  # characters of a zelfevaluatie summary in the list; all of it in the tooltip


class GuideList(QListWidget):
    """The questions; Space toggles the current one, Enter ticks it and moves on."""

    def __init__(self, pane: "GuidePane"):
        super().__init__()
        self.pane = pane

    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        if event.key() == Qt.Key_Space and not event.modifiers():
            self.pane.toggle_current()
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers():
            self.pane.tick_and_next()
            return
        before = self.currentItem()
        super().keyPressEvent(event)
        step = {Qt.Key_Up: -1, Qt.Key_PageUp: -1, Qt.Key_Home: 1,
                Qt.Key_Down: 1, Qt.Key_PageDown: 1, Qt.Key_End: -1}.get(event.key())
        if step is not None:
            self._skip_to_question(step, before)

    def _skip_to_question(self, step: int, before) -> None:
        """The arrow keys land on questions only: past a heading or a read-only line (a
        summary, a previous point) in the direction of travel, else back where they were."""
        row = self.currentRow()
        while 0 <= row < self.count():
            item = self.item(row)
            if item.data(QUESTION_ROLE) or item.data(OWN_ROLE):
                self.setCurrentRow(row)
                return
            row += step
        if before is not None:
            self.setCurrentItem(before)


class GuidePane(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session: dict | None = None
        self._filling = False
        self.header = QLabel()
        self.header.setObjectName("guideHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.header.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.header.setMinimumWidth(MIN_WIDTH)  # a long word in the title must not widen the view
        self.questions_list = GuideList(self)
        self.questions_list.setObjectName("guideQuestions")
        self.questions_list.setWordWrap(True)
        self.questions_list.setResizeMode(QListView.Adjust)  # wrapped questions take their new height
        self.questions_list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.questions_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.questions_list.setToolTip(f"Vink een vraag af als ze besproken is: Spatie = aan/uit, "
                                       f"Enter of {TICK_NEXT_KEY} = besproken en naar de volgende vraag")
        self.footer = QLabel()
        self.footer.setObjectName("guideFooter")
        self.footer.setWordWrap(True)
        self.footer.setMinimumWidth(MIN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.questions_list, 1)
        layout.addWidget(self.footer)
        self.questions_list.itemChanged.connect(self._item_changed)
        ctx.changed.connect(self._changes_arrived)

    def bind_keys(self, host: QWidget) -> None:
        """Ctrl+B anywhere in ``host`` (the conversation view): tick and go to the next question."""
        shortcut = QShortcut(QKeySequence(TICK_NEXT_KEY), host)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.tick_and_next)

    # -- what is shown ---------------------------------------------------------------------
    def show_general(self, html: str) -> None:
        self.session = None
        self.header.setText(html)
        self._fill([])
        self.questions_list.hide()
        self.footer.hide()

    def show_session(self, s: dict) -> None:
        fw = self.ctx.framework
        self.session = s
        conv = next((c for c in fw.conversation_types if c["id"] == s["conversation"]), {})
        people = ", ".join(escape(p["function"]) for p in s["participants"]) or "—"
        # compact: the questions need the height (on a 768-px screen the header and footer left
        # room for one question); who takes part and what the conversation is for are in the
        # header's tooltip
        parts = [f"<b style='font-size:12pt'>{escape(s['title'])}</b>",
                 f"<br>Dag {s['day']}, {s['start']}–{s['end']} · {escape(conv.get('name', s['conversation']))}"]
        details = [f"<p>Dag {s['day']} ({s['date']}), {s['start']}–{s['end']}<br>Deelnemers: {people}</p>"]
        if conv.get("description"):
            details.append(f"<p><i>{escape(conv['description'])}</i></p>")
        groups = fw.questions_for(s["conversation"])
        own = self.ctx.visit.own_questions.for_session(s["id"], self._whose())
        if not groups:
            parts.append("<p>Geen gespreksvragen voor dit type gesprek in het kader.</p>")
        self.header.setText("".join(parts))
        self.header.setToolTip("".join(details))
        self._fill(groups, own)
        self.questions_list.setVisible(bool(groups or own))
        self.footer.setText(f"★ = focusthema · Spatie: besproken aan/uit · Enter of {TICK_NEXT_KEY}: "
                            "besproken, volgende")
        self.footer.setToolTip(f"Vragen uit het {fw.name} {fw.version}")
        self.footer.show()
        first_open = next((it for it in self.question_items()
                           if it.checkState() != Qt.Checked), None)
        items = self.question_items()
        if first_open or items:
            self.questions_list.setCurrentItem(first_open or items[-1])

    def _whose(self):
        """Whose prepared questions the guide shows: a member sees their own and the
        commission's; the secretary (or nobody chosen) sees everyone's, with their names."""
        me = self.ctx.visit.current_member
        member = next((m for m in self.ctx.visit.members.list() if m["id"] == me), None)
        return ... if member is None or member["role"] == "secretaris" else me

    def _heading(self, text: str) -> None:
        head = QListWidgetItem(text)
        head.setFlags(Qt.ItemIsEnabled)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        self.questions_list.addItem(head)

    def _note(self, text: str, role, value, tip: str) -> None:
        """A read-only line in italics (a previous point, a zelfevaluatie summary)."""
        item = QListWidgetItem(text)
        item.setData(role, value)
        item.setFlags(Qt.ItemIsEnabled)
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        item.setToolTip(tip)
        self.questions_list.addItem(item)

    def _fill_own(self, own: list[dict]) -> None:
        """The questions members prepared, above the framework's: tickable like them."""
        everyone = self._whose() is ...
        self._heading(f"{OWN_HEADING} ({len(own)})")
        for q in own:
            where = []
            if q["carried"]:
                where.append(f"nog open uit {q['session_when']}")
            elif q["theme"]:
                where.append(f"thema {q['theme_name']}")
            if everyone:
                where.append(q["member"] or "commissie")
            item = QListWidgetItem()
            item.setData(OWN_ROLE, q["id"])
            item.setData(TEXT_ROLE, q["text"] + (f" ({'; '.join(where)})" if where else ""))
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
            item.setToolTip(f"Voorbereide vraag; vinkje = {TICK_LABEL} (Spatie). Niet besproken: "
                            "ze schuift door naar het volgende gesprek.")
            self._show(item, q["asked"])
            self.questions_list.addItem(item)

    def _fill(self, groups, own: list[dict] | None = None) -> None:
        self._filling = True
        try:
            self.questions_list.clear()
            if own:
                self._fill_own(own)
            if not groups:
                return
            focus = set(self.session["themes"] or [])
            ticked = self.ctx.visit.questions.ticked(self.session["id"])
            previous: dict[str, list[dict]] = {}  # the previous visitation's points, per theme
            for point in self.ctx.visit.previous.for_themes(theme["id"] for theme, _qs in groups):
                previous.setdefault(point["theme"], []).append(point)
            summaries = self.ctx.visit.self_evaluation.all()
            for theme, questions in groups:
                mark = " ★" if theme["id"] in focus else ""
                self._heading(f"{theme['name']}{mark}")
                if summaries.get(theme["id"]):
                    summary = summaries[theme["id"]]
                    shown = summary if len(summary) <= SUMMARY_SHOWN else (
                        summary[:SUMMARY_SHOWN].rsplit(" ", 1)[0] + " …")
                    self._note(f"Zelfevaluatie: {shown}", SUMMARY_ROLE, theme["id"],
                               f"<p>{escape(summary)}</p><p><i>Wat de dienst in de zelfevaluatie over "
                               "dit thema zegt; je bewerkt het in Voorbereiding</i></p>")
                for point in previous.get(theme["id"], []):  # read only: opvolging in its own view
                    self._note(f"Vorige visitatie ({point['kind_name'].lower()}, "
                               f"{point['status_name'].lower()}): {point['text']}", PREVIOUS_ROLE,
                               point["id"], "Uit de vorige visitatie; de opvolging leg je vast in "
                                            "Vorige visitatie")
                for n, q in enumerate(questions, start=1):
                    sub = ""
                    if q.get("subtheme"):
                        sub = f" ({self.ctx.subtheme_name(theme['id'], q['subtheme'])})"
                    item = QListWidgetItem()
                    item.setData(QUESTION_ROLE, q["id"])
                    item.setData(TEXT_ROLE, f"{n}. {q['text']}{sub}")
                    item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                    item.setToolTip(f"Vinkje = {TICK_LABEL} in dit gesprek (Spatie)")
                    self._show(item, q["id"] in ticked)
                    self.questions_list.addItem(item)
        finally:
            self._filling = False

    def _show(self, item: QListWidgetItem, ticked: bool) -> None:
        """The check box, and "besproken" after a ticked question (call with _filling set)."""
        item.setCheckState(Qt.Checked if ticked else Qt.Unchecked)
        item.setText(item.data(TEXT_ROLE) + (f"  — {TICK_LABEL}" if ticked else ""))

    def question_items(self) -> list[QListWidgetItem]:
        """The tickable lines: the prepared questions, then the framework's."""
        items = (self.questions_list.item(i) for i in range(self.questions_list.count()))
        return [it for it in items if it.data(QUESTION_ROLE) or it.data(OWN_ROLE)]

    def ticked_ids(self) -> set[str]:
        """The framework's questions shown as ticked."""
        return {it.data(QUESTION_ROLE) for it in self.question_items()
                if it.data(QUESTION_ROLE) and it.checkState() == Qt.Checked}

    def own_items(self) -> list[QListWidgetItem]:
        return [it for it in self.question_items() if it.data(OWN_ROLE)]

    def toPlainText(self) -> str:  # noqa: N802 (as the text browser it replaced)
        """What the guide shows, as text: the heading, then themes and questions."""
        doc = QTextDocument()
        doc.setHtml(self.header.text())
        lines = [doc.toPlainText()]
        for i in range(self.questions_list.count()):
            it = self.questions_list.item(i)
            lines.append(it.text())
        return "\n".join(lines)

    # -- ticking -----------------------------------------------------------------------------
    def _current_question(self) -> QListWidgetItem | None:
        item = self.questions_list.currentItem()
        return item if item is not None and (item.data(QUESTION_ROLE) or item.data(OWN_ROLE)) else None

    def toggle_current(self) -> None:
        item = self._current_question()
        if item is not None:
            item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)

    def tick_and_next(self) -> None:
        """Tick the current question (the first open one when none is current) and make the
        next question current."""
        items = self.question_items()
        if self.session is None or not items:
            self.ctx.status.emit("Kies eerst een gesprek met gespreksvragen.")
            return
        item = self._current_question() or next(
            (it for it in items if it.checkState() != Qt.Checked), items[0])
        if item.checkState() != Qt.Checked:
            item.setCheckState(Qt.Checked)
        at = items.index(item)
        if at + 1 < len(items):
            self.questions_list.setCurrentItem(items[at + 1])
            self.questions_list.scrollToItem(items[at + 1])
        else:
            self.ctx.status.emit("Dat was de laatste gespreksvraag van dit gesprek.")

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.session is None:
            return
        question, own = item.data(QUESTION_ROLE), item.data(OWN_ROLE)
        if not (question or own):
            return
        ticked = item.checkState() == Qt.Checked
        self._filling = True
        try:
            self._show(item, ticked)
        finally:
            self._filling = False
        session_id = self.session["id"]
        if own:
            ops.op(self.ctx, self.ctx.visit.own_questions.set_asked, own, session_id, ticked,
                   initiator=self, on_error=self._refused)
        else:
            ops.op(self.ctx, self.ctx.visit.questions.set_ticked, session_id, question, ticked,
                   initiator=self, on_error=self._refused)

    def _refused(self, exc) -> None:
        self.ctx.error.emit(exc)
        self.refresh_ticks()  # show what the file holds

    def _changes_arrived(self, changes) -> None:
        if self.session is None:
            return
        if changes.touches("previous", "self_evaluation", "members", "team"):
            self._reshow()  # a point imported, its opvolging changed, a summary written
        elif changes.touches("questions") and self.ctx.initiator is not self:
            self.refresh_ticks()

    def _reshow(self) -> None:
        """Show the session again, keeping the current line where it is still there."""
        current = self.questions_list.currentItem()
        key = (current.data(QUESTION_ROLE), current.data(OWN_ROLE)) if current else None
        self.show_session(self.session)
        if key and any(key):
            for it in self.question_items():
                if (it.data(QUESTION_ROLE), it.data(OWN_ROLE)) == key:
                    self.questions_list.setCurrentItem(it)
                    break

    def refresh_ticks(self) -> None:
        if self.session is None:
            return
        own = self.ctx.visit.own_questions.for_session(self.session["id"], self._whose())
        if [q["id"] for q in own] != [it.data(OWN_ROLE) for it in self.own_items()]:
            self._reshow()  # a prepared question added, removed, or carried away
            return
        asked = {q["id"] for q in own if q["asked"]}
        ticked = self.ctx.visit.questions.ticked(self.session["id"])
        self._filling = True
        try:
            for it in self.question_items():
                self._show(it, it.data(QUESTION_ROLE) in ticked if it.data(QUESTION_ROLE)
                           else it.data(OWN_ROLE) in asked)
        finally:
            self._filling = False
