"""The file dialogs of the Rode draden window: which central database, which packages, where
an export goes. Each returns the chosen path (None or [] when the analyst cancels)."""

from __future__ import annotations

from pathlib import Path

from visitor_app.errors import InputError
from visitor_app.ui import files
from visitor_app.ui.errors import show_error

PACKAGE_FILTER = "Rode-dradenpakketten (*.rodedraden)"
DB_SUFFIX = ".db"
DB_FILTER = "Centrale database (*.db);;Alle bestanden (*)"
XLSX_FILTER = "Excel-werkmap (*.xlsx)"
DOCX_FILTER = "Word-document (*.docx)"

# per export: dialog title, proposed name, suffix, filter, what it is, title when it fails
EXPORTS = {
    "overview": ("Overzicht opslaan als", "rode-draden-overzicht.xlsx", ".xlsx", XLSX_FILTER,
                 "Overzicht", "Overzicht niet geëxporteerd"),
    "report": ("Rode draden rapportage opslaan als", "rode-draden-rapportage.docx", ".docx", DOCX_FILTER,
               "Rode draden rapportage", "Rode draden rapportage niet geëxporteerd"),
    "review": ("Reviewversie opslaan als", "rode-draden-reviewversie.docx", ".docx", DOCX_FILTER,
               "Reviewversie", "Reviewversie niet geëxporteerd"),
}


def input_dialog(parent, title: str, label: str):
    """A QInputDialog with Dutch buttons (OK, Annuleren), not yet shown."""
    from PySide6.QtWidgets import QInputDialog
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText("OK")
    dialog.setCancelButtonText("Annuleren")
    return dialog


def ask_database(parent, start: str) -> str | None:
    path = files.open_file(parent, "Centrale database openen", start, DB_FILTER)
    return path or None


def ask_new_database(parent, start_dir: str) -> str | None:
    """A name for a new central database (.db added when no suffix is typed); an existing
    file is refused with a Dutch dialog."""
    start = str(Path(start_dir or ".") / f"rode-draden{DB_SUFFIX}")
    path = files.save_file(parent, "Nieuwe centrale database", start, DB_FILTER, confirm_overwrite=False)
    if not path:
        return None
    if not Path(path).suffix:
        path += DB_SUFFIX
    if Path(path).exists():
        show_error(parent, InputError(
            f"{path}: bestaat al. Open een bestaande centrale database met 'Centrale database "
            "openen …', of kies een andere naam voor een nieuwe."), "Centrale database niet aangemaakt")
        return None
    return path


def ask_packages(parent, start: str) -> list[str]:
    paths = files.open_files(parent, "Rode-dradenpakketten importeren", start, PACKAGE_FILTER)
    return paths


def ask_export_path(parent, which: str, folder: str) -> str | None:
    """Where export ``which`` ("overview" or "report") goes; its suffix is added when missing."""
    title, name, suffix, file_filter = EXPORTS[which][:4]
    path = files.save_file(parent, title, str(Path(folder) / name), file_filter)
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
    return path
