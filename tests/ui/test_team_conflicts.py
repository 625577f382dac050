"""Conflicts in the Team view: the words that differ highlighted, and the kept version's
text worded by the secretary (through the normal update: durable and versioned)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QPushButton, QTextBrowser

from visitor_app.services import Visitation
from visitor_app.ui.conflict import MARK, word_diff

MINE = "De directie kent de meeste opdrachtgevers."
HERS = "De directie kent haar opdrachtgevers door en door."


@pytest.fixture
def team(make_window, vfile, framework, qtbot, tmp_path):
    """Femke's copy and the secretary's file changed the same observation; merged."""
    theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
    with Visitation.open(vfile) as v:
        shared = v.observations.add(theme, kind, "De directie kent haar opdrachtgevers goed.").id
    window = make_window(vfile)
    view = window.show_view("TeamView")
    copy_path = tmp_path / "sanne.visitatie"
    view.member_combo.setCurrentIndex(view.member_combo.findText("Femke Ouwerling"))
    assert view.member_combo.currentText() == "Femke Ouwerling"  # a member of the commission
    view.hand_out(out=str(copy_path))
    assert window.worker.wait()
    with Visitation.open(copy_path) as copy:
        copy.observations.update(shared, text=HERS)
        copy.observations.update(shared, pinned=True)  # two changes: hers is the newer version
    window.visit.observations.update(shared, text=MINE)
    view.merge([str(copy_path)])
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.findChild(QListWidget, "conflictList").count() == 1, timeout=3000)
    return window, view, shared, copy_path


def highlighted(browser: QTextBrowser) -> list[str]:
    """The words shown on the highlight colour, in order."""
    words, block = [], browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == QColor(MARK):
                words += fragment.text().split()
            it += 1
        block = block.next()
    return words


def test_word_diff_marks_only_the_words_that_differ():
    left, right = word_diff(MINE, HERS)
    assert [t for t, d in left if d] == ["de meeste"]
    assert [t for t, d in right if d] == ["haar", "door en door"]
    assert "".join(t for t, _ in left) == MINE and "".join(t for t, _ in right) == HERS
    left, right = word_diff("Goed te werken. Zo blijkt uit twee gesprekken.",
                            "Goed te werken. Ook de ketenpartners merken dit.")
    assert [t for t, d in left if d] == ["Zo blijkt uit twee gesprekken"]  # one highlight, not five
    assert [t for t, d in right if d] == ["Ook de ketenpartners merken dit"]


def test_the_two_versions_show_the_differing_words_highlighted_and_whose_they_are(team):
    window, view, _shared, _copy = team
    current = view.findChild(QTextBrowser, "conflictCurrent")
    other = view.findChild(QTextBrowser, "conflictOther")
    assert "haar opdrachtgevers door en door" in current.toPlainText()  # hers is in the file now
    assert highlighted(current) == ["haar", "door", "en", "door"]
    assert highlighted(other) == ["de", "meeste"]
    assert "directie" not in highlighted(current) + highlighted(other)
    assert "Huidige versie, van Femke Ouwerling" in current.toPlainText()
    assert "Andere versie" in other.toPlainText()


def test_the_secretary_words_the_kept_version_and_it_is_stored_as_a_new_version(team, qtbot):
    window, view, shared, copy_path = team
    revision = window.visit.observations.get(shared)["revision"]
    qtbot.mouseClick(view.findChild(QPushButton, "editAndKeep"), Qt.LeftButton)
    dialog = view.edit_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    editor = dialog.findChild(QPlainTextEdit, "conflictEdit")
    assert editor.toPlainText() == HERS  # starts from the version in the file
    qtbot.mouseClick(dialog.findChild(QPushButton, "conflictUseOther"), Qt.LeftButton)
    assert editor.toPlainText() == MINE
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Met een paar is het contact stroef.")
    qtbot.mouseClick(dialog.findChild(QPushButton, "keepOtherEdited"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.findChild(QListWidget, "conflictList").count() == 0, timeout=3000)
    row = window.visit.observations.get(shared)
    assert row["text"] == MINE + " Met een paar is het contact stroef."
    assert row["revision"] > revision
    assert [o["text"] for o in window.visit.observations.list()] == [row["text"]]
    path = window.visit.path
    window.close_visitation()
    with Visitation.open(path) as again:  # on disk, and merging the copy again changes nothing
        again.team.merge([copy_path])
        assert again.team.conflicts() == []
        assert again.observations.get(shared)["text"] == MINE + " Met een paar is het contact stroef."


def test_an_empty_text_is_refused_in_the_dialog_and_nothing_changes(team, qtbot):
    window, view, shared, _copy = team
    before = window.visit.observations.get(shared)
    qtbot.mouseClick(view.findChild(QPushButton, "editAndKeep"), Qt.LeftButton)
    dialog = view.edit_dialog
    dialog.findChild(QPlainTextEdit, "conflictEdit").setPlainText("  ")
    qtbot.mouseClick(dialog.findChild(QPushButton, "keepCurrentEdited"), Qt.LeftButton)
    assert dialog.isVisible()
    assert "mag niet leeg zijn" in dialog.refusal.text()
    dialog.reject()
    assert window.worker.wait()
    assert window.visit.observations.get(shared) == before
    assert view.findChild(QListWidget, "conflictList").count() == 1
