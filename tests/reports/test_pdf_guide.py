"""The printable PDFs: conversation guide and observations overview, read back with poppler."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import frameworks as ids
from visitor_app.services import Visitation
from visitor_app.errors import InputError
from visitor_app.reports import pdf_guide
from visitor_app.reports.pdf_guide import export_guide, export_observations_overview

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo (poppler-utils) ontbreekt")


def pdf_text(path) -> str:
    """The PDF's text with all whitespace (line breaks of wrapped paragraphs) folded."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return " ".join(out.split())


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


def participant_names(visit) -> list[str]:
    return [p["name"] for s in visit.programme.sessions() for p in s["participants"] if p.get("name")]


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".pdf", ".tmp"))


@needs_poppler
def test_full_guide_of_the_demo(demo_path, tmp_path):
    out = tmp_path / "leidraad.pdf"
    with Visitation.open(demo_path) as visit:
        result = export_guide(visit, out)
        sessions = visit.programme.sessions()
        dienst = visit.details()["dienst"]
        names = participant_names(visit) + [m["name"] for m in visit.members.list()]
        fw = visit.framework
        # each set of questions once: a session with the same questions as an earlier one refers to it
        question_sets = {tuple(q["id"] for _, qs in fw.questions_for(s["conversation"]) for q in qs)
                         for s in sessions}
        expected_questions = sum(len(ids) for ids in question_sets)
    text = pdf_text(out)
    assert result["pages"] == pdf_pages(out)
    assert result["pages"] <= 2 * len(sessions), "compact: it was 59 pages for the demo's 14 sessions"
    assert result["sessions"] == len(sessions) > 0
    assert result["questions"] == expected_questions > 0
    assert dienst in text
    assert "Gespreksleidraad" in text and "pagina 1" in text
    assert f"pagina {result['pages']}" in text
    assert fw.name in text and "officiële" in text          # notice, Dutch letters intact
    assert "Programma" in text and "Vrije aantekeningen" in text
    for s in sessions:
        assert s["title"] in text
    first_questions = fw.questions_for(sessions[0]["conversation"])[0][1]
    assert " ".join(first_questions[0]["text"].split()) in text
    assert names, "the demo should name some participants, or this test proves nothing"
    for name in names:
        assert name not in text
    assert leftovers(tmp_path) == ["leidraad.pdf"]
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file():
        assert b"DejaVuSans" in out.read_bytes()  # embedded, not the Helvetica fallback


@needs_poppler
def test_single_session_guide(each_visit, tmp_path):
    visit = each_visit
    out = tmp_path / "een.pdf"
    conversation = visit.framework.template_for_record("case_files")["conversation"]
    sessions = visit.programme.sessions()
    chosen = next(s for s in sessions if s["conversation"] == conversation)
    visit.programme.update(chosen["id"], participants=[{"function": "Casusregisseur",
                                                      "name": "Hanneke Vrijlandt"}])
    result = export_guide(visit, out, session_id=chosen["id"])
    questions = [q for _, qs in visit.framework.questions_for(chosen["conversation"]) for q in qs]
    names = participant_names(visit)
    assert names == ["Hanneke Vrijlandt"]
    text = pdf_text(out)
    assert result == {"pages": pdf_pages(out), "sessions": 1, "questions": len(questions),
                      "observations": 0, "own_questions": 0}
    assert chosen["title"] in text and "pagina 1" in text
    for q in questions:
        assert " ".join(q["text"].split()) in text
    for other in sessions:
        if other["id"] != chosen["id"]:
            assert other["title"] not in text
    assert "Programma" not in text and "Vrije aantekeningen" not in text
    for name in names:
        assert name not in text


def test_unknown_session_raises_and_writes_nothing(each_visit, tmp_path):
    visit = each_visit
    out = tmp_path / "leidraad.pdf"
    with pytest.raises(InputError) as info:
        export_guide(visit, out, session_id="bestaat_niet_123")
    assert "onbekend gesprek" in info.value.message
    assert leftovers(tmp_path) == []


def test_missing_output_folder_raises(each_visit, tmp_path):
    visit = each_visit
    with pytest.raises(InputError) as info:
        export_guide(visit, tmp_path / "nergens" / "leidraad.pdf")
    assert "bestaat niet" in info.value.message
    with pytest.raises(InputError):
        export_observations_overview(visit, tmp_path / "nergens" / "overzicht.pdf")
    with pytest.raises(InputError):  # a folder is not a file name
        export_guide(visit, tmp_path)


def test_failed_build_keeps_the_old_file_and_leaves_no_temp(visit, tmp_path, monkeypatch):
    out = tmp_path / "leidraad.pdf"
    out.write_bytes(b"oude versie")

    def broken_build(path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"%PDF-1.4 half")
        raise RuntimeError("stroom weg")

    monkeypatch.setattr(pdf_guide, "_build", broken_build)
    with pytest.raises(RuntimeError):
        export_guide(visit, out)
    assert out.read_bytes() == b"oude versie"
    assert leftovers(tmp_path) == ["leidraad.pdf"]


@needs_poppler
def test_markup_characters_are_escaped(each_visit, tmp_path):
    visit = each_visit
    sid = visit.programme.add(day=1, start="18:00", end="18:30",
                            conversation=visit.framework.conversation_types[2]["id"],
                            title="Overleg R&D <b>niet vet</b> & “tests” – ëï",
                            participants=[{"function": "Hoofd R&D <lab>", "name": "Geheime Naam"}]).id
    visit.observations.add(theme=visit.framework.themes[0]["id"], kind=ids.quote_kind(visit.framework),
                          text="Citaat met <tags> & ampersand", session_id=sid,
                          evidence="Notulen <concept> & bijlage")
    out = tmp_path / "een.pdf"
    export_guide(visit, out, session_id=sid)
    text = pdf_text(out)
    assert "Overleg R&D <b>niet vet</b> & “tests” – ëï" in text
    assert "Hoofd R&D <lab>" in text and "Geheime Naam" not in text
    full = tmp_path / "alles.pdf"
    export_guide(visit, full)
    assert "Overleg R&D <b>niet vet</b>" in pdf_text(full)
    overview = tmp_path / "overzicht.pdf"
    export_observations_overview(visit, overview)
    text = pdf_text(overview)
    assert "Citaat met <tags> & ampersand" in text
    assert "Bron: Notulen <concept> & bijlage" in text
    assert "Dag 1 18:00 Overleg R&D" in text


@needs_poppler
def test_overview_of_a_fresh_visitation(each_visit, tmp_path):
    visit = each_visit
    out = tmp_path / "overzicht.pdf"
    result = export_observations_overview(visit, out)
    text = pdf_text(out)
    assert result == {"pages": pdf_pages(out), "observations": 0}
    assert "Overzicht waarnemingen per thema" in text and "pagina 1" in text
    for theme in visit.framework.themes:
        assert theme["name"] in text
    assert text.count("Nog geen waarnemingen bij dit thema.") == len(visit.framework.themes)


@needs_poppler
def test_overview_says_which_kind_of_record_an_observation_belongs_to(each_visit, tmp_path):
    visit, fw = each_visit, each_visit.framework
    theme, kind = fw.themes[0]["id"], ids.plain_kinds(fw)[0]
    case = visit.records.add("case_files", ids.record_fields(visit, "case_files", "Lozing in de beek")).id
    talk = visit.records.add("partner_interviews", ids.record_fields(visit, "partner_interviews", "")).id
    visit.observations.add(theme, kind, "Regie lag bij de casusregisseur.", case_file_id=case)
    visit.observations.add(theme, kind, "De partner mist een vast aanspreekpunt.",
                          partner_interview_id=talk)
    visit.observations.add(theme, kind, "Het jaarverslag noemt geen doelen.")
    out = tmp_path / "overzicht.pdf"
    export_observations_overview(visit, out)
    text = pdf_text(out)
    for observation, table in (("Regie lag bij de casusregisseur.", "case_files"),
                               ("De partner mist een vast aanspreekpunt.", "partner_interviews")):
        short = fw.record_names(table)["short"]
        assert f"{observation} Bij een {short[0].lower()}{short[1:]}" in text
    assert "Het jaarverslag noemt geen doelen. Algemeen (niet bij een gesprek)" in text


@needs_poppler
def test_overview_of_the_demo_has_texts_but_no_member_names(demo_path, tmp_path):
    out = tmp_path / "overzicht.pdf"
    with Visitation.open(demo_path) as visit:
        result = export_observations_overview(visit, out)
        observations = visit.observations.list()
        members = [m["name"] for m in visit.members.list()]
        fw = visit.framework
        with_session = next(o for o in observations if o["session_id"])
        session = visit.programme.get(with_session["session_id"])
    text = pdf_text(out)
    assert result == {"pages": pdf_pages(out), "observations": len(observations)}
    assert len(observations) > 0
    for theme in fw.themes:
        assert theme["name"] in text
    for o in observations:
        assert " ".join(o["text"].split()) in text
    used_kinds = {o["kind"] for o in observations}
    for kind in fw.observation_kinds:
        if kind["id"] in used_kinds:
            assert kind["plural"] in text
    assert f"Dag {session['day']} {session['start']} {session['title']}" in text
    for name in members:
        assert name not in text


@needs_poppler
@pytest.mark.forms_nl  # the accented words of forms/ are what the fallback font must carry
def test_helvetica_fallback_without_dejavu(visit, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_guide, "_FONTS", None)
    monkeypatch.setattr(pdf_guide, "_font_dirs", lambda: ())
    out = tmp_path / "leidraad.pdf"
    result = export_guide(visit, out)
    text = pdf_text(out)
    assert result["pages"] == pdf_pages(out)
    assert b"DejaVuSans" not in out.read_bytes()
    assert "officiële" in text and "Gespreksleidraad — concept" in text


def _titles_unique(sessions):
    titles = [s["title"] for s in sessions]
    return [s for s in sessions if titles.count(s["title"]) == 1]


@needs_poppler
def test_a_choice_of_sessions_with_focus_themes_only(each_visit, tmp_path):
    visit, fw = each_visit, each_visit.framework
    sessions = visit.programme.sessions()
    with_others = [s for s in _titles_unique(sessions)
                   if any(t["id"] not in s["themes"] for t, _ in fw.questions_for(s["conversation"]))
                   and any(t["id"] in s["themes"] for t, _ in fw.questions_for(s["conversation"]))]
    if not with_others:   # a session with focus themes and questions of other themes too
        s = _titles_unique(sessions)[0]
        focus = [t["id"] for t, _ in fw.questions_for(s["conversation"])][:1]
        visit.programme.update(s["id"], themes=focus)
        sessions = visit.programme.sessions()
        with_others = [x for x in sessions if x["id"] == s["id"]]
    chosen = [with_others[0], next(s for s in _titles_unique(sessions) if s["id"] != with_others[0]["id"])]
    full, part = tmp_path / "alles.pdf", tmp_path / "twee.pdf"
    everything = export_guide(visit, full)
    result = export_guide(visit, part, sessions=[s["id"] for s in chosen], focus_only=True)
    text = pdf_text(part)
    assert result["sessions"] == 2 and result["pages"] == pdf_pages(part) < everything["pages"]
    for s in chosen:
        assert s["title"] in text
    for other in _titles_unique(sessions):
        if other["id"] not in {s["id"] for s in chosen}:
            assert other["title"] not in text
    def focus_questions(s):
        return {q["id"] for t, qs in fw.questions_for(s["conversation"]) if t["id"] in s["themes"] for q in qs}

    first, second = chosen
    left_out = 0
    for theme, questions in fw.questions_for(first["conversation"]):
        for q in questions:
            printed = " ".join(q["text"].split()) in text
            wanted = q["id"] in focus_questions(first) | focus_questions(second)
            assert printed == wanted, q["text"]
            left_out += not wanted
    assert left_out, "a question of a theme outside the focus should be left out, or this proves nothing"
    with pytest.raises(InputError, match="minstens één gesprek"):
        export_guide(visit, tmp_path / "geen.pdf", sessions=[])


@needs_poppler
def test_a_session_with_the_same_questions_refers_to_the_earlier_one(each_visit, tmp_path):
    visit = each_visit
    first = next(s for s in visit.programme.sessions() if visit.framework.questions_for(s["conversation"]))
    visit.programme.add(day=2, start="19:00", end="19:30", conversation=first["conversation"],
                        title="Tweede ronde")
    out = tmp_path / "leidraad.pdf"
    export_guide(visit, out, sessions=[first["id"], "Tweede ronde"])
    text = pdf_text(out)
    question = " ".join(visit.framework.questions_for(first["conversation"])[0][1][0]["text"].split())
    assert text.count(question) == 1
    assert f"dezelfde als bij \u2018{first['title']}\u2019 (dag {first['day']}, {first['start']}" in text


@needs_poppler
def test_own_notes_are_this_members_and_never_another_members(each_visit, tmp_path):
    visit, fw = each_visit, each_visit.framework
    session = visit.programme.sessions()[0]
    members = {m["name"]: m["id"] for m in visit.members.list()}
    me, other = members["Ruben Kasteleijn"], members["Femke Ouwerling"]
    theme, kind = fw.themes[0]["id"], ids.plain_kinds(fw)[0]
    visit.observations.add(theme, kind, "Mijn eigen punt over de koers.", session_id=session["id"], author=me)
    visit.observations.add(theme, kind, "Femkes punt over de begroting.", session_id=session["id"],
                           author=other)
    out = tmp_path / "mijn.pdf"
    result = export_guide(visit, out, own_notes=me)
    text = pdf_text(out)
    assert result["observations"] == 1
    assert "Mijn eigen punt over de koers." in text and "Femkes punt over de begroting." not in text
    assert "Ruben Kasteleijn" not in text and "Femke Ouwerling" not in text
    plain = tmp_path / "zonder.pdf"
    export_guide(visit, plain)
    assert "Mijn eigen punt" not in pdf_text(plain) and "Mijn waarnemingen" not in pdf_text(plain)
    with pytest.raises(InputError, match="onbekend commissielid"):
        export_guide(visit, tmp_path / "x.pdf", own_notes="niemand")


@needs_poppler
def test_prepared_questions_and_the_zelfevaluatie_are_printed_without_names(each_visit, tmp_path):
    visit, fw = each_visit, each_visit.framework
    first, second = visit.programme.sessions()[:2]
    members = {m["name"]: m["id"] for m in visit.members.list()}
    me, other = members["Ruben Kasteleijn"], members["Femke Ouwerling"]
    visit.own_questions.add("Wie bereidt de AB-agenda voor?", session_id=first["id"], member_id=me)
    visit.own_questions.add("Femkes vraag over de begroting?", session_id=first["id"], member_id=other)
    asked = visit.own_questions.add("Al gestelde vraag?", session_id=first["id"], member_id=me).id
    visit.own_questions.set_asked(asked, first["id"])
    theme = fw.questions_for(first["conversation"])[0][0]
    visit.self_evaluation.set(theme["id"], "De dienst ziet zichzelf als robuust.")
    out = tmp_path / "ruben.pdf"
    result = export_guide(visit, out, sessions=[first["id"], second["id"]], own_notes=me)
    text = pdf_text(out)
    # Ruben's open question at the first session and, carried over, at the second
    assert result["own_questions"] == 2 and text.count("Wie bereidt de AB-agenda voor?") == 2
    assert "Femkes vraag" not in text and "Al gestelde vraag?" not in text
    assert "nog open uit dag" in text
    assert "Zelfevaluatie: De dienst ziet zichzelf als robuust." in text
    everyone = tmp_path / "allen.pdf"
    assert export_guide(visit, everyone, session_id=first["id"])["own_questions"] == 2
    text = pdf_text(everyone)
    assert "Femkes vraag over de begroting?" in text
    assert "Ruben Kasteleijn" not in text and "Femke Ouwerling" not in text
