"""Preparing the conversations: members' own questions per session or theme (ticked off,
carried over to later sessions until asked, merged from copies) and the zelfevaluatie
summary per theme. On each framework."""

from __future__ import annotations

import pytest

from tests.conftest import MEMBERS
from visitor_app.errors import InputError
from visitor_app.services import Visitation


def members(visit):
    return {m["name"]: m["id"] for m in visit.members.list()}


def texts(rows):
    return [q["text"] for q in rows]


def guide_theme(visit, session):
    """A theme the guide of ``session`` has questions for."""
    return visit.framework.questions_for(session["conversation"])[0][0]["id"]


def test_questions_of_a_session_carry_over_until_asked(visit):
    ilse = members(visit)[MEMBERS[0][0]]
    first, second, third = visit.programme.sessions()[:3]
    visit.own_questions.add("Wie zit de AB-vergadering voor?", session_id=first["id"], member_id=ilse)
    asked_later = visit.own_questions.add("Hoe gaat de dienst om met klachten?",
                                          session_id=first["id"], member_id=ilse).id
    assert texts(visit.own_questions.for_session(first["id"])) == [
        "Wie zit de AB-vergadering voor?", "Hoe gaat de dienst om met klachten?"]
    # not asked in the first session: both come along to the next, marked as carried over
    carried = visit.own_questions.for_session(second["id"])
    assert [(q["text"], q["carried"], q["asked"]) for q in carried][:2] == [
        ("Wie zit de AB-vergadering voor?", True, False),
        ("Hoe gaat de dienst om met klachten?", True, False)]
    visit.own_questions.set_asked(asked_later, second["id"])
    assert [q["asked"] for q in visit.own_questions.for_session(second["id"])] == [False, True]
    # asked in the second session: gone from the first and the third, still open the other
    assert texts(visit.own_questions.for_session(third["id"])) == ["Wie zit de AB-vergadering voor?"]
    assert texts(visit.own_questions.for_session(first["id"])) == ["Wie zit de AB-vergadering voor?"]
    [asked] = [q for q in visit.own_questions.list() if q["id"] == asked_later]
    assert asked["asked_label"].startswith(f"dag {second['day']} {second['start']}")
    # unticking where it was asked makes it open again everywhere after its session
    visit.own_questions.set_asked(asked_later, second["id"], False)
    assert len(visit.own_questions.for_session(third["id"])) == 2
    # a question does not go back in time: the session before it does not show it
    visit.own_questions.add("Alleen voor later", session_id=third["id"], member_id=ilse)
    assert "Alleen voor later" not in texts(visit.own_questions.for_session(second["id"]))


def test_a_theme_question_shows_where_the_guide_has_that_theme(visit):
    ruben = members(visit)[MEMBERS[1][0]]
    sessions = visit.programme.sessions()
    session = next(s for s in sessions if visit.framework.questions_for(s["conversation"]))
    theme = guide_theme(visit, session)
    q = visit.own_questions.add("Vraag naar het mandaatbesluit.", theme=theme, member_id=ruben).id
    shown_in = [s["id"] for s in sessions if q in {x["id"] for x in visit.own_questions.for_session(s["id"])}]
    expected = [s["id"] for s in sessions  # not in the commission's own meetings
                if not visit.framework.own_meeting(s["conversation"])
                and (theme in (s["themes"] or [])
                     or theme in {t["id"] for t, _ in visit.framework.questions_for(s["conversation"])})]
    assert session["id"] in shown_in and shown_in == expected
    visit.own_questions.set_asked(q, session["id"])
    assert [s["id"] for s in sessions if q in {x["id"] for x in visit.own_questions.for_session(s["id"])}] \
        == [session["id"]]


def test_each_member_sees_their_own_and_the_commissions_questions_and_the_secretary_everyones(visit):
    ids = members(visit)
    session = visit.programme.sessions()[0]["id"]
    visit.own_questions.add("Van Ilse", session_id=session, member_id=ids[MEMBERS[0][0]])
    visit.own_questions.add("Van Ruben", session_id=session, member_id=ids[MEMBERS[1][0]])
    visit.own_questions.add("Van de commissie", session_id=session, member_id=None)
    assert texts(visit.own_questions.for_session(session, ids[MEMBERS[0][0]])) == ["Van Ilse", "Van de commissie"]
    everyone = visit.own_questions.for_session(session)
    assert [(q["text"], q["member"]) for q in everyone] == [
        ("Van Ilse", MEMBERS[0][0]), ("Van Ruben", MEMBERS[1][0]), ("Van de commissie", None)]
    # who is typing is the default owner
    visit.set_current_member(ids[MEMBERS[2][0]])
    new = visit.own_questions.add("Van Femke", session_id=session).id
    assert next(q for q in visit.own_questions.list() if q["id"] == new)["member"] == MEMBERS[2][0]


@pytest.mark.parametrize("call, message", [
    (lambda v, s, t: v.own_questions.add("  ", session_id=s), "eigen vraag: tekst mag niet leeg zijn"),
    (lambda v, s, t: v.own_questions.add("Vraag", session_id=s, theme=t), "precies één"),
    (lambda v, s, t: v.own_questions.add("Vraag"), "precies één"),
    (lambda v, s, t: v.own_questions.add("Vraag", theme="geen-thema"), "onbekend thema 'geen-thema'"),
    (lambda v, s, t: v.own_questions.add("x" * 1001, session_id=s), r"te lang \(1001 tekens"),
])
def test_bad_questions_are_refused_with_a_message_and_nothing_is_stored(visit, call, message):
    session = visit.programme.sessions()[0]["id"]
    with pytest.raises(InputError, match=message):
        call(visit, session, visit.framework.themes[0]["id"])
    assert visit.own_questions.list() == []


def test_edit_move_remove_and_restore(visit):
    first, second = visit.programme.sessions()[:2]
    q = visit.own_questions.add("Eerste versie", session_id=first["id"]).id
    visit.own_questions.update(q, text="Tweede versie", session_id=second["id"])
    assert texts(visit.own_questions.for_session(second["id"])) == ["Tweede versie"]
    assert visit.own_questions.for_session(first["id"]) == []
    visit.own_questions.remove([q])
    assert visit.own_questions.list() == []
    visit.own_questions.restore([q])
    assert texts(visit.own_questions.list()) == ["Tweede versie"]
    assert visit.audit.info()["eigen_vragen"] == {"total": 1, "open": 1, "asked": 0}


def test_questions_of_a_removed_session_still_carry_over(visit):
    first, second = visit.programme.sessions()[:2]
    visit.own_questions.add("Nog te stellen", session_id=first["id"])
    visit.programme.remove(first["id"])
    assert texts(visit.own_questions.for_session(second["id"])) == ["Nog te stellen"]


def test_zelfevaluatie_per_theme_set_clear_and_info(visit):
    t1, t2 = visit.framework.themes[0]["id"], visit.framework.themes[1]["id"]
    visit.self_evaluation.set(t1, "  De dienst noemt de samenwerking goed.\r\nMaar: weinig sturing. ")
    assert visit.self_evaluation.get(t1) == "De dienst noemt de samenwerking goed.\nMaar: weinig sturing."
    assert visit.self_evaluation.set(t1, "De dienst noemt de samenwerking goed.\nMaar: weinig sturing.").kinds == set()
    visit.self_evaluation.set(t2, "Robuust op alle taken.")
    assert visit.audit.info()["zelfevaluatie_samenvatting"] == sorted([t1, t2])
    visit.self_evaluation.set(t2, "")
    assert visit.self_evaluation.all() == {t1: "De dienst noemt de samenwerking goed.\nMaar: weinig sturing."}
    with pytest.raises(InputError, match="zelfevaluatie: onbekend thema"):
        visit.self_evaluation.set("geen-thema", "tekst")


def test_questions_and_summaries_merge_from_copies_and_both_sides_is_a_conflict(visit, tmp_path):
    ids = members(visit)
    first, second = visit.programme.sessions()[:2]
    theme = visit.framework.themes[0]["id"]
    shared = visit.own_questions.add("Gedeelde vraag", session_id=first["id"], member_id=None).id
    ilse, ruben = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    visit.team.hand_out(MEMBERS[0][0], ilse)
    visit.team.hand_out(MEMBERS[1][0], ruben)
    with Visitation.open(ilse) as copy:
        copy.set_current_member(ids[MEMBERS[0][0]])
        copy.own_questions.add("Vraag van Ilse", session_id=second["id"])
        copy.own_questions.set_asked(shared, first["id"])
        copy.self_evaluation.set(theme, "Volgens Ilse")
    with Visitation.open(ruben) as copy:
        copy.set_current_member(ids[MEMBERS[1][0]])
        copy.own_questions.add("Vraag van Ruben", theme=theme)
        copy.own_questions.set_asked(shared, second["id"])
    result = visit.team.merge([ilse, ruben]).result
    assert result["conflicts"] == 1  # the shared question, ticked in two sessions
    assert sorted(texts(visit.own_questions.list())) == ["Gedeelde vraag", "Vraag van Ilse", "Vraag van Ruben"]
    assert visit.self_evaluation.get(theme) == "Volgens Ilse"
    [conflict] = visit.team.conflicts()
    assert conflict["table"] == "own_questions" and "Gedeelde vraag" in conflict["current_label"]
    visit.team.resolve(conflict["id"], "other")
    assert visit.team.merge([ilse, ruben]).result["conflicts"] == 0
    assert visit.audit.check() == []


def test_a_summary_written_in_two_copies_is_a_conflict(visit, tmp_path):
    theme = visit.framework.themes[0]["id"]
    a, b = tmp_path / "a.visitatie", tmp_path / "b.visitatie"
    visit.team.hand_out(MEMBERS[0][0], a)
    visit.team.hand_out(MEMBERS[1][0], b)
    for path, text in ((a, "Samenvatting A"), (b, "Samenvatting B")):
        with Visitation.open(path) as copy:
            copy.self_evaluation.set(theme, text)
    visit.team.merge([a, b])
    assert [c["table"] for c in visit.team.conflicts()] == ["self_evaluations"]


def test_nothing_carries_over_into_the_commissions_own_meeting(visit):
    fw = visit.framework
    sessions = visit.programme.sessions()
    own = next((s for s in sessions if fw.own_meeting(s["conversation"])), None)
    if own is None:
        pytest.skip("this framework's programme has no own meeting")
    before = next(s for s in sessions if not fw.own_meeting(s["conversation"]))
    visit.own_questions.add("Nog te stellen aan de dienst", session_id=before["id"])
    visit.own_questions.add("Voor het beraad zelf", session_id=own["id"])
    assert texts(visit.own_questions.for_session(own["id"])) == ["Voor het beraad zelf"]
    later = [s for s in sessions if (s["day"], s["start"]) > (own["day"], own["start"])
             and not fw.own_meeting(s["conversation"])]
    if later:  # it skips the meeting, not the rest of the programme
        assert "Nog te stellen aan de dienst" in texts(visit.own_questions.for_session(later[0]["id"]))


def test_a_summary_longer_than_2000_characters_is_refused(visit):
    theme = visit.framework.themes[0]["id"]
    with pytest.raises(InputError, match=r"te lang \(2001 tekens, hoogstens 2000"):
        visit.self_evaluation.set(theme, "x" * 2001)
    assert visit.self_evaluation.all() == {}
