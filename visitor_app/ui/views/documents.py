"""Documenten: the documents register of the visitation (zelfevaluatie, jaarverslag, ...),
each with an optional attachment stored in the file, and the reading notes taken from it
(observations whose Bron is the document and a page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from visitor_app.services.documents import MAX_ATTACHMENT_BYTES, megabytes
from visitor_app.ui import files, ops
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin

COLUMNS = ("Titel", "Soort", "Datum", "Bijlage")
LIMIT_NOTE = (f"Een bijlage is hoogstens {megabytes(MAX_ATTACHMENT_BYTES)} en wordt in het "
              "visitatiebestand bewaard. Een kopie voor een commissielid kan zonder bijlagen "
              "worden gemaakt (Team).")
LIMIT_SHORT = f"Bijlage: hoogstens {megabytes(MAX_ATTACHMENT_BYTES)}, in het visitatiebestand."


def attachment_text(doc: dict) -> str:
    if not doc.get("attachment_sha256"):
        return ""
    text = f"{doc['attachment_name']} ({megabytes(doc['attachment_size'] or 0)})"
    return text if doc.get("attachment_here", True) else text + ", niet in deze kopie"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class DocumentsView(LazyMixin, QWidget):
    title = "Documenten"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.notes: list[dict] = []
        self.pending_attachment: str | None = None  # chosen for a document not yet added
        fw = ctx.framework

        # -- the register --------------------------------------------------------------------
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("documentsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.new_button = QPushButton("Nieuw document")
        self.new_button.setObjectName("newDocument")
        self.new_button.clicked.connect(self.new_document)
        self.remove_button = QPushButton("Verwijderen")
        self.remove_button.setObjectName("removeDocument")
        self.remove_button.setToolTip("Het document verdwijnt uit het register; de leesnotities blijven")
        self.remove_button.clicked.connect(self.remove)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        # -- the selected document -----------------------------------------------------------
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("documentTitle")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("documentKind")
        for k in fw.document_kinds:
            self.kind_combo.addItem(k["name"], k["id"])
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("documentDate")
        self.date_edit.setPlaceholderText("JJJJ-MM-DD (optioneel)")
        self.attachment_label = QLabel()
        self.attachment_label.setObjectName("documentAttachment")
        self.attachment_label.setWordWrap(True)
        self.attach_button = QPushButton("Bijvoegen …")
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setToolTip(LIMIT_NOTE)
        self.attach_button.clicked.connect(self.choose_attachment)
        self.save_out_button = QPushButton("Opslaan als …")
        self.save_out_button.setObjectName("saveAttachmentButton")
        self.save_out_button.setToolTip("Sla de bijlage op als een eigen bestand")
        self.save_out_button.clicked.connect(self.save_attachment)
        self.store_button = QPushButton("Toevoegen")
        self.store_button.setObjectName("storeDocument")
        self.store_button.clicked.connect(self.store)
        form = QFormLayout()
        form.addRow("&Titel", self.title_edit)
        form.addRow("&Soort", self.kind_combo)
        form.addRow("&Datum", self.date_edit)
        form.addRow("Bijlage", self.attachment_label)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.save_out_button)
        attach_row.addStretch(1)
        attach_row.addWidget(self.store_button)
        form.addRow("", attach_row)
        self.detail_box = QGroupBox("Nieuw document")
        detail_layout = QVBoxLayout(self.detail_box)
        detail_layout.addLayout(form)

        # -- its reading notes ---------------------------------------------------------------
        self.note_list = QListWidget()
        self.note_list.setObjectName("readingNotes")
        self.note_list.setWordWrap(True)
        self.note_text = QLineEdit()
        self.note_text.setObjectName("noteText")
        self.note_text.setPlaceholderText("Leesnotitie uit dit document …")
        self.note_text.returnPressed.connect(self.add_note)
        self.note_page = QSpinBox()
        self.note_page.setObjectName("notePage")
        self.note_page.setRange(0, 100_000)
        self.note_page.setSpecialValueText("geen")
        self.note_page.setPrefix("p. ")
        self.note_page.setToolTip("Pagina in het document (geen: 0)")
        self.note_theme = QComboBox()
        self.note_theme.setObjectName("noteTheme")
        for t in fw.themes:
            self.note_theme.addItem(t["name"], t["id"])
        self.note_kind = QComboBox()
        self.note_kind.setObjectName("noteKind")
        for k in fw.observation_kinds:
            self.note_kind.addItem(k["name"], k["id"])
        self.note_button = QPushButton("Notitie toevoegen")
        self.note_button.setObjectName("addNote")
        self.note_button.clicked.connect(self.add_note)
        self.notes_box = QGroupBox("Leesnotities")
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.addWidget(self.note_list, 1)
        first = QHBoxLayout()
        first.addWidget(self.note_text, 1)
        first.addWidget(self.note_page)
        notes_layout.addLayout(first)
        second = QHBoxLayout()
        second.addWidget(self.note_theme, 1)
        second.addWidget(self.note_kind, 1)
        second.addWidget(self.note_button)
        notes_layout.addLayout(second)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_box)
        right_layout.addWidget(self.notes_box, 1)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.status = QLabel(LIMIT_SHORT)  # the limit, until a message takes its place
        self.status.setObjectName("documentsStatus")
        self.status.setToolTip(LIMIT_NOTE)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.watch(ctx, "documents", "observations")
        for field in (self.title_edit, self.date_edit, self.note_text):
            field.editingFinished.connect(self.editor_closed)
        self._show_selected()

    def editing(self) -> bool:
        """Typing in a field: a change from elsewhere waits until it loses focus (a reload
        would reset what is being typed)."""
        return any(f.hasFocus() and f.isModified()
                   for f in (self.title_edit, self.date_edit, self.note_text))

    # -- data ------------------------------------------------------------------------------
    def selected(self) -> dict | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def reload(self) -> None:
        self.stale = False
        keep = (self.selected() or {}).get("id")
        self.rows = self.ctx.visit.documents.list()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, doc in enumerate(self.rows):
            for c, text in enumerate((doc["title"], doc["kind_name"], doc["date"] or "",
                                      attachment_text(doc))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.clearSelection()
        self.table.blockSignals(False)
        index = next((i for i, d in enumerate(self.rows) if d["id"] == keep), None)
        typed = self._typed()
        if index is not None:
            self.table.blockSignals(bool(typed))
            self.table.selectRow(index)
            self.table.blockSignals(False)
        if typed is None or index is not None:
            self._show_selected()
        if typed:
            for field, text in zip((self.title_edit, self.date_edit), typed):
                field.setText(text)  # what was being typed stays, still not stored
                field.setModified(True)

    def _typed(self) -> tuple[str, str] | None:
        """Title and date as typed and not yet stored, or None."""
        if self.title_edit.isModified() or self.date_edit.isModified():
            return self.title_edit.text(), self.date_edit.text()
        return None

    def select_document(self, doc_id: str) -> None:
        index = next((i for i, d in enumerate(self.rows) if d["id"] == doc_id), None)
        if index is not None:
            self.table.selectRow(index)

    def _show_selected(self) -> None:
        doc = self.selected()
        for field in (self.title_edit, self.date_edit):
            field.setModified(False)
        self.pending_attachment = None
        self.remove_button.setEnabled(doc is not None)
        self.notes_box.setEnabled(doc is not None)
        # a long title would set the view's minimum width (a 1,061 px window at 200 %)
        self.detail_box.setTitle(f"Document: {_short(doc['title'])}" if doc else "Nieuw document")
        self.detail_box.setToolTip(doc["title"] if doc else "")
        self.store_button.setText("Wijzigingen opslaan" if doc else "Toevoegen")
        self.title_edit.setText(doc["title"] if doc else "")
        index = self.kind_combo.findData(doc["kind"]) if doc else 0
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.date_edit.setText((doc["date"] or "") if doc else "")
        self.attachment_label.setText(attachment_text(doc) if doc and doc["attachment_sha256"]
                                      else "(geen)")
        self.save_out_button.setEnabled(bool(doc and doc["attachment_sha256"] and doc["attachment_here"]))
        self.notes = self.ctx.visit.documents.notes(doc["id"]) if doc else []
        self.note_list.clear()
        fw = self.ctx.framework
        for note in self.notes:
            page = f"p. {note['page']}" if note["page"] else "zonder pagina"
            theme = fw.theme(note["theme"])["name"] if fw.has_theme(note["theme"]) else note["theme"]
            self.note_list.addItem(f"{page} — {theme}: {note['text']}")
            self.note_list.item(self.note_list.count() - 1).setToolTip(f"Bron: {note['evidence']}")
        self.notes_box.setTitle(f"Leesnotities ({len(self.notes)})" if doc else
                                "Leesnotities (kies eerst een document)")

    # -- actions ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.ctx.status.emit(text)

    def new_document(self) -> None:
        self.table.clearSelection()
        self._show_selected()
        self.title_edit.setFocus()

    def store(self) -> None:
        doc = self.selected()
        kind = self.kind_combo.currentData()
        title, date = self.title_edit.text(), self.date_edit.text().strip() or None
        refused = ops.refusal_as_status(self.ctx)

        def failed(exc):
            refused(exc)
            self.status.setText(getattr(exc, "message", str(exc)))

        if doc is None:
            attachment = self.pending_attachment

            def added(changes):
                self._say(f"Document toegevoegd: {title.strip()}")
                self.reload()
                self.select_document(changes.id)
            ops.op(self.ctx, self.ctx.visit.documents.add, title, kind, date, attachment,
                   on_done=added, on_error=failed, initiator=self)
        else:
            def stored(_changes):
                for field in (self.title_edit, self.date_edit):
                    field.setModified(False)
                self._say("Document opgeslagen")
            ops.op(self.ctx, self.ctx.visit.documents.update, doc["id"], title=title, kind=kind,
                   date=date, on_done=stored, on_error=failed, initiator=self)

    def choose_attachment(self, _checked=False, path: str | None = None) -> None:
        if path is None:
            path = files.open_file(self, f"Bijlage kiezen (hoogstens {megabytes(MAX_ATTACHMENT_BYTES)})",
                                   str(self.ctx.visit.path.parent))
        if not path:
            return
        doc = self.selected()
        if doc is None:  # kept until the new document is added
            self.pending_attachment = path
            self.attachment_label.setText(f"{Path(path).name} (wordt bewaard bij Toevoegen)")
            return

        def failed(exc):
            ops.refusal_as_status(self.ctx)(exc)
            self.status.setText(getattr(exc, "message", str(exc)))
        ops.op(self.ctx, self.ctx.visit.documents.attach, doc["id"], path,
               on_done=lambda _ch: self._say(f"Bijlage {Path(path).name} bewaard bij {doc['title']}"),
               on_error=failed, initiator=self)

    def save_attachment(self, _checked=False, out: str | None = None) -> None:
        doc = self.selected()
        if doc is None or not doc["attachment_sha256"]:
            return
        if out is None:
            suggested = str(self.ctx.visit.path.parent / doc["attachment_name"])
            out = files.save_file(self, "Bijlage opslaan als", suggested)
        if not out:
            return
        ops.op(self.ctx, self.ctx.visit.documents.save_attachment, doc["id"], out,
               on_done=lambda ch: self._say(f"Bijlage opgeslagen: {ch.result['out']}"),
               on_error=ops.refusal_as_status(self.ctx))

    def remove(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        ops.op(self.ctx, self.ctx.visit.documents.delete, [doc["id"]],
               on_done=lambda _ch: self._say(f"Document verwijderd: {doc['title']} (de "
                                             "leesnotities blijven)"))

    def add_note(self) -> None:
        doc = self.selected()
        text = self.note_text.text()
        if doc is None or not text.strip():
            return
        page = self.note_page.value() or None

        def done(_changes):
            self.note_text.clear()
            self.note_text.setModified(False)
            self.reload()  # the change came while the note was being typed: the list waited
            self._say(f"Leesnotitie opgeslagen ({doc['title']}" + (f", p. {page})" if page else ")"))
        ops.op(self.ctx, self.ctx.visit.documents.add_note, doc["id"], self.note_theme.currentData(),
               self.note_kind.currentData(), text, page, on_done=done,
               on_error=ops.refusal_as_status(self.ctx))
