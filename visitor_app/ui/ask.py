"""Message boxes in the app's own Dutch: buttons Ja, Nee, Annuleren and OK whatever Qt's
translation has, and Qt's own questions (in its file dialogs) addressing the user with
"je", as the app does everywhere, not Qt's "u".

Every question or message box of the window goes through here (tests/ui/test_dutch_dialogs.py
checks that no ui module calls QMessageBox's static functions itself); the open and save
dialogs are in ``ui/files.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

YES, NO, CANCEL, OK = QMessageBox.Yes, QMessageBox.No, QMessageBox.Cancel, QMessageBox.Ok
BUTTON_TEXTS = {QMessageBox.Yes: "&Ja", QMessageBox.No: "&Nee", QMessageBox.Cancel: "Annuleren",
                QMessageBox.Ok: "OK", QMessageBox.Close: "Sluiten"}


def message_box(icon, title: str, text: str, buttons=QMessageBox.Ok, parent: QWidget | None = None,
                default=None) -> QMessageBox:
    """A QMessageBox whose standard buttons say Ja, Nee, Annuleren, OK (add buttons of your
    own with addButton as usual)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    for which, label in BUTTON_TEXTS.items():
        button = box.button(which)
        if button is not None:
            button.setText(label)
    if default is not None:
        box.setDefaultButton(default)
    return box


def _answer(box: QMessageBox):
    box.exec()
    clicked = box.clickedButton() or box.escapeButton()
    return box.standardButton(clicked) if clicked is not None else QMessageBox.NoButton


def question(parent: QWidget | None, title: str, text: str, buttons=QMessageBox.Yes | QMessageBox.No,
             default=QMessageBox.No):
    """Ask; returns the button chosen (YES, NO, CANCEL), as QMessageBox.question does; closing
    the box counts as its escape button (No or Cancel)."""
    box = message_box(QMessageBox.Question, title, text, buttons, parent, default)
    box.setEscapeButton(QMessageBox.Cancel if buttons & QMessageBox.Cancel else QMessageBox.No)
    return _answer(box)


def information(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Information, title, text, QMessageBox.Ok, parent).exec()


def warning(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Warning, title, text, QMessageBox.Ok, parent).exec()


# Qt's own texts where its Dutch translation (qtbase_nl.qm) says "u", or is missing: by
# (context, source text). Qt asks them itself, inside its file dialog (deleting a file
# from the dialog's context menu, a write-protected file).
OWN_WORDS = {
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"):
        "%1 bestaat al.\nWil je het vervangen?",
    ("QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"):
        "'%1' is beveiligd tegen schrijven.\nWil je het toch verwijderen?",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): "Wil je '%1' verwijderen?",
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."):
        "%1\nBestand niet gevonden.\nControleer de bestandsnaam.",
    ("QFileDialog", "%1\nDirectory not found.\nPlease verify the correct directory name was given."):
        "%1\nMap niet gevonden.\nControleer de naam van de map.",
    ("QFileDialog", "&Look in:"): "Zoeken &in:",
    ("QFileDialog", "Files of type:"): "Bestands&type:",
    ("QFileDialog", "Files of &type:"): "Bestands&type:",
    ("QFileDialog", "Invalid filename"): "Ongeldige bestandsnaam",
    ("QFileDialog", "<b>The name \"%1\" cannot be used.</b><p>Try using another name, with fewer "
                    "characters or no punctuation marks."):
        "<b>De naam \"%1\" kan niet worden gebruikt.</b><p>Kies een andere naam, korter of "
        "zonder leestekens.",
    ("QPrintDialog", "%1 already exists.\nDo you want to overwrite it?"):
        "%1 bestaat al.\nWil je het overschrijven?",
    ("QAbstractFileIconProvider", "Folder"): "Map",  # the dialog's Type column
    ("QAbstractFileIconProvider", "Drive"): "Station",
    ("QAbstractFileIconProvider", "File"): "Bestand",
    ("QAbstractFileIconProvider", "%1 File"): "%1-bestand",
    ("QPlatformTheme", "Yes"): "Ja",
    ("QPlatformTheme", "No"): "Nee",
}


class OwnWords(QTranslator):
    """Installed after Qt's Dutch translation, so it is asked first: OWN_WORDS, else nothing
    (None: Qt goes on to its own translation)."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        return OWN_WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_own_words(app: QApplication) -> QTranslator:
    """Install OwnWords as the last translator, so that it is asked first (again after a
    later translator: the one installed before is moved to the front)."""
    translator = getattr(app, "_own_words", None) or OwnWords(app)
    app.removeTranslator(translator)
    app.installTranslator(translator)
    return translator
