"""The aggregates own their rules: what a call changes, and the rules the Rapport view used
to hold (merging findings of one theme only, a finding made of observations)."""

from __future__ import annotations

import pytest

from visitor_app.errors import InputError
from visitor_app.services.changes import Changes


def _two_themes(framework):
    return framework.themes[0]["id"], framework.themes[1]["id"]


def test_every_change_says_what_kind_of_data_changed(visit, framework):
    t0, _ = _two_themes(framework)
    kind = framework.observation_kinds[0]["id"]
    added = visit.observations.add(t0, kind, "Heldere werkafspraken met de provincie.")
    assert isinstance(added, Changes) and added.kinds == {"observations"} and added.id
    finding = visit.findings.from_observations([added.id], framework.finding_kinds[0]["id"])
    assert finding.kinds == {"findings"}
    assert visit.observations.delete([added.id]).touches("findings")  # a finding rests on it
    assert visit.programme.remove(visit.programme.sessions()[0]["id"]).kinds == {"programme"}
    item = framework.assessment_items[0]
    value = framework.scale_values(item["id"])[0]["id"]
    assert visit.assessments.set(item["id"], value, "Toelichting.", draft_key="oordeel").kinds == \
        {"assessments", "drafts"}
    assert visit.drafts.save("vrij", "").kinds == set()  # nothing to remove: nothing changed


def test_findings_of_two_themes_are_not_merged_by_the_service(visit, framework):
    t0, t1 = _two_themes(framework)
    kind = framework.finding_kinds[0]["id"]
    a = visit.findings.add(t0, kind, "De dienst stuurt op kwaliteit.").id
    b = visit.findings.add(t1, kind, "Het bestuur kent zijn rol.").id
    with pytest.raises(InputError, match="hetzelfde thema"):
        visit.findings.merge(a, b)
    assert {f["text"] for f in visit.findings.list()} == {"De dienst stuurt op kwaliteit.",
                                                         "Het bestuur kent zijn rol."}
    c = visit.findings.add(t0, kind, "En deelt wat zij leert.").id
    merged = visit.findings.merge(a, c).row
    assert merged["text"] == "De dienst stuurt op kwaliteit. En deelt wat zij leert."
    assert len(visit.findings.list()) == 2


def test_a_finding_from_observations_joins_texts_keeps_a_common_subtheme_and_links(visit, framework):
    theme = framework.themes[0]
    sub = theme["subthemes"][0]["id"]
    kind = framework.observation_kinds[0]["id"]
    first = visit.observations.add(theme["id"], kind, "Eerste waarneming.", subtheme=sub).id
    second = visit.observations.add(theme["id"], kind, "Tweede waarneming.", subtheme=sub).id
    fid = visit.findings.from_observations([second, first], framework.finding_kinds[0]["id"]).id
    f = next(f for f in visit.findings.list() if f["id"] == fid)
    assert (f["text"], f["subtheme"], f["theme"]) == ("Tweede waarneming. Eerste waarneming.", sub,
                                                      theme["id"])
    assert set(visit.findings.observation_ids(fid)) == {first, second}
    other_sub = visit.observations.add(theme["id"], kind, "Derde.",
                                       subtheme=theme["subthemes"][1]["id"]).id
    mixed = visit.findings.from_observations([first, other_sub], framework.finding_kinds[0]["id"]).id
    assert next(f for f in visit.findings.list() if f["id"] == mixed)["subtheme"] is None
    t1 = framework.themes[1]["id"]
    elsewhere = visit.observations.add(t1, kind, "Ander thema.").id
    with pytest.raises(InputError, match="verschillende thema"):
        visit.findings.from_observations([first, elsewhere], framework.finding_kinds[0]["id"])


def test_what_is_not_covered_reads_the_findings_once(visit, framework, monkeypatch):
    """The Rapport view asks this on every refresh: once per link would be quadratic."""
    theme = framework.themes[0]["id"]
    kind = framework.observation_kinds[0]["id"]
    ids = visit.observations.add_many([{"theme": theme, "kind": kind, "text": f"Waarneming {i}"}
                                       for i in range(30)]).ids
    for i in range(0, 30, 3):
        visit.findings.from_observations(list(ids[i:i + 2]), framework.finding_kinds[0]["id"])
    calls = []
    real = visit.findings.list
    monkeypatch.setattr(visit.findings, "list", lambda: calls.append(1) or real())
    uncovered = visit.findings.uncovered()
    assert len(uncovered["unused_observations"]) == 10
    assert len(calls) <= 2
