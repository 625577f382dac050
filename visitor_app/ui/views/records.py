"""Case files and partner interviews: the records of the framework's two record templates.

Left the records, and below them the sessions of the programme that get a record (their
conversation type is a template's ``conversation`` in forms/) and have none yet: "nog niet
ingevuld", one activation makes that session's record. In the middle the session the record
belongs to (a choice), a form generated from the record's template in the framework
(forms/templates.yaml, the template whose ``record`` names the table) with the template's
reflection questions, right a capture pane whose observations belong to the selected record.
Every edit is stored when made: text a moment after the last keystroke and on focus-out,
choices at once.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QFrame, QInputDialog, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
    QSplitter, QVBoxLayout, QWidget,
)

from visitor_app.reports.dutch import in_sentence
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.capture import CapturePane
from visitor_app.ui import ops
from visitor_app.ui.context import AppContext
from visitor_app.ui.widgets import CalmComboBox, ok_cancel_buttons
from visitor_app.ui.views.lazy import LazyMixin

CASE = "case_file"
PARTNER = "partner_interview"
NO_SESSION = "— geen —"
NO_CHOICE = "— geen keuze —"
TEXT_LINES = 5  # visible lines of a longtext field; the height follows the font

# How each kind of record maps onto the storage and the services. The template, and every
# name, label and question shown, comes from the framework (the template of the table).
KINDS = {
    CASE: {"table": "case_files", "target": "case_file_id", "button": "newCaseFile",
           "dialog": "newCaseFileDialog"},
    PARTNER: {"table": "partner_interviews", "target": "partner_interview_id",
              "button": "newPartnerInterview", "dialog": "newPartnerInterviewDialog"},
}


def session_label(s: dict) -> str:
    return f"Dag {s['day']} {s['start']} {s['title']}"


def default_session(sessions: list[dict], conversation: str, taken: set[str] = frozenset()) -> str | None:
    """The first session of the conversation type that fits the record and has none yet
    (``taken``: sessions that have one), else the first of that type, if any."""
    fitting = [s["id"] for s in sessions if s["conversation"] == conversation]
    return next((sid for sid in fitting if sid not in taken), fitting[0] if fitting else None)


def _required(template: dict, *types: str) -> list[dict]:
    return [f for f in template["fields"] if f.get("required") and f["type"] in types]


def _mnemonic(label: str) -> str:
    """"Nieuw zaakdossier" -> "Nieuw &zaakdossier": Alt plus the first letter of the last word."""
    head, space, last = label.rpartition(" ")
    return f"{head}{space}&{last}"


def _text_height(widget: QPlainTextEdit, lines: int) -> int:
    margin = int(widget.document().documentMargin())
    return widget.fontMetrics().lineSpacing() * lines + 2 * (widget.frameWidth() + margin)


class CheckList(QListWidget):
    """A multichoice field: checkable items, as tall as its items (no inner scrolling)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
        return QSize(super().sizeHint().width(), rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.sizeHint()


class LongText(QPlainTextEdit):
    """A longtext field: a few lines tall (following the font), growing when there is room."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().sizeHint().width(), _text_height(self, TEXT_LINES))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().minimumSizeHint().width(), _text_height(self, TEXT_LINES - 2))


class RecordForm(QWidget):
    """The fields of one record. ``save(values)`` gets {field_id: value} of what changed."""

    def __init__(self, ctx: AppContext, template: dict, fields: dict, save, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.template = template
        self.save = save
        self.widgets: dict[str, QWidget] = {}
        self.specs = {f["id"]: f for f in template["fields"]}
        self.savers: dict[str, Debounced] = {}
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        outer.addLayout(form)
        outer.addStretch(1)
        for spec in template["fields"]:
            widget = self._field_widget(spec, fields.get(spec["id"]))
            widget.setObjectName(f"field_{spec['id']}")
            widget.setAccessibleName(spec["label"])
            if spec.get("help"):
                widget.setToolTip(spec["help"])
            label = QLabel(spec["label"] + (" *" if spec.get("required") else "") + ":")
            label.setWordWrap(True)
            label.setBuddy(widget)
            if spec.get("help"):
                label.setToolTip(spec["help"])
            form.addRow(label, widget)
            self.widgets[spec["id"]] = widget
        if any(f.get("required") for f in template["fields"]):
            hint = QLabel("* = verplicht veld")
            hint.setObjectName("requiredHint")
            form.addRow(hint)

    # -- widgets per field type ------------------------------------------------------------------
    def _field_widget(self, spec: dict, value) -> QWidget:
        fid, kind = spec["id"], spec["type"]
        if kind == "text":
            w = QLineEdit()
            self._put(w, kind, value)
            w.setPlaceholderText(spec.get("help", ""))
            w.setCursorPosition(0)
            saver = self.savers[fid] = Debounced(w, lambda fid=fid: self._save_text(fid))
            w.textEdited.connect(saver.touch)
            return w
        if kind == "longtext":
            w = LongText()
            self._put(w, kind, value)
            w.setPlaceholderText(spec.get("help", ""))
            w.setTabChangesFocus(True)
            w.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
            saver = self.savers[fid] = Debounced(w, lambda fid=fid: self._save_text(fid))
            w.textChanged.connect(saver.touch)
            return w
        options = self.ctx.visit.records.option_list(spec)
        if kind == "choice":
            w = CalmComboBox()
            if not spec.get("required") or value is None:
                w.addItem(NO_CHOICE, None)
            for o in options:
                w.addItem(o["name"], o["id"])
            self._put(w, kind, value)
            w.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            w.currentIndexChanged.connect(lambda _i, fid=fid: self._save_now(fid))
            return w
        w = CheckList()  # multichoice
        for o in options:
            item = QListWidgetItem(o["name"])
            item.setData(Qt.UserRole, o["id"])
            item.setFlags((item.flags() | Qt.ItemIsUserCheckable) & ~Qt.ItemIsEditable)
            w.addItem(item)
        self._put(w, kind, value)
        w.itemChanged.connect(lambda _item, fid=fid: self._save_now(fid))
        return w

    @staticmethod
    def _put(w: QWidget, kind: str, value) -> None:
        """Show ``value`` in the widget of a field of type ``kind``."""
        if kind == "text":
            w.setText(value or "")
        elif kind == "longtext":
            w.setPlainText(value or "")
        elif kind == "choice":
            w.setCurrentIndex(max(w.findData(value), 0) if value is not None else 0)
        else:
            chosen = set(value or [])
            for i in range(w.count()):
                item = w.item(i)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in chosen else Qt.Unchecked)

    def value(self, fid: str):
        w, kind = self.widgets[fid], self.specs[fid]["type"]
        if kind == "text":
            return w.text()
        if kind == "longtext":
            return w.toPlainText()
        if kind == "choice":
            return w.currentData()
        return [w.item(i).data(Qt.UserRole) for i in range(w.count())
                if w.item(i).checkState() == Qt.Checked]

    # -- saving ----------------------------------------------------------------------------------
    def _save_text(self, fid: str) -> None:
        value = self.value(fid)
        spec = self.specs[fid]
        if spec.get("required") and not value.strip():
            self.ctx.status.emit(f"‘{spec['label']}’ is verplicht: de lege tekst is niet opgeslagen.")
            return
        self.save({fid: value})

    def _save_now(self, fid: str) -> None:
        self.save({fid: self.value(fid)})

    def show_values(self, fields: dict) -> None:
        """Show the record as stored now (a merge, a decided conflict), except a field being
        typed in or not yet stored: what the user is typing is never replaced."""
        for fid, w in self.widgets.items():
            saver = self.savers.get(fid)
            if w.hasFocus() or (saver is not None and saver.dirty) or self.value(fid) == fields.get(fid):
                continue
            w.blockSignals(True)
            try:
                self._put(w, self.specs[fid]["type"], fields.get(fid))
            finally:
                w.blockSignals(False)

    def flush_draft(self) -> None:
        """Store text still waiting for its debounce (switching records, closing)."""
        for saver in self.savers.values():
            saver.flush()


class NewRecordDialog(QDialog):
    """What a new record needs before it exists: its required fields and, optionally, a session."""

    def __init__(self, ctx: AppContext, kind: str, parent=None, session_id: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        template = ctx.framework.template_for_record(KINDS[kind]["table"])
        self.setWindowTitle(ctx.framework.record_names(KINDS[kind]["table"])["new_label"])
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout(self)
        if template.get("description"):
            intro = QLabel(template["description"])
            intro.setWordWrap(True)
            form.addRow(intro)
        for spec in _required(template, "text", "choice"):
            if spec["type"] == "text":
                w = QLineEdit()
                w.setPlaceholderText(spec.get("help", ""))
            else:
                w = CalmComboBox()
                for o in ctx.visit.records.option_list(spec):
                    w.addItem(o["name"], o["id"])
            w.setObjectName(f"new_{spec['id']}")
            if spec.get("help"):
                w.setToolTip(spec["help"])
            form.addRow(spec["label"] + ":", w)
            self.inputs[spec["id"]] = w
        self.session = QComboBox()
        self.session.setObjectName("newRecordSession")
        self.session.setToolTip("Bij welk gesprek uit het programma hoort dit? (optioneel)")
        self.session.addItem(NO_SESSION, None)
        sessions = ctx.visit.programme.sessions()
        for s in sessions:
            self.session.addItem(session_label(s), s["id"])
        taken = {r.get("session_id") for r in ctx.visit.records.list(KINDS[kind]["table"])}
        wanted = session_id or default_session(sessions, template.get("conversation"), taken)
        self.session.setCurrentIndex(max(self.session.findData(wanted), 0) if wanted else 0)
        form.addRow("&Gesprek:", self.session)
        buttons = ok_cancel_buttons(self, "Aanmaken")
        form.addRow(buttons)

    def accept(self) -> None:
        empty = [w for w in self.inputs.values() if isinstance(w, QLineEdit) and not w.text().strip()]
        if empty:
            empty[0].setFocus()
            return
        super().accept()

    def fields(self) -> dict:
        return {fid: (w.text() if isinstance(w, QLineEdit) else w.currentData())
                for fid, w in self.inputs.items()}

    def session_id(self) -> str | None:
        return self.session.currentData()


class RecordsView(LazyMixin, QWidget):
    title = "Dossiers"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.records: dict[tuple[str, str], dict] = {}
        self.inflight: dict[tuple[str, str], list[dict]] = {}  # sent, not yet stored
        self.current: tuple[str, str] | None = None
        self.form: RecordForm | None = None

        # left: the records
        self.list = QListWidget()
        self.list.setObjectName("recordsList")
        self.list.setWordWrap(True)
        self.new_case, self.new_partner = (self._new_button(kind) for kind in (CASE, PARTNER))
        plurals = [self._names(kind)["plural"] for kind in KINDS]
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(" en ".join(plurals[:1] + [in_sentence(p) for p in plurals[1:]])))
        lay.addWidget(self.list, 3)
        lay.addWidget(self.new_case)
        lay.addWidget(self.new_partner)
        self.unfilled_label = QLabel("Nog niet ingevuld:")
        self.unfilled = QListWidget()
        self.unfilled.setObjectName("unfilledSessions")
        self.unfilled.setWordWrap(True)
        self.unfilled.setToolTip("Gesprekken uit het programma die een dossier krijgen en er nog "
                                 "geen hebben. Dubbelklik of Enter: het dossier van dat gesprek invullen.")
        self.unfilled_label.setBuddy(self.unfilled)
        self.fill = QPushButton("Dossier van dit gesprek &invullen")
        self.fill.setObjectName("fillSession")
        self.fill.setEnabled(False)
        lay.addWidget(self.unfilled_label)
        lay.addWidget(self.unfilled, 1)
        lay.addWidget(self.fill)

        # middle: the form and the reflection questions
        self.heading = QLabel()
        self.heading.setObjectName("recordHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.RichText)
        self.session_info = CalmComboBox()
        self.session_info.setObjectName("recordSession")
        self.session_info.setAccessibleName("Gesprek")
        self.session_info.setToolTip("Het gesprek uit het programma waarbij dit dossier hoort; "
                                     "een andere keuze wordt direct opgeslagen.")
        self.session_info.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.session_info.setMinimumContentsLength(12)
        session_row = QFormLayout()
        session_row.setContentsMargins(0, 0, 0, 0)
        session_row.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.session_label = QLabel("&Gesprek:")
        self.session_label.setBuddy(self.session_info)
        session_row.addRow(self.session_label, self.session_info)
        self.description = QLabel()
        self.description.setObjectName("recordDescription")
        self.description.setWordWrap(True)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("recordFormScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.NoFrame)
        self.reflection_label = QLabel("Reflectievragen")
        self.reflection = QListWidget()
        self.reflection.setObjectName("reflectionQuestions")
        self.reflection.setWordWrap(True)
        self.reflection.setToolTip("Vragen om na het gesprek op terug te blikken (alleen lezen).")
        self.reflection.setAlternatingRowColors(True)
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.heading)
        mid.addLayout(session_row)
        mid.addWidget(self.description)
        mid.addWidget(self.form_scroll, 3)
        mid.addWidget(self.reflection_label)
        mid.addWidget(self.reflection, 2)

        # right: observations that belong to the record
        self.capture = CapturePane(ctx, show_list=True)
        self.capture.setObjectName("recordsCapture")
        self.capture.heading.setWordWrap(True)  # long record titles must not widen the pane

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("recordsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.capture)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([2000, 5000, 3000])  # proportions; the window may restore its own
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)

        self.new_case.clicked.connect(lambda: self.new_record(CASE))
        self.new_partner.clicked.connect(lambda: self.new_record(PARTNER))
        self.list.currentItemChanged.connect(self._selection_changed)
        self.unfilled.itemActivated.connect(lambda item: self.fill_session(*item.data(Qt.UserRole)))
        self.unfilled.currentItemChanged.connect(lambda item, _prev: self.fill.setEnabled(item is not None))
        self.fill.clicked.connect(self._fill_current)
        self.session_info.activated.connect(self._session_chosen)
        self.watch(ctx, "records", "programme", skip_own=True)
        self._show_record(None)
        self.reload()

    # -- labels ----------------------------------------------------------------------------------
    def _template(self, kind: str) -> dict:
        return self.ctx.framework.template_for_record(KINDS[kind]["table"])

    def _names(self, kind: str) -> dict:
        return self.ctx.framework.record_names(KINDS[kind]["table"])

    def _new_button(self, kind: str) -> QPushButton:
        button = QPushButton(_mnemonic(self._names(kind)["new_label"]))
        button.setObjectName(KINDS[kind]["button"])
        button.setToolTip(self._template(kind).get("description", ""))
        return button

    def label(self, kind: str, record: dict) -> str:
        """"<short name>: <title field> (<other required choices>)", all from the template."""
        title = self.ctx.visit.records.title({"template": self._template(kind)["id"], **record})
        return f"{self._names(kind)['short']}: {title or '(zonder titel)'}"

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.records = {}
        for kind, spec in KINDS.items():
            for row in self.ctx.visit.records.list(spec["table"]):
                for pending in self.inflight.get((kind, row["id"]), []):
                    row["fields"].update(pending)  # not yet stored, but already typed
                self.records[(kind, row["id"])] = row
        self.list.blockSignals(True)
        self.list.clear()
        for key, row in self.records.items():
            item = QListWidgetItem(self.label(key[0], row))
            item.setData(Qt.UserRole, key)
            self.list.addItem(item)
            if key == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._reload_unfilled()
        if self.current and self.current not in self.records:
            self._show_record(None)
        elif self.current:
            self._update_header()
            if self.form is not None:
                self.form.show_values(self.records[self.current]["fields"])
        self.stale = False

    def _reload_unfilled(self) -> None:
        """The sessions that get a record and have none yet, kind by kind, in programme order."""
        keep = self.unfilled.currentItem().data(Qt.UserRole) if self.unfilled.currentItem() else None
        self.unfilled.blockSignals(True)
        self.unfilled.clear()
        for kind, spec in KINDS.items():
            for s in self.ctx.visit.records.unfilled(spec["table"]):
                item = QListWidgetItem(f"{self._names(kind)['short']}: {session_label(s)}")
                item.setData(Qt.UserRole, (kind, s["id"]))
                self.unfilled.addItem(item)
                if keep == (kind, s["id"]):
                    self.unfilled.setCurrentItem(item)
        self.unfilled.blockSignals(False)
        self.fill.setEnabled(self.unfilled.currentItem() is not None)
        has_any = self.unfilled.count() > 0
        for widget in (self.unfilled_label, self.unfilled, self.fill):
            widget.setVisible(has_any)

    def current_key(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return tuple(item.data(Qt.UserRole)) if item else None

    def select_record(self, kind: str, record_id: str) -> None:
        for row in range(self.list.count()):
            if tuple(self.list.item(row).data(Qt.UserRole)) == (kind, record_id):
                self.list.setCurrentRow(row)
                return

    def _selection_changed(self, item, _previous=None) -> None:
        key = tuple(item.data(Qt.UserRole)) if item else None
        if key != self.current:
            self._show_record(key)

    # -- the middle and right panes --------------------------------------------------------------
    def _show_record(self, key: tuple[str, str] | None) -> None:
        if self.form is not None:
            self.form.flush_draft()  # text of the previous record goes first
            self.form_scroll.takeWidget()
            self.form.deleteLater()
            self.form = None
        self.current = key
        self.reflection.clear()
        if key is None:
            self.heading.setText("<b>Geen dossier gekozen</b>")
            self.session_info.clear()
            self.session_label.setVisible(False)
            self.session_info.setVisible(False)
            kinds = " of ".join(in_sentence(self._names(kind)["short"]) for kind in KINDS)
            self.description.setText(f"Kies links een {kinds}, of maak een nieuw dossier. "
                                     "Elke wijziging wordt direct opgeslagen.")
            self.reflection_label.setVisible(False)
            self.reflection.setVisible(False)
            self.capture.setEnabled(False)
            self.capture.heading.setText("Kies eerst een dossier om waarnemingen vast te leggen.")
            return
        kind, record_id = key
        record = self.records[key]
        template = self._template(kind)
        self.description.setText(template.get("description", ""))
        self.form = RecordForm(self.ctx, template, record["fields"],
                               lambda values, key=key: self._save_fields(key, values))
        self.form.setObjectName("recordForm")
        self.form_scroll.setWidget(self.form)
        questions = template.get("reflection_questions") or []
        for q in questions:
            theme = self.ctx.theme_name(q.get("theme"))
            item = QListWidgetItem(f"{q['text']}\n({theme})" if theme else q["text"])
            item.setFlags(Qt.ItemIsEnabled)
            self.reflection.addItem(item)
        self.reflection_label.setVisible(bool(questions))
        self.reflection.setVisible(bool(questions))
        self._update_header()
        self.capture.setEnabled(True)
        hint = next((q["theme"] for q in questions if q.get("theme")), None)
        self.capture.set_target(f"Waarneming bij: {self.label(kind, record)}",
                                session_id=record.get("session_id"),
                                **{KINDS[kind]["target"]: record_id},
                                theme_hint=hint if not self.capture.text.toPlainText() else None)

    def _update_header(self) -> None:
        kind, _ = self.current
        record = self.records[self.current]
        label = self.label(kind, record)
        self.heading.setText(f"<b>{escape(label)}</b>")
        self.capture.heading.setText(f"Waarneming bij: {label}")
        combo = self.session_info
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(NO_SESSION, None)
        for s in self.ctx.visit.programme.sessions():
            combo.addItem(session_label(s), s["id"])
        combo.setCurrentIndex(max(combo.findData(record.get("session_id")), 0)
                              if record.get("session_id") else 0)
        combo.blockSignals(False)
        self.session_label.setVisible(True)
        combo.setVisible(True)

    def _session_chosen(self, _index: int) -> None:
        if self.current is None:
            return
        kind, record_id = self.current
        session_id = self.session_info.currentData()
        if session_id == self.records[self.current].get("session_id"):
            return

        def done(changes) -> None:
            self.reload()
            self.ctx.status.emit("Gesprek van het dossier opgeslagen.")

        ops.op(self.ctx, self.ctx.visit.records.set_session, KINDS[kind]["table"], record_id, session_id,
               initiator=self, on_done=done, on_error=lambda exc: (self.reload(), self.ctx.error.emit(exc)))

    # -- creating --------------------------------------------------------------------------------
    def fill_session(self, kind: str, session_id: str) -> None:
        """The record of a session: open it when the session has one, else make it."""
        record = next((key for key, row in self.records.items()
                       if key[0] == kind and row.get("session_id") == session_id), None)
        if record is not None:
            self.select_record(*record)
        else:
            self.new_record(kind, session_id)

    def fill_session_of(self, session_id: str) -> bool:
        """fill_session for a session of any kind; False when its conversation type gets no
        record (forms/: no template names it)."""
        session = next((s for s in self.ctx.visit.programme.sessions() if s["id"] == session_id), None)
        table = self.ctx.framework.record_table_for(session["conversation"]) if session else None
        kind = next((k for k, spec in KINDS.items() if spec["table"] == table), None)
        if kind is None:
            return False
        self.fill_session(kind, session_id)
        return True

    def _fill_current(self) -> None:
        item = self.unfilled.currentItem()
        if item is not None:
            self.fill_session(*item.data(Qt.UserRole))

    def new_record(self, kind: str, session_id: str | None = None) -> None:
        """Ask for what a new record needs: one required text in a small prompt, more in a
        dialog, nothing when its template requires nothing. ``session_id``: the session it
        belongs to (else the first of its conversation type without a record)."""
        required = _required(self._template(kind), "text", "choice")
        session_id = session_id or self._default_session(kind)
        if not required:
            return self._create(kind, {}, session_id)
        if len(required) > 1 or required[0]["type"] != "text":
            dialog = NewRecordDialog(self.ctx, kind, parent=self, session_id=session_id)
            dialog.setObjectName(KINDS[kind]["dialog"])
            if dialog.exec():
                self._create(kind, dialog.fields(), dialog.session_id())
            return
        spec = required[0]
        text, ok = QInputDialog.getText(self, self._names(kind)["new_label"], f"{spec['label']}:")
        if not ok:
            return
        if not text.strip():
            self.ctx.status.emit(f"Geen {spec['label'].lower()} ingevuld: er is geen "
                                 f"{in_sentence(self._names(kind)['short'])} aangemaakt.")
            return
        self._create(kind, {spec["id"]: text.strip()}, session_id)

    def _default_session(self, kind: str) -> str | None:
        taken = {row.get("session_id") for key, row in self.records.items() if key[0] == kind}
        return default_session(self.ctx.visit.programme.sessions(), self._template(kind).get("conversation"),
                               taken)

    def _create(self, kind: str, fields: dict, session_id: str | None) -> None:
        def done(changes) -> None:
            self.reload()
            self.select_record(kind, changes.id)
            self.ctx.status.emit(f"{self._names(kind)['short']} aangemaakt.")

        ops.op(self.ctx, self.ctx.visit.records.add, KINDS[kind]["table"], fields, session_id,
               initiator=self, on_done=done)

    # -- saving ----------------------------------------------------------------------------------
    def _save_fields(self, key: tuple[str, str], values: dict) -> None:
        kind, record_id = key
        record = self.records.get(key)
        if record is not None:
            record["fields"].update(values)
        self.inflight.setdefault(key, []).append(values)
        ops.op(self.ctx, self.ctx.visit.records.update, KINDS[kind]["table"], record_id, dict(values),
               initiator=self, on_done=lambda changes: self._saved(key, changes.row),
               on_error=lambda exc: self._save_failed(key, exc))

    def _settle(self, key: tuple[str, str]) -> None:
        pending = self.inflight.get(key)
        if pending:
            pending.pop(0)
        if not pending:
            self.inflight.pop(key, None)

    def _saved(self, key: tuple[str, str], row: dict) -> None:
        self._settle(key)
        for pending in self.inflight.get(key, []):
            row["fields"].update(pending)
        self.records[key] = row
        for i in range(self.list.count()):
            item = self.list.item(i)
            if tuple(item.data(Qt.UserRole)) == key:
                item.setText(self.label(key[0], row))
        if key == self.current:
            self._update_header()
        self.ctx.status.emit("Wijziging opgeslagen.")

    def _save_failed(self, key: tuple[str, str], exc: BaseException) -> None:
        self._settle(key)  # what was typed stays in the form
        self.ctx.error.emit(exc)
