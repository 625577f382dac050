"""The draft report (DOCX): read back with python-docx, and rendered for real by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Emu

from tests import frameworks as ids
from tests.conftest import ROOT
from visitor_app.services import Visitation
from visitor_app.errors import InputError
from visitor_app.reports.docx_report import CELL_MARGINS, NOT_FILLED, export_report, text_width


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def people(visit) -> set[str]:
    names = {m["name"] for m in visit.members.list()}
    for s in visit.programme.sessions():
        names |= {p["name"] for p in s["participants"] if p.get("name")}
    return names


@pytest.fixture
def report(demo_path, tmp_path):
    def make(**options):
        out = tmp_path / "rapport.docx"
        with Visitation.open(demo_path) as visit:
            result = export_report(visit, out, **options)
        return Document(str(out)), result
    return make


def test_chapters_are_the_themes_in_framework_order_with_findings_under_kind(report, demo_path):
    doc, result = report()
    with Visitation.open(demo_path) as visit:
        fw = visit.framework
        findings = visit.findings.list()
        theme_names = [t["name"] for t in fw.themes]
        kind_plural = {k["id"]: k["plural"] for k in fw.finding_kinds}
        theme_name = {t["id"]: t["name"] for t in fw.themes}
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    chapters = [h for h in h1 if h in theme_names]
    assert chapters == theme_names
    placed = {}
    current_h1 = current_h2 = None
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            current_h1, current_h2 = p.text, None
        elif p.style.name == "Heading 2":
            current_h2 = p.text
        elif p.text and current_h1 in theme_names:
            placed.setdefault(p.text, (current_h1, current_h2))
    for f in findings:
        assert placed[f["text"]] == (theme_name[f["theme"]], kind_plural[f["kind"]]), f["text"]
    assert result["findings"] == len(findings)


def test_annex_table_holds_the_programme_by_function(report, demo_path):
    doc, _ = report()
    with Visitation.open(demo_path) as visit:
        sessions = visit.programme.sessions()
    header = ["Dag", "Tijd", "Gesprek", "Deelnemers (functie)"]
    [table] = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(table.rows) == len(sessions) + 1
    assert [r.cells[2].text for r in table.rows[1:]] == [s["title"] for s in sessions]


def test_the_demo_report_has_the_opvolging_of_the_previous_visitation(report, demo_path):
    doc, result = report()
    with Visitation.open(demo_path) as visit:
        fw = visit.framework
        rows = visit.previous.list()
        statuses = {s["id"]: s["name"] for s in fw.follow_up_statuses()}
        chapter = fw.previous
    assert result["previous"] == len(rows) >= 8
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1.count(chapter["title"]) == 1
    [table] = [t for t in doc.tables if t.rows[0].cells[2].text == chapter["columns"]["status"]]
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(body) == len(rows)
    for row, cells in zip(rows, body):
        assert row["text"] in cells[0]
        assert cells[2:] == [statuses[row["status"]], row["toelichting"] or ""]
    assert len({cells[2] for cells in body}) >= 3 and sum(bool(cells[3]) for cells in body) >= 4


def test_no_names_in_the_report_unless_the_commission_is_chosen(report, demo_path):
    with Visitation.open(demo_path) as visit:
        members = {m["name"] for m in visit.members.list()}
        everyone = people(visit)
    doc, _ = report(commission=False, trace=True)
    text = all_text(doc)
    assert [n for n in everyone if n in text] == []
    doc, _ = report(commission=True)
    paragraphs = [p.text for p in doc.paragraphs]
    first_chapter = paragraphs.index("Inhoud")
    named_at = [i for i, t in enumerate(paragraphs) if any(m in t for m in members)]
    assert named_at and max(named_at) < first_chapter  # the title page only
    assert [n for n in everyone - members if n in all_text(doc)] == []


def test_empty_themes_say_so_and_sections_show_their_hint(each_visit, each_framework, tmp_path):
    visit, fw = each_visit, each_framework
    visit.findings.add(fw.themes[1]["id"], ids.kind_with_list(fw, "numbered"),
                      "Maak afspraken met de politie.")
    first, *others = fw.report["sections"]
    visit.findings.set_section(first["id"], "Een dienst in beweging.\n\nMet twee zorgen.")
    out = tmp_path / "leeg.docx"
    export_report(visit, out)
    text = [p.text for p in Document(str(out)).paragraphs]
    empty = visit.framework.report["empty_theme"]
    assert text.count(empty) == len(visit.framework.themes) - 1
    assert "Een dienst in beweging." in text and "Met twee zorgen." in text
    for section in others:
        assert f"[Nog te schrijven] {section.get('hint', '')}".strip() in text


def _body(doc) -> list[tuple[str, str, str, str]]:
    """(chapter, heading 2, style, text) of every paragraph under a chapter."""
    out, h1, h2 = [], None, None
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            h1, h2 = p.text, None
        elif p.style.name == "Heading 2":
            h2 = p.text
        elif p.text:
            out.append((h1, h2, p.style.name, p.text))
    return out


def test_findings_are_set_as_their_kind_declares(each_visit, each_framework, tmp_path):
    """bullets, numbered or paragraphs: forms/ decides per finding kind (report_list)."""
    visit, fw = each_visit, each_framework
    theme = fw.themes[-1]
    for kind in reversed(fw.finding_kinds):
        for n in (1, 2):
            visit.findings.add(theme["id"], kind["id"], f"{kind['name']} nummer {n} van de commissie.")
    export_report(visit, tmp_path / "r.docx")
    body = [row for row in _body(Document(str(tmp_path / "r.docx"))) if row[0] == theme["name"]]
    style = {"bullets": "List Bullet", "numbered": "List Number", "text": "Normal"}
    assert body == [(theme["name"], kind["plural"], style[fw.report_list(kind["id"])],
                     f"{kind['name']} nummer {n} van de commissie.")
                    for kind in fw.finding_kinds for n in (1, 2)]
    assert {"List Bullet", "List Number", "Normal"} <= {row[2] for row in body}


def test_the_case_file_annex_heads_each_record_with_its_title(each_visit, each_framework, tmp_path):
    visit, fw = each_visit, each_framework
    heading = fw.report["annexes"]["case_files"]
    for s in visit.records.sessions_for("case_files"):  # no session gets a case file
        visit.programme.remove(s["id"])
    export_report(visit, tmp_path / "leeg.docx")
    text = [p.text for p in Document(str(tmp_path / "leeg.docx")).paragraphs]
    plural = fw.record_names("case_files")["plural"]
    assert text[text.index(next(t for t in text if t.endswith(heading))) + 1] == \
        f"Er zijn geen {plural[0].lower() + plural[1:]} vastgelegd."

    fields = ids.record_fields(visit, "case_files", "Asbest in een schuur aan de dijk")
    visit.records.add("case_files", fields)
    template = fw.template_for_record("case_files")
    export_report(visit, tmp_path / "r.docx")
    paragraphs = Document(str(tmp_path / "r.docx")).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "Asbest in een schuur aan de dijk")
    assert paragraphs[at].style.name == "Heading 3"
    expected = []
    for spec in template["fields"]:
        value = fields.get(spec["id"])
        if spec["id"] == fw.title_field(template["id"]) or not value:
            continue
        names = {o["id"]: o["name"] for o in visit.records.option_list(spec)} if isinstance(value, list) else {}
        shown = ", ".join(names[v] for v in value) if isinstance(value, list) else value
        expected.append(f"{spec['label']}: {shown}")
    assert [p.text for p in paragraphs[at + 1:at + 1 + len(expected)]] == expected


def test_a_file_of_the_first_release_renders_as_it_did(tmp_path):
    """tests/fixtures/schema_v1.visitatie embeds a framework without report_list, record or
    title_field: the installed forms/ (same framework) supply them, so its report is set as
    the first release set it."""
    path = tmp_path / "oud.visitatie"
    shutil.copy2(ROOT / "tests/fixtures/schema_v1.visitatie", path)
    with Visitation.open(path) as visit:
        assert "report_list" not in visit.framework.finding_kinds[0]
        findings = {f["text"]: f["kind"] for f in visit.findings.list()}
        titles = [c["fields"]["titel"] for c in visit.records.list("case_files")]
        export_report(visit, tmp_path / "oud.docx")
    doc = Document(str(tmp_path / "oud.docx"))
    style = {"sterk_punt": "List Bullet", "verbeterpunt": "List Bullet", "aanbeveling": "List Number",
             "bevinding": "Normal"}  # as the first release's report had them
    placed = {text: s for _, _, s, text in _body(doc) if text in findings}
    assert placed == {text: style[kind] for text, kind in findings.items()}
    assert [p.text for p in annex(doc, "Besproken zaakdossiers") if p.style.name == "Heading 3"] == titles


def annex(doc, title: str) -> list:
    """The paragraphs of the annex whose heading ends with ``title``, up to the next one."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text.startswith("Bijlage") and p.text.endswith(title)
        elif inside and p.text.strip():
            out.append(p)
    return out


def _three_sessions_of(visit, table: str) -> list[dict]:
    """The programme with three sessions that get a record of ``table`` (added as needed)."""
    sessions = visit.records.sessions_for(table)
    conversation = visit.framework.template_for_record(table)["conversation"]
    for n in range(len(sessions), 3):
        visit.programme.add(day=2, start=f"1{n}:00", end=f"1{n}:45", conversation=conversation,
                            title=f"Extra bespreking {n + 1}", participants=["Projectleider"])
    sessions = visit.records.sessions_for(table)
    assert len(sessions) == 3
    return sessions


def test_the_case_file_annex_lists_every_case_file_session_filled_or_not(each_visit, each_framework,
                                                                         tmp_path):
    """Three sessions of the case-file conversation type, one with a case file: the annex
    shows that one's content and says of the other two that they are not filled in yet."""
    visit, fw = each_visit, each_framework
    sessions = _three_sessions_of(visit, "case_files")
    fields = ids.record_fields(visit, "case_files", "Lozing van spoelwater op de beek")
    visit.records.add("case_files", fields, session_id=sessions[1]["id"])
    export_report(visit, tmp_path / "r.docx")
    doc = Document(str(tmp_path / "r.docx"))
    paragraphs = annex(doc, fw.report["annexes"]["case_files"])
    texts = [p.text for p in paragraphs]
    assert [p.text for p in paragraphs if p.style.name == "Heading 3"] == \
        [sessions[0]["title"], "Lozing van spoelwater op de beek", sessions[2]["title"]]
    assert texts.count(NOT_FILLED) == 2
    for s in sessions:
        assert any(t.startswith("Gesprek: ") and f"{s['start']}–{s['end']}" in t for t in texts), s["title"]
    longtext = next(f for f in fw.template_for_record("case_files")["fields"] if f["type"] == "longtext")
    assert f"{longtext['label']}: {fields[longtext['id']]}" in texts
    assert not any(t.startswith("Er zijn geen") for t in all_text(doc).splitlines())


def _partner_record(visit, session_id: str, description: str) -> tuple[dict, str]:
    """A partner interview at ``session_id``; its fields, and the name of its kind of
    organisation (the option chosen in the title field)."""
    fw = visit.framework
    template = fw.template_for_record("partner_interviews")
    fields = ids.record_fields(visit, "partner_interviews", "")
    title = next(f for f in template["fields"] if f["id"] == fw.title_field(template["id"]))
    option = visit.records.option_list(title)[2]
    fields[title["id"]] = option["id"]
    text = next((f["id"] for f in template["fields"] if f["type"] == "text"), None)
    if text:
        fields[text] = description
    visit.records.add("partner_interviews", fields, session_id=session_id)
    return fields, option["name"]


def test_partner_interviews_are_reported_by_kind_of_organisation_never_by_name(each_visit, each_framework,
                                                                              tmp_path):
    visit, fw = each_visit, each_framework
    [session, *_] = visit.records.sessions_for("partner_interviews")
    visit.programme.update(session["id"], participants=[
        {"function": "Teamchef milieu", "name": "Wessel Hoogendijk"},
        {"function": "Beleidsadviseur", "name": "Anouk Ravensbergen"}])
    fields, kind = _partner_record(visit, session["id"], "Regionale eenheid, team omgeving")
    result = export_report(visit, tmp_path / "r.docx")
    doc = Document(str(tmp_path / "r.docx"))
    title = fw.report["annexes"]["partner_interviews"]
    paragraphs = annex(doc, title)
    assert [p.text for p in paragraphs if p.style.name == "Heading 3"] == [kind]
    assert any(p.text.startswith("Gesprek: ") and session["title"] in p.text for p in paragraphs)
    partners = annex(doc, fw.report["annexes"]["partners"])
    line = next(p.text for p in partners if p.text.startswith(fw.conversation(session["conversation"])["name"]))
    assert "Beleidsadviseur, Teamchef milieu" in line and kind in line
    text = all_text(doc)
    assert "Wessel" not in text and "Hoogendijk" not in text and "Ravensbergen" not in text
    assert result["warnings"] == []


def test_the_annex_of_gesprekspartners_leaves_out_the_commissions_own_meetings(each_visit, each_framework,
                                                                               tmp_path):
    visit, fw = each_visit, each_framework
    sessions = visit.programme.sessions()
    own = [s for s in sessions if fw.own_meeting(s["conversation"])]
    assert own and all(s["participants"] for s in own)  # both frameworks have one, with functions
    export_report(visit, tmp_path / "r.docx")
    doc = Document(str(tmp_path / "r.docx"))
    lines = [p.text for p in annex(doc, fw.report["annexes"]["partners"])]
    def label(s):  # the type's name; with day and time when the programme has two of it
        twice = sum(1 for o in sessions if o["conversation"] == s["conversation"]) > 1
        return fw.conversation(s["conversation"])["name"] + (f" (dag {s['day']}, {s['start']})" if twice else "")
    assert [line.split(": ")[0] for line in lines] == [
        label(s) for s in sessions if s["participants"] and s not in own]
    assert len(set(line.split(": ")[0] for line in lines)) == len(lines)  # each names one session
    for s in own:
        assert not any(p["function"] in line for p in s["participants"] for line in lines)
    programme = [r.cells[2].text for r in doc.tables[0].rows[1:]]
    assert all(s["title"] in programme for s in own)  # the programme itself still has them


def test_the_programme_table_has_fixed_columns_no_word_breaks_in(each_visit, tmp_path):
    """Widths fixed in the grid, the cells and the table, summing to the width between the
    margins; every word of every cell ("Secretarissen/rapporteurs") fits its column at the
    report's font size (measured in Helvetica, wider than the report's Calibri)."""
    visit = each_visit
    visit.programme.add(day=1, start="17:00", end="17:30", conversation=visit.programme.sessions()[0]["conversation"],
                        title="Afsluiting", participants=["Secretarissen/rapporteurs"])
    export_report(visit, tmp_path / "r.docx")
    doc = Document(str(tmp_path / "r.docx"))
    table = doc.tables[0]
    tbl = table._tbl
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    section = doc.sections[-1]
    assert sum(grid) == Emu(section.page_width - section.left_margin - section.right_margin).twips
    assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
    size = doc.styles["Normal"].font.size.pt
    for i, row in enumerate(table.rows):
        assert [cell.width.twips for cell in row.cells] == grid
        for cell, width in zip(row.cells, grid):
            for word in cell.text.split():  # the header row is bold
                assert text_width(word, size, bold=i == 0) + CELL_MARGINS <= width, (word, width)
    words = {w for row in table.rows for w in row.cells[3].text.split()}
    assert "rapporteurs" in " ".join(words)
    # a row is never split over two pages, and the header row repeats on each page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows] == \
        [True] + [False] * (len(table.rows) - 1)


def test_bad_output_path_is_refused(each_visit, tmp_path):
    visit = each_visit
    with pytest.raises(InputError, match="map bestaat niet"):
        export_report(visit, tmp_path / "nergens" / "r.docx")
    with pytest.raises(InputError, match=".docx"):
        export_report(visit, tmp_path / "r.pdf")


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice/poppler not installed (make test installs them)")
def test_libreoffice_renders_the_report(report, demo_path, tmp_path):
    doc, _ = report(trace=True)
    out = tmp_path / "rapport.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "rapport.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(l for l in info.splitlines() if l.startswith("Pages:")).split()[1])
    assert 8 <= pages <= 60
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    with Visitation.open(demo_path) as visit:
        finding = visit.findings.list()[0]["text"]
        dienst = visit.details()["dienst"]
    assert dienst in text and "Bijlage 1" in text
    assert " ".join(finding.split()[:6]) in " ".join(text.split())
    assert "A4" in info or "595" in info  # A4 page size, not US Letter


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice/poppler not installed (make test installs them)")
def test_libreoffice_keeps_every_word_of_the_programme_table_whole(visit, tmp_path):
    """Rendered for real: every word of the programme table is one word in the PDF, none
    broken over two lines of a cramped column ("rapporte urs")."""
    visit.programme.add(day=1, start="17:00", end="17:30", conversation=visit.programme.sessions()[0]["conversation"],
                        title="Afsluiting", participants=["Secretarissen/rapporteurs", "Beleidsmedewerker"])
    out = tmp_path / "rapport.docx"
    export_report(visit, out)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "rapport.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    def words(text: str) -> set[str]:  # a line may break after a hyphen: "secretaris-" "directeur"
        return {part for w in text.split() for part in w.rstrip(",").split("-") if part}

    cells = " ".join(c.text for row in Document(str(out)).tables[0].rows for c in row.cells)
    assert "rapporteurs" in cells
    assert sorted(words(cells) - words(text)) == []


def test_the_programme_table_counts_a_function_that_takes_part_more_than_once(each_visit, tmp_path):
    visit = each_visit
    visit.programme.add(day=1, start="17:00", end="17:30", conversation=visit.programme.sessions()[0]["conversation"],
                        title="Accounthouders", participants=["Accounthouder", "Jurist", "Accounthouder",
                                                              "Accounthouder"])
    export_report(visit, tmp_path / "r.docx")
    rows = Document(str(tmp_path / "r.docx")).tables[0].rows
    assert [r.cells[3].text for r in rows if r.cells[2].text == "Accounthouders"] == ["Accounthouder (3×), Jurist"]


def test_the_trace_annex_of_a_visitation_without_findings_says_so(each_visit, each_framework, tmp_path):
    export_report(each_visit, tmp_path / "r.docx", trace=True)
    doc = Document(str(tmp_path / "r.docx"))
    assert [p.text for p in annex(doc, each_framework.report["annexes"]["trace"])] == [
        "Er zijn nog geen bevindingen vastgelegd."]


@pytest.mark.parametrize("headers, rows", [
    (["Dienst", "Robuustheid", "1", "2", "3", "4", "5", "6"],
     [["Omgevingsdienst Lindewaard", "Hard op weg", "Ja", "Deels", "Ja", "Ja", "Nee", "Ja"]]),
    (["Aanbeveling", "Thema", "Opvolging", "Toelichting"],
     [["Kort.", "Thema", "Opgevolgd", "Kort."]]),
    (["A", "B"], [["een heel lange tekst " * 30, "kort"]]),
])
def test_column_widths_are_positive_and_fill_the_page(headers, rows):
    from visitor_app.reports.docx_report import column_widths
    widths = column_widths(headers, rows, 9072, 11.0)
    assert sum(widths) == 9072 and all(w > 0 for w in widths), widths
