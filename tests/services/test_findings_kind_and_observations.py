"""A finding's kind changed afterwards, and observations put under an existing finding."""

from __future__ import annotations

import pytest

from tests import frameworks as ids
from visitor_app.errors import InputError


def _finding(visit, fw, theme=None):
    theme = theme or fw.themes[0]["id"]
    kind = fw.finding_kinds[0]["id"]
    return visit.findings.add(theme, kind, "De planning is realistisch.").id


def test_the_kind_of_a_finding_changes_and_the_rest_stays(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    o = visit.observations.add(fw.themes[0]["id"], ids.plain_kinds(fw)[0], "Planning gehaald.").id
    fid = visit.findings.add(fw.themes[0]["id"], fw.finding_kinds[0]["id"], "De planning is realistisch.",
                             observation_ids=[o]).id
    other = fw.finding_kinds[-1]["id"]
    assert other != fw.finding_kinds[0]["id"]
    row = visit.findings.set_kind(fid, other).row
    assert row["kind"] == other
    stored = visit.findings.list()[0]
    assert (stored["kind"], stored["text"], stored["theme"]) == (other, "De planning is realistisch.",
                                                                 fw.themes[0]["id"])
    assert visit.findings.observation_ids(fid) == [o]
    assert stored["revision"] == 2  # a new version, like every edit


def test_an_unknown_kind_is_refused_with_the_kinds_to_choose_from(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    fid = _finding(visit, fw)
    with pytest.raises(InputError) as err:
        visit.findings.set_kind(fid, "geen-soort")
    message = str(err.value)
    assert "soort van de bevinding" in message and "'geen-soort'" in message
    assert all(k["name"] in message for k in fw.finding_kinds)
    assert visit.findings.list()[0]["kind"] == fw.finding_kinds[0]["id"]  # nothing changed


def test_observations_of_the_theme_are_added_to_an_existing_finding(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme = fw.themes[0]["id"]
    kind = ids.plain_kinds(fw)[0]
    a = visit.observations.add(theme, kind, "Eerste.").id
    b = visit.observations.add(theme, kind, "Tweede.").id
    fid = visit.findings.add(theme, fw.finding_kinds[0]["id"], "Tekst van de commissie.",
                             observation_ids=[a]).id
    changes = visit.findings.add_observations(fid, [a, b])
    assert changes.result == {"added": 1}  # a was there already
    assert sorted(visit.findings.observation_ids(fid)) == sorted([a, b])
    assert visit.findings.list()[0]["text"] == "Tekst van de commissie."  # the text stays
    assert visit.findings.uncovered()["unused_observations"] == []


def test_an_observation_of_another_theme_is_refused_and_nothing_is_linked(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, other = fw.themes[0]["id"], fw.themes[1]["id"]
    kind = ids.plain_kinds(fw)[0]
    same = visit.observations.add(theme, kind, "Van dit thema.").id
    foreign = visit.observations.add(other, kind, "Van een ander thema.").id
    fid = _finding(visit, fw)
    with pytest.raises(InputError) as err:
        visit.findings.add_observations(fid, [same, foreign])
    message = str(err.value)
    assert "Van een ander thema." in message
    assert fw.themes[1]["name"] in message and fw.themes[0]["name"] in message
    assert "eigen thema" in message
    assert visit.findings.observation_ids(fid) == []  # all or nothing


def test_adding_nothing_is_refused(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    fid = _finding(visit, fw)
    with pytest.raises(InputError, match="kies eerst"):
        visit.findings.add_observations(fid, [])
