"""Ticking guide questions off in the conversation view, what Dekking shows of them, the
legend of its empty cells, and the keys F1 lists for Team: driven through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget

from tests.conftest import FRAMEWORKS, closed_visitation
from tests.ui.conftest import read_shortcuts
from visitor_app.services import Visitation
from visitor_app.ui import ops
from visitor_app.ui.views import coverage as coverage_module, guide, team
from visitor_app.ui.views.conversation import ConversationView
from visitor_app.ui.views.coverage import CoverageView


def shown_question(conv: ConversationView, question: str):
    return next(it for it in conv.guide.question_items() if it.data(guide.QUESTION_ROLE) == question)


def wait_written(window, qtbot) -> None:
    assert window.worker.wait()
    qtbot.wait(10)  # the broadcast of the finished operation


@pytest.fixture
def each_file(tmp_path, each_framework):
    return closed_visitation(tmp_path / "gesprekken.visitatie", each_framework)


def test_a_question_ticked_in_the_conversation_leaves_dekking_and_stays_ticked(
        make_window, each_file, qtbot):
    window = make_window(each_file)
    coverage = window.show_view(CoverageView)
    not_asked = window.visit.questions.not_asked()
    theme = next(t for t in not_asked if len(t["open"]) >= 2)
    question, session = theme["open"][0]["id"], theme["open"][0]["sessions"][0]["id"]
    assert question in coverage.open_questions()[theme["theme"]]
    panel = coverage.findChild(QListWidget, "coverageNotAsked")
    assert f"{theme['name']}: {len(theme['open'])} van {theme['focus']} nog niet gesteld" in [
        panel.item(i).text() for i in range(panel.count())]

    # in the conversation: the question has a check box "besproken"; Ctrl+B while typing
    # ticks the current question and goes to the next
    conv = window.show_view(ConversationView)
    conv.select_session(session)
    item = shown_question(conv, question)
    assert item.flags() & Qt.ItemIsUserCheckable and item.checkState() == Qt.Unchecked
    conv.guide.questions_list.setCurrentItem(item)
    conv.capture.text.setFocus()
    qtbot.keyClicks(conv.capture.text, "De directie")
    qtbot.keyClick(conv.capture.text, Qt.Key_B, Qt.ControlModifier)
    wait_written(window, qtbot)
    assert item.checkState() == Qt.Checked and item.text().endswith("besproken")
    assert conv.guide.questions_list.currentItem() is not item  # on to the next question
    assert conv.capture.text.toPlainText() == "De directie"  # typing was not disturbed

    coverage = window.show_view(CoverageView)
    assert question not in coverage.open_questions()[theme["theme"]]

    # Space in the list takes the tick back; Dekking lists the question again
    conv = window.show_view(ConversationView)
    conv.guide.questions_list.setCurrentItem(item)
    conv.guide.questions_list.setFocus()
    qtbot.keyClick(conv.guide.questions_list, Qt.Key_Space)
    wait_written(window, qtbot)
    assert item.checkState() == Qt.Unchecked
    assert question in window.show_view(CoverageView).open_questions()[theme["theme"]]

    # and Enter ticks it again; it stays ticked when the file is opened again
    conv = window.show_view(ConversationView)
    conv.guide.questions_list.setCurrentItem(item)
    qtbot.keyClick(conv.guide.questions_list, Qt.Key_Return)
    wait_written(window, qtbot)
    window.close_visitation()
    with Visitation.open(each_file) as v:
        assert question in v.questions.ticked(session)
    assert window.open_file(each_file)
    conv = window.show_view(ConversationView)
    conv.select_session(session)
    assert shown_question(conv, question).checkState() == Qt.Checked
    assert question not in window.show_view(CoverageView).open_questions()[theme["theme"]]


def test_dekking_follows_a_tick_made_elsewhere_while_it_is_shown(make_window, each_file, qtbot):
    """A merged copy or another view's tick: the view watches the kind "questions"."""
    window = make_window(each_file)
    coverage = window.show_view(CoverageView)
    theme = next(t for t in window.visit.questions.not_asked() if t["open"])
    q = theme["open"][0]
    ops.op(window.ctx, window.visit.questions.tick, q["sessions"][0]["id"], q["id"])
    wait_written(window, qtbot)
    assert q["id"] not in coverage.open_questions()[theme["theme"]]


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two QColors."""
    def luminance(c):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_legend_explains_the_empty_cells(make_window, vfile, qtbot):
    window = make_window(vfile)
    view = window.show_view(CoverageView)
    table = view.table
    empty = [table.item(r, c) for r in range(table.rowCount()) for c in range(2, table.columnCount())
             if table.item(r, c).text() == coverage_module.EMPTY_MARK]
    assert empty, "a new visit in the past has conversations without observations"
    white = table.palette().base().color()
    for cell in empty:
        assert cell.background().color() == coverage_module.EMPTY != white
        assert contrast(cell.foreground().color(), cell.background().color()) >= 4.5  # 6.8
    legend = view.findChild(QLabel, "coverageLegend").text()
    assert (f"background:{coverage_module.EMPTY.name()};color:{coverage_module.EMPTY_TEXT.name()}'>"
            f"&nbsp;{coverage_module.EMPTY_MARK} nog niets vastgelegd") in legend
    others = [back for back, _fore, _text in coverage_module.LEGEND if back != coverage_module.EMPTY]
    assert coverage_module.EMPTY not in others and len(set(c.name() for c in others)) == len(others)
    assert all(back.name() in legend for back in others)


def test_f1_lists_the_guide_and_team_keys_and_they_do_what_it_says(make_window, vfile, framework,
                                                                    qtbot, tmp_path):
    window = make_window(vfile)
    text = read_shortcuts(window)
    assert "<h4>Team</h4>" in text and "<h4>Gesprek: gespreksvragen</h4>" in text
    for keys, what in team.SHORTCUTS + guide.SHORTCUTS:
        assert f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" in text

    # Ctrl+Shift+K: to Team, the member's name field ready
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key_K, Qt.ControlModifier | Qt.ShiftModifier)
    view = window.stack.currentWidget()
    assert isinstance(view, team.TeamView)
    assert QApplication.focusWidget() in (view.member_combo, view.member_combo.lineEdit())
    window.show_view(ConversationView)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key_8, Qt.AltModifier | Qt.ShiftModifier)
    assert window.stack.currentWidget() is view

    # a conflict: Ctrl+1 keeps the current version
    theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
    shared = window.visit.observations.add(theme, kind, "De directie kent haar opdrachtgevers.").id
    copy_path = tmp_path / "ruben.visitatie"
    window.visit.team.hand_out("Ruben Kasteleijn", copy_path)
    with Visitation.open(copy_path) as copy:
        copy.observations.update(shared, text="De directie kent haar opdrachtgevers door en door.")
    window.visit.observations.update(shared, text="De directie kent de meeste opdrachtgevers.")
    ops.op(window.ctx, window.visit.team.merge, [copy_path])
    wait_written(window, qtbot)
    conflicts = view.findChild(QListWidget, "conflictList")
    qtbot.waitUntil(lambda: conflicts.count() == 1, timeout=3000)
    kept = view.conflict_rows[0]["current"]["text"]
    conflicts.setFocus()
    qtbot.keyClick(conflicts, Qt.Key_1, Qt.ControlModifier)
    wait_written(window, qtbot)
    qtbot.waitUntil(lambda: conflicts.count() == 0, timeout=3000)
    assert window.visit.observations.get(shared)["text"] == kept


def test_on_a_1366x768_laptop_the_guide_leaves_most_of_its_height_to_the_questions(
        make_window, vfile, qtbot):
    """The header (title, day and time, type) and the key line are short; who takes part and
    what the conversation is for are in the header's tooltip. Before, on 1366x768, they left
    room for about one question."""
    window = make_window(vfile)
    window.resize(1366, 688)
    conv = window.show_view(ConversationView)
    session = max(window.visit.programme.sessions(),
                  key=lambda s: len(window.visit.framework.questions_for(s["conversation"])))
    conv.select_session(session["id"])
    qtbot.wait(50)
    pane = conv.guide
    # the guide's column on a 1366-px laptop is about 420 px wide (the columns start at 2:4:4)
    lines = (pane.header.heightForWidth(420) + pane.footer.heightForWidth(420)) / pane.fontMetrics().lineSpacing()
    assert lines <= 6, lines  # before: 13 (the participants, the purpose, a long key line)
    assert "Deelnemers" in pane.header.toolTip() and "Deelnemers" not in pane.header.text()


@pytest.mark.parametrize("framework", list(FRAMEWORKS), indirect=True, scope="session")
def test_the_guide_shows_the_previous_visitations_points_of_its_themes(make_window, vfile, framework,
                                                                        qtbot, tmp_path):
    from visitor_app.services.previous import read_csv_source
    window = make_window(vfile)
    fw = window.visit.framework
    conv = window.show_view(ConversationView)
    session = next(s for s in window.visit.programme.sessions() if fw.questions_for(s["conversation"]))
    conv.select_session(session["id"])
    in_guide = {th["id"] for th, _qs in fw.questions_for(session["conversation"])}
    theme = fw.questions_for(session["conversation"])[0][0]
    kind = {"id": fw.follow_up_kinds()[0]}
    rows = [f"{theme['id']},{kind['id']},Versterk de kalibratie van toezichtsoordelen."]
    rows += [f"{t['id']},{kind['id']},Een punt van een thema dat dit gesprek niet heeft."
             for t in fw.themes if t["id"] not in in_guide][:1]
    csv = tmp_path / "vorige.csv"
    csv.write_text("thema,soort,tekst\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ops.op(window.ctx, window.visit.previous.import_source, read_csv_source(csv, fw))
    assert window.worker.wait()
    shown = [conv.guide.questions_list.item(i).text() for i in range(conv.guide.questions_list.count())]
    ours = [t for t in shown if t.startswith("Vorige visitatie")]
    assert len(ours) == 1 and "Versterk de kalibratie" in ours[0]
    assert shown.index(ours[0]) == shown.index(theme["name"] + (" ★" if theme["id"] in (session["themes"] or []) else "")) + 1
    assert all(i.data(guide.QUESTION_ROLE) is None for i in conv.guide.questions_list.findItems(
        "Vorige visitatie", Qt.MatchStartsWith))  # read only: never ticked as a question
