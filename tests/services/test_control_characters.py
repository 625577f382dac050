"""Control characters in text that comes in through the services.

Every text a member types, a CSV brings or a merge copies in is kept as clean text: a
vertical tab or form feed becomes a line break, CR LF and a lone CR become LF, other
control characters (C0 but tab and newline, DEL, C1) and lone surrogates are dropped, and
the text is NFC-normalised (a letter with a combining accent becomes one character).
"""

from __future__ import annotations

import unicodedata

import pytest
from lxml import etree

from tests import frameworks as ids
from visitor_app.errors import InputError
from visitor_app.services import Visitation
from visitor_app.services.common import clean_text, normal_text, optional_text
from visitor_app.services.csv_import import import_findings, import_notes

# \x0b and \x0c (line breaks), NUL and \x01 (dropped), CR LF and a lone CR, a lone
# surrogate, "e" + combining acute accent, a C1 control (NEL) and a tab (kept).
DIRTY = " Eerste\x0bregel\x00 met\x01 tekst\x0cen\r\nnog\rmeer \ud800cafe\u0301 \x85einde\t. "
CLEAN = "Eerste\nregel met tekst\nen\nnog\nmeer café einde\t."
# Without the lone surrogate: a CSV file is UTF-8, which cannot hold one.
DIRTY_CSV = DIRTY.replace("\ud800", "")
ONLY_CONTROLS = "\x00\x01\x0b\x0c\r\n\ud800\x85 "


def test_the_one_rule_on_its_own():
    assert normal_text(DIRTY) == " " + CLEAN + " "
    assert normal_text("a\r\n\r\nb") == "a\n\nb"
    assert normal_text("tab\tblijft\nen regel ook") == "tab\tblijft\nen regel ook"
    assert clean_text(DIRTY, "tekst") == CLEAN
    assert optional_text(DIRTY, "tekst") == CLEAN
    assert optional_text(ONLY_CONTROLS, "tekst") is None
    assert optional_text(None, "tekst") is None
    with pytest.raises(InputError, match="tekst: tekst mag niet leeg zijn"):
        clean_text(ONLY_CONTROLS, "tekst")
    with pytest.raises(InputError, match="bron: moet tekst zijn"):
        optional_text(12, "bron")


def test_every_character_comes_out_as_xml_accepts_it():
    """What the rule leaves is always XML 1.0 text (what python-docx and openpyxl write)."""
    every = "".join(map(chr, range(0x110000)))
    cleaned = normal_text(every)
    element = etree.Element("t")
    element.text = cleaned  # lxml refuses any XML-incompatible character
    assert "\x00" not in cleaned and "\ufffe" not in cleaned and "\x9f" not in cleaned


def test_observation_text_and_evidence(visit, framework):
    theme, kind = framework.themes[0]["id"], ids.plain_kinds(framework)[0]
    oid = visit.observations.add(theme, kind, DIRTY, evidence=DIRTY).id
    stored = visit.observations.get(oid)
    assert (stored["text"], stored["evidence"]) == (CLEAN, CLEAN)
    visit.observations.update(oid, text="Nieuw" + DIRTY, evidence=ONLY_CONTROLS)
    stored = visit.observations.get(oid)
    assert (stored["text"], stored["evidence"]) == ("Nieuw " + CLEAN, None)
    [many] = visit.observations.add_many([{"theme": theme, "kind": kind, "text": DIRTY}]).ids
    assert visit.observations.get(many)["text"] == CLEAN
    with pytest.raises(InputError, match="waarneming: tekst mag niet leeg zijn"):
        visit.observations.add(theme, kind, ONLY_CONTROLS)


def test_finding_text_when_added_changed_made_and_merged(visit, framework):
    theme, kind = framework.themes[0]["id"], framework.finding_kinds[0]["id"]
    fid = visit.findings.add(theme, kind, DIRTY).id
    assert visit.store.get("findings", fid)["text"] == CLEAN
    visit.findings.update(fid, text="Bijgewerkt" + DIRTY)
    assert visit.store.get("findings", fid)["text"] == "Bijgewerkt " + CLEAN
    [other] = visit.findings.add_many([{"theme": theme, "kind": kind, "text": DIRTY}]).ids
    assert visit.store.get("findings", other)["text"] == CLEAN
    # an old file's finding, stored as it was: merging it in cleans the joined text
    old = visit.store.insert("findings", {"theme": theme, "kind": kind, "text": "Oud\x0bstuk\x01",
                                          "position": 9.0})
    visit.findings.merge(fid, old)
    assert visit.store.get("findings", fid)["text"] == "Bijgewerkt " + CLEAN + " Oud\nstuk"
    obs = visit.store.insert("observations", {"theme": theme, "kind": ids.plain_kinds(framework)[0],
                                              "text": "Uit\x0ceen\x00 oud bestand"})
    made = visit.findings.from_observations([obs], kind).id
    assert visit.store.get("findings", made)["text"] == "Uit\neen oud bestand"


def test_toelichting_and_report_section_texts(visit, framework):
    item = framework.assessment_items[0]["id"]
    value = framework.scale_values(item)[0]["id"]
    assert visit.assessments.set(item, value, DIRTY).row["toelichting"] == CLEAN
    assert visit.assessments.set(item, value, ONLY_CONTROLS).row["toelichting"] is None
    section = framework.report["sections"][0]["id"]
    visit.findings.set_section(section, DIRTY)
    assert visit.findings.sections()[section] == CLEAN
    visit.findings.set_section(section, ONLY_CONTROLS)
    assert visit.findings.sections()[section] == ""


def test_record_fields_from_a_template(visit, framework):
    for table in ("case_files", "partner_interviews"):
        tpl = framework.template_for_record(table)
        texts = [f["id"] for f in tpl["fields"] if f["type"] in ("text", "longtext")]
        longtext = next(f["id"] for f in tpl["fields"] if f["type"] == "longtext")
        fields = {**ids.record_fields(visit, table, "Titel"), **dict.fromkeys(texts, DIRTY)}
        rid = visit.records.add(table, fields).id
        stored = visit.store.get(table, rid)["fields"]
        assert [stored[f] for f in texts] == [CLEAN] * len(texts)
        visit.records.update(table, rid, {longtext: ONLY_CONTROLS})
        assert visit.store.get(table, rid)["fields"][longtext] == ""


def test_session_title_participants_and_notes(visit, framework):
    conversation = framework.conversation_types[0]["id"]
    sid = visit.programme.add(1, "08:00", "08:30", conversation, title=DIRTY,
                              participants=[{"function": DIRTY, "name": DIRTY},
                                            {"function": "Jurist", "name": ONLY_CONTROLS}]).id
    session = visit.programme.get(sid)
    assert session["title"] == CLEAN
    assert session["participants"] == [{"function": CLEAN, "name": CLEAN}, {"function": "Jurist"}]
    visit.programme.update(sid, notes=DIRTY)
    assert visit.programme.get(sid)["notes"] == CLEAN
    visit.programme.update(sid, title=ONLY_CONTROLS, notes=ONLY_CONTROLS)
    session = visit.programme.get(sid)
    assert session["title"] == framework.conversation(conversation)["name"]
    assert session["notes"] is None
    # a conversation is found by its title as it was typed, accent and all
    visit.programme.update(sid, title="Overleg cafe\u0301")
    assert visit.programme.resolve("overleg café") == sid


def test_member_names_dienst_and_visitation_notes(tmp_path, framework):
    with Visitation.create(tmp_path / "v.visitatie", DIRTY, "2026-03-10", "2026-03-11",
                           members=[("Noor Ve\u0301ldkamp\x00", "voorzitter")],
                           framework=framework, with_programme=False) as visit:
        assert visit.details()["dienst"] == CLEAN
        assert [m["name"] for m in visit.members.list()] == ["Noor Véldkamp"]
        assert visit.members.find("noor ve\u0301ldkamp")["name"] == "Noor Véldkamp"
        visit.members.add("Sem\x0bDijkh\u0301uis\x01", "lid")
        assert visit.members.list()[-1]["name"] == "Sem\nDijkh\u0301uis"
        visit.update_details(dienst="OD" + DIRTY, notes=DIRTY)
        assert (visit.details()["dienst"], visit.details()["notes"]) == ("OD " + CLEAN, CLEAN)
        visit.update_details(notes=ONLY_CONTROLS)
        assert visit.details()["notes"] is None
        result = visit.team.hand_out("Lotte van Ee\u0301rde\x0b", tmp_path / "kopie.visitatie",
                                     new_member_role="lid").result
        assert result["member"] == "Lotte van Eérde"
        with pytest.raises(InputError, match="dienst: tekst mag niet leeg zijn"):
            visit.update_details(dienst=ONLY_CONTROLS)


def _csv(tmp_path, name: str, header: str, row: list[str]):
    quoted = ",".join('"' + cell.replace('"', '""') + '"' for cell in row)
    path = tmp_path / name
    path.write_bytes(f"{header}\r\n{quoted}\r\n".encode("utf-8"))
    return path


def test_csv_import_of_observations_and_findings(visit, framework, tmp_path):
    theme, kind = framework.themes[0]["id"], ids.plain_kinds(framework)[0]
    # every cell is cleaned before it is looked up: the theme by its name decomposed (NFD)
    # with a NUL after it, the author with a combining accent where the member has "ë"
    theme_name = unicodedata.normalize("NFD", framework.themes[0]["name"]) + "\x00"
    visit.members.add("Anouk Brëuer", "lid")
    path = _csv(tmp_path, "notities.csv", "thema,soort,tekst,bron,auteur",
                [theme_name, kind, DIRTY_CSV, DIRTY_CSV, "Anouk Bre\u0308uer\x00"])
    assert import_notes(visit, path) == 1
    [obs] = visit.observations.list()
    assert (obs["theme"], obs["text"], obs["evidence"]) == (theme, CLEAN, CLEAN)
    assert obs["author"] == visit.members.id_of("Anouk Brëuer")
    path = _csv(tmp_path, "bevindingen.csv", "thema,soort,tekst",
                [theme, framework.finding_kinds[0]["id"], DIRTY_CSV])
    assert import_findings(visit, path) == 1
    assert [f["text"] for f in visit.findings.list()] == [CLEAN]
