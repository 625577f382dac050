"""Open and save dialogs in Dutch, the same on every computer.

Qt's own (non-native) file dialog, with every label set here ("Zoeken in", "Bestandsnaam",
"Bestandstype", "Openen"/"Opslaan", "Annuleren"): Qt's Dutch translation leaves "Look in"
and "Files of type" in English, and a native dialog speaks the language of the computer.
The question whether to replace an existing file is ours ("Wil je het vervangen?", Ja/Nee;
ui/ask.py), not Qt's ("Wilt u ...").

Every open or save dialog of the window goes through here (tests/ui/test_dutch_dialogs.py
checks that no ui module calls QFileDialog's static functions itself). Each returns what
the user chose: a path ("" when cancelled), or a list of paths.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from visitor_app.ui import ask

LABELS = {QFileDialog.LookIn: "Zoeken &in:", QFileDialog.FileName: "Bestands&naam:",
          QFileDialog.FileType: "Bestands&type:", QFileDialog.Reject: "Annuleren"}
ACCEPT = {QFileDialog.AcceptOpen: "&Openen", QFileDialog.AcceptSave: "Op&slaan"}


def start_folder(settings, key: str) -> Path:
    """Where a save dialog starts: the folder remembered under ``key`` (the one used last),
    else the user's Documents, else the home folder; never the program's folder."""
    last = settings.value(key) if settings is not None else None
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    from PySide6.QtCore import QStandardPaths
    documents = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(settings, key: str, path: str | Path) -> None:
    """Remember the folder of ``path`` under ``key``, for start_folder next time."""
    if settings is not None:
        settings.set_value(key, str(Path(path).parent))
        settings.sync()


def _suffix(file_filter: str) -> str:
    """The extension of the filter's first pattern ("Visitatiebestanden (*.visitatie)" ->
    "visitatie"); "" when it has none."""
    found = re.search(r"\(\*\.([A-Za-z0-9]+)", file_filter or "")
    return found.group(1) if found else ""


def file_dialog(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "",
                save: bool = False, many: bool = False) -> QFileDialog:
    """The dialog itself, not yet shown: Qt's own, every label Dutch. ``start``: a folder,
    or a file whose folder it opens with the name filled in."""
    dialog = QFileDialog(parent, caption)
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.DontConfirmOverwrite, True)  # save_file asks, in Dutch
    mode = QFileDialog.AcceptSave if save else QFileDialog.AcceptOpen
    dialog.setAcceptMode(mode)
    dialog.setFileMode(QFileDialog.AnyFile if save else
                       QFileDialog.ExistingFiles if many else QFileDialog.ExistingFile)
    if file_filter:
        dialog.setNameFilter(file_filter)
    if save and _suffix(file_filter):
        dialog.setDefaultSuffix(_suffix(file_filter))  # "kopie" is saved as kopie.visitatie
    for label, text in {**LABELS, QFileDialog.Accept: ACCEPT[mode]}.items():
        dialog.setLabelText(label, text)
    if start:
        where = Path(start)
        if where.is_dir():
            dialog.setDirectory(str(where))
        else:
            if where.parent.is_dir():
                dialog.setDirectory(str(where.parent))
            dialog.selectFile(where.name)
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() == QDialog.Accepted else []


def open_file(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "") -> str:
    """One existing file to open; "" when cancelled."""
    chosen = _chosen(file_dialog(parent, caption, start, file_filter))
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "") -> list[str]:
    """Existing files to open (one or more); [] when cancelled."""
    return _chosen(file_dialog(parent, caption, start, file_filter, many=True))


def replace_question(path: str) -> str:
    """What is asked before an existing file is replaced (the "je" of the app)."""
    p = Path(path)
    return f"{p.name} bestaat al in {p.parent}.\nWil je het vervangen?"


def save_file(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "",
              confirm_overwrite: bool = True) -> str:
    """A file to save to; "" when cancelled. With ``confirm_overwrite`` an existing file is
    only returned after the user answered Ja to our question (Nee: the dialog opens again
    on that name); without, the caller checks or asks itself."""
    while True:
        chosen = _chosen(file_dialog(parent, caption, start, file_filter, save=True))
        if not chosen:
            return ""
        path = chosen[0]
        if not confirm_overwrite or not Path(path).exists():
            return path
        if ask.question(parent, "Bestand vervangen?", replace_question(path)) == ask.YES:
            return path
        start = path
