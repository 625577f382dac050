"""Deciding a conflict with the secretary's own wording of the version that stays."""

from __future__ import annotations

import pytest

from visitor_app.errors import InputError
from visitor_app.services import Visitation


@pytest.fixture
def conflict(visit, tmp_path):
    """One observation changed in Ilse's copy and in Ruben's: merged, one open conflict."""
    fw = visit.framework
    shared = visit.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"],
                                    "Het bestuur stuurt op hoofdlijnen").id
    a, b = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    visit.team.hand_out("Ilse Voorthuis", a)
    visit.team.hand_out("Ruben Kasteleijn", b)
    for path, text in ((a, "Het bestuur stuurt vooral op geld"), (b, "Het bestuur stuurt op risico's")):
        with Visitation.open(path) as copy:
            copy.observations.update(shared, text=text)
    visit.team.merge([a, b])
    [c] = visit.team.conflicts()
    return visit, c, shared, (a, b)


def test_a_conflict_names_who_wrote_each_version_and_offers_its_text(conflict):
    visit, c, shared, _ = conflict
    assert c["can_edit_text"] is True
    assert {c["current_member"], c["other_member"]} == {"Ilse Voorthuis", "Ruben Kasteleijn"}
    assert {c["current_text"], c["other_text"]} == {"Het bestuur stuurt vooral op geld",
                                                    "Het bestuur stuurt op risico's"}


@pytest.mark.parametrize("keep", ["current", "other", "both"])
def test_the_kept_version_gets_the_edited_text_durably_and_versioned(conflict, keep):
    visit, c, shared, copies = conflict
    revision = visit.observations.get(shared)["revision"]
    visit.team.resolve(c["id"], keep, text="Het bestuur stuurt op geld en op risico's")
    row = visit.observations.get(shared)
    assert row["text"] == "Het bestuur stuurt op geld en op risico's"
    assert row["revision"] > revision  # the decision and the edit are versions of their own
    texts = sorted(o["text"] for o in visit.observations.list())
    if keep == "both":
        assert texts == sorted(["Het bestuur stuurt op geld en op risico's", c["other_text"]])
    else:
        assert texts == ["Het bestuur stuurt op geld en op risico's"]
    assert visit.team.conflicts() == []
    visit.close()
    with Visitation.open(visit.path) as again:  # on disk
        assert again.observations.get(shared)["text"] == "Het bestuur stuurt op geld en op risico's"
        again.team.merge(list(copies))  # the same copies again: no conflict, the edit stays
        assert again.team.conflicts() == []
        assert again.observations.get(shared)["text"] == "Het bestuur stuurt op geld en op risico's"


def test_an_empty_text_is_refused_and_the_conflict_stays_open(conflict):
    visit, c, shared, _ = conflict
    before = visit.observations.get(shared)
    with pytest.raises(InputError, match="waarneming: tekst mag niet leeg zijn"):
        visit.team.resolve(c["id"], "other", text="   ")
    assert visit.observations.get(shared) == before
    assert [x["id"] for x in visit.team.conflicts()] == [c["id"]]
