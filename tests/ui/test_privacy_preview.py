"""Rapport > Rode-dradenpakket: the preview of what leaves the file, driven as a secretary
would: read the highlighted text, keep a replacement, mark more words, edit the text, save."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPushButton

from visitor_app.services import Visitation
from visitor_app.ui.privacy import dialog_size
from visitor_app.ui import files


@pytest.fixture
def named(vfile, framework):
    """Two findings and a toelichting that name members of the fixture file."""
    with Visitation.open(vfile) as v:
        theme, kind = framework.themes[0]["id"], framework.finding_kinds[0]["id"]
        v.findings.add(theme, kind, "Ruben Kasteleijn bewaakt de planning; het DB volgt.")
        v.findings.add(theme, kind, "De planning is krap volgens Brandsema.")
        item = framework.assessment_items[0]
        v.assessments.set(item["id"], framework.scale_values(item["id"])[0]["id"],
                          toelichting="Besproken met Femke Ouwerling.")
    return vfile


@pytest.fixture
def preview(make_window, named, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "pakket.rodedraden"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    window = make_window(named)
    view = window.show_view("ReportView")
    qtbot.mouseClick(view.findChild(QPushButton, "exportCentral"), Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(view, "preview_dialog", None) is not None
                    and view.preview_dialog.isVisible(), timeout=5000)
    dialog = view.preview_dialog
    dialog.out = out
    dialog.window_ = window
    return dialog


def _wait_for(qtbot, dialog, check):
    qtbot.waitUntil(lambda: check(dialog), timeout=5000)


def _click_words(qtbot, dialog, words: str) -> None:
    cursor = dialog.text.document().find(words)
    assert not cursor.isNull(), words
    cursor = QTextCursor(dialog.text.document())
    cursor.setPosition(dialog.text.document().find(words).selectionStart() + 1)
    rect = dialog.text.cursorRect(cursor)
    qtbot.mouseClick(dialog.text.viewport(), Qt.LeftButton, pos=rect.center())


def _keep_here(qtbot, dialog, row: int, words: str) -> None:
    """In text ``row``: click the highlighted ``words``, choose "Niet vervangen, in deze tekst"."""
    dialog.list.setCurrentRow(row)
    _click_words(qtbot, dialog, words)
    qtbot.waitUntil(lambda: getattr(dialog, "choice", None) is not None and dialog.choice.isVisible(),
                    timeout=3000)
    next(a for a in dialog.choice.actions() if a.text().startswith("Niet vervangen, in deze tekst")).trigger()


def test_every_text_that_leaves_is_listed_with_its_replacements(preview):
    assert preview.list.count() == 3
    assert preview.list.item(0).text().startswith("Bevinding · ")
    assert "1 vervanging(en)" in preview.list.item(0).text()
    assert preview.outcome.toPlainText() == "[naam] bewaakt de planning; het DB volgt."
    assert 'href="r:0"' in preview.text.toHtml() or "r:0" in preview.text.toHtml()
    assert "3 tekst(en) gaan mee" in preview.summary.text() and "bekende naam" in preview.summary.text()
    preview.list.setCurrentRow(2)
    assert preview.outcome.toPlainText() == "Besproken met [naam]."


def test_clicking_a_replacement_lets_the_secretary_keep_it(preview, qtbot):
    _keep_here(qtbot, preview, 1, "Brandsema")
    _wait_for(qtbot, preview, lambda d: d.outcome.toPlainText() == "De planning is krap volgens Brandsema.")
    assert preview.list.currentRow() == 1 and "niets vervangen" in preview.list.item(1).text()
    decisions = preview.ctx.visit.privacy.decisions()
    assert [(d["text"], d["action"]) for d in decisions] == [("Brandsema", "keep")]


def test_selected_words_can_be_marked_too(preview, qtbot):
    cursor = preview.text.document().find("het DB")
    preview.text.setTextCursor(cursor)
    qtbot.mouseClick(preview.findChild(QPushButton, "privacyMark"), Qt.LeftButton)
    _wait_for(qtbot, preview, lambda d: d.outcome.toPlainText() == "[naam] bewaakt de planning; [naam] volgt.")
    assert any(r["marked"] for r in preview.current()["replacements"])


def test_the_text_itself_can_be_edited_from_the_preview(preview, qtbot):
    from tests.ui.conftest import answer_modal

    def edit(dialog):
        dialog.edit.setPlainText("De planning wordt bewaakt; het DB volgt.")
        dialog.accept()
    answer_modal(edit)
    qtbot.mouseClick(preview.findChild(QPushButton, "privacyEdit"), Qt.LeftButton)
    _wait_for(qtbot, preview, lambda d: d.outcome.toPlainText() == "De planning wordt bewaakt; het DB volgt.")
    texts = [f["text"] for f in preview.ctx.visit.findings.list()]
    assert "De planning wordt bewaakt; het DB volgt." in texts


def test_saving_writes_the_package_with_the_decisions(preview, qtbot):
    _keep_here(qtbot, preview, 1, "Brandsema")
    _wait_for(qtbot, preview, lambda d: "Brandsema" in d.outcome.toPlainText())
    preview.save.click()
    qtbot.waitUntil(preview.out.exists, timeout=10000)
    pkg = json.loads(preview.out.read_text(encoding="utf-8"))
    texts = [f["text"] for f in pkg["findings"]]
    assert texts == ["[naam] bewaakt de planning; het DB volgt.", "De planning is krap volgens Brandsema."]
    assert "Ouwerling" not in preview.out.read_text(encoding="utf-8")


def test_the_dialog_fits_small_and_scaled_screens(preview, qtbot):
    """1366x768 at 100 % and 1920x1080 at 200 % (960x540 logical), minus a task bar."""
    hint = preview.minimumSizeHint()
    for screen in (QSize(1366, 728), QSize(960, 500)):
        width, height = dialog_size(screen.width(), screen.height())
        assert width <= screen.width() and height <= screen.height()
        assert hint.width() <= width and hint.height() <= height
    preview.resize(*dialog_size(960, 500))
    qtbot.wait(50)
    assert preview.width() <= 960 and preview.height() <= 500


def test_enter_never_saves_and_a_cancelled_save_keeps_the_preview(preview, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialogButtonBox
    assert not any(b.isDefault() or b.autoDefault() for b in preview.findChildren(QPushButton))
    preview.list.setFocus()
    qtbot.keyClick(preview.list, Qt.Key_Return)
    assert preview.isVisible() and not preview.out.exists()
    monkeypatch.setattr(files, "save_file", lambda *a, **k: "")
    preview.save.click()  # "Pakket opslaan …", then cancel where to save
    assert preview.isVisible() and not preview.out.exists()
    close = next(b for b in preview.findChild(QDialogButtonBox).buttons() if b.text() == "Sluiten")
    assert "al bewaard" in close.toolTip()


def test_a_mark_says_what_it_did_and_the_everywhere_box_resets(preview, qtbot):
    preview.text.setTextCursor(preview.text.document().find("planning"))
    preview.everywhere.setChecked(True)
    qtbot.mouseClick(preview.findChild(QPushButton, "privacyMark"), Qt.LeftButton)
    _wait_for(qtbot, preview, lambda d: "wordt vervangen" in d.message.text())
    assert "2 keer in alle teksten" in preview.message.text()
    assert not preview.everywhere.isChecked()
    cursor = preview.text.document().find("bewaakt")
    cursor.setPosition(cursor.selectionStart() + 1)
    cursor.setPosition(cursor.selectionStart() + 4, QTextCursor.KeepAnchor)  # "ewa": part of a word
    preview.text.setTextCursor(cursor)
    qtbot.mouseClick(preview.findChild(QPushButton, "privacyMark"), Qt.LeftButton)
    _wait_for(qtbot, preview, lambda d: "niet als los woord" in d.message.text())
