"""Issue 14: switching conversation by keyboard, "Nu bezig" by the clock, and moving
observations captured under the wrong conversation. Driven through the real window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from visitor_app.services import Visitation
from visitor_app.ui import ops
from visitor_app.ui.views.board import SESSION_COLUMN, BoardView
from visitor_app.ui.views.conversation import ConversationView


def _focus(qtbot, window, widget):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    widget.setFocus()


def _type_and_store(qtbot, pane, text):
    qtbot.keyClicks(pane.text, text)
    qtbot.keyClick(pane.text, Qt.Key_Return)


def _unique_word(window, session) -> str:
    """A word of the session's title that no other conversation's line holds."""
    from visitor_app.ui.session_picker import matches, session_choices
    others = [label for value, label in session_choices(window.ctx) if value != session["id"]]
    return next(w for w in session["title"].split()
                if len(w) > 4 and not any(matches(w, o) for o in others))


def _when(session, key):
    return datetime.fromisoformat(f"{session['date']}T{session[key]}")


def test_ctrl_pagedown_and_pageup_switch_and_typing_lands_in_the_new_session(qtbot, make_window, vfile):
    window = make_window(vfile)
    sessions = window.visit.programme.sessions()
    conv = window.show_view(ConversationView)
    conv.select_session(None)  # Algemeen, the first of the list
    pane = conv.capture
    _focus(qtbot, window, pane.text)

    qtbot.keyClick(pane.text, Qt.Key_PageDown, Qt.ControlModifier)
    assert conv.current_session_id() == sessions[0]["id"]
    assert QApplication.focusWidget() is pane.text
    assert sessions[0]["title"] in pane.heading.text()
    _type_and_store(qtbot, pane, "Eerste gesprek: de directie is open")

    # from the guide (the member read the questions): two on, one back
    conv.guide.setFocus()
    qtbot.keyClick(conv.guide, Qt.Key_PageDown, Qt.ControlModifier)
    assert QApplication.focusWidget() is pane.text
    qtbot.keyClick(pane.text, Qt.Key_PageDown, Qt.ControlModifier)
    qtbot.keyClick(pane.text, Qt.Key_PageUp, Qt.ControlModifier)
    assert conv.current_session_id() == sessions[1]["id"]
    _type_and_store(qtbot, pane, "Tweede gesprek: het MT stuurt op cijfers")
    window.worker.wait()

    by_text = {o["text"]: o["session_id"] for o in window.visit.observations.list()}
    assert by_text == {"Eerste gesprek: de directie is open": sessions[0]["id"],
                       "Tweede gesprek: het MT stuurt op cijfers": sessions[1]["id"]}
    assert pane.list.count() == 1  # the running list is the new session's

    # before Algemeen comes the last session (it goes round), and from another view too
    conv.select_session(None)
    window.show_view(BoardView)
    qtbot.keyClick(window.view(BoardView).table, Qt.Key_PageUp, Qt.ControlModifier)
    assert window.stack.currentWidget() is conv
    assert conv.current_session_id() == sessions[-1]["id"]
    assert QApplication.focusWidget() is pane.text


def test_ctrl_g_picks_a_session_by_typed_name_and_esc_keeps_the_current_one(qtbot, make_window, vfile):
    window = make_window(vfile)
    sessions = window.visit.programme.sessions()
    conv = window.show_view(ConversationView)
    conv.select_session(sessions[0]["id"])
    pane = conv.capture
    _focus(qtbot, window, pane.text)
    target = sessions[-2]
    word = _unique_word(window, target)

    qtbot.keyClick(pane.text, Qt.Key_G, Qt.ControlModifier)
    picker = conv.picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
    qtbot.keyClicks(picker.filter, word.upper())  # case does not matter
    assert len(picker.visible_rows()) == 1
    qtbot.keyClick(picker.filter, Qt.Key_Return)
    assert not picker.isVisible()
    assert conv.current_session_id() == target["id"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.text, timeout=3000)  # back in the window
    _type_and_store(qtbot, pane, "Gekozen met Ctrl+G")
    window.worker.wait()
    assert window.visit.observations.list()[0]["session_id"] == target["id"]

    # it opens on the current one; what is typed picks the first hit, Down the next; Esc
    # leaves everything as it was
    qtbot.keyClick(pane.text, Qt.Key_G, Qt.ControlModifier)
    picker = conv.picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
    assert picker.list.currentItem().data(Qt.UserRole) == target["id"]
    qtbot.keyClicks(picker.filter, "dag 1")
    hits = picker.visible_rows()
    assert len(hits) == len([s for s in sessions if s["day"] == 1])
    assert picker.list.currentRow() == hits[0]
    qtbot.keyClick(picker.filter, Qt.Key_Down)
    assert picker.list.currentRow() == hits[1]
    qtbot.keyClick(picker.filter, Qt.Key_Escape)
    assert not picker.isVisible()
    assert conv.current_session_id() == target["id"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.text, timeout=3000)

    # nothing matches: Enter does nothing and says so
    qtbot.keyClick(pane.text, Qt.Key_G, Qt.ControlModifier)
    picker = conv.picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
    qtbot.keyClicks(picker.filter, "xyzzy")
    assert picker.visible_rows() == [] and picker.empty.isVisible()
    qtbot.keyClick(picker.filter, Qt.Key_Return)
    assert picker.isVisible()
    picker.reject()
    assert conv.current_session_id() == target["id"]


def test_the_clock_line_says_what_is_on_and_ctrl_j_goes_there(qtbot, make_window, vfile, monkeypatch):
    now = {}
    monkeypatch.setattr(ConversationView, "clock", staticmethod(lambda: now["at"]))
    with Visitation.open(vfile) as v:
        sessions = v.programme.sessions()
    second = sessions[1]
    now["at"] = _when(second, "end") - timedelta(minutes=25)
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    conv.select_session(None)

    assert conv.now_label.text() == (f"Nu bezig: {second['title']} ({second['start']}–{second['end']}) "
                                     "· nog 25 min")
    bold = [conv.sessions.item(r).data(Qt.UserRole) for r in range(conv.sessions.count())
            if conv.sessions.item(r).font().bold()]
    assert bold == [second["id"]]
    assert conv.now_timer.isActive() and conv.now_timer.interval() <= 60_050  # at the next minute

    _focus(qtbot, window, conv.guide)
    qtbot.keyClick(conv.guide, Qt.Key_J, Qt.ControlModifier)
    assert conv.current_session_id() == second["id"]
    assert QApplication.focusWidget() is conv.capture.text

    # a minute later the timer brings the line up to date
    now["at"] += timedelta(minutes=1)
    conv.now_timer.timeout.emit()
    assert conv.now_label.text().endswith("nog 24 min")

    # in a break: what comes next, and when; Ctrl+J goes to that one
    gap = next(((a, b) for a, b in zip(sessions, sessions[1:])
                if a["date"] == b["date"] and _when(b, "start") > _when(a, "end")), None)
    if gap:
        before, after = gap
        now["at"] = _when(before, "end") + timedelta(minutes=5)
        conv.update_now()
        minutes = int((_when(after, "start") - now["at"]).total_seconds() // 60)
        assert conv.now_label.text() == (f"Nu geen gesprek. Volgende: {after['title']} om {after['start']} "
                                         f"(over {minutes} min)")
        qtbot.keyClick(conv.capture.text, Qt.Key_J, Qt.ControlModifier)
        assert conv.current_session_id() == after["id"]

    # the evening before the visit, and after it
    now["at"] = _when(sessions[0], "start").replace(hour=20) - timedelta(days=1)
    conv.update_now()
    assert conv.now_label.text() == (f"Nu geen gesprek. Volgende: {sessions[0]['title']}, dag 1 (morgen) "
                                     f"om {sessions[0]['start']}")
    now["at"] = _when(sessions[-1], "end") + timedelta(hours=1)
    conv.update_now()
    assert conv.now_label.text() == "Nu geen gesprek: het programma is afgelopen."
    assert not conv.now_button.isEnabled()


def _select_rows(board, ids):
    chooser = board.table.selectionModel()
    chooser.clearSelection()
    for row, obs in enumerate(board.model.rows):
        if obs["id"] in ids:
            chooser.select(board.model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
            chooser.setCurrentIndex(board.model.index(row, 0), QItemSelectionModel.NoUpdate)


@pytest.fixture
def three_wrong(vfile, framework):
    """Three observations captured under the first session; two belonged to another."""
    with Visitation.open(vfile) as v:
        sessions = v.programme.sessions()
        theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
        ids = [v.observations.add(theme, kind, text, session_id=sessions[0]["id"]).id
               for text in ("Verkeerd gesprek een", "Verkeerd gesprek twee", "Goed gesprek")]
    return sessions, ids


def _ctrl_m_on_two(qtbot, make_window, vfile, ids):
    """The board with the first two of ``ids`` selected, Ctrl+M pressed: the picker has focus."""
    window = make_window(vfile)
    board = window.show_view(BoardView)
    _select_rows(board, ids[:2])
    _focus(qtbot, window, board.table)
    qtbot.keyClick(board.table, Qt.Key_M, Qt.ControlModifier)
    picker = board.picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
    return window, board, picker


def test_moving_a_selection_of_two_on_the_board_survives_reopening(qtbot, make_window, vfile, three_wrong):
    sessions, ids = three_wrong
    target = sessions[2]
    window, board, picker = _ctrl_m_on_two(qtbot, make_window, vfile, ids)
    assert "2 waarneming(en)" in picker.findChildren(type(board.count))[0].text()
    qtbot.keyClicks(picker.filter, _unique_word(window, target))
    qtbot.keyClick(picker.filter, Qt.Key_Return)
    window.worker.wait()
    assert "2 waarneming(en) verplaatst" in window.statusBar().currentMessage()
    shown = {r["id"]: board.model.index(i, SESSION_COLUMN).data() for i, r in enumerate(board.model.rows)}
    assert target["title"] in shown[ids[0]] and target["title"] in shown[ids[1]]
    assert sessions[0]["title"] in shown[ids[2]]
    assert set(board.selected_ids()) == set(ids[:2])  # still selected after the refresh

    window.close()
    again = make_window(vfile)
    assert {o["id"] for o in again.visit.observations.list(session_id=target["id"])} == set(ids[:2])
    conv = again.show_view(ConversationView)
    conv.select_session(target["id"])
    assert sorted(conv.capture.list.item(i).text().split("\n")[1] for i in range(conv.capture.list.count())) \
        == ["Verkeerd gesprek een", "Verkeerd gesprek twee"]


def test_the_gesprek_column_is_a_combo_and_the_context_menu_moves_too(qtbot, make_window, vfile,
                                                                         three_wrong):
    sessions, ids = three_wrong
    window = make_window(vfile)
    board = window.show_view(BoardView)
    row = next(i for i, r in enumerate(board.model.rows) if r["id"] == ids[0])
    index = board.model.index(row, SESSION_COLUMN)
    board.table.setCurrentIndex(index)
    board.table.edit(index)
    combo = board.table.indexWidget(index) or QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert combo.currentData() == sessions[0]["id"]
    combo.setCurrentIndex(combo.findData(None))  # Algemeen
    qtbot.keyClick(combo, Qt.Key_Return)
    window.worker.wait()
    assert window.visit.observations.get(ids[0])["session_id"] is None
    row = next(i for i, r in enumerate(board.model.rows) if r["id"] == ids[0])
    assert board.model.index(row, SESSION_COLUMN).data() == "Algemeen"

    # the context menu: "Verplaatsen naar" > a session, for the selection
    _select_rows(board, ids[1:])
    target = sessions[1]

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose)
            return
        sub = next(a.menu() for a in menu.actions() if a.menu())
        action = next(a for a in sub.actions() if a.text() == board.model.sessions[target["id"]])
        menu.close()
        action.trigger()

    QTimer.singleShot(0, choose)
    board._table_menu(board.table.visualRect(board.model.index(row, 0)).center())
    window.worker.wait()
    assert {window.visit.observations.get(i)["session_id"] for i in ids[1:]} == {target["id"]}


def test_a_session_removed_meanwhile_is_refused_and_nothing_moves(qtbot, make_window, vfile, three_wrong):
    sessions, ids = three_wrong
    target = sessions[3]
    window, board, picker = _ctrl_m_on_two(qtbot, make_window, vfile, ids)
    # while the picker is open the session goes from the programme (another view, a merge)
    ops.op(window.ctx, window.visit.programme.remove, target["id"])
    window.worker.wait()
    qtbot.keyClicks(picker.filter, target["title"])
    qtbot.keyClick(picker.filter, Qt.Key_Return)
    window.worker.wait()
    assert "staat niet (meer) in het programma; er is geen waarneming verplaatst" in \
        window.statusBar().currentMessage()
    assert {window.visit.observations.get(i)["session_id"] for i in ids} == {sessions[0]["id"]}


def test_moving_from_the_list_under_the_capture_field(qtbot, make_window, vfile, three_wrong):
    sessions, ids = three_wrong
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    conv.select_session(sessions[0]["id"])
    listed = conv.capture.list
    assert listed.count() == 3
    for i in range(listed.count()):
        listed.item(i).setSelected(listed.item(i).text().endswith(("een", "twee")))
    _focus(qtbot, window, listed)
    qtbot.keyClick(listed, Qt.Key_M, Qt.ControlModifier)
    picker = conv.picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
    assert sessions[0]["id"] not in [picker.list.item(r).data(Qt.UserRole) for r in range(picker.list.count())]
    qtbot.keyClicks(picker.filter, "algemeen")
    qtbot.keyClick(picker.filter, Qt.Key_Return)
    window.worker.wait()
    assert {window.visit.observations.get(i)["session_id"] for i in ids[:2]} == {None}
    qtbot.waitUntil(lambda: listed.count() == 1, timeout=3000)
    assert listed.item(0).text().endswith("Goed gesprek")
    # a just-typed observation can be moved as well (its list line knows its id once stored)
    _focus(qtbot, window, conv.capture.text)
    _type_and_store(qtbot, conv.capture, "Net getypt, verkeerd gesprek")
    window.worker.wait()
    assert listed.item(0).data(Qt.UserRole) == window.visit.observations.list(
        session_id=sessions[0]["id"])[-1]["id"]


def test_the_picker_matches_word_starts_and_reads_dag_1_as_the_day():
    from visitor_app.ui.session_picker import matches
    line = "Dag 1  11:45–12:45  Gesprek met medewerkers vergunningverlening  (Medewerkers)"
    assert matches("dag 1", line) and matches("DAG1", line) and matches("verg med", line)
    assert matches("11:45", line) and matches("", line) and matches("gesprék", line)
    assert not matches("dag 2", line) and not matches("lening", line)
    assert not matches("dag 1", "Dag 2  11:00–12:00  Slotgesprek  (Directie)")


def test_f1_lists_the_new_keys_and_still_fits_a_small_screen(qtbot, make_window, vfile):
    from tests.ui.conftest import open_shortcuts
    text, minimum = open_shortcuts(make_window(vfile))
    for keys in ("Ctrl+PgDown", "Ctrl+G", "Ctrl+J", "Ctrl+M"):
        assert keys in text
    assert minimum.width() <= 960 and minimum.height() <= 540 - 80  # it scrolls there


def test_the_board_filters_on_algemeen_after_moving_there(qtbot, make_window, vfile, three_wrong):
    sessions, ids = three_wrong
    window = make_window(vfile)
    board = window.show_view(BoardView)
    board.move([ids[0]], None)  # captured under the wrong conversation: to Algemeen
    window.worker.wait()
    index = board.session.findText("Algemeen", Qt.MatchStartsWith)
    assert index > 0, "the Gesprek filter offers Algemeen"
    board.session.setCurrentIndex(index)
    board.reload()
    assert [r["id"] for r in board.model.rows] == [ids[0]]
    board.session.setCurrentIndex(board.session.findText(f"Dag {sessions[0]['day']}", Qt.MatchStartsWith))
    board.reload()
    assert ids[0] not in {r["id"] for r in board.model.rows} and ids[2] in {r["id"] for r in board.model.rows}
