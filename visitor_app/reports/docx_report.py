"""The draft visitation report as DOCX (python-docx), ready to finish in Word.

Styles come from a reference document (resources/report_reference.docx) that a
secretary can swap for ODNL's house style without touching code. The structure
(section titles, hints, annex titles) comes from forms/report.yaml; themes, kinds
and their order from the framework embedded in the visitation file.

Personal data: the body names no member and no interviewee. Participants appear by
function only. Commission members are named on the title page only, and only when
``commission=True``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from visitor_app.store.files import atomic_write, check_output_path
from visitor_app.paths import resources_dir
from visitor_app.services import Visitation
from visitor_app.services.common import normal_text
from visitor_app.reports.dutch import in_sentence, long_date, period, short_date
from visitor_app.errors import InputError, ReadOnlyError

ROLE_TITLES = {"voorzitter": "Voorzitter", "lid": "Leden", "secretaris": "Secretarissen"}
# A finding kind's ``report_list`` (forms/observation_kinds.yaml) -> paragraph style.
LIST_STYLES = {"bullets": "List Bullet", "numbered": "List Number", "text": "Normal"}


def reference_document() -> Path:
    return Path(os.environ.get("VISITOR_APP_REPORT_TEMPLATE") or resources_dir() / "report_reference.docx")


def xml_text(text) -> str:
    """Text as XML 1.0 takes it (python-docx and openpyxl refuse the rest): the last line of
    defence for stored text that did not come in through the services (an old file, a merged
    copy), cleaned by the services' own rule."""
    return normal_text(str(text))


def add_paragraph(parent, text="", style=None):
    """A paragraph of ``text`` (made XML-safe) in a document, cell, header or footer."""
    return parent.add_paragraph(xml_text(text), style)


def add_run(paragraph, text):
    """A run of ``text`` (made XML-safe) at the end of ``paragraph``."""
    return paragraph.add_run(xml_text(text))


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC); Word fills it in when fields are updated."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def header_footer(doc, header_text: str, footer_text: str) -> None:
    """On every page: ``header_text`` at the top right, ``footer_text`` + "N van M" centred
    below (page numbers as Word fields), in small type."""
    for section in doc.sections:
        header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        header.text = xml_text(header_text)
        header.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        footer.text = xml_text(footer_text)
        _field(footer, "PAGE", "1")
        footer.add_run(" van ")
        _field(footer, "NUMPAGES", "1")
        footer.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        for run in list(header.runs) + list(footer.runs):
            run.font.size = Pt(8.5)


def _ask_word_to_update_fields(doc) -> None:
    settings = doc.settings.element
    flag = settings.find(qn("w:updateFields"))
    if flag is None:
        flag = OxmlElement("w:updateFields")
        settings.append(flag)
    flag.set(qn("w:val"), "true")


def _style_names(doc) -> set[str]:
    return {s.name for s in doc.styles}


class ReportWriter:
    def __init__(self, visit: Visitation, commission: bool = True, trace: bool = False):
        self.visit = visit
        self.fw = visit.framework
        self.report = self.fw.report
        self.commission = commission
        self.trace = trace
        self.details = visit.details()
        self.doc = None
        self.counts = {"findings": 0, "themes": 0}

    def _style(self, name: str, fallback: str = "Normal") -> str:
        return name if name in self.styles else fallback

    # -- building ---------------------------------------------------------------------------
    def build(self):
        template = reference_document()
        if not template.exists():
            raise InputError(f"{template}: referentiedocument voor het rapport ontbreekt")
        doc = Document(str(template))
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.doc = doc
        self.styles = _style_names(doc)  # a swapped reference document may lack some
        self.hint_style = self._style("Hint")
        self._header_footer()
        self._title_page()
        self.after_title = len(body)  # members may be named before this, nobody after it
        self._contents()
        sections = self.report["sections"]
        texts = self.visit.findings.sections()
        for s in (s for s in sections if s["position"] == "before_themes"):
            self._text_section(s, texts.get(s["id"], ""))
        self._themes()
        for s in (s for s in sections if s["position"] == "after_themes"):
            self._text_section(s, texts.get(s["id"], ""))
        self._annexes()
        _ask_word_to_update_fields(doc)
        return doc

    def _header_footer(self) -> None:
        dienst = self.details["dienst"]
        header_footer(self.doc, f"{self.report['title']} {dienst}",
                      f"{self.report.get('subtitle', 'Concept')} · {dienst} · pagina ")

    def _title_page(self) -> None:
        doc, d = self.doc, self.details
        add_paragraph(doc, self.report["title"], style="Title")
        add_paragraph(doc, d["dienst"], style=self._style("Subtitle"))
        add_paragraph(doc, f"Visitatie op {period(d['start'], d['end'], weekday=False)}")
        add_paragraph(doc, f"{self.report.get('subtitle', 'Concept')}, {long_date(date.today().isoformat(), weekday=False)}")
        if self.commission:
            members = self.visit.members.list()
            if members:
                add_paragraph(doc, "Samenstelling visitatiecommissie", style="Heading 3")
                for role in ("voorzitter", "lid", "secretaris"):
                    names = [m["name"] for m in members if m["role"] == role]
                    if names:
                        p = doc.add_paragraph()
                        add_run(p, f"{ROLE_TITLES[role]}: ").bold = True
                        add_run(p, ", ".join(names))
        fw = self.fw
        note = add_paragraph(doc, style=self.hint_style)
        add_run(note, f"Opgesteld met het {fw.name} (versie {fw.version}). {fw.notice}")
        self._page_break()

    def _contents(self) -> None:
        add_paragraph(self.doc, "Inhoud", style="Heading 1")
        p = self.doc.add_paragraph()
        _field(p, 'TOC \\o "1-2" \\h \\z \\u',
               "De inhoudsopgave wordt gevuld zodra Word de velden bijwerkt (F9).")
        self._page_break()

    def _page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _text_section(self, section: dict, text: str) -> None:
        add_paragraph(self.doc, section["title"], style="Heading 1")
        text = xml_text(text)  # before it is split: an old file's CR LF between paragraphs
        if text.strip():
            for block in text.strip().split("\n\n"):
                add_paragraph(self.doc, block.strip())
        else:
            add_paragraph(self.doc, f"[Nog te schrijven] {section.get('hint', '')}".strip(),
                                   style=self.hint_style)

    def _themes(self) -> None:
        findings = self.visit.findings.list()
        for theme in self.fw.themes:
            add_paragraph(self.doc, theme["name"], style="Heading 1")
            self.counts["themes"] += 1
            mine = [f for f in findings if f["theme"] == theme["id"]]
            if not mine:
                add_paragraph(self.doc, self.report["empty_theme"], style=self.hint_style)
                continue
            for kind in self.fw.finding_kinds:
                of_kind = [f for f in mine if f["kind"] == kind["id"]]
                if not of_kind:
                    continue
                add_paragraph(self.doc, kind["plural"], style="Heading 2")
                style = LIST_STYLES[self.fw.report_list(kind["id"])]
                for f in of_kind:
                    add_paragraph(self.doc, f["text"], style=self._style(style))
                    self.counts["findings"] += 1

    def _table(self, headers: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        if "Table Grid" in self.styles:
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers):
            cell.text = ""
            add_run(cell.paragraphs[0], text).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values):
                cell.text = xml_text(text)
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)

    def _record(self, record: dict, table: str) -> None:
        """A record under its title (the template's title field), then its other fields."""
        template = self.fw.template(record["template"])
        title = self.fw.title_field(template["id"])
        texts = {spec["id"]: self._field_text(spec, record["fields"].get(spec["id"]))
                 for spec in template["fields"]}
        add_paragraph(self.doc, texts.get(title) or self.fw.record_names(table)["short"],
                               style="Heading 3")
        for spec in template["fields"]:
            if spec["id"] == title or not texts[spec["id"]]:
                continue
            p = self.doc.add_paragraph()
            add_run(p, f"{spec['label']}: ").bold = True
            add_run(p, texts[spec["id"]])

    def _field_text(self, spec: dict, value) -> str:
        if not value:
            return ""
        choices = spec["type"] in ("choice", "multichoice")
        names = {o["id"]: o["name"] for o in self.visit.records.option_list(spec)} if choices else {}
        if isinstance(value, list):
            return ", ".join(names.get(v, v) for v in value)
        return str(names.get(value, value))

    def _annexes(self) -> None:
        annex = self.report["annexes"]
        visit = self.visit
        sessions = visit.programme.sessions()
        convs = {c["id"]: c for c in self.fw.conversation_types}
        number = 0

        def heading(title):
            nonlocal number
            number += 1
            self._page_break()
            add_paragraph(self.doc, f"Bijlage {number}  {title}", style="Heading 1")

        heading(annex["programme"])
        self._table(["Dag", "Tijd", "Gesprek", "Deelnemers (functie)"],
                    [[f"{s['day']} ({short_date(s['date'])})", f"{s['start']}–{s['end']}",
                      s["title"], ", ".join(p["function"] for p in s["participants"])]
                     for s in sessions], [3.2, 2.2, 5.0, 5.6])
        heading(annex["partners"])
        for s in sessions:
            functions = sorted({p["function"] for p in s["participants"]})
            if not functions:
                continue
            p = self.doc.add_paragraph()
            add_run(p, f"{convs.get(s['conversation'], {}).get('name', s['title'])}: ").bold = True
            add_run(p, ", ".join(functions))
        case_files = visit.records.list("case_files")
        heading(annex["case_files"])
        if not case_files:
            plural = self.fw.record_names("case_files")["plural"]
            add_paragraph(self.doc, f"Er zijn geen {in_sentence(plural)} vastgelegd.",
                                   style=self.hint_style)
        for cf in case_files:
            self._record(cf, "case_files")
        if self.trace:
            heading(annex["trace"])
            by_id = {o["id"]: o for o in visit.observations.list()}
            labels = {s["id"]: f"dag {s['day']} {s['start']} {s['title']}" for s in sessions}
            for f in visit.findings.list():
                p = self.doc.add_paragraph()
                add_run(p, f"{self.fw.theme(f['theme'])['name']} · {self.fw.kind_name(f['kind'])}: ").bold = True
                add_run(p, f["text"])
                for oid in visit.findings.observation_ids(f["id"]):
                    o = by_id.get(oid)
                    if o:
                        where = labels.get(o["session_id"], "document of algemeen")
                        add_paragraph(self.doc, f"{o['text']} ({where})", style=self._style("List Bullet"))


    # -- personal data -----------------------------------------------------------------------
    def texts_after_title(self) -> list[tuple[str, str]]:
        """(where, text) of every paragraph and table cell after the title page, the app's
        hints left out; "where" is the heading above it (Dutch, as the reader sees it)."""
        out, where = [], "Inhoud"
        hint = self.doc.styles[self.hint_style].style_id  # the app's own guidance: "[Nog te schrijven] …"
        for child in list(self.doc.element.body)[self.after_title:]:
            if child.tag == qn("w:p"):
                paragraphs = [child]
            elif child.tag == qn("w:tbl"):
                paragraphs = child.iter(qn("w:p"))
            else:
                continue
            for p in paragraphs:
                text = "".join(t.text or "" for t in p.iter(qn("w:t")))
                if not text.strip():
                    continue
                style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                style_id = style.get(qn("w:val"), "") if style is not None else ""
                if style_id == hint:
                    continue
                if style_id.startswith(("Heading", "Kop")):
                    where = text.strip()
                out.append((where, text))
        return out

    def personal_data(self) -> list[dict]:
        """What the de-identification finds after the title page: [{"where", "text", "kind",
        "reason"}] (services/privacy.py, report_warnings)."""
        return self.visit.privacy.report_warnings(self.texts_after_title())


def check_report(visit: Visitation, commission: bool = True, trace: bool = False) -> list[dict]:
    """The personal data the report would hold outside its title page (a warning list for
    the secretary before exporting; nothing is written)."""
    writer = ReportWriter(visit, commission=commission, trace=trace)
    writer.build()
    return writer.personal_data()


def export_report(visit: Visitation, out: Path | str, commission: bool = True, trace: bool = False) -> dict:
    """Write the draft report; all or nothing (a temp file renamed into place). The result's
    "warnings" are the personal data found outside the title page (check_report)."""
    out = Path(out)
    check_output_path(out, ".docx", "het rapport")
    writer = ReportWriter(visit, commission=commission, trace=trace)
    doc = writer.build()
    try:
        atomic_write(out, lambda tmp: doc.save(str(tmp)))
    except ReadOnlyError:
        if out.exists() and os.access(out.parent, os.W_OK):  # Windows: still open in Word
            raise InputError(f"{out}: kan niet schrijven; is het bestand nog open in Word?") from None
        raise
    return {"file": str(out), **writer.counts, "warnings": writer.personal_data()}
