"""Every dialog the window opens speaks Dutch and says "je": the open and save dialogs
(ui/files.py) have no English label left, the question before replacing a file is ours,
Qt's own questions say "je", and no ui module opens Qt's dialogs past these helpers."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QMessageBox

from tests.conftest import ROOT
from tests.ui.conftest import answer_modal
from visitor_app.ui import ask, files

ENGLISH = ("Look in", "Files of type", "File name", "Cancel", "Save", "Open", "Yes", "No")
FORMAL = re.compile(r"\b(u|uw|U|Uw)\b")


@pytest.fixture
def dutch(qapp):
    """Qt's Dutch and our own words, as the app installs them (ui/app.py); removed afterwards,
    so that later tests meet the application as they expect."""
    qt = QTranslator(qapp)
    qt.load(QLocale(QLocale.Dutch), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath))
    qapp.installTranslator(qt)
    own = ask.install_own_words(qapp)
    yield
    qapp.removeTranslator(own)
    qapp.removeTranslator(qt)


def texts_of(dialog) -> list[str]:
    """What the user reads in a dialog: labels, buttons, tool tips, menu entries, title."""
    out = [dialog.windowTitle()]
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        out += [widget.text(), widget.toolTip()]
    for combo in dialog.findChildren(QComboBox):
        out += [combo.itemText(i) for i in range(combo.count())]
    out += [a.text() for a in dialog.findChildren(QAction)]
    return [t.replace("&", "") for t in out if t]


def test_a_save_dialog_has_no_english_label_and_no_u(qtbot, tmp_path, dutch):
    dialog = files.file_dialog(None, "Kopie voor Ilse Voorthuis opslaan als",
                               str(tmp_path / "werk-ilse.visitatie"), "Visitatiebestanden (*.visitatie)",
                               save=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = texts_of(dialog)
    for label in ("Zoeken in:", "Bestandsnaam:", "Bestandstype:", "Opslaan", "Annuleren"):
        assert label in shown, (label, shown)
    for english in ENGLISH:
        assert not [text for text in shown if re.search(rf"\b{english}\b", text)], (english, shown)
    assert not [t for t in shown if FORMAL.search(t)]
    assert dialog.defaultSuffix() == "visitatie"  # "werk-ilse" is saved as werk-ilse.visitatie
    opened = files.file_dialog(None, "Visitatie openen", str(tmp_path), "Visitatiebestanden (*.visitatie)")
    qtbot.addWidget(opened)
    assert opened.labelText(opened.DialogLabel.Accept).replace("&", "") == "Openen"


def test_qt_own_questions_say_je_and_our_buttons_ja_nee_annuleren(qtbot, dutch):
    for source in ("%1 already exists.\nDo you want to replace it?",
                   "Are you sure you want to delete '%1'?",
                   "'%1' is write protected.\nDo you want to delete it anyway?"):
        said = QCoreApplication.translate("QFileDialog", source)
        assert "je" in said.split() or "Wil je" in said, said
        assert not FORMAL.search(said), said
    assert not FORMAL.search(files.replace_question("/tmp/werk-ilse.visitatie"))
    seen = []

    def answer(box):
        seen.append({box.standardButton(b): b.text().replace("&", "") for b in box.buttons()})
        box.button(QMessageBox.Cancel).click()
    answer_modal(answer)
    chosen = ask.question(None, "Opslaan?", "Wil je de wijzigingen bewaren?",
                          QMessageBox.Yes | QMessageBox.No | QMessageBox.Cancel, QMessageBox.Yes)
    assert chosen == ask.CANCEL
    assert seen == [{QMessageBox.Yes: "Ja", QMessageBox.No: "Nee", QMessageBox.Cancel: "Annuleren"}]


def test_replacing_a_file_is_asked_in_dutch_and_nee_opens_the_dialog_again(qtbot, monkeypatch, tmp_path):
    existing = tmp_path / "werk-ilse.visitatie"
    existing.write_text("oude kopie", encoding="utf-8")
    picks = iter([[str(existing)], [str(existing)], []])
    monkeypatch.setattr(files, "_chosen", lambda dialog: next(picks))
    answers = iter([ask.NO, ask.YES])
    asked = []
    monkeypatch.setattr(ask, "question", lambda parent, title, text, *a, **k: asked.append(text) or next(answers))
    assert files.save_file(None, "Opslaan als", str(existing), "Visitatiebestanden (*.visitatie)") == str(existing)
    assert asked == [files.replace_question(str(existing))] * 2 and "Wil je het vervangen?" in asked[0]
    assert files.save_file(None, "Opslaan als", str(existing), "Visitatiebestanden (*.visitatie)") == ""
    new = tmp_path / "nieuw.visitatie"
    picks = iter([[str(new)]])
    assert files.save_file(None, "Opslaan als", str(new), "") == str(new) and len(asked) == 2


def test_no_ui_module_opens_qt_file_dialogs_or_questions_itself():
    """Only ui/files.py opens file dialogs and only ui/ask.py asks with QMessageBox: the
    rest calls them, so every dialog has the Dutch labels and "je"."""
    direct = re.compile(r"QFileDialog\.get\w+\(|QMessageBox\.(question|information|warning|critical|about)\(")
    offenders = []
    for path in sorted((ROOT / "visitor_app/ui").rglob("*.py")):
        if path.name in ("files.py", "ask.py") and path.parent.name == "ui":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if direct.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
