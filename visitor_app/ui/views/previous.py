"""Vorige visitatie: the recommendations of the previous visitation, per theme, and their
opvolging (status, toelichting, linked observations), stored as you go.

The source (the previous .visitatie, its .rodedraden package or a CSV) is read and imported
in the worker; a source of another dienst is refused, and the view offers to import it all
the same (a renamed dienst). Statuses, chapter title and hint come from forms/report.yaml
(report.previous).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFrame, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
    QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from visitor_app.services.previous import OtherDienstError
from visitor_app.ui import ask, files, ops
from visitor_app.ui.autosave import Debounced
from visitor_app.ui.context import AppContext
from visitor_app.ui.views.lazy import LazyMixin
from visitor_app.ui.widgets import CalmComboBox, ok_cancel_buttons

SOURCE_FILTER = ("Vorige visitatie (*.visitatie *.rodedraden *.csv);;Visitatiebestand (*.visitatie);;"
                 "Rode-dradenpakket (*.rodedraden);;CSV (thema, soort, tekst) (*.csv)")
TEXT_LINES = 3


def import_previous(visit, path, other_dienst: bool = False, passphrase: str | None = None):
    """Read a source of the previous visitation and import it (runs in the worker)."""
    from visitor_app.rode_draden.package import read_previous_source
    source = read_previous_source(path, visit.framework, passphrase=passphrase)
    return visit.previous.import_source(source, other_dienst=other_dienst)


class LinkDialog(QDialog):
    """Tick the observations of one theme that bear on a previous recommendation."""

    def __init__(self, parent, title: str, observations: list[dict], linked: set[str]):
        super().__init__(parent)
        self.setWindowTitle("Waarnemingen koppelen")
        self.setObjectName("previousLinkDialog")
        lay = QVBoxLayout(self)
        label = QLabel(f"Welke waarnemingen gaan over: <i>{escape(title)}</i>")
        label.setWordWrap(True)
        lay.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("previousLinkList")
        for o in observations:
            item = QListWidgetItem(o["text"])
            item.setData(Qt.UserRole, o["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if o["id"] in linked else Qt.Unchecked)
            self.list.addItem(item)
        if not observations:
            lay.addWidget(QLabel("Er zijn bij dit thema nog geen waarnemingen."))
        lay.addWidget(self.list, 1)
        lay.addWidget(ok_cancel_buttons(self, "Koppelen"))

    def chosen(self) -> set[str]:
        return {self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked}


class PreviousView(LazyMixin, QWidget):
    title = "Vorige visitatie"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        fw = ctx.framework
        self.chapter = fw.previous or {}
        self.combos: dict[str, CalmComboBox] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.savers: dict[str, Debounced] = {}
        self.links: dict[str, QLabel] = {}
        self.rows: dict[str, dict] = {}

        self.note = QLabel()
        self.note.setObjectName("previousNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.RichText)
        self.import_button = QPushButton("Vorige visitatie inlezen…")
        self.import_button.setObjectName("previousImport")
        self.import_button.setToolTip("Lees de punten ter opvolging in uit het visitatiebestand, het "
                                      "rode-dradenpakket of een CSV (thema, soort, tekst) van de "
                                      "vorige visitatie. Opnieuw inlezen verandert niets.")
        self.import_button.clicked.connect(self.choose_source)
        self.import_button.setEnabled(bool(self.chapter))
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.import_button, 0, Qt.AlignTop)

        self.content = QWidget()
        self.content.setObjectName("previousContent")
        self.blocks = QVBoxLayout(self.content)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previousScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self.watch(ctx, "previous", "observations", skip_own=True)
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def editing(self) -> bool:
        return any(s.dirty for s in self.savers.values())

    def reload(self) -> None:
        previous = self.ctx.visit.previous
        rows = previous.list()
        counts = previous.counts()
        ids = [r["id"] for r in rows]
        if ids != list(self.rows):
            self._build(previous.by_theme())
        self.rows = {r["id"]: r for r in rows}
        for r in rows:
            combo = self.combos[r["id"]]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(r["status"]), 0))
            combo.blockSignals(False)
            edit = self.notes[r["id"]]
            if not (self.savers[r["id"]].dirty or edit.hasFocus()):
                text = r["toelichting"] or ""
                if edit.toPlainText() != text:
                    edit.blockSignals(True)
                    edit.setPlainText(text)
                    edit.blockSignals(False)
            self._show_links(r["id"])
        self.note.setText(self._note_html(counts))
        self.stale = False

    def _note_html(self, counts: dict) -> str:
        if not self.chapter:
            return ("Het visitatiekader van deze visitatie kent geen opvolging van een vorige "
                    "visitatie (report.previous in forms/report.yaml).")
        parts = [f"<b>{escape(self.chapter['title'])}</b>"]
        if self.chapter.get("hint"):
            parts.append(escape(self.chapter["hint"]))
        if counts["total"]:
            names = {s["id"]: s["name"] for s in self.ctx.framework.follow_up_statuses()}
            parts.append(" · ".join(f"{escape(names[k])}: {n}" for k, n in counts["statuses"].items()
                                    if k in names))
        else:
            parts.append("Nog niets ingelezen. Kies <i>Vorige visitatie inlezen…</i> en daarna het "
                         "visitatiebestand, het rode-dradenpakket of een CSV (thema, soort, tekst).")
        return "<br>".join(parts)

    def _build(self, by_theme) -> None:
        for saver in self.savers.values():
            saver.flush()
        while self.blocks.count():
            item = self.blocks.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos, self.notes, self.savers, self.links = {}, {}, {}, {}
        for theme, rows in by_theme:
            box = QGroupBox(theme["name"])
            box.setObjectName(f"previousTheme_{theme['id']}")
            inner = QVBoxLayout(box)
            for r in rows:
                inner.addWidget(self._block(r))
            self.blocks.addWidget(box)
        self.blocks.addStretch(1)

    def _block(self, r: dict) -> QWidget:
        rid = r["id"]
        fw = self.ctx.framework
        block = QFrame()
        block.setObjectName(f"previous_{rid}")
        lay = QVBoxLayout(block)
        lay.setContentsMargins(0, 0, 0, 6)
        text = QLabel(f"<b>{escape(fw.kind_name(r['kind']))}</b>: {escape(r['text'])}")
        text.setTextFormat(Qt.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        text.setToolTip(f"Bron: {r['source_label']}")
        lay.addWidget(text)
        row = QHBoxLayout()
        combo = CalmComboBox()
        combo.setObjectName(f"previousStatus_{rid}")
        combo.setAccessibleName("Opvolging")
        combo.setToolTip("De opvolging volgens de commissie; wordt direct opgeslagen.")
        for status in fw.follow_up_statuses():
            combo.addItem(status["name"], status["id"])
        combo.currentIndexChanged.connect(lambda _i, rid=rid: self._status_chosen(rid))
        row.addWidget(combo)
        links = QLabel()
        links.setObjectName(f"previousLinks_{rid}")
        row.addWidget(links, 1)
        link = QPushButton("Koppel waarneming…")
        link.setObjectName(f"previousLink_{rid}")
        link.setToolTip("Koppel waarnemingen van dit thema aan dit punt")
        link.clicked.connect(lambda _=False, rid=rid: self.choose_links(rid))
        row.addWidget(link)
        lay.addLayout(row)
        edit = QPlainTextEdit()
        edit.setObjectName(f"previousToelichting_{rid}")
        edit.setPlaceholderText("Toelichting …")
        edit.setAccessibleName("Toelichting bij de opvolging")
        edit.setTabChangesFocus(True)
        lines = edit.fontMetrics().lineSpacing() * TEXT_LINES
        edit.setMinimumHeight(lines)
        edit.setMaximumHeight(lines * 3 // 2)
        saver = Debounced(edit, lambda rid=rid: self._save_text(rid))
        edit.textChanged.connect(saver.touch)
        lay.addWidget(edit)
        self.combos[rid], self.notes[rid], self.savers[rid], self.links[rid] = combo, edit, saver, links
        return block

    def _show_links(self, rid: str) -> None:
        n = len(self.ctx.visit.previous.observation_ids(rid))
        self.links[rid].setText(f"{n} gekoppelde waarneming(en)" if n else "geen waarnemingen gekoppeld")

    # -- importing ----------------------------------------------------------------------------
    def choose_source(self) -> None:
        path = files.open_file(self, "Vorige visitatie inlezen", "", SOURCE_FILTER)
        if path:
            self.import_file(path)

    def import_file(self, path: str, other_dienst: bool = False) -> None:
        passphrase = None
        from pathlib import Path
        if Path(path).suffix.lower() not in (".rodedraden", ".csv", ".txt"):
            from visitor_app.services.encryption import is_encrypted
            if Path(path).exists() and is_encrypted(path):
                from visitor_app.ui.passphrase import ask_passphrase
                passphrase = ask_passphrase(self, path)
                if passphrase is None:
                    return
        ops.op(self.ctx, import_previous, self.ctx.visit, path, other_dienst, passphrase,
               initiator=self, on_done=self._imported,
               on_error=lambda exc: self._import_failed(path, exc))

    def _imported(self, changes) -> None:
        result = changes.result or {}
        self.reload()
        self.ctx.status.emit(f"Vorige visitatie ingelezen: {result.get('added', 0)} nieuw, "
                             f"{result.get('unchanged', 0)} al aanwezig.")

    def _import_failed(self, path: str, exc: BaseException) -> None:
        if isinstance(exc, OtherDienstError):
            answer = ask.question(
                self, "Andere dienst", exc.message[:1].upper() + exc.message[1:] +
                "\n\nIs het dezelfde dienst onder een andere naam? Kies dan Ja om de bron toch "
                "in te lezen.")
            if answer == QMessageBox.Yes:
                self.import_file(path, other_dienst=True)
            return
        self.ctx.error.emit(exc)

    # -- the opvolging ----------------------------------------------------------------------------
    def _status_chosen(self, rid: str) -> None:
        status = self.combos[rid].currentData()
        self.savers[rid].cancel()  # the toelichting goes along
        ops.op(self.ctx, self.ctx.visit.previous.set_opvolging, rid, status,
               self.notes[rid].toPlainText(), initiator=self, on_done=self._saved)

    def _save_text(self, rid: str) -> None:
        text = self.notes[rid].toPlainText()
        if (self.rows.get(rid, {}).get("toelichting") or "") == text.strip():
            return
        ops.op(self.ctx, self.ctx.visit.previous.set_opvolging, rid, None, text,
               initiator=self, on_done=self._saved)

    def _saved(self, changes) -> None:
        if changes.row:
            self.rows[changes.row["id"]] = changes.row
        self.note.setText(self._note_html(self.ctx.visit.previous.counts()))
        self.ctx.status.emit("Opvolging opgeslagen.")

    def choose_links(self, rid: str) -> None:
        row = self.rows[rid]
        observations = [o for o in self.ctx.visit.observations.list() if o["theme"] == row["theme"]]
        linked = set(self.ctx.visit.previous.observation_ids(rid))
        dialog = LinkDialog(self, row["text"], observations, linked)
        if dialog.exec():
            self.set_links(rid, dialog.chosen())

    def set_links(self, rid: str, chosen: set[str]) -> None:
        linked = set(self.ctx.visit.previous.observation_ids(rid))
        for oid in sorted(chosen - linked):
            ops.op(self.ctx, self.ctx.visit.previous.link, rid, oid, initiator=self)
        if linked - chosen:
            ops.op(self.ctx, self.ctx.visit.previous.unlink, rid, sorted(linked - chosen),
                   initiator=self)
        ops.query(self.ctx, self.ctx.visit.previous.observation_ids, rid,  # after the links
                  on_done=lambda _ids: self._show_links(rid))

    def flush_draft(self) -> None:
        """Store every toelichting still waiting for its debounce (switching away, closing)."""
        for saver in self.savers.values():
            saver.flush()
