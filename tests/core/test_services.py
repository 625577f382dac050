"""Use cases on one visitation: programme, observations, search, assessments, findings, check."""

from __future__ import annotations

import sqlite3

import pytest

from visitor_app.services import Visitation
from visitor_app.errors import InputError, NotFoundError

THEME = "ketensamenwerking"


def test_new_visitation_has_commission_and_default_programme(visit, framework):
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
    from visitor_app.core.framework import load_framework
    fw = load_framework(forms_copy)
    path = tmp_path / "oud.visitatie"
    Visitation.create(path, "OD Oud", "2026-01-05", "2026-01-06", framework=fw).close()
    text = (forms_copy / "framework.yaml").read_text(encoding="utf-8")
    (forms_copy / "framework.yaml").write_text(text.replace(f'version: "{fw.version}"', 'version: "9.9.9"'),
                                               encoding="utf-8")
    assert load_framework(forms_copy).version == "9.9.9"
    with Visitation.open(path) as again:
        assert again.framework.version == fw.version


def test_plan_a_session_edit_and_remove_it(visit):
    sid = visit.programme.add(day=2, start="17:00", end="17:45", conversation="Ondernemingsraad",
                            participants=["Voorzitter OR", {"function": "Lid OR", "name": "Tess Rijnders"}]).id
    s = visit.programme.get(sid)
    assert s["conversation"] == "ondernemingsraad" and s["date"] == "2026-03-11"
    assert s["participants"][1] == {"function": "Lid OR", "name": "Tess Rijnders"}
    visit.programme.update(sid, start="16:45", end="17:30")
    assert visit.programme.get(sid)["start"] == "16:45"
    visit.programme.remove(sid)
    assert sid not in [x["id"] for x in visit.programme.sessions()]
    with pytest.raises(InputError, match="valt buiten het bezoek"):
        visit.programme.add(day=3, start="09:00", end="10:00", conversation="bestuur")
    with pytest.raises(InputError, match="eindtijd"):
        visit.programme.add(day=1, start="10:00", end="09:00", conversation="bestuur")


def test_observation_validation_changes_nothing_on_bad_input(visit):
    with pytest.raises(InputError, match="onbekend thema"):
        visit.observations.add("geen_thema", "sterk_punt", "x")
    with pytest.raises(InputError, match="hoort niet bij thema"):
        visit.observations.add(THEME, "sterk_punt", "x", subtheme="lhso")
    with pytest.raises(InputError, match="niet leeg"):
        visit.observations.add(THEME, "sterk_punt", "   ")
    with pytest.raises(NotFoundError):
        visit.observations.add(THEME, "sterk_punt", "x", session_id="bestaat-niet")
    assert visit.observations.list() == []


def test_capture_edit_pin_delete_and_restore(visit):
    member = visit.members.id_of("ruben kasteleijn")
    visit.set_current_member(member)
    session = visit.programme.sessions()[0]["id"]
    oid = visit.observations.add(THEME, "verbeterpunt", "Politie haakt laat aan bij casusoverleg",
                                subtheme="strafrechtketen", session_id=session).id
    obs = visit.observations.get(oid)
    assert obs["author"] == member and obs["session_id"] == session
    visit.observations.update(oid, pinned=True, text="Politie haakt pas laat aan")
    assert visit.observations.list(pinned=True)[0]["text"] == "Politie haakt pas laat aan"
    visit.observations.update(oid, theme="professionaliteit")
    assert visit.observations.get(oid)["subtheme"] is None  # subtheme of the old theme dropped
    visit.observations.delete([oid])
    assert visit.observations.list() == []
    visit.observations.restore([oid])
    assert [o["id"] for o in visit.observations.list()] == [oid]


def test_search_prefix_diacritics_and_ranking(visit):
    a = visit.observations.add(THEME, "citaat", "“Bestuurlijke beïnvloeding merken we nauwelijks.”").id
    b = visit.observations.add(THEME, "vraag", "Hoe vaak is er beïnvloeding? Beïnvloeding bij adviezen?").id
    visit.observations.add(THEME, "sterk_punt", "Goede samenwerking met de veiligheidsregio")
    assert {o["id"] for o in visit.observations.search("beinvloed")} == {a, b}
    assert visit.observations.search("beinvloeding")[0]["id"] == b  # two hits in a short text rank first
    assert [o["id"] for o in visit.observations.search("bestuurlijke beinv")] == [a]
    assert visit.observations.search("") == [] and visit.observations.search("***") == []
    assert visit.observations.search('"ongesloten') == []  # stray quote is no error


def test_assessments_are_one_per_item_and_keep_history_as_revisions(visit):
    visit.assessments.set("robuustheid", "twijfel", "Plan van aanpak nog niet vastgesteld")
    row = visit.assessments.set("Robuustheid", "Hard op weg").row
    assert visit.audit.info()["assessments"] == {"robuustheid": "hard_op_weg"}
    assert row["revision"] == 2 and row["toelichting"] == "Plan van aanpak nog niet vastgesteld"
    with pytest.raises(InputError, match="ja, deels, nee"):
        visit.assessments.set("bop2", "misschien")


def test_findings_link_observations_and_count_in_info(visit):
    o1 = visit.observations.add(THEME, "sterk_punt", "Convenant met RIEC werkt").id
    o2 = visit.observations.add(THEME, "sterk_punt", "Gezamenlijke controles met politie").id
    fid = visit.findings.add(THEME, "sterk_punt", "De dienst werkt structureel samen in de strafrechtketen.",
                            subtheme="strafrechtketen", observation_ids=[o1, o2, o1]).id
    assert sorted(visit.findings.observation_ids(fid)) == sorted([o1, o2])
    info = visit.audit.info()
    assert info["findings"]["total"] == 1
    assert info["findings"]["by_theme"][THEME]["sterk_punt"] == 1
    assert info["observations"]["by_theme"][THEME]["sterk_punt"] == 2
    assert set(info["observations"]["by_theme"]) == {t["id"] for t in visit.framework.themes}
    with pytest.raises(InputError, match="onbekende soort 'citaat'"):
        visit.findings.add(THEME, "citaat", "geen bevindingsoort")


def test_case_file_and_partner_interview_follow_their_templates(visit):
    cid = visit.records.add("case_files", {"titel": "Brand bij recyclingbedrijf", "disciplines": ["toezicht", "juridisch"],
                               "ketenpartners": ["politie", "om_functioneel_parket"]}).id
    assert visit.records.list("case_files")[0]["fields"]["ketenpartners"] == ["politie", "om_functioneel_parket"]
    visit.records.update("case_files", cid, {"uitkomst": "Last onder dwangsom"})
    assert visit.records.list("case_files")[0]["fields"]["titel"] == "Brand bij recyclingbedrijf"
    with pytest.raises(InputError, match="verplicht"):
        visit.records.add("case_files", {"omschrijving": "zonder titel"})
    with pytest.raises(InputError, match="geen keuze"):
        visit.records.add("partner_interviews", {"partner_type": "brandweer", "niveau": "tactisch"})
    pid = visit.records.add("partner_interviews", {"partner_type": "politie", "niveau": "tactisch"}).id
    oid = visit.observations.add(THEME, "citaat", "“We bellen elkaar gewoon.”", partner_interview_id=pid).id
    assert visit.observations.list(partner_interview_id=pid)[0]["id"] == oid


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


def test_observations_of_a_removed_session_stay_editable(visit):
    sid = visit.programme.sessions()[0]["id"]
    oid = visit.observations.add(THEME, "vraag", "Wie zit het casusoverleg voor?", session_id=sid).id
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
    with pytest.raises(InputError, match="alleen-lezen"):
        Visitation.open(path, exclusive=True)
    assert path.read_bytes() == before
    assert not (tmp_path / "alleen-lezen.visitatie.lock").exists()


def test_composing_findings_edit_move_merge_unlink(visit):
    o1 = visit.observations.add(THEME, "verbeterpunt", "Geen convenant met de politie").id
    o2 = visit.observations.add(THEME, "verbeterpunt", "Informatie alleen via persoonlijke lijnen").id
    o3 = visit.observations.add("professionaliteit", "sterk_punt", "Goed opleidingsplan").id
    a = visit.findings.add(THEME, "verbeterpunt", "Informatie-uitwisseling is persoonsafhankelijk.",
                          observation_ids=[o2]).id
    b = visit.findings.add(THEME, "verbeterpunt", "Afspraken met de politie ontbreken.",
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
    assert left["themes_without_findings"] == ["professionaliteit"]
    assert {o["id"] for o in left["unused_observations"]} == {o2, o3}


def test_report_sections_are_stored_per_section(visit):
    visit.findings.set_section("samenvatting", "De dienst staat er goed voor.")
    visit.findings.set_section("samenvatting", "De dienst staat er goed voor, met twee zorgen.")
    assert visit.findings.sections() == {"samenvatting": "De dienst staat er goed voor, met twee zorgen."}
    with pytest.raises(InputError, match="onbekend rapportonderdeel"):
        visit.findings.set_section("voorwoord", "x")
