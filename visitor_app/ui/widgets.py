"""Small widget helpers shared by dialogs and views (cheap to import at start-up)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from html import escape

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFrame, QLabel, QVBoxLayout


def ok_cancel_buttons(dialog: QDialog, ok: str, cancel: str = "Annuleren") -> QDialogButtonBox:
    """OK/Cancel with Dutch labels, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok)
    buttons.button(QDialogButtonBox.Cancel).setText(cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CalmComboBox(QComboBox):
    """A combo box that scrolling past with the mouse wheel cannot change.

    On a long scrolled page (Oordelen, Dossiers) a wheel over an unfocused combo would
    otherwise pick a value and store it.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)

    def wheelEvent(self, event):  # noqa: N802 (Qt name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the page scrolls instead


def titled_block(name: str, title: str, text: str | None = None, text_name: str | None = None,
                 text_style: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A block of a form: a bold title, optionally a wrapping explanation below it; the
    caller adds its field to the returned layout."""
    block = QFrame()
    block.setObjectName(name)
    lay = QVBoxLayout(block)
    lay.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(f"<b>{escape(title)}</b>")
    heading.setTextFormat(Qt.RichText)
    lay.addWidget(heading)
    if text:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if text_name:
            label.setObjectName(text_name)
        if text_style:
            label.setStyleSheet(text_style)
        lay.addWidget(label)
    return block, lay


# A closed drop-down shows at least this many characters and elides the rest; its list
# shows every item in full. Session titles and theme names would otherwise set a view's
# minimum width (the board's filter row needed 1,425 px).
COMBO_MIN_CHARS = 10
SCROLL_MIN_LINES = 2.2  # a list or text view: at least this many lines tall (Qt's default is 70 px)


def fit_small_screens(widget) -> None:
    """Let every drop-down under ``widget`` shrink to COMBO_MIN_CHARS, and every list, table
    and text view to SCROLL_MIN_LINES lines (it scrolls), so that every view fits 1366x768
    and 1920x1080 at 150 % and 200 % (960x540 logical pixels)."""
    from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea
    for area in widget.findChildren(QAbstractScrollArea):
        if not isinstance(area, QScrollArea) and area.minimumHeight() == 0:
            area.setMinimumHeight(int(area.fontMetrics().lineSpacing() * SCROLL_MIN_LINES))
    for combo in widget.findChildren(QComboBox):
        if combo.sizeAdjustPolicy() == QComboBox.AdjustToContentsOnFirstShow:
            longest = max((len(combo.itemText(i)) for i in range(combo.count())), default=COMBO_MIN_CHARS)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(min(COMBO_MIN_CHARS, max(longest, 4)))
