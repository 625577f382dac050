"""Use cases on one visitation: programme, observations, search, assessments, findings, check."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests import frameworks as ids
from visitor_app.services import Visitation
from visitor_app.errors import InputError, NotFoundError, ReadOnlyError


def test_new_visitation_has_commission_and_default_programme(each_visit, each_framework):
    visit, framework = each_visit, each_framework
    assert [(m["name"], m["role"]) for m in visit.members.list()][0] == ("Ilse Voorthuis", "voorzitter")
    sessions = visit.programme.sessions()
    expected = sum(len(d["sessions"]) for d in framework.programme["days"])
    assert len(sessions) == expected
    assert {s["day"] for s in sessions} == {1, 2}
    assert sessions[0]["date"] == "2026-03-10"
    assert [ (s["day"], s["start"]) for s in sessions] == sorted((s["day"], s["start"]) for s in sessions)
    for s in sessions:
        assert all("name" not in p for p in s["participants"])  # functions, not names
        assert s["themes"], s["title"]


def test_the_framework_snapshot_keeps_the_file_readable_when_forms_change(tmp_path, forms_copy):
    from visitor_app.domain.framework import load_framework
    fw = load_framework(forms_copy)
    path = tmp_path / "oud.visitatie"
    Visitation.create(path, "OD Oud", "2026-01-05", "2026-01-06", framework=fw).close()
    text = (forms_copy / "framework.yaml").read_text(encoding="utf-8")
    (forms_copy / "framework.yaml").write_text(text.replace(f'version: "{fw.version}"', 'version: "9.9.9"'),
                                               encoding="utf-8")
    assert load_framework(forms_copy).version == "9.9.9"
    with Visitation.open(path) as again:
        assert again.framework.version == fw.version


def test_plan_a_session_edit_and_remove_it(each_visit):
    visit = each_visit
    optional = next(c for c in visit.framework.conversation_types if c["optional"])
    other = visit.framework.conversation_types[0]["id"]
    sid = visit.programme.add(day=2, start="17:00", end="17:45", conversation=optional["name"].upper(),
                            participants=["Voorzitter OR", {"function": "Lid OR", "name": "Tess Rijnders"}]).id
    s = visit.programme.get(sid)
    assert s["conversation"] == optional["id"] and s["date"] == "2026-03-11"
    assert s["participants"][1] == {"function": "Lid OR", "name": "Tess Rijnders"}
    visit.programme.update(sid, start="16:45", end="17:30")
    assert visit.programme.get(sid)["start"] == "16:45"
    visit.programme.remove(sid)
    assert sid not in [x["id"] for x in visit.programme.sessions()]
    with pytest.raises(InputError, match="valt buiten het bezoek"):
        visit.programme.add(day=3, start="09:00", end="10:00", conversation=other)
    with pytest.raises(InputError, match="eindtijd"):
        visit.programme.add(day=1, start="10:00", end="09:00", conversation=other)


def test_observation_validation_changes_nothing_on_bad_input(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, _ = ids.theme_and_subtheme(fw)
    kind = ids.plain_kinds(fw)[0]
    with pytest.raises(InputError, match="onbekend thema"):
        visit.observations.add("geen_thema", kind, "x")
    with pytest.raises(InputError, match="hoort niet bij thema"):
        visit.observations.add(theme, kind, "x", subtheme=ids.foreign_subtheme(fw, theme))
    with pytest.raises(InputError, match="niet leeg"):
        visit.observations.add(theme, kind, "   ")
    with pytest.raises(NotFoundError):
        visit.observations.add(theme, kind, "x", session_id="bestaat-niet")
    assert visit.observations.list() == []


def test_capture_edit_pin_delete_and_restore(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, sub = ids.theme_and_subtheme(fw)
    member = visit.members.id_of("ruben kasteleijn")
    visit.set_current_member(member)
    session = visit.programme.sessions()[0]["id"]
    oid = visit.observations.add(theme, ids.plain_kinds(fw)[1], "Politie haakt laat aan bij casusoverleg",
                                subtheme=sub, session_id=session).id
    obs = visit.observations.get(oid)
    assert obs["author"] == member and obs["session_id"] == session and obs["subtheme"] == sub
    visit.observations.update(oid, pinned=True, text="Politie haakt pas laat aan")
    assert visit.observations.list(pinned=True)[0]["text"] == "Politie haakt pas laat aan"
    visit.observations.update(oid, theme=ids.other_theme(fw, theme))
    assert visit.observations.get(oid)["subtheme"] is None  # subtheme of the old theme dropped
    visit.observations.delete([oid])
    assert visit.observations.list() == []
    visit.observations.restore([oid])
    assert [o["id"] for o in visit.observations.list()] == [oid]


def test_search_prefix_diacritics_and_ranking(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, _ = ids.theme_and_subtheme(fw)
    plain = ids.plain_kinds(fw)
    a = visit.observations.add(theme, ids.quote_kind(fw),
                              "“Bestuurlijke beïnvloeding merken we nauwelijks.”").id
    b = visit.observations.add(theme, plain[-1], "Hoe vaak is er beïnvloeding? Beïnvloeding bij adviezen?").id
    visit.observations.add(theme, plain[0], "Goede samenwerking met de veiligheidsregio")
    assert {o["id"] for o in visit.observations.search("beinvloed")} == {a, b}
    assert visit.observations.search("beinvloeding")[0]["id"] == b  # two hits in a short text rank first
    assert [o["id"] for o in visit.observations.search("bestuurlijke beinv")] == [a]
    assert visit.observations.search("") == [] and visit.observations.search("***") == []
    assert visit.observations.search('"ongesloten') == []  # stray quote is no error


def test_assessments_are_one_per_item_and_keep_history_as_revisions(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    item = fw.assessment_items[0]
    first, second = fw.scale_values(item["id"])[:2]
    visit.assessments.set(item["id"], first["id"], "Plan van aanpak nog niet vastgesteld")
    row = visit.assessments.set(item["name"].upper(), second["name"].lower()).row
    assert visit.audit.info()["assessments"] == {item["id"]: second["id"]}
    assert row["revision"] == 2 and row["toelichting"] == "Plan van aanpak nog niet vastgesteld"
    other = fw.assessment_items[-1]
    values = ", ".join(v["id"] for v in fw.scale_values(other["id"]))
    with pytest.raises(InputError, match=f"kies uit: {values}"):
        visit.assessments.set(other["id"], "misschien")


def test_findings_link_observations_and_count_in_info(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, sub = ids.theme_and_subtheme(fw)
    kind = ids.kind_with_list(fw, "bullets")  # a kind that is both an observation and a finding
    o1 = visit.observations.add(theme, kind, "Convenant met RIEC werkt").id
    o2 = visit.observations.add(theme, kind, "Gezamenlijke controles met politie").id
    fid = visit.findings.add(theme, kind, "De dienst werkt structureel samen in de strafrechtketen.",
                            subtheme=sub, observation_ids=[o1, o2, o1]).id
    assert sorted(visit.findings.observation_ids(fid)) == sorted([o1, o2])
    info = visit.audit.info()
    assert info["findings"]["total"] == 1
    assert info["findings"]["by_theme"][theme][kind] == 1
    assert info["observations"]["by_theme"][theme][kind] == 2
    assert set(info["observations"]["by_theme"]) == {t["id"] for t in visit.framework.themes}
    quote = ids.quote_kind(fw)
    with pytest.raises(InputError, match=f"onbekende soort '{quote}'"):
        visit.findings.add(theme, quote, "geen bevindingsoort")


def test_each_record_follows_the_template_that_declares_its_table(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    case = fw.template_for_record("case_files")
    fields = ids.record_fields(visit, "case_files", "Brand bij recyclingbedrijf")
    cid = visit.records.add("case_files", fields).id
    [stored] = visit.records.list("case_files")
    assert stored["template"] == case["id"]
    assert {k: v for k, v in stored["fields"].items() if v} == fields
    longtext = next(f["id"] for f in case["fields"] if f["type"] == "longtext")
    visit.records.update("case_files", cid, {longtext: "Last onder dwangsom"})
    title = fw.title_field(case["id"])
    assert visit.records.list("case_files")[0]["fields"][title] == "Brand bij recyclingbedrijf"
    assert visit.records.list("case_files")[0]["fields"][longtext] == "Last onder dwangsom"
    label = next(f["label"] for f in case["fields"] if f["id"] == title)
    with pytest.raises(InputError, match=re.escape(f"{case['name']}: veld '{label}' is verplicht")):
        visit.records.add("case_files", {longtext: "zonder titel"})
    partner = fw.template_for_record("partner_interviews")
    choice = next(f for f in partner["fields"] if f["type"] == "choice" and f.get("required"))
    good = ids.record_fields(visit, "partner_interviews", "")
    with pytest.raises(InputError, match="geen keuze"):
        visit.records.add("partner_interviews", {**good, choice["id"]: "brandweer"})
    pid = visit.records.add("partner_interviews", good).id
    assert visit.records.list("partner_interviews")[0]["template"] == partner["id"]
    oid = visit.observations.add(fw.themes[0]["id"], ids.quote_kind(fw), "“We bellen elkaar gewoon.”",
                                partner_interview_id=pid).id
    assert visit.observations.list(partner_interview_id=pid)[0]["id"] == oid
    assert visit.audit.check() == []


def test_check_is_clean_on_demo_and_finds_inconsistencies(demo_path):
    with Visitation.open(demo_path) as v:
        assert v.audit.check() == []
        obs = v.observations.list()[0]
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE observations SET theme='verzonnen' WHERE id=?", (obs["id"],))
    conn.execute("INSERT INTO finding_links(id, finding_id, observation_id, created, updated, revision, deleted)"
                 " VALUES ('x', 'weg', 'ook-weg', '', '', 1, 0)")
    conn.commit()
    conn.close()
    with Visitation.open(demo_path) as v:
        problems = v.audit.check()
    assert any("onbekend thema 'verzonnen'" in p for p in problems)
    assert any("koppeling x" in p for p in problems)


@pytest.mark.forms_nl  # the demo (resources/demo) is written for forms/
def test_demo_is_realistic(demo_path, framework):
    with Visitation.open(demo_path) as v:
        info = v.audit.info()
        assert info["observations"]["total"] >= 80
        for theme in framework.themes:
            assert sum(info["observations"]["by_theme"][theme["id"]].values()) >= 8
        kinds = {k for counts in info["observations"]["by_theme"].values() for k, n in counts.items() if n}
        assert kinds == {k["id"] for k in framework.observation_kinds}
        assert len(v.records.list("case_files")) >= 2 and len(v.records.list("partner_interviews")) >= 2
        assert info["findings"]["total"] >= 10 and "robuustheid" in info["assessments"]
        assert all(v.findings.observation_ids(f["id"]) for f in v.findings.list())


def test_failed_creation_leaves_no_file(tmp_path, framework):
    path = tmp_path / "dubbel.visitatie"
    with pytest.raises(InputError, match="bestaat al"):
        Visitation.create(path, "OD Dubbel", "2026-03-10", "2026-03-11", framework=framework,
                          members=[("Ilse Voorthuis", "voorzitter"), ("ilse voorthuis", "lid")])
    assert list(tmp_path.iterdir()) == []
    Visitation.create(path, "OD Dubbel", "2026-03-10", "2026-03-11", framework=framework,
                      members=[("Ilse Voorthuis", "voorzitter")]).close()
    with Visitation.open(path) as v:
        assert len(v.members.list()) == 1 and v.programme.sessions()


def test_observations_of_a_removed_session_stay_editable(each_visit, each_framework):
    visit = each_visit
    sid = visit.programme.sessions()[0]["id"]
    oid = visit.observations.add(each_framework.themes[-1]["id"], ids.plain_kinds(each_framework)[-1],
                                "Wie zit het casusoverleg voor?", session_id=sid).id
    visit.programme.remove(sid)
    visit.observations.update(oid, pinned=True, text="Wie zit het casusoverleg eigenlijk voor?")
    assert visit.observations.get(oid)["pinned"] is True
    assert visit.audit.check() == []


def test_read_only_file_is_refused_for_editing(tmp_path, framework, monkeypatch):
    """A file on a write-protected stick: a clear refusal instead of failing at the first edit."""
    import os
    path = tmp_path / "alleen-lezen.visitatie"
    Visitation.create(path, "OD Stick", "2026-03-10", "2026-03-11", framework=framework).close()
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(ReadOnlyError, match="alleen-lezen"):
        Visitation.open(path, exclusive=True)
    assert path.read_bytes() == before
    assert not (tmp_path / "alleen-lezen.visitatie.lock").exists()


def test_composing_findings_edit_move_merge_unlink(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, other = fw.themes[0]["id"], fw.themes[1]["id"]
    kind = ids.kind_with_list(fw, "bullets")
    o1 = visit.observations.add(theme, kind, "Geen convenant met de politie").id
    o2 = visit.observations.add(theme, kind, "Informatie alleen via persoonlijke lijnen").id
    o3 = visit.observations.add(other, ids.plain_kinds(fw)[0], "Goed opleidingsplan").id
    a = visit.findings.add(theme, kind, "Informatie-uitwisseling is persoonsafhankelijk.",
                          observation_ids=[o2]).id
    b = visit.findings.add(theme, kind, "Afspraken met de politie ontbreken.",
                          observation_ids=[o1]).id
    visit.findings.move(b, -1)
    assert [f["id"] for f in visit.findings.list()] == [b, a]
    visit.findings.update(a, text="De informatie-uitwisseling hangt af van personen.")
    merged = visit.findings.merge(b, a).row
    assert "hangt af van personen" in merged["text"]
    assert [f["id"] for f in visit.findings.list()] == [b]
    assert sorted(visit.findings.observation_ids(b)) == sorted([o1, o2])
    visit.findings.unlink(b, [o2])
    assert visit.findings.observation_ids(b) == [o1]
    left = visit.findings.uncovered()
    assert left["themes_without_findings"] == [other]
    assert {o["id"] for o in left["unused_observations"]} == {o2, o3}


def test_report_sections_are_stored_per_section(each_visit, each_framework):
    visit = each_visit
    section = each_framework.report["sections"][0]["id"]
    visit.findings.set_section(section, "De dienst staat er goed voor.")
    visit.findings.set_section(section, "De dienst staat er goed voor, met twee zorgen.")
    assert visit.findings.sections() == {section: "De dienst staat er goed voor, met twee zorgen."}
    with pytest.raises(InputError, match="onbekend rapportonderdeel"):
        visit.findings.set_section("voorwoord", "x")


def test_a_record_is_linked_to_a_session_and_sessions_without_one_are_known(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    [session, *others] = visit.records.sessions_for("case_files")
    assert visit.records.unfilled("case_files") == [session, *others]
    rid = visit.records.add("case_files", ids.record_fields(visit, "case_files", "Kwelwater")).id
    assert visit.records.by_session("case_files")[1][0]["id"] == rid  # linked to no session yet
    changes = visit.records.set_session("case_files", rid, session["id"])
    assert "records" in changes.kinds and changes.row["session_id"] == session["id"]
    listed, loose = visit.records.by_session("case_files")
    assert listed[0] == (session, [visit.store.get("case_files", rid)]) and loose == []
    assert visit.records.unfilled("case_files") == others
    assert visit.records.set_session("case_files", rid, session["id"]).kinds == frozenset()
    other_kind = next(s for s in visit.programme.sessions() if fw.record_table_for(s["conversation"]) is None)
    visit.records.set_session("case_files", rid, other_kind["id"])  # any session of the programme
    assert visit.records.unfilled("case_files") == [session, *others]
    visit.programme.remove(other_kind["id"])
    with pytest.raises(InputError, match="staat niet .meer. in het programma"):
        visit.records.set_session("case_files", rid, other_kind["id"])
    with pytest.raises(InputError, match="staat niet .meer. in het programma"):
        visit.records.add("case_files", ids.record_fields(visit, "case_files", "Nog een"), "nergens")
    visit.records.set_session("case_files", rid, None)
    assert visit.store.get("case_files", rid)["session_id"] is None


def test_search_finds_parts_of_dutch_compounds_whole_words_first(each_visit, each_framework):
    visit, fw = each_visit, each_framework
    theme, _ = ids.theme_and_subtheme(fw)
    kind = ids.plain_kinds(fw)[0]
    add = lambda text, **more: visit.observations.add(theme, kind, text, **more).id  # noqa: E731
    mandate = add("Het mandaatbesluit is in 2024 herzien")
    enforcing = add("Handhavingsbesluiten worden door de jurist getoetst")
    whole = add("Het besluit over de begroting volgt in juni")
    evidence = add("Zie de stukken", evidence="Verslag over het Omgevingsbesluit")
    add("Geen enkel verband met de zoekterm")
    found = [o["id"] for o in visit.observations.search("besluit")]
    assert set(found) == {mandate, enforcing, whole, evidence}
    assert found[0] == whole  # "besluit" as a word of its own ranks before the compounds
    # several terms: every one must match (as a word or as part of one)
    assert [o["id"] for o in visit.observations.search("mandaat herzien")] == [mandate]
    assert [o["id"] for o in visit.observations.search("besluit jurist")] == [enforcing]
    assert visit.observations.search("besluit ontbreekt") == []
    # case and the middle of a word
    assert [o["id"] for o in visit.observations.search("HAVING")] == [enforcing]
    # a term under 3 characters keeps the word index (a word that begins with it)
    assert [o["id"] for o in visit.observations.search("besluit ge")] == [enforcing]  # "getoetst"
    assert visit.observations.search("ui") == []  # no word begins with "ui"; not a part of a word
    # the filters still narrow the same query
    assert visit.observations.search("besluit", author="niemand") == []
