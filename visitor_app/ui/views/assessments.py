"""Optional assessments (oordelen): a value per item plus a toelichting, stored as you go.

Items, scales, groups and their texts all come from the framework (forms/assessments.yaml).
A value is stored the moment it is chosen; a toelichting a moment after the last keystroke
and on focus-out. A toelichting typed before a value is chosen is kept as a draft in the
visitation file until a value is chosen, so it survives a crash or a restart.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGroupBox, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from visitor_app.services.drafts import assessment_key
from visitor_app.ui import ops
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.context import AppContext
from visitor_app.ui.widgets import CalmComboBox, titled_block
from visitor_app.ui.views.lazy import LazyMixin

NOT_ASSESSED = "— nog niet beoordeeld —"
TEXT_LINES = 4  # visible lines of a toelichting; the height follows the font (and so the scaling)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z'‘\"(])")


def _source_note(text: str) -> str:
    """What an item text says after its question: the remark about where the scale comes from."""
    sentences = SENTENCE_END.split(text or "")
    return " ".join(sentences[1:]).strip() if len(sentences) > 1 and sentences[0].endswith("?") else ""


def _first_sentence(text: str) -> str:
    return SENTENCE_END.split(text or "")[0].strip()


class AssessmentsView(LazyMixin, QWidget):
    title = "Oordelen"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        fw = ctx.framework
        self.items = {i["id"]: i for i in fw.assessment_items}
        self.combos: dict[str, QComboBox] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.savers: dict[str, Debounced] = {}
        self.stored: dict[str, dict | None] = {}

        self.note = QLabel(self._note_html())
        self.note.setObjectName("assessmentsNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.RichText)

        self.content = QWidget()
        self.content.setObjectName("assessmentsContent")
        blocks = QVBoxLayout(self.content)
        for item in fw.assessment_items:
            if not item.get("group"):
                blocks.addWidget(self._item_block(item))
        for group in fw.assessment_groups:
            members = [i for i in fw.assessment_items if i.get("group") == group["id"]]
            if not members:
                continue
            box = QGroupBox(group["name"])
            box.setObjectName(f"group_{group['id']}")
            inner = QVBoxLayout(box)
            if group.get("description"):
                desc = QLabel(group["description"])
                desc.setWordWrap(True)
                desc.setObjectName(f"groupDescription_{group['id']}")
                inner.addWidget(desc)
            for item in members:
                inner.addWidget(self._item_block(item))
            blocks.addWidget(box)
        blocks.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("assessmentsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)
        self.watch(ctx, "assessments", skip_own=True)
        self.reload()

    # -- building --------------------------------------------------------------------------------
    def _note_html(self) -> str:
        fw = self.ctx.framework
        parts = ["Deze oordelen zijn optioneel. Elk oordeel wordt direct opgeslagen; een toelichting "
                 "zodra je even stopt met typen."]
        for item in fw.assessment_items:
            remark = _source_note(item.get("text", "")) if not item.get("group") else ""
            if remark:
                parts.append(f"<b>{escape(item['name'])}</b>: {escape(remark)}")
        for group in fw.assessment_groups:
            if group.get("description"):
                parts.append(f"<b>{escape(group['name'])}</b>: {escape(_first_sentence(group['description']))}")
        return "<br>".join(parts)

    def _item_block(self, item: dict) -> QWidget:
        item_id = item["id"]
        block, lay = titled_block(f"block_{item_id}", item["name"], item.get("text"))

        combo = CalmComboBox()
        combo.setObjectName(f"assess_{item_id}")
        combo.addItem(NOT_ASSESSED, None)
        for v in self.ctx.framework.scale_values(item_id):
            combo.addItem(v["name"], v["id"])
        combo.setToolTip("Kies een waarde; die wordt direct opgeslagen.")
        combo.setAccessibleName(f"Oordeel: {item['name']}")
        combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _i, item_id=item_id: self._value_chosen(item_id))
        lay.addWidget(combo, 0, Qt.AlignLeft)

        edit = QPlainTextEdit()
        edit.setObjectName(f"toelichting_{item_id}")
        edit.setPlaceholderText("Toelichting …")
        edit.setToolTip("Toelichting bij dit oordeel; wordt opgeslagen zodra je even stopt met typen.")
        edit.setAccessibleName(f"Toelichting: {item['name']}")
        edit.setTabChangesFocus(True)
        lines = edit.fontMetrics().lineSpacing() * TEXT_LINES
        edit.setMinimumHeight(lines)
        edit.setMaximumHeight(lines * 3 // 2)
        saver = Debounced(edit, lambda item_id=item_id: self._save_text(item_id))
        edit.textChanged.connect(saver.touch)
        lay.addWidget(edit)

        self.combos[item_id] = combo
        self.notes[item_id] = edit
        self.savers[item_id] = saver
        return block

    # -- loading ---------------------------------------------------------------------------------
    _draft_key = staticmethod(assessment_key)

    def reload(self) -> None:
        rows = self.ctx.visit.assessments.all()
        drafts = self.ctx.drafts
        for item_id, combo in self.combos.items():
            row = rows.get(item_id)
            self.stored[item_id] = row
            self._show_value(item_id, row["value"] if row else None)
            edit = self.notes[item_id]
            if self.savers[item_id].dirty or edit.hasFocus():
                continue  # never overwrite what is being typed
            text = (row.get("toelichting") or "") if row else drafts.get(self._draft_key(item_id), "")
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)
        self.stale = False

    def _show_value(self, item_id: str, value: str | None) -> None:
        combo = self.combos[item_id]
        index = combo.findData(value) if value else 0
        combo.blockSignals(True)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        # once judged, an item cannot go back to "not assessed" (there is no service for that)
        placeholder = combo.model().item(0)
        if placeholder is not None:
            placeholder.setEnabled(value is None)

    # -- saving ----------------------------------------------------------------------------------
    def _value_chosen(self, item_id: str) -> None:
        value = self.combos[item_id].currentData()
        stored = self.stored.get(item_id)
        if value is None:
            if stored:
                self._show_value(item_id, stored["value"])
                self.ctx.status.emit("Een gekozen oordeel kan niet worden gewist; kies zo nodig een "
                                     "andere waarde.")
            return
        self.savers[item_id].cancel()  # the toelichting goes along with the value
        self._save(item_id, value, self.notes[item_id].toPlainText())

    def _save_text(self, item_id: str) -> None:
        value = self.combos[item_id].currentData()
        text = self.notes[item_id].toPlainText()
        if value is None:
            # keep the text as a draft until a value is chosen
            self.ctx.save_draft(self._draft_key(item_id), text)
            if text.strip():
                self.ctx.status.emit(f"Kies eerst een waarde bij ‘{self.items[item_id]['name']}’. "
                                     "De toelichting blijft bewaard.")
            return
        stored = self.stored.get(item_id) or {}
        if stored.get("value") == value and (stored.get("toelichting") or "") == text.strip():
            return
        self._save(item_id, value, text)

    def _save(self, item_id: str, value: str, text: str) -> None:
        key = self._draft_key(item_id)
        self.ctx.drafts[key] = ""  # the text now lives in the assessment itself
        ops.op(self.ctx, self.ctx.visit.assessments.set, item_id, value, text, draft_key=key,
               initiator=self, on_done=lambda changes: self._saved(item_id, changes.row),
               on_error=lambda exc: self._failed(item_id, exc))

    def _saved(self, item_id: str, row: dict) -> None:
        self.stored[item_id] = row
        placeholder = self.combos[item_id].model().item(0)
        if placeholder is not None:
            placeholder.setEnabled(False)
        self.ctx.status.emit("Oordeel opgeslagen.")

    def _failed(self, item_id: str, exc: BaseException) -> None:
        stored = self.stored.get(item_id)
        self._show_value(item_id, stored["value"] if stored else None)  # the text stays as typed
        self.ctx.error.emit(exc)

    def flush_draft(self) -> None:
        """Store every toelichting still waiting for its debounce (switching away, closing)."""
        for saver in self.savers.values():
            saver.flush()
