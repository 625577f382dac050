"""The previous visitation: importing its recommendations from each source, once; the
opvolging, its counts, and merging it from members' copies. On each framework."""

from __future__ import annotations

import pytest

from tests.conftest import MEMBERS, closed_visitation
from visitor_app.errors import InputError
from visitor_app.rode_draden.package import export_central, read_previous_source
from visitor_app.services import Visitation
from visitor_app.services.previous import read_csv_source, read_visitation_source

DIENST = "Omgevingsdienst Testland"


def kinds(fw):
    """(a follow-up finding kind, another follow-up kind, a finding kind that is not one)."""
    follow = fw.follow_up_kinds()
    other = next(k["id"] for k in fw.finding_kinds if k["id"] not in follow)
    return follow[0], follow[-1], other


@pytest.fixture
def previous_path(tmp_path, framework):
    """The previous visitation of the same dienst: three follow-up findings and one other."""
    path = tmp_path / "vorige.visitatie"
    first, last, other = kinds(framework)
    t1, t2 = framework.themes[0]["id"], framework.themes[1]["id"]
    with Visitation.create(path, DIENST, "2022-03-08", "2022-03-09", members=MEMBERS,
                           framework=framework) as old:
        old.findings.add(t1, first, "Leg de afspraken met de deelnemers vast.")
        old.findings.add(t1, last, "Maak een meerjarig opleidingsplan.")
        old.findings.add(t2, first, "Deel de risicoanalyse met de ketenpartners.")
        old.findings.add(t2, other, "De dienst werkt goed samen met de politie.")
    return path


def texts(visit):
    return sorted(r["text"] for r in visit.previous.list())


def test_import_from_the_visitation_file_takes_the_follow_up_kinds_once(visit, previous_path):
    source = read_visitation_source(previous_path)
    result = visit.previous.import_source(source).result
    assert (result["added"], result["unchanged"]) == (3, 0)
    assert texts(visit) == ["Deel de risicoanalyse met de ketenpartners.",
                            "Leg de afspraken met de deelnemers vast.",
                            "Maak een meerjarig opleidingsplan."]
    default = visit.framework.follow_up_default()
    assert {r["status"] for r in visit.previous.list()} == {default}
    before = visit.previous.list()
    again = visit.previous.import_source(read_visitation_source(previous_path)).result
    assert (again["added"], again["unchanged"]) == (0, 3)
    assert visit.previous.list() == before  # nothing changed, not even a timestamp


def test_import_from_the_package_and_then_the_file_of_the_same_visitation_adds_nothing(
        visit, previous_path, tmp_path):
    package = tmp_path / "vorige.rodedraden"
    with Visitation.open(previous_path) as old:
        export_central(old, package)
    result = visit.previous.import_source(read_previous_source(package, visit.framework)).result
    assert (result["added"], result["skipped"]) == (3, 1)
    by_theme = visit.previous.by_theme()
    assert [t["id"] for t, _ in by_theme] == [t["id"] for t in visit.framework.themes[:2]]
    assert [len(rows) for _, rows in by_theme] == [2, 1]
    again = visit.previous.import_source(read_previous_source(previous_path, visit.framework)).result
    assert (again["added"], again["unchanged"]) == (0, 3)


def test_import_from_a_csv_by_theme_name_and_kind_name(visit, tmp_path):
    fw = visit.framework
    first, last, _ = kinds(fw)
    theme = fw.themes[2]
    csv = tmp_path / "rapport-2022.csv"
    csv.write_text("thema;soort;tekst\n"
                   f"{theme['name']};{fw.kind_name(first).upper()};Versterk de kwaliteitszorg.\n"
                   f"{theme['id']};{last};Evalueer het mandaat jaarlijks.\n", encoding="utf-8")
    result = visit.previous.import_source(read_previous_source(csv, fw)).result
    assert result["added"] == 2
    assert {(r["theme"], r["kind"]) for r in visit.previous.list()} == {(theme["id"], first),
                                                                        (theme["id"], last)}
    assert visit.previous.import_source(read_csv_source(csv, fw)).result["added"] == 0


def test_a_bad_csv_row_refuses_the_file_with_its_line_and_column(visit, tmp_path):
    fw = visit.framework
    first, _, other = kinds(fw)
    csv = tmp_path / "vorige.csv"
    csv.write_text("thema,soort,tekst\n"
                   f"{fw.themes[0]['id']},{first},Een goede aanbeveling.\n"
                   f"geen_thema,{first},Nog een.\n"
                   f"{fw.themes[0]['id']},{other},Geen aanbeveling.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_csv_source(csv, fw)
    assert "vorige.csv" in err.value.message and "niets geïmporteerd" in err.value.message
    assert "regel 3, kolom 'thema'" in err.value.message
    assert "regel 4, kolom 'soort'" in err.value.message
    assert visit.previous.list() == []


def test_a_source_of_another_dienst_is_refused_unless_renamed(new_visit, framework, tmp_path):
    visit = new_visit(framework, dienst="  omgevingsdienst   TESTLAND ")  # same dienst, typed otherwise
    other_path = closed_visitation(tmp_path / "ander.visitatie", framework, dienst="OD Elders")
    first = kinds(framework)[0]
    with Visitation.open(other_path) as other:
        other.findings.add(framework.themes[0]["id"], first, "Werk aan de basis.")
    source = read_visitation_source(other_path)
    with pytest.raises(InputError, match="'OD Elders'.*--andere-dienst"):
        visit.previous.import_source(source)
    assert visit.previous.list() == []
    assert visit.previous.import_source(source, other_dienst=True).result["added"] == 1


def test_a_visitation_cannot_be_its_own_previous(visit):
    visit.findings.add(visit.framework.themes[0]["id"], kinds(visit.framework)[0], "Iets.")
    with pytest.raises(InputError, match="deze visitatie zelf"):
        visit.previous.import_source(read_visitation_source(visit.path))


def test_opvolging_counts_and_links(visit, previous_path):
    visit.previous.import_source(read_visitation_source(previous_path))
    statuses = [s["id"] for s in visit.framework.follow_up_statuses()]
    a, b, c = visit.previous.list()
    visit.previous.set_opvolging(a["id"], statuses[0], toelichting="Is vastgelegd in de GR.")
    visit.previous.set_opvolging(b["id"], visit.framework.follow_up_statuses()[1]["name"])  # by name
    with pytest.raises(InputError, match="onbekende opvolging"):
        visit.previous.set_opvolging(c["id"], "misschien")
    counts = visit.previous.counts()
    assert counts["total"] == 3
    assert counts["statuses"][statuses[0]] == counts["statuses"][statuses[1]] == 1
    assert counts["themes"][a["theme"]][statuses[0]] == 1
    assert visit.audit.info()["vorige"] == counts
    obs = visit.observations.add(a["theme"], visit.framework.observation_kinds[0]["id"],
                                 "De afspraken staan in de regeling.").id
    visit.previous.link(a["id"], obs)
    visit.previous.link(a["id"], obs)  # twice is once
    assert visit.previous.observation_ids(a["id"]) == [obs]
    assert visit.audit.check() == []
    visit.previous.unlink(a["id"], [obs])
    assert visit.previous.observation_ids(a["id"]) == []
    shown = visit.previous.for_themes([a["theme"]])
    assert {r["id"] for r in shown} == {r["id"] for r in visit.previous.list()
                                        if r["theme"] == a["theme"]}
    assert shown[0]["status_name"] and shown[0]["kind_name"]
    session = next(s for s in visit.programme.sessions() if a["theme"] in s["themes"])
    others = [s for s in visit.programme.sessions() if s["themes"] and a["theme"] not in s["themes"]]
    assert {r["id"] for r in visit.previous.for_session(session["id"])} >= {r["id"] for r in shown}
    if others:
        assert a["id"] not in {r["id"] for r in visit.previous.for_session(others[0]["id"])}


def test_opvolging_merges_from_copies_and_a_change_on_both_sides_is_a_conflict(
        visit, previous_path, tmp_path):
    visit.previous.import_source(read_visitation_source(previous_path))
    a, b, _ = visit.previous.list()
    statuses = [s["id"] for s in visit.framework.follow_up_statuses()]
    ilse, ruben = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    visit.team.hand_out(MEMBERS[0][0], ilse)
    visit.team.hand_out(MEMBERS[1][0], ruben)
    with Visitation.open(ilse) as copy:
        copy.previous.set_opvolging(a["id"], statuses[0], toelichting="Volgens Ilse gedaan.")
        copy.previous.set_opvolging(b["id"], statuses[2])
        copy.previous.import_source(read_visitation_source(previous_path))  # changes nothing
    with Visitation.open(ruben) as copy:
        copy.previous.set_opvolging(a["id"], statuses[1])
    result = visit.team.merge([ilse, ruben]).result
    assert result["conflicts"] == 1
    assert len(visit.previous.list()) == 3  # no duplicates from the copies' imports
    assert visit.previous.list()[1]["status"] == statuses[2]
    [conflict] = visit.team.conflicts()
    assert conflict["table"] == "previous_recommendations"
    assert "opvolging" in conflict["current_label"]
    visit.team.resolve(conflict["id"], "other")
    assert visit.team.merge([ilse, ruben]).result["conflicts"] == 0
