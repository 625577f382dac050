"""The central DOCX's fast paragraphs (rode_draden/docx_writer.Writer) are python-docx's own:
the same XML for every kind of text and style, in the reference document and in a bare one,
so that speeding up the export changed nothing a reader of the document sees."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from lxml import etree

from visitor_app.reports.docx_report import reference_document, xml_text
from visitor_app.rode_draden.docx_writer import Writer

TEXTS = ["", "Een gewone zin.", " spatie vooraan en achteraan ", "met\ttab", "twee\nregels",
         "windows\r\nregel", "stuurteken\x07weg", "é als e\u0301", "  "]


def _empty(path=None):
    doc = Document(str(path)) if path else Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _body_xml(doc) -> list[bytes]:
    return [etree.tostring(child) for child in doc.element.body]


@pytest.fixture(params=["referentie", "leeg"])
def template(request):
    if request.param == "referentie":
        assert reference_document().exists()
        return reference_document()
    return None


def _styles(doc) -> list:
    names = {s.name for s in doc.styles}
    wanted = [None, "Normal", "Heading 1", "Heading 3", "List Bullet", "Title", "Hint"]
    return [s for s in wanted if s is None or s in names]


def test_paragraphs_are_the_xml_python_docx_writes(template):
    plain, fast = _empty(template), _empty(template)
    writer = Writer(fast)
    styles = _styles(plain)
    assert "Heading 1" in styles and "Normal" in styles
    for style in styles:
        for text in TEXTS:
            plain.add_paragraph(xml_text(text), style)
            writer.paragraph(text, style)
    assert _body_xml(fast) == _body_xml(plain)
    assert len(fast.paragraphs) == len(styles) * len(TEXTS)
    assert [p.style.name for p in fast.paragraphs] == [p.style.name for p in plain.paragraphs]
    assert [p.text for p in fast.paragraphs] == [p.text for p in plain.paragraphs]


def test_runs_page_breaks_and_cells_are_python_docx_too(template):
    plain, fast = _empty(template), _empty(template)
    writer = Writer(fast)
    for doc in (plain, fast):
        doc.add_table(rows=1, cols=1)
    p = plain.add_paragraph()
    p.add_run(xml_text("Vet: ")).bold = True
    p.add_run(xml_text("gewoon\x0b"))
    plain.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    plain.tables[0].rows[0].cells[0].add_paragraph(xml_text("in een cel"), "Normal")
    plain.add_paragraph("na de tabel")
    q = writer.paragraph()
    writer.run(q, "Vet: ").bold = True
    writer.run(q, "gewoon\x0b")
    writer.page_break()
    writer.paragraph("in een cel", "Normal", parent=fast.tables[0].rows[0].cells[0])
    writer.paragraph("na de tabel")
    assert _body_xml(fast) == _body_xml(plain)


def test_a_style_the_document_lacks_is_refused_as_python_docx_does_and_style_falls_back():
    doc = _empty()
    writer = Writer(doc)
    assert writer.style("Bestaat Niet") == "Normal"
    assert writer.style("Bestaat Niet", "Title") == "Title"
    assert writer.style("Heading 2") == "Heading 2"
    with pytest.raises(KeyError):
        doc.add_paragraph("x", "Bestaat Niet")
    with pytest.raises(KeyError):
        writer.paragraph("x", "Bestaat Niet")
