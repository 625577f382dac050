"""The programme: sessions that overlap, the days of the visit, moving to any day and time."""

from __future__ import annotations

from visitor_app.services.programme import overlapping, overlaps


def s(sid, day, start, end, title=None):
    return {"id": sid, "day": day, "start": start, "end": end, "title": title or sid}


def test_overlapping_is_about_the_same_day_and_a_shared_minute():
    sessions = [s("a", 1, "09:00", "10:00"), s("b", 1, "10:00", "11:00"), s("c", 2, "09:30", "10:30"),
                s("d", 1, "09:45", "10:15")]
    assert [x["id"] for x in overlapping(sessions, 1, "09:30", "09:50")] == ["a", "d"]
    assert overlapping(sessions, 1, "11:00", "12:00") == []          # touching is not overlapping
    assert [x["id"] for x in overlapping(sessions, 1, "08:00", "18:00", exclude="a")] == ["b", "d"]
    assert {k: [x["id"] for x in v] for k, v in overlaps(sessions).items()} == {
        "a": ["d"], "b": ["d"], "d": ["a", "b"]}


def test_the_service_names_the_overlapping_sessions(each_visit):
    visit = each_visit
    assert visit.programme.overlaps() == {}, "the framework's default programme should not overlap"
    first = visit.programme.sessions()[0]
    conv = visit.framework.conversation_types[0]["id"]
    extra = visit.programme.add(day=first["day"], start=first["start"], end=first["end"],
                                conversation=conv, title="Inloop met de OR").id
    found = visit.programme.overlaps()
    assert [x["title"] for x in found[extra]] == [first["title"]]
    assert [x["title"] for x in found[first["id"]]] == ["Inloop met de OR"]
    visit.programme.update(extra, day=2, start="07:00", end="07:30")   # any day, any time
    moved = visit.programme.get(extra)
    assert (moved["day"], moved["start"], moved["end"], moved["date"]) == (2, "07:00", "07:30", "2026-03-11")
    assert visit.programme.overlaps() == {}


def test_the_dates_of_the_visit(each_visit):
    assert each_visit.programme.dates() == ["2026-03-10", "2026-03-11"]
