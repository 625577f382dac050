"""Moving observations to another conversation, and what the programme says is on now."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from visitor_app.errors import InputError
from visitor_app.services import Visitation


def _three(visit):
    fw = visit.framework
    theme, kind = fw.themes[0]["id"], fw.observation_kinds[0]["id"]
    first, second = visit.programme.sessions()[:2]
    ids = [visit.observations.add(theme, kind, f"Waarneming {n}", session_id=first["id"]).id
           for n in range(3)]
    return ids, first, second


def test_move_a_selection_to_another_session_and_to_general(visit):
    ids, first, second = _three(visit)
    changes = visit.observations.move(ids[:2], second["id"])
    assert set(changes.ids) == set(ids[:2]) and changes.touches("observations")
    assert [o["session_id"] for o in map(visit.observations.get, ids)] == [second["id"], second["id"],
                                                                           first["id"]]
    assert {o["id"] for o in visit.observations.list(session_id=second["id"])} == set(ids[:2])
    # already there: nothing is written for it (no new revision)
    revision = visit.observations.get(ids[0])["revision"]
    assert visit.observations.move([ids[0]], second["id"]).ids == ()
    assert visit.observations.get(ids[0])["revision"] == revision
    # to Algemeen: no session at all
    visit.observations.move([ids[2]], None)
    assert visit.observations.get(ids[2])["session_id"] is None
    assert visit.observations.get(ids[2])["text"] == "Waarneming 2"  # the rest stays as it was


def test_move_is_durable(visit):
    ids, _first, second = _three(visit)
    visit.observations.move(ids, second["id"])
    with Visitation.open(visit.path) as other:  # a second connection, as after a crash
        assert {o["session_id"] for o in map(other.observations.get, ids)} == {second["id"]}


@pytest.mark.parametrize("target", ["bestaat-niet", "removed"])
def test_an_unknown_or_removed_session_is_refused_and_nothing_moves(visit, target):
    ids, first, second = _three(visit)
    if target == "removed":
        visit.programme.remove(second["id"])
        target = second["id"]
    before = [visit.observations.get(i) for i in ids]
    with pytest.raises(InputError, match="staat niet \\(meer\\) in het programma; er is geen waarneming"):
        visit.observations.move(ids, target)
    assert [visit.observations.get(i) for i in ids] == before


def test_one_unknown_observation_moves_none_of_the_others(visit):
    ids, first, second = _three(visit)
    with pytest.raises(InputError, match="waarneming 'weg' bestaat niet"):
        visit.observations.move([ids[0], "weg", ids[1]], second["id"])
    assert {visit.observations.get(i)["session_id"] for i in ids} == {first["id"]}


def test_a_move_in_a_members_copy_reaches_the_secretary_by_merge(visit, tmp_path):
    ids, first, second = _three(visit)
    copy = tmp_path / "ilse.visitatie"
    visit.team.hand_out("Ilse Voorthuis", copy)
    with Visitation.open(copy) as ilse:
        ilse.observations.move(ids[:1], second["id"])
    result = visit.team.merge([copy]).result
    assert result["conflicts"] == 0
    assert visit.observations.get(ids[0])["session_id"] == second["id"]
    assert visit.observations.get(ids[1])["session_id"] == first["id"]


# -- the clock ------------------------------------------------------------------------------

def _when(session, key):
    return datetime.fromisoformat(f"{session['date']}T{session[key]}")


def test_now_on_during_a_session_between_sessions_and_outside_the_visit(visit):
    sessions = visit.programme.sessions()
    first, second, last = sessions[0], sessions[1], sessions[-1]
    start, end = _when(first, "start"), _when(first, "end")

    on = visit.programme.now_on(end - timedelta(minutes=24, seconds=10))
    assert [s["id"] for s in on["current"]] == [first["id"]]
    assert on["left"] == 25  # rounded up: "nog 25 min"
    assert on["next"]["id"] == second["id"]
    assert visit.programme.now_on(end - timedelta(seconds=30))["left"] == 1
    assert visit.programme.now_on(start)["current"][0]["id"] == first["id"]

    # at its end it is over; what comes next, and in how long
    on = visit.programme.now_on(end)
    assert first["id"] not in [s["id"] for s in on["current"]]
    if _when(second, "start") > end:  # a break in between
        assert on["current"] == [] and on["next"]["id"] == second["id"]
        assert on["starts_in"] == (_when(second, "start") - end).total_seconds() // 60

    evening_before = start.replace(hour=20) - timedelta(days=1)
    on = visit.programme.now_on(evening_before)
    assert on["current"] == [] and on["next"]["id"] == first["id"]
    assert on["starts_in"] == (start - evening_before).total_seconds() // 60

    assert visit.programme.now_on(_when(last, "end")) == {"current": [], "left": None, "next": None,
                                                          "starts_in": None}


def test_sessions_side_by_side_are_both_on_and_the_first_to_end_counts(visit):
    fw = visit.framework
    conv = fw.conversation_types[0]["id"]
    a = visit.programme.add(day=2, start="20:00", end="21:00", conversation=conv, title="Avond A").id
    b = visit.programme.add(day=2, start="20:30", end="20:50", conversation=conv, title="Avond B").id
    on = visit.programme.now_on(datetime.fromisoformat("2026-03-11T20:40"))
    assert [s["id"] for s in on["current"]] == [b, a]
    assert on["left"] == 10
