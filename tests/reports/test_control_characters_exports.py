"""Every export still works on stored text that holds control characters.

The services clean what comes in (tests/services/test_control_characters.py), but a file
made by an older version or a merged copy may hold anything: here such text is put in
with the store directly, bypassing the services. The DOCX and XLSX writers drop what XML
refuses; each export must open again in the library that reads it.
"""

from __future__ import annotations

import json

import pytest
from docx import Document
from openpyxl import load_workbook

from tests import frameworks as ids
from tests.reports.test_docx_report import all_text
from tests.reports.test_pdf_guide import needs_poppler, pdf_pages, pdf_text
from visitor_app.cli import main
from visitor_app.reports.docx_report import export_report
from visitor_app.reports.pdf_guide import export_guide, export_observations_overview
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.exports import write_overview_xlsx, write_rode_draden_docx
from visitor_app.rode_draden.package import export_central, read_package
from visitor_app.services import Visitation

# Vertical tab, NUL, \x01, form feed, CR LF, a lone CR, "e" + combining accent, U+FFFE
# (XML refuses it too) and a C1 control. A lone surrogate cannot be stored (SQLite text
# is UTF-8), so an old file cannot hold one.
STORED = "Oud\x0bbestand\x00 met\x01 tekens\x0cen\r\nregels\rcafe\u0301 \ufffe\x85klaar"
SHOWN = "Oud\nbestand met tekens\nen\nregels\ncafé klaar"  # as the exports show it
THEME = "Thema\x0bvan\x00 toen"  # the embedded framework is stored text too
DIENST = "OD Oud\x01\x00land"


@pytest.fixture
def old_file(new_visit, framework):
    """A visitation whose texts hold control characters, stored as an old file or a merged
    copy would hold them."""
    visit = new_visit(framework)
    store, fw = visit.store, visit.framework
    theme, kind = fw.themes[0]["id"], fw.finding_kinds[0]["id"]
    row = store.visitation()
    data = json.loads(row["framework_json"])
    data["themes"][0]["name"] = THEME
    store.update("visitation", row["id"], {"dienst": DIENST, "notes": STORED,
                                           "framework_json": json.dumps(data)})
    store.insert("members", {"name": "Noor Vliet\x01stra\x0b", "role": "lid"})
    session = visit.programme.sessions()[0]
    store.update("sessions", session["id"], {
        "title": STORED, "notes": STORED,
        "participants": [{"function": STORED, "name": "Sem Dijk\x00huis"}]})
    obs = store.insert("observations", {"theme": theme, "kind": ids.plain_kinds(fw)[0],
                                        "text": STORED, "evidence": STORED,
                                        "session_id": session["id"]})
    finding = store.insert("findings", {"theme": theme, "kind": kind, "text": STORED,
                                        "position": 1.0})
    store.insert("finding_links", {"finding_id": finding, "observation_id": obs})
    for section in fw.report["sections"]:
        store.insert("report_sections", {"section": section["id"], "text": STORED})
    item = fw.assessment_items[0]["id"]
    store.insert("assessments", {"item": item, "value": fw.scale_values(item)[0]["id"],
                                 "toelichting": STORED})
    for table in ("case_files", "partner_interviews"):
        tpl = fw.template_for_record(table)
        texts = {f["id"]: STORED for f in tpl["fields"] if f["type"] in ("text", "longtext")}
        store.insert(table, {"template": tpl["id"], "session_id": session["id"], "fields": texts})
    path = visit.path
    visit.close()
    return path


def test_the_draft_report_exports_and_opens(old_file, tmp_path):
    out = tmp_path / "rapport.docx"
    with Visitation.open(old_file) as visit:
        result = export_report(visit, out, commission=True, trace=True)
    assert result["findings"] == 1
    text = all_text(Document(str(out)))
    assert SHOWN in text and "Thema\nvan toen" in text and "OD Oudland" in text
    assert "Noor Vliet" in text and "\x00" not in text and "\ufffe" not in text


def test_the_cli_writes_the_report_with_exit_code_0(old_file, tmp_path):
    out = tmp_path / "cli-rapport.docx"
    assert main(["export-report", str(old_file), "--out", str(out), "--trace"]) == 0
    assert SHOWN in all_text(Document(str(out)))


@needs_poppler
def test_the_guide_and_the_observations_overview_export_as_pdf(old_file, tmp_path):
    with Visitation.open(old_file) as visit:
        export_guide(visit, tmp_path / "leidraad.pdf")
        export_observations_overview(visit, tmp_path / "waarnemingen.pdf")
    assert pdf_pages(tmp_path / "leidraad.pdf") >= 2
    assert "klaar" in pdf_text(tmp_path / "waarnemingen.pdf")


def test_the_json_dump_keeps_the_stored_text_as_it_is(old_file, tmp_path):
    out = tmp_path / "dump.json"
    with Visitation.open(old_file) as visit:
        visit.audit.export_json(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["text"] for f in data["tables"]["findings"]] == [STORED]
    assert {r["text"] for r in data["tables"]["report_sections"]} == {STORED}


def test_the_package_and_the_central_workbook_and_draft(old_file, tmp_path):
    package = tmp_path / "oud.rodedraden"
    with Visitation.open(old_file) as visit:
        export_central(visit, package)
    assert len(read_package(package)["findings"]) == 1  # its digest and shape check out
    with CentralDb.open(tmp_path / "centraal.db", create=True) as db:
        db.import_packages([package])
        write_overview_xlsx(db, tmp_path / "overzicht.xlsx")
        write_rode_draden_docx(db, tmp_path / "rode-draden.docx")
    wb = load_workbook(tmp_path / "overzicht.xlsx")
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert SHOWN in cells and "Thema\nvan toen" in cells
    assert "Thema van toen" in wb.sheetnames
    text = all_text(Document(str(tmp_path / "rode-draden.docx")))
    assert f"{SHOWN} (OD Oudland)" in text and "Thema\nvan toen" in text
