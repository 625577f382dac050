"""Guide questions ticked off as discussed: stored per session and question, durable, merged
from members' copies (a tick by any member counts), and the focus questions still open.
Every test runs on each framework (ids come from the framework, never from here)."""

from __future__ import annotations

import pytest

from visitor_app.errors import InputError, NotFoundError
from visitor_app.services import Visitation


def focus_question(visit) -> tuple[str, str, str]:
    """(theme, question, session): the first focus question of the programme and a session
    that brings it up."""
    for theme in visit.questions.not_asked():
        if theme["open"]:
            q = theme["open"][0]
            return theme["theme"], q["id"], q["sessions"][0]["id"]
    raise AssertionError("the framework's programme has no focus question")


def open_ids(visit, theme: str) -> set[str]:
    return {q["id"] for t in visit.questions.not_asked() if t["theme"] == theme for q in t["open"]}


def test_a_tick_is_kept_per_session_and_the_question_is_no_longer_open(visit):
    theme, question, session = focus_question(visit)
    assert question in open_ids(visit, theme)
    changes = visit.questions.tick(session, question)
    assert changes.touches("questions")
    assert visit.questions.ticked(session) == {question}
    assert question not in open_ids(visit, theme)
    others = [s["id"] for s in visit.programme.sessions() if s["id"] != session]
    assert all(question not in visit.questions.ticked(s) for s in others)
    visit.questions.tick(session, question)  # twice: still one tick
    assert len(visit.store.rows("question_ticks")) == 1
    path = visit.path
    visit.close()
    with Visitation.open(path) as again:
        assert again.questions.ticked(session) == {question}
        assert question not in open_ids(again, theme)
        again.questions.untick(session, question)
        assert again.questions.ticked(session) == set()
        assert question in open_ids(again, theme)
        assert again.audit.check() == []


def test_ticking_a_question_the_guide_does_not_have_is_refused_and_changes_nothing(visit):
    theme, question, session = focus_question(visit)
    conversation = visit.programme.get(session)["conversation"]
    foreign = next(q["id"] for t in visit.framework.themes for q in t["questions"]
                   if conversation not in q["conversations"])
    with pytest.raises(InputError, match="hoort niet bij het gesprek"):
        visit.questions.tick(session, foreign)
    with pytest.raises(InputError, match="onbekende gespreksvraag 'geen-vraag'"):
        visit.questions.tick(session, "geen-vraag")
    with pytest.raises(NotFoundError):
        visit.questions.tick("geen-gesprek", question)
    assert visit.store.rows("question_ticks", include_deleted=True) == []


def test_a_removed_session_no_longer_counts(visit):
    theme, question, session = focus_question(visit)
    visit.questions.tick(session, question)
    kind = visit.framework.observation_kinds[0]["id"]
    visit.observations.add(theme, kind, "Het bestuur vraagt om meer inzicht.", session_id=session)
    visit.programme.remove(session)
    assert session not in visit.questions.list()
    # its tick no longer counts: the question is open again wherever it is still a focus question
    q = next(q for q in visit.framework.theme(theme)["questions"] if q["id"] == question)
    focus_elsewhere = any(theme in s["themes"] and s["conversation"] in q["conversations"]
                          for s in visit.programme.sessions())
    assert (question in open_ids(visit, theme)) == focus_elsewhere
    cov = visit.programme.coverage()
    assert session not in {s["id"] for s in cov["sessions"]}
    # the observation still counts, as one without a conversation: the row adds up
    assert cov["totals"][theme] == 1 == cov["without_session"][theme]
    assert sum(cov["counts"][theme].values()) + cov["without_session"][theme] == cov["totals"][theme]


def test_a_tick_in_a_members_copy_merges_and_any_members_tick_counts(visit, tmp_path):
    theme, question, session = focus_question(visit)
    before = next(q["id"] for t in visit.questions.not_asked() for q in t["open"]
                  if q["id"] != question and session in {s["id"] for s in q["sessions"]})
    visit.questions.tick(session, before)  # ticked before the copies are handed out
    ilse, ruben = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ilse Voorthuis", ilse)
    visit.team.hand_out("Ruben Kasteleijn", ruben)
    with Visitation.open(ilse) as copy:
        copy.questions.tick(session, question)
        copy.questions.untick(session, before)  # a normal update of the secretary's tick
    with Visitation.open(ruben) as copy:
        copy.questions.tick(session, question)  # the same question, ticked on its own
    visit.questions.tick(session, question)  # and by the secretary
    visit.questions.untick(session, question)  # who takes her own tick back

    result = visit.team.merge([ilse, ruben]).result
    assert result["conflicts"] == 0
    assert visit.questions.ticked(session) == {question}  # Ilse's and Ruben's ticks count
    assert question not in open_ids(visit, theme)
    assert before not in visit.questions.ticked(session)  # Ilse's untick came along
    authors = {visit.members.names()[t["author"]] for t in visit.store.rows("question_ticks")
               if t["ticked"]}
    assert authors == {"Ilse Voorthuis", "Ruben Kasteleijn"}
    assert visit.team.merge([ilse, ruben]).result["added"] == 0  # merging again changes nothing
    assert visit.audit.check() == []


def test_a_copy_with_a_tick_on_an_unknown_question_is_refused(visit, tmp_path):
    _theme, question, session = focus_question(visit)
    copy_path = tmp_path / "femke.visitatie"
    visit.team.hand_out("Femke Ouwerling", copy_path)
    with Visitation.open(copy_path) as copy:
        copy.store.insert("question_ticks", {"session_id": session, "question": "verzonnen_vraag",
                                             "ticked": True})
    with pytest.raises(InputError, match="onbekende gespreksvraag 'verzonnen_vraag'"):
        visit.team.merge([copy_path])
    assert visit.store.rows("question_ticks") == []
    assert question not in visit.questions.ticked(session)



def test_the_same_tick_changed_on_both_sides_merges_without_a_conflict(visit, tmp_path):
    """A tick only ever flips: the same number of changes is the same version, so two
    members' changes of one tick never conflict; the side that changed it more often wins."""
    _theme, question, session = focus_question(visit)
    visit.questions.tick(session, question)
    copy_path = tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ruben Kasteleijn", copy_path)
    with Visitation.open(copy_path) as copy:
        copy.questions.untick(session, question)  # Ruben: not discussed after all
    visit.questions.untick(session, question)
    visit.questions.tick(session, question)  # the secretary: discussed, after all
    result = visit.team.merge([copy_path]).result
    assert (result["conflicts"], result["open_conflicts"]) == (0, 0)
    assert question in visit.questions.ticked(session)
