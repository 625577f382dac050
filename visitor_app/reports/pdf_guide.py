"""Printable A4 PDFs for commission members who take paper into a room.

- ``export_guide``: the conversation guide ("gespreksleidraad"): a first page with the
  programme, per session (all or a choice) the guiding questions of its conversation type
  (from the framework embedded in the visitation; all, or those of its focus themes only)
  and ruled space for notes, optionally the member's own observations, and a page for
  free notes. With ``session_id``: only that session's guide.
- ``export_observations_overview``: every observation per theme and kind, without the
  names of the members who captured them.

Participants are printed by function only, never by name. Every text that goes into a
reportlab Paragraph is XML-escaped. A PDF is written to a temporary file in the target
folder and moved onto ``out_path`` only when it is complete.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from visitor_app.paths import resources_dir
from visitor_app.errors import InputError
from visitor_app.store.files import atomic_write, check_output_path
from visitor_app.reports.dutch import in_sentence, long_date, period, short_date

__all__ = ["export_guide", "export_observations_overview"]

# -- page geometry and colours -------------------------------------------------------------
PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
LINE_SPACING = 7 * mm         # distance between ruled writing lines

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b4b4b4")
ACCENT = colors.HexColor("#1f4e79")
BOX_FILL = colors.HexColor("#fff8e1")
BOX_LINE = colors.HexColor("#c9a227")
HEAD_FILL = colors.HexColor("#e8eef5")

NBSP = "\u00a0"
GUIDE_HEADER = "Gespreksleidraad — concept"
OVERVIEW_HEADER = "Overzicht waarnemingen — concept"

# -- fonts -----------------------------------------------------------------------------------
def _font_dirs() -> tuple[Path, ...]:
    return (
        resources_dir() / "fonts",                   # a bundled copy (installer), if present
        Path("/usr/share/fonts/truetype/dejavu"),    # Debian/Ubuntu: fonts-dejavu-core
        Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
        Path("/usr/share/fonts/TTF"),                # Arch
        Path("/usr/share/fonts/dejavu"),
    )


class _Fonts:
    def __init__(self, regular: str, bold: str, unicode: bool):
        self.regular, self.bold, self.unicode = regular, bold, unicode

    @property
    def focus_mark(self) -> str:
        return "★" if self.unicode else "*"


_FONTS: _Fonts | None = None


def _fonts() -> _Fonts:
    """Register DejaVu Sans (regular + bold) once; Helvetica when the files are missing."""
    global _FONTS
    if _FONTS is not None:
        return _FONTS
    for folder in _font_dirs():
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if not (regular.is_file() and bold.is_file()):
            continue
        try:
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        except Exception:  # a damaged font file: try the next folder
            continue
        # No oblique: fonts-dejavu-core ships only regular and bold, so <i> stays upright.
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                      italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
        _FONTS = _Fonts("DejaVuSans", "DejaVuSans-Bold", unicode=True)
        return _FONTS
    # FALLBACK: DejaVu Sans is not installed (Debian: apt-get install fonts-dejavu-core).
    # Helvetica is one of the PDF base-14 fonts: always available, but not embedded and
    # limited to the WinAnsi (cp1252) character set. Dutch letters (ë, ï, é), typographic
    # quotes (“ ”) and the en dash (–) are in that set; anything outside it (for example
    # the star that marks focus themes, replaced by '*' here) prints as a black box.
    _FONTS = _Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    return _FONTS


def _styles(f: _Fonts) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=f.regular, fontSize=10, leading=13.5, textColor=INK)

    def style(name, **kw):
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "muted": style("muted", textColor=MUTED),
        "small": style("small", fontSize=8.5, leading=11, textColor=MUTED),
        "kicker": style("kicker", fontName=f.bold, fontSize=11, leading=14, textColor=MUTED,
                        spaceAfter=4),
        "cover_title": style("cover_title", fontName=f.bold, fontSize=26, leading=31,
                             textColor=ACCENT, spaceAfter=6),
        "cover_sub": style("cover_sub", fontSize=13, leading=17, spaceAfter=2),
        "cover_doc": style("cover_doc", fontName=f.bold, fontSize=20, leading=25,
                           spaceBefore=18, spaceAfter=4),
        "title": style("title", fontName=f.bold, fontSize=17, leading=21, textColor=ACCENT,
                       spaceAfter=6),
        "h1": style("h1", fontName=f.bold, fontSize=14, leading=18, textColor=ACCENT,
                    spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h2": style("h2", fontName=f.bold, fontSize=11.5, leading=15, textColor=ACCENT,
                    spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h3": style("h3", fontName=f.bold, fontSize=10, leading=13, textColor=MUTED,
                    spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "meta": style("meta", spaceAfter=2),
        "question": style("question", fontSize=9, leading=11.5, leftIndent=7 * mm, bulletIndent=0,
                          bulletFontName=f.bold, bulletFontSize=9, spaceBefore=2),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_head": style("cell_head", fontName=f.bold, fontSize=8, leading=10),
        "box_title": style("box_title", fontName=f.bold, fontSize=10, leading=13, spaceAfter=3),
        "box": style("box", fontSize=9, leading=12),
        "obs": style("obs", leftIndent=4 * mm, spaceBefore=4),
        "obs_meta": style("obs_meta", leftIndent=4 * mm, fontSize=8.5, leading=11, textColor=MUTED),
    }


def _e(text) -> str:
    """XML-escape for reportlab Paragraph markup."""
    return escape(str(text if text is not None else ""))


# -- flowables -------------------------------------------------------------------------------
class NotesArea(Flowable):
    """A heading with ruled lines that fill the rest of the page (moves on when too little is left)."""

    def __init__(self, title: str, style: ParagraphStyle, min_lines: int = 6,
                 spacing: float = LINE_SPACING):
        super().__init__()
        self.title, self.style, self.min_lines, self.spacing = title, style, min_lines, spacing

    def wrap(self, avail_width, avail_height):
        self._para = Paragraph(_e(self.title), self.style)
        _, para_h = self._para.wrap(avail_width, avail_height)
        self._para_h = para_h
        self._title_h = para_h + self.style.spaceAfter + 2 * mm
        need = self._title_h + self.min_lines * self.spacing + 2 * mm
        self.width = avail_width
        # Fill what is left of the frame; asking for more than is left moves us to a new page.
        # Containers such as KeepTogether measure with an unbounded height: then ask the minimum.
        if avail_height > PAGE_H or avail_height - 1 < need:
            self.height = need
        else:
            self.height = avail_height - 1
        return self.width, self.height

    def draw(self):
        c = self.canv
        self._para.drawOn(c, 0, self.height - self._para_h)
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        y = self.height - self._title_h - self.spacing
        while y >= 2 * mm:
            c.line(0, y, self.width, y)
            y -= self.spacing
        c.restoreState()


# -- page decoration, building and writing ---------------------------------------------------
def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _framework_line(fw) -> str:
    line = f"{fw.name} {fw.version}"
    return line + " (voorlopig)" if fw.status == "voorlopig" else line


def _build(path: str, story: list, f: _Fonts, dienst: str, header_right: str, footer_left: str,
           title: str) -> int:
    """Lay out ``story`` on A4 pages with header and footer; returns the number of pages."""
    pages = [0]

    def decorate(canv, doc):
        pages[0] = max(pages[0], canv.getPageNumber())
        canv.saveState()
        canv.setFillColor(MUTED)
        top = PAGE_H - 13 * mm
        canv.setFont(f.regular, 8)
        right_w = pdfmetrics.stringWidth(header_right, f.regular, 8)
        canv.drawRightString(PAGE_W - MARGIN_X, top, header_right)
        canv.setFont(f.bold, 8)
        canv.drawString(MARGIN_X, top, _fit(dienst, f.bold, 8, BODY_W - right_w - 8 * mm))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        bottom = 11 * mm
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
        label = f"pagina {canv.getPageNumber()}"
        canv.setFont(f.regular, 8)
        canv.drawRightString(PAGE_W - MARGIN_X, bottom, label)
        label_w = pdfmetrics.stringWidth(label, f.regular, 8)
        canv.drawString(MARGIN_X, bottom, _fit(footer_left, f.regular, 8, BODY_W - label_w - 8 * mm))
        canv.restoreState()

    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                          author="Visitatiecommissie", creator="Visitatie-app ODNL",
                          initialFontName=f.regular, initialFontSize=10)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(story)
    return pages[0]


def _target(out_path) -> Path:
    out = Path(out_path)
    folder = out.parent
    if not folder.is_dir():
        raise InputError(f"de map {str(folder)!r} bestaat niet; kies een bestaande map om de PDF "
                         "in op te slaan")
    if out.is_dir():
        raise InputError(f"{str(out)!r} is een map; geef een bestandsnaam voor de PDF op")
    check_output_path(out, None, "de PDF")  # never over a visitation file
    return out


def _write_atomically(out: Path, build: Callable[[str], int]) -> int:
    """Build into a temporary file beside ``out``, then move it into place in one step."""
    pages = []
    try:
        atomic_write(out, lambda tmp: pages.append(build(str(tmp))))
    except OSError as exc:
        raise InputError(f"de PDF {str(out)!r} kon niet worden opgeslagen "
                         f"({exc.strerror or exc}); er is niets opgeslagen")
    return pages[0]


# -- shared pieces ---------------------------------------------------------------------------
def _functions(participants: list[dict]) -> str:
    """Participants by function only (never names); repeated functions are counted."""
    counts: dict[str, int] = {}
    for p in participants or []:
        function = str(p.get("function") or "").strip()
        if function:
            counts[function] = counts.get(function, 0) + 1
    return ", ".join(f"{fn} ({n}×)" if n > 1 else fn for fn, n in counts.items())


def _conversation(fw, conv_id: str) -> dict:
    known = {c["id"]: c for c in fw.conversation_types}
    return known.get(conv_id) or {"id": conv_id, "name": conv_id, "short": conv_id}


def _theme_heading(theme: dict) -> str:
    return f"{theme['letter']}. {theme['name']}" if theme.get("letter") else theme["name"]


def _notice_box(fw, st: dict) -> Table:
    content = [Paragraph(_e(_framework_line(fw)), st["box_title"]),
               Paragraph(_e(fw.notice), st["box"])]
    box = Table([[content]], colWidths=[BODY_W])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, BOX_LINE),
        ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    return box


# -- the guide -------------------------------------------------------------------------------
def export_guide(visit, out_path, session_id: str | None = None, *, sessions: list[str] | None = None,
                 focus_only: bool = False, own_notes: str | None = None) -> dict:
    """Write the printable conversation guide.

    ``session_id``: only that session, on its own (also accepted: what
    ``programme.resolve`` accepts, such as "1 09:00"). ``sessions``: the sessions to print
    (ids or such tokens), in programme order; None: all. ``focus_only``: per session only
    the questions of its focus themes. ``own_notes``: a member id; per session that
    member's own observations are printed, never another member's.

    The guide is compact: page 1 holds the cover and the programme; each session starts
    on a new page with its questions (without writing lines between them) and a notes area
    that fills the rest of that page; a session whose questions are the same as an earlier
    one's in the guide refers to it instead of printing them again.

    Per session the prepared questions still open there (``own_questions.for_session``:
    the member's own and the commission's with ``own_notes``, else everyone's; no names)
    come before the framework's; under each theme its zelfevaluatie summary.

    Returns {"pages", "sessions", "questions", "observations", "own_questions"}: "questions"
    counts every framework question printed, "observations" the member's own observations
    printed, "own_questions" the prepared questions printed."""
    out = _target(out_path)
    fw = visit.framework
    details = visit.details()
    single = session_id is not None
    if single:
        resolved = visit.programme.resolve(str(session_id))  # InputError (Dutch) when unknown
        chosen = [visit.programme.get(resolved)]
    else:
        chosen = visit.programme.sessions()
        if sessions is not None:
            wanted = {visit.programme.resolve(str(token)) for token in sessions}
            chosen = [s for s in chosen if s["id"] in wanted]
            if not chosen:
                raise InputError("kies minstens één gesprek voor de gespreksleidraad")
    notes: dict = {}
    if own_notes is not None:
        if own_notes not in visit.members.names():
            raise InputError(f"onbekend commissielid {own_notes!r}; kies wie de eigen waarnemingen "
                             "heeft vastgelegd")
        for o in visit.observations.list(author=own_notes):
            notes.setdefault(o.get("session_id"), []).append(o)
    f = _fonts()
    st = _styles(f)
    story: list = []
    counts = {"questions": 0, "observations": 0, "own_questions": 0}
    # what the member prepared: their own open questions (and the commission's), or
    # everyone's when the guide is not for one member (never with names: paper gets lost);
    # and the zelfevaluatie
    prepared = {s["id"]: [q for q in visit.own_questions.for_session(
        s["id"], own_notes if own_notes is not None else ...) if not q["asked"]] for s in chosen}
    summaries = visit.self_evaluation.all()
    if single:
        story += [Paragraph(f"{_e(details['dienst'])} · Gespreksleidraad", st["kicker"]),
                  Paragraph(_e(_framework_line(fw)), st["small"]),
                  Spacer(1, 5 * mm)]
        story += _session_part(fw, chosen[0], st, f, focus_only, notes, counts, {},
                               prepared, summaries)
        story += [Spacer(1, 4 * mm), NotesArea("Overige aantekeningen", st["h2"], min_lines=4)]
    else:
        story += _guide_cover(visit, details, st, f, focus_only, own_notes is not None)
        story += _programme(visit, chosen, st)
        printed: dict = {}
        for s in chosen:
            story.append(PageBreak())
            story += _session_part(fw, s, st, f, focus_only, notes, counts, printed,
                                   prepared, summaries)
            story.append(NotesArea("Aantekeningen", st["h2"], min_lines=5))
        story += [PageBreak(), NotesArea("Vrije aantekeningen", st["title"])]
    title = f"Gespreksleidraad {details['dienst']}"
    pages = _write_atomically(out, lambda tmp: _build(
        tmp, story, f, details["dienst"], GUIDE_HEADER, _framework_line(fw), title))
    return {"pages": pages, "sessions": len(chosen), **counts}


def _guide_cover(visit, details: dict, st: dict, f: _Fonts, focus_only: bool, own: bool) -> list:
    fw = visit.framework
    what = "de vragen bij de focusthema's van elk gesprek" if focus_only else "de gespreksvragen"
    return [
        Paragraph("Visitatie · Gespreksleidraad", st["kicker"]),
        Paragraph(_e(details["dienst"]), st["title"]),
        Paragraph(_e(period(details["start"], details["end"])), st["muted"]),
        Spacer(1, 3 * mm),
        _notice_box(fw, st),
        Spacer(1, 2 * mm),
        Paragraph(f"Per gesprek {what}, met ruimte voor aantekeningen"
                  + (" en je eigen waarnemingen" if own else "") + ". "
                  "Deelnemers staan alleen met hun functie. "
                  f"{f.focus_mark} = focusthema van het gesprek. Neem je aantekeningen na het "
                  "gesprek over in de app. "
                  f"Afgedrukt op {_e(long_date(date.today().isoformat()))}.", st["small"]),
        Spacer(1, 4 * mm),
    ]


def _programme(visit, sessions: list[dict], st: dict) -> list:
    fw = visit.framework
    head = [Paragraph(h, st["cell_head"]) for h in ("Dag", "Tijd", "Gesprek", "Titel", "Deelnemers")]
    rows = [head]
    day_starts = []
    previous_day = None
    for s in sessions:
        if s["day"] != previous_day and previous_day is not None:
            day_starts.append(len(rows))
        previous_day = s["day"]
        conv = _conversation(fw, s["conversation"])
        title = _e(s["title"])
        if s.get("optional"):
            title += ' <font color="#5a5a5a">(facultatief)</font>'
        rows.append([
            Paragraph(f"{s['day']}<br/><font size=\"7\" color=\"#5a5a5a\">"
                      f"{_e(short_date(s['date'])).replace(' ', NBSP)}</font>", st["cell"]),
            Paragraph(f"{_e(s['start'])}–{_e(s['end'])}", st["cell"]),
            Paragraph(_e(conv.get("short") or conv["name"]), st["cell"]),
            Paragraph(title, st["cell"]),
            Paragraph(_e(_functions(s["participants"])) or "—", st["cell"]),
        ])
    # not keepWithNext: the heading and the table (which splits over pages) may start on page 1
    out = [Paragraph("Programma", ParagraphStyle("programme", parent=st["h1"], keepWithNext=0))]
    if len(rows) == 1:
        out.append(Paragraph("Er staan nog geen gesprekken in het programma.", st["muted"]))
        return out
    table = Table(rows, colWidths=[15 * mm, 20 * mm, 29 * mm, 47 * mm, BODY_W - 111 * mm],
                  repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in day_starts:
        style.append(("LINEABOVE", (0, row), (-1, row), 1.2, ACCENT))
    table.setStyle(TableStyle(style))
    out.append(table)
    return out


def _when(s: dict) -> str:
    return f"dag {s['day']}, {s['start']}–{s['end']}"


def _session_part(fw, s: dict, st: dict, f: _Fonts, focus_only: bool, notes: dict, counts: dict,
                  printed: dict, prepared: dict | None = None, summaries: dict | None = None) -> list:
    """One session: its header, the prepared questions still open at it, its questions
    (or where they stand already) with each theme's zelfevaluatie summary, and with
    ``notes`` the member's own observations at it. ``printed``: question ids -> the session
    that printed them, filled as the guide goes."""
    conv = _conversation(fw, s["conversation"])
    people = _functions(s["participants"]) or "—"
    focus = set(s.get("themes") or [])
    names = [_theme_heading(t) for t in fw.themes if t["id"] in focus]
    part = [
        Paragraph(_e(s["title"]), st["title"]),
        Paragraph(f"Dag {s['day']} · {_e(long_date(s['date']))} · {_e(s['start'])}–{_e(s['end'])}"
                  f" · {_e(conv['name'])}", st["meta"]),
        Paragraph(f"<b>Deelnemers:</b> {_e(people)}", st["meta"]),
    ]
    if names:
        part.append(Paragraph(f"<b>Focusthema's:</b> {_e(', '.join(names))}", st["meta"]))
    if conv.get("description"):
        part.append(Paragraph(_e(conv["description"]), st["small"]))
    part.append(Spacer(1, 1 * mm))
    mine = (prepared or {}).get(s["id"], [])
    if mine:
        part.append(Paragraph(f"Eigen vragen ({len(mine)})", st["h3"]))
        for q in mine:
            where = [f"nog open uit {q['session_when']}"] if q["carried"] else \
                [f"thema {q['theme_name']}"] if q["theme"] else []
            extra = f' <font size="7.5" color="#5a5a5a">({_e("; ".join(where))})</font>' if where else ""
            part.append(Paragraph(_e(q["text"]) + extra, st["question"], bulletText="□"))
        counts["own_questions"] += len(mine)
    groups = [(theme, qs) for theme, qs in fw.questions_for(s["conversation"])
              if not focus_only or theme["id"] in focus]
    key = tuple(q["id"] for _, qs in groups for q in qs)
    if not groups:
        part.append(Paragraph("Geen gespreksvragen voor dit gesprek in het kader"
                              + (" bij de focusthema's" if focus_only else "") + ".", st["muted"]))
    elif key in printed:
        first = printed[key]
        part.append(Paragraph(
            f"<b>Gespreksvragen:</b> dezelfde als bij \u2018{_e(first['title'])}\u2019 "
            f"({_e(_when(first))}); ze staan daar.", st["meta"]))
    else:
        printed[key] = s
        number = 0
        for theme, questions in groups:
            mark = f"{f.focus_mark} " if theme["id"] in focus else ""
            part.append(Paragraph(_e(mark + _theme_heading(theme)), st["h3"]))
            if (summaries or {}).get(theme["id"]):
                part.append(Paragraph(f"<i>Zelfevaluatie: {_e(summaries[theme['id']])}</i>", st["small"]))
            subthemes = {sub["id"]: sub["name"] for sub in theme.get("subthemes", [])}
            for q in questions:
                number += 1
                text = _e(q["text"])
                if q.get("subtheme") in subthemes:
                    text += f' <font size="7.5" color="#5a5a5a">({_e(subthemes[q["subtheme"]])})</font>'
                part.append(Paragraph(text, st["question"], bulletText=f"{number}."))
        counts["questions"] += number
    own = notes.get(s["id"], [])
    if notes:
        part.append(Paragraph(f"Mijn waarnemingen bij dit gesprek ({len(own)})", st["h3"]))
        for o in own:
            part.append(Paragraph(f"{_e(o['text'])} <font size=\"7.5\" color=\"#5a5a5a\">"
                                  f"({_e(fw.theme(o['theme'])['name'] if fw.has_theme(o['theme']) else o['theme'])}"
                                  f" · {_e(fw.kind_name(o['kind']))})</font>", st["question"],
                                  bulletText="–"))
        if not own:
            part.append(Paragraph("Nog geen.", st["muted"]))
        counts["observations"] += len(own)
    part.append(Spacer(1, 2 * mm))
    return part


# -- observations overview -------------------------------------------------------------------
def export_observations_overview(visit, out_path) -> dict:
    """Write "Overzicht waarnemingen per thema" (no member names). Returns {"pages", "observations"}."""
    out = _target(out_path)
    fw = visit.framework
    details = visit.details()
    f = _fonts()
    st = _styles(f)
    sessions = {s["id"]: s for s in visit.programme.sessions()}
    observations = visit.observations.list()

    def chronological(o):  # stable sort keeps capture order within a session
        s = sessions.get(o.get("session_id"))
        return (0, s["day"], s["start"]) if s else (1, 0, "")

    observations = sorted(observations, key=chronological)
    by_theme: dict[str, list[dict]] = {}
    for o in observations:
        by_theme.setdefault(o["theme"], []).append(o)

    story = [
        Paragraph("Overzicht waarnemingen per thema", st["title"]),
        Paragraph(_e(details["dienst"]), st["cover_sub"]),
        Paragraph(_e(period(details["start"], details["end"])), st["muted"]),
        Spacer(1, 2 * mm),
        Paragraph(f"{len(observations)} waarneming{'' if len(observations) == 1 else 'en'} · "
                  f"stand van {_e(long_date(date.today().isoformat()))}. "
                  "Zonder namen van commissieleden.", st["small"]),
        Spacer(1, 4 * mm),
        _notice_box(fw, st),
        Spacer(1, 4 * mm),
    ]
    known_themes = [t["id"] for t in fw.themes]
    sections = [(_theme_heading(t), by_theme.get(t["id"], []), t) for t in fw.themes]
    stray = [o for o in observations if o["theme"] not in known_themes]
    if stray:
        sections.append(("Waarnemingen bij een onbekend thema", stray, None))
    for heading, items, theme in sections:
        story.append(CondPageBreak(35 * mm))
        story.append(Paragraph(f"{_e(heading)} <font size=\"10\" color=\"#5a5a5a\">({len(items)})</font>",
                               st["h1"]))
        if not items:
            story.append(Paragraph("Nog geen waarnemingen bij dit thema.", st["muted"]))
            continue
        subthemes = {sub["id"]: sub["name"] for sub in (theme or {}).get("subthemes", [])}
        kind_order = [k["id"] for k in fw.observation_kinds]
        kinds = kind_order + sorted({o["kind"] for o in items} - set(kind_order))
        plural = {k["id"]: k["plural"] for k in fw.observation_kinds}
        for kind in kinds:
            of_kind = [o for o in items if o["kind"] == kind]
            if not of_kind:
                continue
            story.append(Paragraph(_e(plural.get(kind) or fw.kind_name(kind)), st["h3"]))
            for o in of_kind:
                story.append(KeepTogether([
                    Paragraph(_e(o["text"]), st["obs"]),
                    Paragraph(_observation_meta(o, subthemes, sessions, fw), st["obs_meta"]),
                ]))
    pages = _write_atomically(out, lambda tmp: _build(
        tmp, story, f, details["dienst"], OVERVIEW_HEADER, _framework_line(fw),
        f"Overzicht waarnemingen {details['dienst']}"))
    return {"pages": pages, "observations": len(observations)}


def _observation_meta(o: dict, subthemes: dict, sessions: dict, fw) -> str:
    """Subtheme, conversation and evidence of an observation; never its author."""
    parts = []
    if o.get("subtheme"):
        parts.append(f"Subthema: {_e(subthemes.get(o['subtheme'], o['subtheme']))}")
    s = sessions.get(o.get("session_id"))
    if s:
        parts.append(f"Gesprek: Dag {s['day']} {_e(s['start'])} {_e(s['title'])}")
    elif o.get("session_id"):
        parts.append("Gesprek: niet meer in het programma")
    elif o.get("case_file_id") or o.get("partner_interview_id"):
        table = "case_files" if o.get("case_file_id") else "partner_interviews"
        parts.append(f"Bij een {_e(in_sentence(fw.record_names(table)['short']))}")
    else:
        parts.append("Algemeen (niet bij een gesprek)")
    if o.get("evidence"):
        parts.append(f"Bron: {_e(o['evidence'])}")
    return " · ".join(parts)
