"""Rapport > Rode-dradenpakket: before the package is written, the secretary sees every text
that leaves the file, each replacement highlighted with its reason, and decides.

- Click a highlighted passage: keep it here, keep it in every text, or replace it again.
- Select words in the text and "Markeer": they are replaced too (here or everywhere).
- "Tekst bewerken …": change the finding or toelichting itself.
Every decision is stored in the visitation (services/privacy.py) and reused by the next
export, from the window or from `visitor-app export-central`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMenu, QPlainTextEdit, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from visitor_app.ui import ops

# Background of a passage by what it is: names, contact and identity data, quotes; kept ones grey.
COLOURS = {"known_name": "#f6c9a8", "possible_name": "#fbe3a1", "quote": "#cfe0ee"}
OTHER_COLOUR = "#e6d3f2"   # e-mail, phone, BSN, birth date, address, IBAN, licence plate
KEPT_COLOUR = "#d6efd0"    # kept: it leaves as it is (green: stays, underlined)
# What the secretary can mark selected words as (kinds of services/privacy.py); the combo
# shows their Dutch reasons.
MARK_KINDS = ("possible_name", "quote", "email", "phone", "address", "birth_date")


def highlighted_html(item: dict) -> str:
    """The item's text with each replacement as a link ("r:INDEX") on its colour, the reason
    as its title; kept ones on green, underlined (they leave as they are)."""
    text, parts, at = item["text"], [], 0
    for i, r in enumerate(item["replacements"]):
        parts.append(html.escape(text[at:r["start"]]))
        colour = KEPT_COLOUR if r["kept"] else COLOURS.get(r["kind"], OTHER_COLOUR)
        state = "blijft staan" if r["kept"] else f"wordt {r['mark']}"
        style = f"background-color:{colour}; color:#1f2a33; text-decoration:{'underline' if r['kept'] else 'none'}"
        parts.append(f'<a href="r:{i}" title="{html.escape(r["reason"])}: {html.escape(state)}" '
                     f'style="{style}">{html.escape(text[r["start"]:r["end"]])}</a>')
        at = r["end"]
    parts.append(html.escape(text[at:]))
    return "<p style='line-height:140%'>" + "".join(parts).replace("\n", "<br>") + "</p>"


def legend_html() -> str:
    """What the colours mean, in the dialog under the text."""
    from visitor_app.domain.deidentify import REASONS
    swatch = "<span style='background-color:{}'>&nbsp;{}&nbsp;</span>"
    return " ".join((swatch.format(COLOURS["known_name"], REASONS["known_name"]),
                     swatch.format(COLOURS["possible_name"], REASONS["possible_name"]),
                     swatch.format(COLOURS["quote"], REASONS["quote"]),
                     swatch.format(OTHER_COLOUR, "contact- of identiteitsgegeven"),
                     swatch.format(KEPT_COLOUR, "<u>blijft staan</u>")))


def short_label(item: dict) -> str:
    """A list entry: the label, then the start of the text (so that texts can be told apart)."""
    text = " ".join(item["text"].split())
    return f"{item['label']}\n\u201c{text[:70]}{'…' if len(text) > 70 else ''}\u201d"


def dialog_size(avail_width: int, avail_height: int) -> tuple[int, int]:
    """At most 1100x700 logical pixels and never more than 92 % of the screen: fits 1366x768
    at 100 % and 1920x1080 at 200 % (960x540 logical)."""
    return min(1100, int(avail_width * 0.92)), min(700, int(avail_height * 0.92))


class EditTextDialog(QDialog):
    def __init__(self, label: str, text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("privacyEditDialog")
        self.setWindowTitle("Tekst bewerken")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        self.edit = QPlainTextEdit(text)
        self.edit.setObjectName("privacyEditText")
        self.edit.setAccessibleName("Tekst")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("Opslaan")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        save = buttons.button(QDialogButtonBox.Save)
        self.edit.textChanged.connect(lambda: save.setEnabled(bool(self.edit.toPlainText().strip())))
        self.resize(620, 320)

    def text(self) -> str:
        return self.edit.toPlainText()


class PrivacyPreviewDialog(QDialog):
    """Every text of the rode-dradenpakket with its replacements. "Pakket opslaan …" asks
    where (``ask_path``) while the preview stays open; ``accepted`` carries the chosen path
    in ``self.path``. Decisions are stored as they are made: closing undoes nothing."""

    def __init__(self, ctx, preview: dict, parent=None, ask_path=None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview = preview
        self.ask_path = ask_path
        self.path: str | None = None
        self.setObjectName("privacyPreview")
        self.setWindowTitle("Rode-dradenpakket: wat gaat er mee?")
        intro = QLabel("Dit gaat naar Omgevingsdienst NL en kan in een openbaar rapport terechtkomen. "
                       "Gemarkeerd is wat vervangen wordt. Klik op een markering om die tekst te laten "
                       "staan; selecteer woorden en kies Markeren om ze ook te vervangen. Je keuzes "
                       "worden in de visitatie bewaard.")
        intro.setWordWrap(True)
        intro.setObjectName("hint")

        self.list = QListWidget()
        self.list.setObjectName("privacyItems")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Teksten die meegaan")
        self.list.currentRowChanged.connect(self._show)
        self.text = QTextBrowser()
        self.text.setObjectName("privacyText")
        self.text.setOpenLinks(False)
        self.text.setTextInteractionFlags(Qt.TextBrowserInteraction | Qt.TextSelectableByKeyboard)
        self.text.setAccessibleName("Tekst met de vervangingen gemarkeerd")
        self.text.anchorClicked.connect(self._clicked)
        self.legend = QLabel(legend_html())
        self.legend.setObjectName("privacyLegend")
        self.legend.setWordWrap(True)
        self.outcome = QTextBrowser()
        self.outcome.setObjectName("privacyResult")
        self.outcome.setAccessibleName("Zo gaat de tekst mee")
        self.outcome.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)

        self.kind = QComboBox()
        self.kind.setObjectName("privacyMarkKind")
        from visitor_app.domain.deidentify import REASONS
        for kind in MARK_KINDS:
            self.kind.addItem(REASONS[kind], kind)
        self.kind.setAccessibleName("Markeren als")
        self.everywhere = QCheckBox("in alle teksten")
        self.everywhere.setObjectName("privacyEverywhere")
        mark = QPushButton("&Markeren")
        mark.setObjectName("privacyMark")
        mark.setToolTip("Vervang de geselecteerde woorden ook")
        mark.clicked.connect(self._mark)
        edit = QPushButton("Tekst &bewerken …")
        edit.setObjectName("privacyEdit")
        edit.clicked.connect(self._edit)
        # two rows: in one, with the app's font, they made the dialog 911 px wide (883 fit at 200 %)
        tools = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel("Selectie markeren als"))
        first.addWidget(self.kind, 1)
        second.addWidget(self.everywhere)
        second.addWidget(mark)
        second.addStretch(1)
        second.addWidget(edit)
        tools.addLayout(first)
        tools.addLayout(second)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.text, 3)
        right_layout.addWidget(self.legend)
        right_layout.addLayout(tools)
        right_layout.addWidget(QLabel("Zo gaat de tekst mee:"))
        right_layout.addWidget(self.outcome, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([340, 660])

        self.summary = QLabel()
        self.summary.setObjectName("privacySummary")
        self.summary.setWordWrap(True)
        self.message = QLabel()  # what the last decision did, or why it was refused
        self.message.setObjectName("privacyMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton("Pakket &opslaan …", QDialogButtonBox.ActionRole)
        self.save.setObjectName("privacySave")
        self.save.clicked.connect(self._save)
        close = buttons.addButton("Sluiten", QDialogButtonBox.RejectRole)
        close.setToolTip("Je keuzes zijn al bewaard; er wordt geen pakket geschreven")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in the list or on a check box never saves
            button.setDefault(False)
        self._fill(select=0)
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        self.resize(*dialog_size(avail.width(), avail.height()) if avail else (960, 600))

    # -- showing -----------------------------------------------------------------------------
    def _fill(self, select: int) -> None:
        items = self.preview["items"]
        self.list.blockSignals(True)
        self.list.clear()
        for item in items:
            active = sum(not r["kept"] for r in item["replacements"])
            entry = QListWidgetItem(f"{short_label(item)}\n{active} vervanging(en)" if active
                                    else f"{short_label(item)}\nniets vervangen")
            entry.setData(Qt.UserRole, item["ref"])
            entry.setToolTip(item["text"][:300])
            self.list.addItem(entry)
        self.list.blockSignals(False)
        counts = self.preview["counts"]
        from visitor_app.services.privacy import count_text
        self.summary.setText(f"{len(items)} tekst(en) gaan mee. "
                             + (f"Vervangen: {count_text(counts)}." if counts else "Er wordt niets vervangen.")
                             + (f" {self.preview['kept']} keer laat je de tekst staan." if self.preview["kept"] else ""))
        if self.preview.get("no_findings"):
            self.save.setEnabled(False)
            self.message.setText("Deze visitatie heeft nog geen bevindingen: een rode-dradenpakket "
                                 "bevat de bevindingen van het rapport.")
        if items:
            self.list.setCurrentRow(min(max(select, 0), len(items) - 1))
            self._show(self.list.currentRow())
        else:
            self.text.setPlainText("Er gaan geen teksten mee.")

    def current(self) -> dict | None:
        row = self.list.currentRow()
        items = self.preview["items"]
        return items[row] if 0 <= row < len(items) else None

    def _show(self, row: int) -> None:
        item = self.current()
        if item is None:
            return
        self.text.setHtml(highlighted_html(item))
        self.outcome.setPlainText(item["redacted"])

    def _reload(self, message: str = "") -> None:
        row = self.list.currentRow()
        scrolled = self.text.verticalScrollBar().value()

        def done(preview):
            self.preview = preview
            self._fill(select=row)
            self.text.verticalScrollBar().setValue(scrolled)  # stay where the secretary was reading
            self.message.setText(message)
        ops.query(self.ctx, self.ctx.visit.privacy.preview, on_done=done)

    def _save(self) -> None:
        path = self.ask_path(self) if self.ask_path else None
        if path:  # cancelled: the preview stays open
            self.path = path
            self.accept()

    # -- deciding ----------------------------------------------------------------------------
    def _decide(self, fn, *args, message=None, **kwargs) -> None:
        def done(changes):
            self._reload(message(changes) if message else "Bewaard.")

        def refused(exc):
            from visitor_app.errors import InputError
            if isinstance(exc, InputError):
                text = exc.message
                self.message.setText(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))
            else:
                self.ctx.error.emit(exc)
        ops.op(self.ctx, fn, *args, on_done=done, on_error=refused, **kwargs)

    def _clicked(self, url: QUrl) -> None:
        item = self.current()
        target = url.toString()
        if item is None or not target.startswith("r:"):
            return
        r = item["replacements"][int(target[2:])]
        privacy = self.ctx.visit.privacy
        same = sum(1 for o in item["replacements"] if o["text"].casefold() == r["text"].casefold())
        times = f" (alle {same} keer)" if same > 1 else ""
        menu = QMenu(self)
        menu.setObjectName("privacyChoice")
        title = menu.addAction(f"\u2018{r['text'][:60]}\u2019: {r['reason']}")
        title.setEnabled(False)
        menu.addSeparator()
        quoted = f"\u2018{r['text'][:40]}\u2019"
        if r["kept"]:
            where = "in alle teksten" if r["everywhere"] else "in deze tekst"
            menu.addAction(f"Toch vervangen, {where}",
                           lambda: self._decide(privacy.undo, item["ref"], r["text"], everywhere=r["everywhere"],
                                                message=lambda c: f"{quoted} wordt weer vervangen {where}."))
        else:
            menu.addAction(f"Niet vervangen, in deze tekst{times}",
                           lambda: self._decide(privacy.keep, item["ref"], r["text"],
                                                message=lambda c: f"{quoted} blijft staan in deze tekst."))
            menu.addAction("Nergens vervangen, in geen enkele tekst",
                           lambda: self._decide(privacy.keep, item["ref"], r["text"], everywhere=True,
                                                message=lambda c: f"{quoted} blijft staan, "
                                                f"{c.result['occurrences']} keer in alle teksten."))
            if r["marked"]:
                menu.addAction("Markering weghalen",
                               lambda: self._decide(privacy.undo, item["ref"], r["text"], everywhere=r["everywhere"],
                                                    message=lambda c: f"Markering van {quoted} weggehaald."))
        self.choice = menu  # tests pick an action from it
        menu.popup(self.text.viewport().mapToGlobal(self.text.cursorRect().center()))

    def _mark(self) -> None:
        item = self.current()
        chosen = self.text.textCursor().selectedText().replace("\u2029", " ").strip()
        if item is None:
            return
        if not chosen:
            self.message.setText("Selecteer eerst de woorden die ook vervangen moeten worden (met de "
                                 "muis, of met Shift en de pijltjestoetsen in de tekst).")
            return
        everywhere = self.everywhere.isChecked()
        self.everywhere.setChecked(False)  # the next mark is for this text again, unless ticked
        where = "in alle teksten" if everywhere else "in deze tekst"
        self._decide(self.ctx.visit.privacy.mark, item["ref"], chosen, kind=self.kind.currentData(),
                     everywhere=everywhere,
                     message=lambda c: f"\u2018{chosen[:40]}\u2019 wordt vervangen: "
                                       f"{c.result['occurrences']} keer {where}.")

    def _edit(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = EditTextDialog(item["label"], item["text"], self)
        if dialog.exec() != QDialog.Accepted or dialog.text() == item["text"]:
            return
        self._decide(self.ctx.visit.privacy.set_text, item["ref"], dialog.text(),
                     message=lambda c: "Tekst aangepast.")
