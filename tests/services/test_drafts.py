"""Drafts keep the choices made beside the text, and the file keeps where the member was;
both stay with this file (never merged, not in a hand-out copy)."""

from __future__ import annotations

import pytest

from tests.conftest import MEMBERS
from tests.frameworks import theme_and_subtheme
from visitor_app.services import Visitation
from visitor_app.services.drafts import capture_key


def test_a_draft_keeps_theme_subtheme_kind_and_session(visit):
    theme, subtheme = theme_and_subtheme(visit.framework)
    kind = visit.framework.observation_kinds[1]["id"]
    session = visit.programme.sessions()[0]["id"]
    key = capture_key(session)
    chosen = {"theme": theme, "subtheme": subtheme, "kind": kind, "session_id": session}
    assert visit.drafts.save(key, "Half getypt", chosen).kinds == {"drafts"}
    assert visit.drafts.save(key, "Half getypt", chosen).kinds == set()  # nothing new
    assert visit.drafts.choices()[key] == chosen
    # another choice alone is a change of the draft
    assert visit.drafts.save(key, "Half getypt", {**chosen, "subtheme": None}).kinds == {"drafts"}
    assert visit.drafts.choices()[key]["subtheme"] is None
    assert visit.drafts.all() == {key: "Half getypt"}
    visit.drafts.save(key, "  ")
    assert visit.drafts.all() == {} and visit.drafts.choices() == {}
    with pytest.raises(ValueError):
        visit.drafts.save(key, "tekst", {"colour": "rood"})


def test_the_place_is_kept_in_the_file_and_is_no_draft(visit):
    assert visit.drafts.place() == {"view": None, "session_id": None}
    session = visit.programme.sessions()[1]["id"]
    visit.drafts.set_place("ConversationView", session)
    assert visit.drafts.set_place("ConversationView", session).kinds == set()
    assert visit.drafts.all() == {} and visit.drafts.choices() == {}
    path = visit.path
    visit.close()
    with Visitation.open(path) as again:
        assert again.drafts.place() == {"view": "ConversationView", "session_id": session}
        again.drafts.set_place("BoardView")
        assert again.drafts.place() == {"view": "BoardView", "session_id": None}
        with pytest.raises(ValueError):
            again.drafts.save("plek", "een tekst")


def test_a_hand_out_copy_has_no_drafts_no_choices_and_no_place(visit, tmp_path):
    theme = visit.framework.themes[0]["id"]
    session = visit.programme.sessions()[0]["id"]
    visit.drafts.save(capture_key(session), "van de secretaris", {"theme": theme, "session_id": session})
    visit.drafts.set_place("AssessmentsView", session)
    copy = tmp_path / "kopie.visitatie"
    visit.team.hand_out(MEMBERS[0][0], copy)
    with Visitation.open(copy) as other:
        assert other.drafts.all() == {} and other.drafts.place() == {"view": None, "session_id": None}
