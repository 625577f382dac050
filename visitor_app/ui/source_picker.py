"""The Bron of an observation: free text, or a document of the register and a page.

Beside the capture pane's free-text Bron field (``evidence``): a drop-down of the
registered documents and a page box. With a document chosen, the observation is a reading
note (``document_id``, ``page``) and its Bron reads "<title>, p. <page>"
(services/documents.py); the free-text field is then not used."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

FREE_TEXT = "Geen document"


class SourcePicker(QWidget):
    def __init__(self, ctx, evidence: QLineEdit, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.evidence = evidence
        self.document = QComboBox()
        self.document.setObjectName("sourceDocument")
        self.document.setToolTip("Bron uit het documentenregister (Documenten); de bron wordt dan "
                                 "\"titel, p. pagina\"")
        self.document.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.document.setMinimumContentsLength(3)
        self.page = QSpinBox()
        self.page.setObjectName("sourcePage")
        self.page.setRange(0, 9999)
        self.page.setPrefix("p. ")
        self.page.setSpecialValueText("—")
        self.page.setToolTip("Pagina in het document")
        self.page.setMaximumWidth(self.page.fontMetrics().horizontalAdvance("p. 9999") + 26)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(evidence, 2)
        layout.addWidget(self.document, 1)
        layout.addWidget(self.page)
        self.document.currentIndexChanged.connect(self._chosen)
        ctx.changed.connect(self._changes_arrived)
        self.refill()

    def _changes_arrived(self, changes) -> None:
        if changes.touches("documents"):
            self.refill()

    def refill(self) -> None:
        """The registered documents, keeping the one chosen while it is still there."""
        keep = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem(FREE_TEXT, None)
        for doc in self.ctx.visit.documents.list():
            self.document.addItem(doc["title"], doc["id"])
        index = self.document.findData(keep) if keep else 0
        self.document.setCurrentIndex(max(index, 0))
        self.document.blockSignals(False)
        self._chosen()

    def _chosen(self, *_args) -> None:
        chosen = self.document.currentData() is not None
        self.page.setEnabled(chosen)
        self.evidence.setEnabled(not chosen)

    def choose(self, doc_id: str | None, page: int | None = None) -> None:
        self.document.setCurrentIndex(max(self.document.findData(doc_id), 0) if doc_id else 0)
        self.page.setValue(page or 0)

    def values(self) -> dict:
        """What the observation gets: ``document_id`` and ``page`` (both None without a
        document; then the free text is its Bron)."""
        doc_id = self.document.currentData()
        if doc_id is None:
            return {"document_id": None, "page": None}
        return {"document_id": doc_id, "page": self.page.value() or None, "evidence": None}
