"""A commission member's workflows, driven through the real widgets."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from visitor_app.services import Visitation
from visitor_app.ui.views.board import BoardView
from visitor_app.ui.views.conversation import ConversationView
from visitor_app.ui.views.coverage import EMPTY_MARK, CoverageView
from visitor_app.ui.views.programme import ProgrammeView

from tests.conftest import FRAMEWORKS
from tests.ui.conftest import answer_modal, read_shortcuts


def type_observation(qtbot, pane, text, theme_key=None, kind_key=None, sub_key=None):
    """Keyboard only: Ctrl+digit theme, Alt+digit subtheme, Alt+letter kind, type, Enter."""
    pane.window().activateWindow()
    qtbot.waitUntil(pane.window().isActiveWindow, timeout=3000)
    pane.text.setFocus()
    if theme_key:
        qtbot.keyClick(pane.text, theme_key, Qt.ControlModifier)
    if sub_key:
        qtbot.keyClick(pane.text, sub_key, Qt.AltModifier)
    if kind_key:
        qtbot.keyClick(pane.text, kind_key, Qt.AltModifier)
    qtbot.keyClicks(pane.text, text)
    qtbot.keyClick(pane.text, Qt.Key_Return)


def coverage_cell(view: CoverageView, theme_row: int, session_id: str) -> str:
    sessions = view.ctx.visit.programme.coverage()["sessions"]
    col = 2 + [s["id"] for s in sessions].index(session_id)
    return view.table.item(theme_row, col).text()


def test_plan_capture_search_cover_and_reopen(qtbot, make_window, vfile):
    window = make_window(vfile)
    fw = window.visit.framework

    # 1. plan a session through the dialog
    programme = window.show_view(ProgrammeView)
    before = programme.table.rowCount()

    def fill_session(dialog):
        dialog.day.setCurrentIndex(dialog.day.findData(2))
        dialog.start.setTime(dialog.start.time().fromString("17:00", "HH:mm"))  # after the last
        dialog.end.setTime(dialog.end.time().fromString("17:45", "HH:mm"))  # one: no overlap
        dialog.conversation.setCurrentIndex(dialog.conversation.findData("ondernemingsraad"))
        dialog.title.setText("Gesprek met de OR")
        dialog.participants.setPlainText("Voorzitter OR\nLid OR = Tess Rijnders")
        dialog.accept()

    answer_modal(fill_session)
    qtbot.mouseClick(programme.add_button, Qt.LeftButton)
    window.worker.wait()
    assert programme.table.rowCount() == before + 1
    session = next(s for s in window.visit.programme.sessions() if s["title"] == "Gesprek met de OR")
    assert session["day"] == 2 and session["start"] == "17:00"
    assert session["participants"][1] == {"function": "Lid OR", "name": "Tess Rijnders"}

    coverage = window.show_view(CoverageView)
    # the visit (March 2026) lies in the past: a session without observations counts as held,
    # so its cell is empty (a dash: nothing captured there yet), not "gepland"
    assert session["end"] and coverage_cell(coverage, 4, session["id"]) == EMPTY_MARK

    # 2. run it: three observations by keyboard only
    conv = window.show_view(ConversationView)
    conv.select_session(session["id"])
    assert "Gesprek met de OR" in conv.guide.toPlainText()
    pane = conv.capture
    type_observation(qtbot, pane, "Medewerkers voelen zich gehoord bij de reorganisatie",
                     theme_key=Qt.Key_5, kind_key=Qt.Key_S)
    type_observation(qtbot, pane, "Werkdruk bij vergunningverlening blijft hoog", kind_key=Qt.Key_V)
    type_observation(qtbot, pane, "\"We leren vooral van elkaar op de gang.\"", kind_key=Qt.Key_C)
    window.worker.wait()
    assert pane.text.toPlainText() == ""
    assert pane.list.count() == 3
    assert all("wordt opgeslagen" not in pane.list.item(i).text() for i in range(3))
    stored = window.visit.observations.list(session_id=session["id"])
    assert [(o["theme"], o["kind"]) for o in stored] == [
        ("professionaliteit", "sterk_punt"), ("professionaliteit", "verbeterpunt"),
        ("professionaliteit", "citaat")]
    assert fw.themes[4]["id"] == "professionaliteit"

    # 3. the coverage matrix changed
    window.show_view(CoverageView)
    assert coverage_cell(coverage, 4, session["id"]) == "3"

    # 4. find one by search, as you type
    board = window.show_view(BoardView)
    qtbot.keyClicks(board.search, "werkdruk")
    qtbot.waitUntil(lambda: board.model.rowCount() == 1, timeout=3000)
    assert "Werkdruk" in board.model.rows[0]["text"]

    # 5. reopen the file: everything is there
    window.close()
    again = make_window(vfile)
    board = again.show_view(BoardView)
    texts = {r["text"] for r in board.model.rows}
    assert {"Medewerkers voelen zich gehoord bij de reorganisatie",
            "Werkdruk bij vergunningverlening blijft hoog"} <= texts
    conv = again.show_view(ConversationView)
    conv.select_session(session["id"])
    assert conv.capture.list.count() == 3


def test_subtheme_by_keyboard_and_focus_returns(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    conv.select_session(window.visit.programme.sessions()[0]["id"])
    pane = conv.capture
    type_observation(qtbot, pane, "Convenant met politie ontbreekt", theme_key=Qt.Key_3,
                     sub_key=Qt.Key_1, kind_key=Qt.Key_V)
    window.worker.wait()
    obs = window.visit.observations.list()[0]
    assert obs["theme"] == "ketensamenwerking"
    assert obs["subtheme"] == window.visit.framework.subthemes("ketensamenwerking")[0]["id"]
    assert QApplication.focusWidget() is pane.text


def test_typed_text_survives_a_crash_as_draft(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    first = window.visit.programme.sessions()[0]["id"]
    conv.select_session(first)
    qtbot.keyClicks(conv.capture.text, "Half getypte notitie over het mandaat")
    qtbot.wait(900)  # past the draft delay
    window.worker.wait()
    # the laptop dies now: read the file with a separate connection
    with Visitation.open(vfile) as other:
        assert "Half getypte notitie over het mandaat" in other.drafts.all().values()
    window.close()
    again = make_window(vfile)
    conv = again.show_view(ConversationView)
    conv.select_session(first)
    assert conv.capture.text.toPlainText() == "Half getypte notitie over het mandaat"
    qtbot.keyClick(conv.capture.text, Qt.Key_Return)
    again.worker.wait()
    with Visitation.open(vfile) as other:
        assert other.drafts.all() == {}
        assert other.observations.list()[0]["text"] == "Half getypte notitie over het mandaat"


def test_board_edit_pin_delete_and_undo(qtbot, make_window, vfile):
    with Visitation.open(vfile) as v:
        keep = v.observations.add("ketensamenwerking", "sterk_punt", "Goede lijn met de veiligheidsregio").id
        v.observations.add("professionaliteit", "vraag", "Is er tijd voor kalibreersessies?")
    window = make_window(vfile)
    board = window.show_view(BoardView)
    assert board.model.rowCount() == 2
    row = next(i for i, r in enumerate(board.model.rows) if r["id"] == keep)
    # edit in place: F2 opens the editor on the text, whichever cell is current; type, Enter
    board.table.setCurrentIndex(board.model.index(row, 1))  # the theme column
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Heel goede lijn met de veiligheidsregio")
    qtbot.keyClick(editor, Qt.Key_Return)
    window.worker.wait()
    assert window.visit.observations.get(keep)["text"] == "Heel goede lijn met de veiligheidsregio"
    # pin with Ctrl+P
    board.table.selectRow(row)
    qtbot.keyClick(board.table, Qt.Key_P, Qt.ControlModifier)
    window.worker.wait()
    assert window.visit.observations.get(keep)["pinned"] is True
    board.pinned.setChecked(True)
    assert board.model.rowCount() == 1
    board.pinned.setChecked(False)
    # delete, then undo (the pinned row is still selected after the refreshes: select it alone)
    row = next(i for i, r in enumerate(board.model.rows) if r["id"] == keep)
    board.table.selectionModel().select(board.model.index(row, 0),
                                        QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    qtbot.keyClick(board.table, Qt.Key_Delete)
    window.worker.wait()
    assert keep not in [r["id"] for r in board.model.rows]
    assert board.undo_button.isVisible()
    qtbot.keyClick(board.table, Qt.Key_Z, Qt.ControlModifier)
    window.worker.wait()
    assert keep in [r["id"] for r in board.model.rows]


def test_filters_by_theme_kind_and_member(qtbot, make_window, demo_path):
    window = make_window(demo_path)
    board = window.show_view(BoardView)
    total = board.model.rowCount()
    board.theme.setCurrentIndex(board.theme.findData("ketensamenwerking"))
    assert 0 < board.model.rowCount() < total
    assert {r["theme"] for r in board.model.rows} == {"ketensamenwerking"}
    board.kind.setCurrentIndex(board.kind.findData("sterk_punt"))
    assert {r["kind"] for r in board.model.rows} == {"sterk_punt"}
    board.theme.setCurrentIndex(0)
    board.kind.setCurrentIndex(0)
    board.member.setCurrentIndex(1)
    member = board.member.currentData()
    assert board.model.rowCount() > 0 and {r["author"] for r in board.model.rows} == {member}


def test_who_am_i_is_asked_once_per_visitation(qtbot, make_window, vfile, settings):
    window = make_window(vfile, ask_member=True)
    dialog = window.who_am_i
    assert dialog.isVisible()
    dialog.list.setCurrentRow(2)
    dialog.accept()
    member = window.visit.members.id_of("Femke Ouwerling")
    assert window.visit.current_member == member
    assert "Femke Ouwerling" in window.member_label.text()
    conv = window.show_view(ConversationView)
    type_observation(qtbot, conv.capture, "Eerste indruk: open sfeer")
    window.worker.wait()
    assert window.visit.observations.list()[0]["author"] == member
    window.close()
    again = make_window(vfile, ask_member=True)
    assert again.visit.current_member == member
    assert getattr(again, "who_am_i", None) is None


def _capture_message(store):
    def action(dialog):
        store.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
        dialog.accept() if not isinstance(dialog, QMessageBox) else dialog.button(QMessageBox.Ok).click()
    return action


def test_damaged_file_shows_dutch_dialog_and_is_untouched(qtbot, make_window, tmp_path):
    bad = tmp_path / "kapot.visitatie"
    bad.write_bytes(b"dit is geen database" * 100)
    before = bad.read_bytes()
    window = make_window()
    messages = []
    answer_modal(_capture_message(messages))
    assert window.open_file(bad) is False
    assert messages and "beschadigd" in messages[0]
    assert bad.read_bytes() == before
    assert not (tmp_path / "kapot.visitatie.lock").exists()


def test_second_window_on_same_file_is_refused(qtbot, make_window, vfile):
    make_window(vfile)
    second = make_window()
    messages = []
    answer_modal(_capture_message(messages))
    assert second.open_file(vfile) is False
    assert messages and "al geopend" in messages[0]


def test_shortcuts_overlay_lists_the_capture_keys(qtbot, make_window, vfile):
    window = make_window(vfile)
    text = read_shortcuts(window)
    assert "Ctrl+N" in text and "Alt+S" in text
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Alt+Shift+1 … 9, 0" in text  # ten views have a key; every view is named
    assert all(title in text for title in titles)
    # the keys do reach the views: the tenth with Alt+Shift+0, a later one through the menu
    keys = {a.objectName(): a.shortcut().toString() for a in window.go_menu.actions()
            if a.objectName().startswith("goto_")}
    assert keys["goto_ProgrammeView"] == "Alt+Shift+1"
    assert list(keys.values())[9] == "Alt+Shift+0"
    assert all(k == "" for k in list(keys.values())[10:]) and f"{titles[-1]} via het menu Ga naar" in text


def test_layout_is_remembered(qtbot, make_window, vfile, settings):
    window = make_window(vfile)
    window.resize(760, 540)  # fits the offscreen screen, so the geometry restores exactly
    conv = window.show_view(ConversationView)
    conv.splitter.setSizes([100, 350, 250])
    qtbot.wait(50)
    sizes = conv.splitter.sizes()
    window.show_view(CoverageView)
    window.close()
    again = make_window(vfile)
    assert again.size() == window.size()
    assert again.stack.currentWidget() is again.view(CoverageView)
    again.show_view(ConversationView)
    qtbot.wait(50)
    assert again.view(ConversationView).splitter.sizes() == sizes
    assert settings.recent_files()[0].endswith("werk.visitatie")


def test_start_page_new_visitation_through_the_dialog(qtbot, make_window, tmp_path, monkeypatch):
    from visitor_app.ui import files
    target = tmp_path / "nieuw.visitatie"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(target)[:-10])
    window = make_window()
    assert window.stack.currentWidget() is window.start_page

    secret = "wim en lotte gaan op visitatie"

    def choose_passphrase(dialog):  # encrypted by default: the passphrase twice
        from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
        dialog.findChild(QLineEdit, "passphraseFirst").setText(secret)
        dialog.findChild(QLineEdit, "passphraseSecond").setText(secret)
        dialog.buttons.button(QDialogButtonBox.Ok).click()

    def fill(dialog):
        dialog.dienst.setText("Omgevingsdienst Zuiderveld")
        dialog.members.setPlainText("Wim Harskamp = voorzitter\nLotte Brink = secretaris")
        answer_modal(choose_passphrase)
        dialog.accept()

    answer_modal(fill)
    from PySide6.QtWidgets import QPushButton
    qtbot.mouseClick(window.start_page.findChild(QPushButton, "startNew"), Qt.LeftButton)
    assert target.exists()  # ".visitatie" was added to the name the user typed
    assert window.visit is not None and window.visit.encrypted
    assert window.visit is not None
    assert window.visit.details()["dienst"] == "Omgevingsdienst Zuiderveld"
    assert [m["role"] for m in window.visit.members.list()] == ["voorzitter", "secretaris"]
    assert "Zuiderveld" in window.windowTitle()
    window.close_visitation()
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.recent.count() == 1
    window.start_page.recent.setCurrentRow(0)
    window.start_page.recent.setFocus()

    def type_passphrase(dialog):
        from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
        dialog.findChild(QLineEdit, "passphraseField").setText(secret)
        dialog.buttons.button(QDialogButtonBox.Ok).click()

    answer_modal(type_passphrase)
    qtbot.keyClick(window.start_page.recent, Qt.Key_Return)
    assert window.visit is not None and window.visit.path.name == "nieuw.visitatie"


def test_newer_schema_file_shows_dialog_and_is_untouched(qtbot, make_window, vfile):
    import sqlite3
    conn = sqlite3.connect(vfile)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    before = vfile.read_bytes()
    window = make_window()
    messages = []
    answer_modal(_capture_message(messages))
    assert window.open_file(vfile) is False
    assert messages and "nieuwere versie" in messages[0]
    assert vfile.read_bytes() == before


def test_f2_on_the_board_edits_the_text_over_several_lines(qtbot, make_window, vfile):
    with Visitation.open(vfile) as v:
        keep = v.observations.add("ketensamenwerking", "sterk_punt", "Eerste regel").id
    window = make_window(vfile)
    board = window.show_view(BoardView)
    board.table.setCurrentIndex(board.model.index(0, 1))
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.objectName() == "boardTextEditor"
    assert editor.height() >= 4 * editor.fontMetrics().lineSpacing()  # several lines, not one
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ShiftModifier)  # a new line, still editing
    qtbot.keyClicks(editor, "tweede regel")
    assert QApplication.focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key_Return)  # stores
    window.worker.wait()
    assert window.visit.observations.get(keep)["text"] == "Eerste regel\ntweede regel"


@pytest.mark.parametrize("framework", list(FRAMEWORKS), indirect=True, scope="session")
def test_the_capture_labels_alt_letters_never_take_a_kinds_key(make_window, vfile, framework):
    from PySide6.QtWidgets import QFormLayout, QLabel
    window = make_window(vfile)
    pane = window.show_view(ConversationView).capture
    form = pane.findChild(QFormLayout)
    labels = [form.itemAt(i, QFormLayout.LabelRole).widget().text() for i in range(form.rowCount())]
    letters = [label[label.index("&") + 1].lower() for label in labels if "&" in label]
    keys = {k["key"].lower() for k in framework.observation_kinds}
    assert len(letters) == len(labels) == 3 and not set(letters) & keys and len(set(letters)) == 3
    assert all(isinstance(form.itemAt(i, QFormLayout.LabelRole).widget(), QLabel) for i in range(3))


def test_the_window_opens_a_new_demo_and_keeps_an_older_one_beside_it(make_window, monkeypatch):
    from visitor_app.domain import framework as framework_module
    from visitor_app.paths import demo_file
    window = make_window()
    window.open_demo()
    path, old_id = demo_file(), window.visit.details()["id"]
    window.open_demo()
    assert window.visit.details()["id"] == old_id  # open already: nothing happens
    window.close_visitation()
    window.open_demo()
    assert window.visit.details()["id"] == old_id  # made with the installed framework: reopened
    real_id, real_version = framework_module.installed_identity()
    monkeypatch.setattr(framework_module, "installed_identity", lambda *a, **k: (real_id, "9.9.9"))
    window.close_visitation()
    window.open_demo()
    kept = path.with_name(f"{path.stem}-kader-{real_version}{path.suffix}")
    assert kept.exists() and window.visit.path == path and window.visit.details()["id"] != old_id
    assert kept.name in window.statusBar().currentMessage()
