"""The capture pane: record an observation without touching the mouse.

Keys (also in the help overlay):
  Ctrl+1..9     theme (framework order)      Alt+1..9 subtheme, Alt+0 none
  Alt+<letter>  kind (letters from forms/observation_kinds.yaml)
  Enter         store; Shift+Enter new line   Esc clears the text
The text is kept as a draft while typing (ui/autosave.py: a moment after the last keystroke,
and at least every MAX_WAIT_MS while the typing goes on), with the theme, subtheme and kind
chosen beside it, so a crash loses at most the last second and no choice.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from visitor_app.services.drafts import capture_key
from visitor_app.ui import ops
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.context import AppContext


class CaptureEdit(QPlainTextEdit):
    submit = Signal()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
            self.submit.emit()
            return
        if event.key() == Qt.Key_Escape:
            self.selectAll()
            self.textCursor().removeSelectedText()  # unlike clear(), Ctrl+Z brings it back
            return
        super().keyPressEvent(event)


def with_mnemonic(label: str, taken: set[str]) -> str:
    """``label`` with an Alt+letter on its first letter that no kind's key and no label before
    it uses (a framework's kind "Open vraag" on Alt+O took the Soort label's letter); none
    when every letter is taken. Adds the letter used to ``taken``."""
    for i, char in enumerate(label):
        if char.isalpha() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{label[:i]}&{label[i:]}"
    return label


class CapturePane(QWidget):

    def __init__(self, ctx: AppContext, parent=None, show_list: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        fw = ctx.framework
        self.target: dict = {}  # where captured observations go (see set_target)
        self.draft_key = capture_key()
        ctx.changed.connect(self._changes_arrived)
        self.pending: dict[int, QListWidgetItem] = {}  # stores in flight, by token
        self._token = 0

        self.theme = QComboBox()
        self.theme.setObjectName("captureTheme")
        for i, t in enumerate(fw.themes, start=1):
            self.theme.addItem(f"{i}  {t['name']}" if i <= 9 else t["name"], t["id"])
        self.theme.setToolTip("Thema (Ctrl+1 … Ctrl+9)")
        self.subtheme = QComboBox()
        self.subtheme.setObjectName("captureSubtheme")
        self.subtheme.setToolTip("Subthema (Alt+1 … Alt+9, Alt+0 = geen)")
        self.kind = QComboBox()
        self.kind.setObjectName("captureKind")
        for k in fw.observation_kinds:
            self.kind.addItem(f"{k['name']}  (Alt+{k['key'].upper()})", k["id"])
        self.kind.setToolTip("Soort waarneming (Alt + letter)")
        self.text = CaptureEdit()
        self.text.setObjectName("captureText")
        self.text.setPlaceholderText("Typ je waarneming … Enter = opslaan, Shift+Enter = nieuwe regel")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(70)
        self.evidence = QLineEdit()
        self.evidence.setObjectName("captureEvidence")
        self.evidence.setPlaceholderText("Bron, bijvoorbeeld: zelfevaluatie p. 12 (optioneel)")
        self.store_button = QPushButton("Opslaan  (Enter)")
        self.store_button.setObjectName("captureStore")
        self.store_button.clicked.connect(self.store)
        self.heading = QLabel("Nieuwe waarneming")
        self.heading.setObjectName("paneHeading")
        self.heading.setWordWrap(True)

        form = QFormLayout()
        taken = {k["key"].lower() for k in fw.observation_kinds}  # Alt+letter picks a kind
        for label, combo in (("Thema", self.theme), ("Subthema", self.subtheme), ("Soort", self.kind)):
            form.addRow(with_mnemonic(label, taken), combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.text, 2)
        row = QHBoxLayout()
        from visitor_app.ui.source_picker import SourcePicker
        self.source = SourcePicker(ctx, self.evidence)  # Bron: free text, or a document and page
        row.addWidget(self.source, 1)
        row.addWidget(self.store_button)
        layout.addLayout(row)
        self.list = QListWidget()
        self.list.setObjectName("captureList")
        self.list.setWordWrap(True)
        self.list.setLayoutMode(QListView.Batched)  # long lists stay cheap to update
        self.list.setBatchSize(25)
        self.list_label = QLabel("Vastgelegd in dit gesprek (nieuwste bovenaan)")
        if show_list:
            layout.addWidget(self.list_label)
            layout.addWidget(self.list, 3)

        self.theme.currentIndexChanged.connect(self._fill_subthemes)
        self._fill_subthemes()
        self.text.submit.connect(self.store)
        self.draft_saver = Debounced(self.text, self.save_draft)
        self._restoring = False  # set_target is putting a draft back: no edit of the user
        self.text.textChanged.connect(self._edited)
        for combo in (self.theme, self.subtheme, self.kind):  # a choice belongs to the draft too
            combo.currentIndexChanged.connect(self._edited)
        self._install_shortcuts()

    def _edited(self, *_args) -> None:
        if not self._restoring:
            self.draft_saver.touch()

    # -- keyboard ----------------------------------------------------------------------------
    def _shortcut(self, keys: str, slot) -> None:
        sc = QShortcut(QKeySequence(keys), self)
        sc.setContext(Qt.WidgetWithChildrenShortcut)
        sc.activated.connect(slot)

    def _install_shortcuts(self) -> None:
        for i in range(min(9, self.theme.count())):
            self._shortcut(f"Ctrl+{i + 1}", lambda i=i: self.theme.setCurrentIndex(i))
        for i in range(10):
            self._shortcut(f"Alt+{i}", lambda i=i: self._pick_subtheme(i))
        for idx, k in enumerate(self.ctx.framework.observation_kinds):
            self._shortcut(f"Alt+{k['key'].upper()}", lambda idx=idx: self.kind.setCurrentIndex(idx))

    def _pick_subtheme(self, number: int) -> None:
        if number < self.subtheme.count():
            self.subtheme.setCurrentIndex(number)

    def _fill_subthemes(self) -> None:
        theme_id = self.theme.currentData()
        self.subtheme.clear()
        self.subtheme.addItem("0  — geen subthema —", None)
        for i, s in enumerate(self.ctx.framework.subthemes(theme_id), start=1):
            self.subtheme.addItem(f"{i}  {s['name']}" if i <= 9 else s["name"], s["id"])

    # -- target ------------------------------------------------------------------------------
    def set_target(self, heading: str, session_id: str | None = None, case_file_id: str | None = None,
                   partner_interview_id: str | None = None, theme_hint: str | None = None) -> None:
        """Bind the pane to a conversation or record; restores that context's draft. Bound
        again to the same place (the programme changed, a merge came in), it keeps what is
        being typed, the cursor and the chosen theme, and only refreshes its list."""
        target = {"session_id": session_id, "case_file_id": case_file_id,
                  "partner_interview_id": partner_interview_id}
        self.heading.setText(heading)
        if target == self.target:
            self.refresh_list()
            return
        self.draft_saver.flush()
        self.target = target
        self.draft_key = capture_key(**self.target)
        draft = self.ctx.draft(self.draft_key)
        self._restoring = True
        try:
            if theme_hint:
                self._choose(self.theme, theme_hint)
            if draft.strip():  # the choices made beside the draft come back with it
                self.restore_choices(self.ctx.draft_choice(self.draft_key))
            self.text.setPlainText(draft)
        finally:
            self._restoring = False
        if draft:
            self.text.moveCursor(QTextCursor.End)  # typing goes on where it stopped
            self.ctx.status.emit("Concepttekst van de vorige keer hersteld.")
        self.refresh_list()

    @staticmethod
    def _choose(combo: QComboBox, value) -> None:
        idx = combo.findData(value)
        if idx >= 0:
            combo.setCurrentIndex(idx)

    def choices(self) -> dict:
        """What is chosen beside the text, as a draft keeps it."""
        return {"theme": self.theme.currentData(), "subtheme": self.subtheme.currentData(),
                "kind": self.kind.currentData(), "session_id": self.target.get("session_id")}

    def restore_choices(self, choices: dict) -> None:
        """Put back a draft's theme, subtheme and kind; one the framework does not know
        (any more) leaves that choice as it is."""
        if choices.get("theme"):
            self._choose(self.theme, choices["theme"])  # refills the subthemes
        if choices.get("theme") == self.theme.currentData():
            self._choose(self.subtheme, choices.get("subtheme"))
        if choices.get("kind"):
            self._choose(self.kind, choices["kind"])

    def _changes_arrived(self, changes) -> None:
        """Observations changed elsewhere (the board, a merge): the running list follows."""
        if changes.touches("observations") and self.ctx.initiator is not self:
            self.refresh_list()

    def refresh_list(self) -> None:
        self.list.clear()
        self.pending.clear()  # their items are gone; done() refreshes again if still relevant
        filters = {k: v for k, v in self.target.items() if v}
        if not filters:
            return
        for obs in self.ctx.visit.observations.list(**filters):
            self._add_list_item(obs, pending=False)

    def _add_list_item(self, obs: dict, pending: bool) -> QListWidgetItem:
        stamp = obs.get("created")
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%H:%M") \
            if stamp else datetime.now().strftime("%H:%M")
        label = (f"{when}  {self.ctx.kind_name(obs['kind'])} · {self.ctx.theme_name(obs['theme'])}\n"
                 f"{obs['text']}")
        item = QListWidgetItem(label + ("   (wordt opgeslagen …)" if pending else ""))
        item.setData(Qt.UserRole, obs.get("id"))  # what Gesprek's Ctrl+M moves (None while stored)
        self.list.insertItem(0, item)  # newest on top: no scrolling, no relayout of the rest
        return item

    # -- storing -----------------------------------------------------------------------------
    def values(self) -> dict:
        return {"theme": self.theme.currentData(), "subtheme": self.subtheme.currentData(),
                "kind": self.kind.currentData(), "text": self.text.toPlainText().strip(),
                "evidence": self.evidence.text().strip() or None, **self.target,
                **self.source.values()}

    def store(self) -> None:
        values = self.values()
        if not values["text"]:
            self.ctx.status.emit("Lege waarneming: niets opgeslagen.")
            self.text.setFocus()
            return
        self.draft_saver.cancel()
        text_before = self.text.toPlainText()
        choices_before = self.choices()
        self._token += 1
        token, target, key = self._token, dict(self.target), self.draft_key
        self.pending[token] = self._add_list_item(values, pending=True)
        self.text.selectAll()
        self.text.textCursor().removeSelectedText()
        self.evidence.clear()
        self.text.setFocus()
        self.draft_saver.cancel()  # clearing the field is no edit to save
        self.ctx.drafts[key] = ""  # the service drops the draft together with storing
        self.ctx.draft_choices.pop(key, None)
        visit, author = self.ctx.visit, self.ctx.visit.current_member  # author as of Enter

        def done(changes):
            item = self.pending.pop(token, None)
            if item is not None:
                item.setText(item.text().replace("   (wordt opgeslagen …)", ""))
                item.setData(Qt.UserRole, changes.id)
            elif self.target == target:
                self.refresh_list()  # the list was rebuilt while this one was being stored
            self.ctx.status.emit("Waarneming opgeslagen.")

        def failed(exc):
            item = self.pending.pop(token, None)
            if item is not None:
                self.list.takeItem(self.list.row(item))
            if self.target == target and not self.text.toPlainText().strip():
                self.text.setPlainText(text_before)  # back in the field, nothing lost
            else:  # the member moved on: keep the text as that place's draft
                earlier = self.ctx.draft(key)
                self.ctx.save_draft(key, f"{earlier}\n{text_before}" if earlier.strip() else text_before,
                                    self.ctx.draft_choice(key) if earlier.strip() else choices_before)
            self.ctx.error.emit(exc)

        ops.op(self.ctx, visit.observations.capture, values, key, author, on_done=done, on_error=failed,
               initiator=self)

    def save_draft(self) -> None:
        self.ctx.save_draft(self.draft_key, self.text.toPlainText(), self.choices())

    def flush_draft(self) -> None:
        self.draft_saver.flush()
