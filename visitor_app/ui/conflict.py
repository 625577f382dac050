"""A conflict's two versions with the words that differ highlighted, and the dialog in which
the secretary words the text of the version that stays (the Team view opens it).

The highlight: every word of one version that the other does not have at that place
(difflib on words), on both sides, in MARK with an underline (not by colour alone). The
text on MARK: 11.7:1 (#1f2a33 on #fde68a).
"""

from __future__ import annotations

import difflib
import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout,
)

MARK = "#fde68a"
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts as runs (text, differs), compared word by word (spaces and punctuation are
    tokens too): a run differs when the other text does not have it at that place. A
    differing run starts and ends with a word; the spaces around it are runs of their own."""
    ta, tb = TOKEN_RE.findall(a or ""), TOKEN_RE.findall(b or "")
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        _add(left, "".join(ta[i1:i2]), op != "equal")
        _add(right, "".join(tb[j1:j2]), op != "equal")
    return _joined(left), _joined(right)


def _joined(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Differing runs with only spaces between them (two texts agree on their spaces) are
    one run: "Zo blijkt uit" is one highlight, not three."""
    out: list[tuple[str, bool]] = []
    for text, differs in runs:
        if differs and len(out) >= 2 and out[-1][0].isspace() and out[-2][1]:
            space, _ = out.pop()
            out[-1] = (out[-1][0] + space + text, True)
        elif out and out[-1][1] == differs and not (differs and not text.strip()):
            out[-1] = (out[-1][0] + text, differs)
        else:
            out.append((text, differs))
    return out


def _add(runs: list[tuple[str, bool]], text: str, differs: bool) -> None:
    if not text:
        return
    core = text.strip()
    if not differs or not core:
        runs.append((text, False))
        return
    start = text.index(core)
    for part, marked in ((text[:start], False), (core, True), (text[start + len(core):], False)):
        if part:
            runs.append((part, marked))


def marked_html(runs: list[tuple[str, bool]]) -> str:
    out = []
    for text, differs in runs:
        html = escape(text).replace("\n", "<br>")
        if differs:
            out.append(f'<span style="background-color:{MARK}; text-decoration:underline;">{html}</span>')
        else:
            out.append(html)
    return "".join(out)


def side_html(title: str, runs: list[tuple[str, bool]], by: str | None, deleted: bool,
              note: str = "") -> str:
    who = f"<br><small>{escape(by)}</small>" if by else ""
    gone = "<br><b>(verwijderd in deze versie)</b>" if deleted else ""
    extra = f"<br><small>{escape(note)}</small>" if note else ""
    return f"<h3>{escape(title)}</h3><p>{marked_html(runs)}{gone}{who}{extra}</p>"


def titles(conflict: dict) -> tuple[str, str]:
    """"Huidige versie" and "Andere versie", with whose they are when known."""
    current = "Huidige versie" + (f", van {conflict['current_member']}" if conflict.get("current_member") else "")
    other = "Andere versie" + (f", van {conflict['other_member']}" if conflict.get("other_member") else "")
    return current, other


def show_sides(conflict: dict, current_view: QTextBrowser, other_view: QTextBrowser) -> None:
    """Both versions of a conflict, the words that differ highlighted."""
    left, right = word_diff(conflict["current_label"], conflict["other_label"])
    current_title, other_title = titles(conflict)
    current_view.setHtml(side_html(current_title, left, conflict["current_by"], conflict["current_deleted"]))
    other_view.setHtml(side_html(other_title, right, conflict["other_by"], conflict["other_deleted"],
                                 f"uit: {conflict['source']}"))


class ConflictEditDialog(QDialog):
    """Word the text of the version that stays, then say which version that is. ``keep``
    ("current" or "other") and ``text()`` (None: the chosen version's own text) after accept."""

    def __init__(self, conflict: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("conflictEditDialog")
        self.setWindowTitle("Tekst aanpassen en een versie houden")
        self.conflict = conflict
        self.keep: str | None = None
        intro = QLabel("Pas de tekst aan en kies dan welke versie blijft: die krijgt deze tekst, en houdt "
                       "verder alles van zichzelf (soort, thema, …). Gemarkeerd: wat de ene versie anders "
                       "heeft dan de andere.")
        intro.setWordWrap(True)
        self.current_view = QTextBrowser()
        self.current_view.setObjectName("editCurrent")
        self.other_view = QTextBrowser()
        self.other_view.setObjectName("editOther")
        show_sides(conflict, self.current_view, self.other_view)
        self.use_current = QPushButton("Huidige tekst overnemen")
        self.use_current.setObjectName("conflictUseCurrent")
        self.use_current.clicked.connect(lambda: self.editor.setPlainText(conflict["current_text"] or ""))
        self.use_other = QPushButton("Andere tekst overnemen")
        self.use_other.setObjectName("conflictUseOther")
        self.use_other.clicked.connect(lambda: self.editor.setPlainText(conflict["other_text"] or ""))
        sides = QGridLayout()
        sides.addWidget(self.current_view, 0, 0)
        sides.addWidget(self.other_view, 0, 1)
        sides.addWidget(self.use_current, 1, 0, Qt.AlignLeft)
        sides.addWidget(self.use_other, 1, 1, Qt.AlignLeft)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("conflictEdit")
        self.editor.setAccessibleName("Tekst van de versie die blijft")
        self.editor.setTabChangesFocus(True)
        start = conflict["other_text"] if conflict["current_deleted"] else conflict["current_text"]
        self.editor.setPlainText(start or "")
        self.editor.setMinimumHeight(self.editor.fontMetrics().lineSpacing() * 4 + 10)
        self.keep_current = QPushButton("Huidige houden met deze tekst")
        self.keep_current.setObjectName("keepCurrentEdited")
        self.keep_current.setEnabled(not conflict["current_deleted"])
        self.keep_current.clicked.connect(lambda: self._choose("current"))
        self.keep_other = QPushButton("Andere houden met deze tekst")
        self.keep_other.setObjectName("keepOtherEdited")
        self.keep_other.setEnabled(not conflict["other_deleted"])
        self.keep_other.clicked.connect(lambda: self._choose("other"))
        cancel = QPushButton("Annuleren")
        cancel.clicked.connect(self.reject)
        self.refusal = QLabel()
        self.refusal.setObjectName("conflictEditRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #b00020")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.keep_current, self.keep_other, cancel):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sides, 2)
        layout.addWidget(QLabel("Tekst van de versie die blijft:"))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.refusal)
        layout.addLayout(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 62, em * 38)

    def _choose(self, keep: str) -> None:
        if not self.editor.toPlainText().strip():
            self.refusal.setText("De tekst van de versie die blijft, mag niet leeg zijn.")
            return
        self.keep = keep
        self.accept()

    def text(self) -> str | None:
        """The edited text; None when it is the kept version's own (nothing to change)."""
        own = self.conflict["current_text"] if self.keep == "current" else self.conflict["other_text"]
        text = self.editor.toPlainText()
        return None if text.strip() == (own or "").strip() else text
