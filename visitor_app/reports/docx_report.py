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
from docx.shared import Emu, Pt, Twips

from visitor_app.store.files import atomic_write, check_output_path
from visitor_app.paths import resources_dir
from visitor_app.services import Visitation
from visitor_app.services.common import normal_text
from visitor_app.reports.dutch import in_sentence, long_date, period, short_date
from visitor_app.errors import InputError, ReadOnlyError

ROLE_TITLES = {"voorzitter": "Voorzitter", "lid": "Leden", "secretaris": "Secretarissen"}
# A finding kind's ``report_list`` (forms/observation_kinds.yaml) -> paragraph style.
LIST_STYLES = {"bullets": "List Bullet", "numbered": "List Number", "text": "Normal"}
# A table cell's left plus right margin in the reference document's "Table Grid" (twips),
# and the widest a column may be kept on one line ("2 (wo 11 mrt)", "10:15–11:30").
CELL_MARGINS = 2 * 108
ONE_LINE = 1800  # twips (3.2 cm)
NOT_FILLED = "Nog niet ingevuld."
# The columns of the table of the previous visitation: the recommendation, its theme, the
# status, the toelichting (the text is long, the status short).
PREVIOUS_SHARES = (0.44, 0.18, 0.14, 0.24)


def text_width(text: str, size_pt: float, bold: bool = False) -> int:
    """Width of ``text`` in twips at ``size_pt``, measured in Helvetica: wider than the
    report's Calibri/Carlito, so a column this wide holds the text in either."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return round(stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size_pt) * 20)


def column_widths(headers: list[str], rows: list[list[str]], total: int, size_pt: float) -> list[int]:
    """Widths (twips, summing to ``total``) for a table's columns such that no word breaks
    inside: each column at least as wide as its longest word (a short column: its longest
    text), the rest shared by how much text each column holds on one line."""
    columns = [[(h, True)] + [(r[i], False) for r in rows] for i, h in enumerate(headers)]
    need, natural = [], []
    for cells in columns:
        whole = max(text_width(t, size_pt, bold) for t, bold in cells) + CELL_MARGINS
        word = max(text_width(w, size_pt, bold) for t, bold in cells for w in (t.split() or [""]))
        need.append(whole if whole <= ONE_LINE else word + CELL_MARGINS)
        natural.append(max(whole, need[-1]))
    spare = total - sum(need)
    if spare <= 0:  # cannot fit: share the width by need
        widths = [total * n // sum(need) for n in need]
    else:
        extra = [n - m for n, m in zip(natural, need)]
        if sum(extra) <= spare:  # everything on one line, what is left by the text they hold
            left = total - sum(natural)
            widths = [n + left * n // sum(natural) for n in natural]
        else:
            widths = [m + spare * e // sum(extra) for m, e in zip(need, extra)]
    widths[-1] += total - sum(widths)
    return widths


def fixed_widths(table, widths: list[int]) -> None:
    """Fix ``table``'s layout at these column widths (twips): the grid, every cell, the table
    width, and layout "fixed", so Word and LibreOffice keep them instead of fitting columns."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)  # w:gridCol, which LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)  # w:tcW, which Word lays out by
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")


def _session_text(s: dict, title: bool = True) -> str:
    """"dag 1 (di 10 mrt), 13:30–15:00, <title>": a session of the programme in a sentence."""
    when = f"dag {s['day']} ({short_date(s['date'])}), {s['start']}–{s['end']}"
    return f"{when}, {s['title']}" if title else when


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
        texts = self.visit.findings.sections()
        self._sections("before_themes", texts)
        self._themes()
        self._sections("after_themes", texts)
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

    def _sections(self, position: str, texts: dict) -> None:
        """The free text sections of ``position``, and the chapter of the previous visitation
        where report.previous puts it (right after its ``after`` section, else last)."""
        previous = self.fw.previous
        here = previous if previous and previous["position"] == position else None
        for s in (s for s in self.report["sections"] if s["position"] == position):
            self._text_section(s, texts.get(s["id"], ""))
            if here and here.get("after") == s["id"]:
                self._previous(here)
                here = None
        if here:
            self._previous(here)

    def _previous(self, chapter: dict) -> None:
        """Opvolging vorige visitatie: every recommendation of the previous visitation with
        its opvolging and toelichting (left out when none was imported)."""
        rows = self.visit.previous.list()
        if not rows:
            return
        fw = self.fw
        statuses = fw.follow_up_statuses()
        names = {st["id"]: st["name"] for st in statuses}
        default = fw.follow_up_default()
        counts = self.visit.previous.counts()
        add_paragraph(self.doc, chapter["title"], style="Heading 1")
        if chapter.get("intro"):
            add_paragraph(self.doc, chapter["intro"])
        add_paragraph(self.doc, " · ".join(f"{names[st['id']]}: {counts['statuses'][st['id']]}"
                                           for st in statuses))
        open_ = counts["statuses"].get(default, 0)
        if open_:
            add_paragraph(self.doc, f"[Nog aan te vullen] {open_} van de {counts['total']} "
                                    f"hebben nog de opvolging '{names[default]}'. "
                                    f"{chapter.get('hint', '')}".strip(), style=self.hint_style)
        columns = chapter.get("columns") or {}
        kinds = fw.follow_up_kinds()
        headers = [columns.get("text") or " of ".join(fw.kind_name(k) for k in kinds),
                   columns.get("theme") or "Thema", columns.get("status") or "Opvolging",
                   columns.get("toelichting") or "Toelichting"]
        themes = {t["id"]: t["name"] for t in fw.themes}
        several = len(kinds) > 1
        self._table(headers, [[(f"{fw.kind_name(r['kind'])}: " if several else "") + r["text"],
                               themes.get(r["theme"], r["theme"]),
                               names.get(r["status"], r["status"] or ""), r["toelichting"] or ""]
                              for r in rows], shares=PREVIOUS_SHARES)
        self.counts["previous"] = len(rows)

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

    def _text_width(self) -> int:
        """The width between the margins (twips)."""
        section = self.doc.sections[-1]
        return Emu(section.page_width - section.left_margin - section.right_margin).twips

    def _font_size(self) -> float:
        size = self.doc.styles["Normal"].font.size
        return size.pt if size else 11.0

    def _table(self, headers: list[str], rows: list[list[str]], shares: tuple[float, ...] = ()) -> None:
        """A table with a repeating header row; ``shares``: each column's part of the width
        (else by the text the columns hold)."""
        rows = [[xml_text(t) for t in values] for values in rows]
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
                cell.text = text
        total = self._text_width()
        if shares:  # each column at least its longest word; the first one gives way
            size = self._font_size()
            widths = [max(int(total * share), CELL_MARGINS + max(
                text_width(w, size, i == 0) for i, t in enumerate([h] + [r[c] for r in rows])
                for w in (t.split() or [""]))) for c, (h, share) in enumerate(zip(headers, shares))]
            widths[0] -= sum(widths) - total
        else:
            widths = column_widths(headers, rows, total, self._font_size())
        fixed_widths(table, widths)
        for i, row in enumerate(table.rows):  # a row stays on one page; the header on every page
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if i == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))

    def _labelled(self, label: str, text: str) -> None:
        p = self.doc.add_paragraph()
        add_run(p, f"{label}: ").bold = True
        add_run(p, text)

    def _record(self, record: dict, table: str, session: dict | None = None) -> None:
        """A record under its title (the template's title field), the session it belongs to,
        then its other fields."""
        records = self.visit.records
        template = self.fw.template(record["template"])
        title = self.fw.title_field(template["id"])
        specs = {f["id"]: f for f in template["fields"]}
        heading = records.value_text(specs[title], record["fields"].get(title)) if title else ""
        add_paragraph(self.doc, heading or self.fw.record_names(table)["short"], style="Heading 3")
        if session is not None:
            self._labelled("Gesprek", _session_text(session))
        for spec in template["fields"]:
            if spec["id"] == title:
                continue
            text = records.value_text(spec, record["fields"].get(spec["id"]))
            if text:
                self._labelled(spec["label"], text)

    def _record_annex(self, table: str) -> None:
        """Every session that gets a record of ``table`` with its records, or "nog niet
        ingevuld"; then the records that belong to no such session."""
        listed, loose = self.visit.records.by_session(table)
        if not listed and not loose:
            plural = self.fw.record_names(table)["plural"]
            add_paragraph(self.doc, f"Er zijn geen {in_sentence(plural)} vastgelegd.",
                          style=self.hint_style)
        for session, records in listed:
            for record in records:
                self._record(record, table, session)
            if not records:
                add_paragraph(self.doc, session["title"], style="Heading 3")
                self._labelled("Gesprek", _session_text(session, title=False))
                add_paragraph(self.doc, NOT_FILLED, style=self.hint_style)
        sessions = {s["id"]: s for s in self.visit.programme.sessions()}
        for record in loose:  # at a session of another type, or at none
            self._record(record, table, sessions.get(record.get("session_id")))

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
                      s["title"], counted_functions(s["participants"])]
                     for s in sessions])
        heading(annex["partners"])
        partners: dict[str, list[str]] = {}  # session id -> the organisations spoken with
        for record in visit.records.list("partner_interviews"):
            partners.setdefault(record.get("session_id"), []).append(visit.records.title(record))
        for s in sessions:
            if self.fw.own_meeting(s["conversation"]):  # the commission among itself
                continue
            functions = sorted({p["function"] for p in s["participants"]})
            organisations = [t for t in partners.get(s["id"], []) if t]
            if not functions and not organisations:
                continue
            p = self.doc.add_paragraph()
            label = convs.get(s["conversation"], {}).get("name", s["title"])
            if sum(1 for o in sessions if o["conversation"] == s["conversation"]) > 1:
                label += f" (dag {s['day']}, {s['start']})"  # two such conversations: which one
            add_run(p, f"{label}: ").bold = True
            add_run(p, ", ".join(functions))
            if organisations:  # by the kind of organisation, from the records: never a person
                if functions:
                    p.add_run().add_break()
                add_run(p, "Organisaties: ").italic = True
                add_run(p, ", ".join(organisations))
        heading(annex["case_files"])
        self._record_annex("case_files")
        heading(annex.get("partner_interviews") or self.fw.record_names("partner_interviews")["plural"])
        self._record_annex("partner_interviews")
        if self.trace:
            heading(annex["trace"])
            by_id = {o["id"]: o for o in visit.observations.list()}
            labels = {s["id"]: f"dag {s['day']} {s['start']} {s['title']}" for s in sessions}
            if not visit.findings.list():
                add_paragraph(self.doc, "Er zijn nog geen bevindingen vastgelegd.")
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


def counted_functions(participants: list[dict]) -> str:
    """The participants' functions in the order of the programme, each once, with its count
    when more than one take part ("Accounthouder (3×)")."""
    counts: dict[str, int] = {}
    for p in participants:
        counts[p["function"]] = counts.get(p["function"], 0) + 1
    return ", ".join(f if n == 1 else f"{f} ({n}×)" for f, n in counts.items())


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
