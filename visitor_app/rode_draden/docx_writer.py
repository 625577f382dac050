"""Fast paragraphs for the central DOCX: python-docx with its styles looked up once.

python-docx resolves a paragraph style on every ``add_paragraph(text, style)``: by name it
scans every style of the document, and even with a style object it compares it with the
default style, which scans them all again (about 1 ms a paragraph with the reference
document's styles; three quarters of writing 8,000 findings). ``Writer`` resolves each
style name to its style id once and builds the paragraph's XML itself, exactly as
python-docx would: the same ``w:p``, ``w:pPr``/``w:pStyle``, ``w:r`` and ``w:t`` (tabs and
line breaks go through python-docx's own run text, so they come out the same too).
tests/rode_draden/test_docx_writer.py compares the two.

Text is made XML-safe (``xml_text``) as in reports/docx_report.py.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from visitor_app.reports.docx_report import xml_text

_SPECIAL = frozenset("\t\r\n")
_VAL = qn("w:val")
_SPACE = qn("xml:space")
_PPR, _PSTYLE, _R, _T = qn("w:pPr"), qn("w:pStyle"), qn("w:r"), qn("w:t")


class Writer:
    """Writes paragraphs into ``doc`` (a python-docx Document) with cached style ids.

    ``style(name)`` is the name when the document has that style, else the fallback (a
    reference document may lack "Hint"); ``paragraph(text, style)`` adds a paragraph at the
    end of the body (or of ``parent``, a table cell or header); ``run(p, text)`` a run.
    """

    def __init__(self, doc):
        self.doc = doc
        self.names = {s.name for s in doc.styles}
        self._ids: dict[str, str | None] = {}
        self._body = doc.element.body
        self._container = doc._body  # what python-docx makes a body paragraph's parent
        self._sect = self._body.sectPr

    # -- styles ---------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.names

    def style(self, name: str, fallback: str = "Normal") -> str:
        """``name`` if the document has that style, else ``fallback``."""
        return name if name in self.names else fallback

    def style_id(self, name: str) -> str | None:
        """The paragraph style id of ``name``, None for the default style (as python-docx:
        KeyError for a name the document lacks, ValueError for a style of another type)."""
        try:
            return self._ids[name]
        except KeyError:
            sid = self.doc.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
            self._ids[name] = sid
            return sid

    # -- content --------------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None, parent=None) -> Paragraph:
        """A paragraph of ``text`` in ``style`` at the end of the body (or of ``parent``):
        the XML of ``parent.add_paragraph(xml_text(text), style)``."""
        sid = self.style_id(style) if style is not None else None
        if parent is None:
            p = OxmlElement("w:p")
            if self._sect is not None:  # python-docx keeps the body's sectPr last
                self._sect.addprevious(p)
            else:
                self._body.append(p)
            paragraph = Paragraph(p, self._container)
        else:
            paragraph = parent.add_paragraph()
            p = paragraph._p
        if style is not None:
            ppr = SubElement(p, _PPR)
            if sid is not None:
                SubElement(ppr, _PSTYLE, {_VAL: sid})
        if text:
            text = xml_text(text)
            if _SPECIAL.isdisjoint(text):
                t = SubElement(SubElement(p, _R), _T)
                t.text = text
                if len(text.strip()) < len(text):
                    t.set(_SPACE, "preserve")
            else:  # tabs and line breaks: python-docx's own translation
                paragraph.add_run(text)
        return paragraph

    def run(self, paragraph: Paragraph, text: str):
        """A run of ``text`` at the end of ``paragraph`` (``paragraph.add_run(xml_text(text))``)."""
        return paragraph.add_run(xml_text(text))

    def page_break(self) -> None:
        """An empty paragraph holding a page break, as ``doc.add_paragraph().add_run().add_break()``."""
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)
