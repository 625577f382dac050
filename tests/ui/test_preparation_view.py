"""Preparing the conversations in the window: a member types own questions in Voorbereiding,
finds them above the framework's questions in the conversation, ticks one off, sees the
other carried over to the next conversation; the secretary sees everyone's; a zelfevaluatie
summary typed in Voorbereiding stands in the guide under its theme. On each framework."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import MEMBERS, closed_visitation
from tests.ui.conftest import answer_modal
from visitor_app.ui.views import guide
from visitor_app.ui.views.conversation import ConversationView
from visitor_app.ui.views.preparation import PreparationView


@pytest.fixture
def each_file(tmp_path, each_framework):
    return closed_visitation(tmp_path / "voorbereiding.visitatie", each_framework)


def settle(window, qtbot) -> None:
    assert window.worker.wait()
    qtbot.wait(10)  # the broadcast of the finished operation


def member_id(window, name: str) -> str:
    return next(m["id"] for m in window.visit.members.list() if m["name"] == name)


def tree_rows(view: PreparationView) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group heading, [(question, whose, asked)]) as the list shows them."""
    out = []
    for i in range(view.tree.topLevelItemCount()):
        group = view.tree.topLevelItem(i)
        out.append((group.text(0), [tuple(group.child(j).text(c) for c in range(3))
                                    for j in range(group.childCount())]))
    return out


def type_question(view, qtbot, target_text: str, text: str) -> None:
    view.target.setCurrentIndex(view.target.findText(target_text))
    view.text.setFocus()
    qtbot.keyClicks(view.text, text)
    qtbot.keyClick(view.text, Qt.Key_Return)


def guide_lines(conv: ConversationView) -> list[str]:
    lst = conv.guide.questions_list
    return [lst.item(i).text() for i in range(lst.count())]


def test_prepare_tick_and_carry_over_own_questions(make_window, each_file, qtbot):
    window = make_window(each_file)
    ruben = member_id(window, MEMBERS[1][0])
    window.set_member(ruben)
    first, second = window.visit.programme.sessions()[:2]
    first_label = f"Dag {first['day']} {first['start']}  {first['title']}"

    prep = window.show_view(PreparationView)
    assert prep.owner.currentText() == MEMBERS[1][0]  # your own question, unless you choose
    type_question(prep, qtbot, first_label, "Wie stelt de agenda van het AB op?")
    settle(window, qtbot)
    type_question(prep, qtbot, first_label, "Hoe vaak spreek je de voorzitter?")
    settle(window, qtbot)
    assert prep.text.text() == ""  # ready for the next one
    assert tree_rows(prep) == [(f"Gesprek dag {first['day']} {first['start']} {first['title']}",
                                [("Wie stelt de agenda van het AB op?", MEMBERS[1][0], "nog niet"),
                                 ("Hoe vaak spreek je de voorzitter?", MEMBERS[1][0], "nog niet")])]

    # the conversation: own questions first, above the framework's, ticked with Space
    conv = window.show_view(ConversationView)
    conv.select_session(first["id"])
    lines = guide_lines(conv)
    assert lines[0] == f"{guide.OWN_HEADING} (2)"
    assert lines[1:3] == ["Wie stelt de agenda van het AB op?", "Hoe vaak spreek je de voorzitter?"]
    own = conv.guide.own_items()
    assert all(it.flags() & Qt.ItemIsUserCheckable for it in own)
    framework_rows = [i for i, it in enumerate(conv.guide.question_items()) if it.data(guide.QUESTION_ROLE)]
    assert not framework_rows or framework_rows[0] > 1  # the framework's questions come after
    conv.guide.questions_list.setCurrentItem(own[0])
    conv.guide.questions_list.setFocus()
    qtbot.keyClick(conv.guide.questions_list, Qt.Key_Space)
    settle(window, qtbot)
    assert own[0].checkState() == Qt.Checked and own[0].text().endswith("besproken")

    # the next conversation: the question not asked has come along, the asked one has not
    conv.select_session(second["id"])
    carried = [it.text() for it in conv.guide.own_items()]
    assert carried == [f"Hoe vaak spreek je de voorzitter? (nog open uit dag {first['day']} "
                       f"{first['start']})"]
    # and Voorbereiding says where the first was asked
    prep = window.show_view(PreparationView)
    assert tree_rows(prep)[0][1][0][2] == f"dag {first['day']} {first['start']}"
    assert prep.count.text() == "2 eigen vragen, 1 nog niet gesteld"


def test_the_secretary_sees_everyones_questions_and_a_member_only_theirs(make_window, each_file, qtbot):
    window = make_window(each_file)
    first = window.visit.programme.sessions()[0]
    visit = window.visit
    visit.own_questions.add("Vraag van Ilse", session_id=first["id"], member_id=member_id(window, MEMBERS[0][0]))
    visit.own_questions.add("Vraag van Ruben", session_id=first["id"], member_id=member_id(window, MEMBERS[1][0]))
    window.set_member(member_id(window, MEMBERS[3][0]))  # Joost, secretaris
    conv = window.show_view(ConversationView)
    conv.select_session(first["id"])
    assert [it.text() for it in conv.guide.own_items()] == [
        f"Vraag van Ilse ({MEMBERS[0][0]})", f"Vraag van Ruben ({MEMBERS[1][0]})"]
    prep = window.show_view(PreparationView)
    assert [row[1] for row in tree_rows(prep)[0][1]] == [MEMBERS[0][0], MEMBERS[1][0]]

    window.set_member(member_id(window, MEMBERS[0][0]))  # Ilse, voorzitter
    conv = window.show_view(ConversationView)
    conv.select_session(first["id"])
    assert [it.text() for it in conv.guide.own_items()] == ["Vraag van Ilse"]
    prep = window.show_view(PreparationView)
    prep.mine.setChecked(True)
    assert [row[0] for row in tree_rows(prep)[0][1]] == ["Vraag van Ilse"]
    prep.mine.setChecked(False)
    assert len(tree_rows(prep)[0][1]) == 2


def test_edit_in_place_and_remove_after_asking(make_window, each_file, qtbot):
    window = make_window(each_file)
    first = window.visit.programme.sessions()[0]
    window.visit.own_questions.add("Eerste versie", session_id=first["id"], member_id=None)
    prep = window.show_view(PreparationView)
    item = prep.tree.topLevelItem(0).child(0)
    item.setText(0, "Tweede versie")  # what the editor in place writes back
    settle(window, qtbot)
    assert [q["text"] for q in window.visit.own_questions.list()] == ["Tweede versie"]

    item = prep.tree.topLevelItem(0).child(0)
    prep.tree.setCurrentItem(item)
    item.setSelected(True)
    answer_modal(lambda box: box.button(QMessageBox.No).click())
    prep.tree.setFocus()
    qtbot.keyClick(prep.tree, Qt.Key_Delete)
    settle(window, qtbot)
    assert len(window.visit.own_questions.list()) == 1  # "Nee": nothing removed
    answer_modal(lambda box: box.button(QMessageBox.Yes).click())
    prep.remove_button.click()
    settle(window, qtbot)
    assert window.visit.own_questions.list() == [] and prep.count.text() == "Nog geen eigen vragen."


def test_a_zelfevaluatie_summary_typed_in_voorbereiding_stands_in_the_guide(make_window, each_file, qtbot):
    window = make_window(each_file)
    fw = window.visit.framework
    session = next(s for s in window.visit.programme.sessions() if fw.questions_for(s["conversation"]))
    theme = fw.questions_for(session["conversation"])[0][0]
    other = next(t for t in fw.themes if t["id"] != theme["id"])
    prep = window.show_view(PreparationView)
    prep.tabs.setCurrentIndex(1)
    row = next(i for i in range(prep.themes.count()) if prep.themes.item(i).data(Qt.UserRole) == theme["id"])
    prep.themes.setCurrentRow(row)
    prep.summary.setFocus()
    qtbot.keyClicks(prep.summary, "Goed op weg, zegt de dienst (p. 7).")
    # choosing another theme stores what was typed (as does a pause in typing)
    prep.themes.setCurrentRow(next(i for i in range(prep.themes.count())
                                   if prep.themes.item(i).data(Qt.UserRole) == other["id"]))
    settle(window, qtbot)
    assert window.visit.self_evaluation.get(theme["id"]) == "Goed op weg, zegt de dienst (p. 7)."
    assert prep.themes.item(row).text().startswith("✓ ")
    assert prep.summary.toPlainText() == ""  # the other theme has none yet

    conv = window.show_view(ConversationView)
    conv.select_session(session["id"])
    lines = guide_lines(conv)
    at = lines.index(next(line for line in lines if line.startswith(theme["name"])))
    assert lines[at + 1] == "Zelfevaluatie: Goed op weg, zegt de dienst (p. 7)."


def test_the_choices_stay_after_adding_and_follow_who_i_am(make_window, each_file, qtbot):
    window = make_window(each_file)
    prep = window.show_view(PreparationView)
    assert not prep.mine.isEnabled() and prep.owner.currentText() == "De hele commissie"
    window.set_member(member_id(window, MEMBERS[2][0]))  # Femke
    qtbot.wait(10)
    assert prep.mine.isEnabled() and prep.owner.currentText() == MEMBERS[2][0]
    second = window.visit.programme.sessions()[1]
    label = f"Dag {second['day']} {second['start']}  {second['title']}"
    prep.owner.setCurrentIndex(prep.owner.findText(MEMBERS[0][0]))
    type_question(prep, qtbot, label, "Eerste")
    settle(window, qtbot)
    assert (prep.target.currentText(), prep.owner.currentText()) == (label, MEMBERS[0][0])
    prep.text.setFocus()
    qtbot.keyClicks(prep.text, "Tweede")
    qtbot.keyClick(prep.text, Qt.Key_Return)
    settle(window, qtbot)
    assert [(q["text"], q["session_id"], q["member"]) for q in window.visit.own_questions.list()] == [
        ("Eerste", second["id"], MEMBERS[0][0]), ("Tweede", second["id"], MEMBERS[0][0])]


def test_the_arrow_keys_land_on_questions_not_on_headings(make_window, each_file, qtbot):
    window = make_window(each_file)
    first = window.visit.programme.sessions()[0]
    window.visit.own_questions.add("Eigen vraag één", session_id=first["id"], member_id=None)
    conv = window.show_view(ConversationView)
    conv.select_session(first["id"])
    lst = conv.guide.questions_list
    tickable = conv.guide.question_items()
    assert len(tickable) >= 2
    lst.setCurrentItem(tickable[0])
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key_Up)  # above it is only the heading "Eigen vragen (1)"
    assert lst.currentItem() is tickable[0]
    qtbot.keyClick(lst, Qt.Key_Down)  # past the first theme's heading, to its first question
    assert lst.currentItem() is tickable[1]
    qtbot.keyClick(lst, Qt.Key_Home)
    assert lst.currentItem() is tickable[0]
