"""The report's chapter on the previous visitation: at the place forms/report.yaml gives,
with a table of every recommendation, its opvolging and toelichting. On each framework."""

from __future__ import annotations

from docx import Document

from tests.conftest import MEMBERS
from visitor_app.reports.docx_report import export_report
from visitor_app.services import Visitation
from visitor_app.services.previous import read_visitation_source


def previous_file(tmp_path, framework, dienst):
    path = tmp_path / "vorige.visitatie"
    kinds = framework.follow_up_kinds()
    with Visitation.create(path, dienst, "2022-03-08", "2022-03-09", framework=framework) as old:
        old.findings.add(framework.themes[0]["id"], kinds[0], "Leg de afspraken vast.")
        old.findings.add(framework.themes[1]["id"], kinds[-1], "Maak een opleidingsplan.")
        old.findings.add(framework.themes[1]["id"], kinds[0], "Deel de risicoanalyse.")
    return path


def headings(doc):
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


def test_the_chapter_and_its_table_are_where_the_forms_put_them(visit, tmp_path):
    fw = visit.framework
    chapter = fw.previous
    statuses = fw.follow_up_statuses()
    visit.previous.import_source(read_visitation_source(
        previous_file(tmp_path, fw, visit.details()["dienst"])))
    rows = visit.previous.list()
    for row, status, note in zip(rows, statuses, ("Vastgelegd in de GR.", "Deels.", "")):
        visit.previous.set_opvolging(row["id"], status["id"], toelichting=note)
    out = tmp_path / "rapport.docx"
    result = export_report(visit, out)
    assert result["previous"] == 3
    doc = Document(str(out))
    h1 = headings(doc)
    assert h1.count(chapter["title"]) == 1
    at = h1.index(chapter["title"])
    sections = [s for s in fw.report["sections"] if s["position"] == chapter["position"]]
    if chapter.get("after"):
        after = next(s["title"] for s in sections if s["id"] == chapter["after"])
        assert h1[at - 1] == after
    elif chapter["position"] == "after_themes":
        assert h1[at - 1] == sections[-1]["title"]
    themes = [t["name"] for t in fw.themes]
    if chapter["position"] == "before_themes":
        assert at < h1.index(themes[0])
    else:
        assert at > h1.index(themes[-1])
    [table] = [t for t in doc.tables if t.rows[0].cells[2].text == (chapter.get("columns") or {}).get(
        "status", "Opvolging")]
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(body) == 3
    names = {t["id"]: t["name"] for t in fw.themes}
    for row, status, note in zip(rows, statuses, ("Vastgelegd in de GR.", "Deels.", "")):
        line = next(b for b in body if b[0].endswith(row["text"]))
        assert line[1:] == [names[row["theme"]], status["name"], note]


def test_no_chapter_without_a_previous_visitation(visit, tmp_path):
    out = tmp_path / "rapport.docx"
    export_report(visit, out)
    assert visit.framework.previous["title"] not in headings(Document(str(out)))


def test_a_name_in_a_toelichting_is_a_privacy_warning(visit, tmp_path):
    visit.previous.import_source(read_visitation_source(
        previous_file(tmp_path, visit.framework, visit.details()["dienst"])))
    first = visit.previous.list()[0]
    visit.previous.set_opvolging(first["id"], toelichting=f"Volgens {MEMBERS[1][0]} is dit gedaan.")
    result = export_report(visit, tmp_path / "rapport.docx")
    assert any(MEMBERS[1][0].split()[-1] in w["text"] and w["where"] == visit.framework.previous["title"]
               for w in result["warnings"])
