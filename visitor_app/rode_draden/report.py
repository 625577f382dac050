"""The Rode draden rapportage (DOCX) from plain data: a pure writer, decoupled from the
central database.

``write_report(model, path, review=False)`` writes the report in the structure of the
Rode draden rapportage 2022-2024: a title page and contents, the voorwoord, "1. Inleiding",
a chapter per theme (its introduction, its rode draden in the given order, each with its
worded sentence and conclusion, and the theme's Conclusies), a chapter on integral
patterns, Bijlage 1 the visits (numbered, in the given order, with their dates and
follow-up), Bijlage 2 the method, Bijlage 3 basis op orde (items, the per-dienst results,
the diensten without basis op orde and a cross table) and, when the model holds it, the
raw listing of every finding as a last annex. The review version carries the
klankbordgroep's comments as Word comments on the draad's sentence or the theme's heading.

What the model is: the dataclasses below (``ReportModel`` and its parts), or the same as
plain dicts and lists (``ReportModel.from_dict``). Every count, phrase, sentence and date
text arrives already made (counts.py, wording.py); this module only sets them. The model
names diensten only: it has no field for a person (a review comment carries its group's
label, e.g. "Klankbordgroep").

The report's own texts (titles, the hints of texts still to write, the method steps) come
from forms/central_report.yaml (``load_report_texts``): not part of the visitatiekader, so
a visitation file does not embed it and a framework in another forms/ folder may leave it
out, in which case the program's own file is used.

Speed: paragraphs are built as WordprocessingML elements with style ids looked up once,
inserted before the body's final section properties; python-docx's per-paragraph style
lookup by name (and its search for the insertion point) is what made the old central DOCX
slow.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from visitor_app.domain.form_schema import List, Map, Problems, Str
from visitor_app.errors import FormError, InputError, ReadOnlyError
from visitor_app.paths import forms_dir, project_root
from visitor_app.reports.docx_report import (
    _ask_word_to_update_fields,
    _field,
    column_widths,
    fixed_widths,
    header_footer,
    reference_document,
    xml_text,
)
from visitor_app.reports.dutch import long_date
from visitor_app.store.files import atomic_write, check_output_path

REPORT_TEXTS_FILE = "central_report.yaml"
NUMBERED_STYLE = "Genummerd"  # made in the document when the reference document lacks it


# -- the model -------------------------------------------------------------------------------
@dataclass
class ReportDraad:
    """A rode draad: a named group of findings across diensten within a theme."""

    id: str  # stable id of the draad (a review comment's target)
    name: str  # its name, the heading of its section
    k: int  # the number of distinct diensten in it
    n: int  # the number of diensten of the cycle
    phrase: str  # k of n in the report's words ("een kleine meerderheid"), from forms/
    sentence: str  # the worded statement ("Bij een kleine meerderheid ... (15 van 28) ...")
    conclusion: str = ""  # the analyst's duiding; empty: the hint is shown


@dataclass
class ReportTheme:
    """A theme's chapter."""

    id: str  # the theme's id (a review comment's target)
    name: str  # its name as the chapter title
    letter: str | None = None  # the official letter A-F it is mapped to, if any
    introduction: str = ""  # the analyst's introduction; empty: the hint is shown
    draden: list[ReportDraad] = field(default_factory=list)  # in report order
    conclusion: str = ""  # the theme's conclusions, one per line (several: numbered)


@dataclass
class ReportVisit:
    """A visit in Bijlage 1."""

    number: int  # its number in the list (chronological order is the caller's)
    dienst: str  # the dienst's name
    dates_text: str  # the visit's dates as written in the report ("17 en 18 oktober 2022")
    follow_up: str = ""  # the follow-up of the previous visitation, in a few words; may be empty


@dataclass
class BasisItem:
    """An item of basis op orde (forms/assessments.yaml)."""

    id: str
    name: str
    text: str = ""  # what the item asks, shown in the list of items


@dataclass
class BasisValue:
    """A dienst's value on one item."""

    value: str  # the value's name ("Ja", "Deels"); empty: no oordeel
    toelichting: str = ""


@dataclass
class BasisRow:
    """A dienst's row of Bijlage 3."""

    dienst: str
    robuustheid: str = ""  # the name of the dienst's robuustheid value; empty: none given
    items: dict[str, BasisValue] = field(default_factory=dict)  # item id -> its value


@dataclass
class CrossTable:
    """Counts of diensten: one row per robuustheid value, one column per basis-op-orde
    outcome (for example "op orde", "niet op orde", "geen oordeel")."""

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]  # counts[i][j]: diensten with rows[i] and columns[j]


@dataclass
class BasisOpOrde:
    """Bijlage 3."""

    items: list[BasisItem]
    rows: list[BasisRow]  # one per dienst, in the order to show
    without: list[str] = field(default_factory=list)  # diensten without basis op orde
    robuustheid_label: str = ""  # the robuustheid item's name (its column); empty: no column
    cross: CrossTable | None = None


@dataclass
class RawFinding:
    """A finding in the optional raw annex."""

    theme: str  # the id of a theme of the report
    dienst: str
    kind: str  # the kind's name ("Sterk punt")
    text: str


@dataclass
class ReviewComment:
    """A comment of a review round; in the review version a Word comment."""

    target: str  # the id of a rode draad or of a theme
    round: int  # the review round (1, 2, ...)
    group: str  # who commented, as a group ("Klankbordgroep"); never a person
    text: str
    handling: str = ""  # how the analyst handled it; may be empty


@dataclass
class ReportModel:
    """Everything the report shows."""

    cycle: str  # the cycle's name ("2022-2024")
    n: int  # the number of diensten of the cycle
    voorwoord: str = ""  # the analyst's texts; empty: the hint from forms/ is shown
    inleiding: str = ""
    themes: list[ReportTheme] = field(default_factory=list)  # in report order
    integral: str = ""  # the chapter on integral patterns
    visits: list[ReportVisit] = field(default_factory=list)  # Bijlage 1, in order
    method: list[str] | None = None  # Bijlage 2's steps; None: those of forms/
    basis: BasisOpOrde | None = None  # Bijlage 3; None: "no oordelen yet"
    raw: list[RawFinding] | None = None  # the raw annex; None: left out
    comments: list[ReviewComment] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "ReportModel":
        """The model from plain data (JSON-like dicts and lists with the fields above);
        a missing or wrong field is an InputError naming where it is."""
        return _build(cls, data, "model")


def _build(tp, value, where: str):
    """``value`` as type ``tp`` (a dataclass of this module, list[...], dict[str, ...], an
    optional, str or int), checked."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _build(args[0], value, where)
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            return value
        if not isinstance(value, dict):
            raise InputError(f"{where}: blok met velden verwacht")
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise InputError(f"{where}: onbekend veld '{unknown[0]}' (toegestaan: {', '.join(sorted(known))})")
        args = {}
        for f in dataclasses.fields(tp):
            if f.name in value:
                args[f.name] = _build(hints[f.name], value[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise InputError(f"{where}: verplicht veld '{f.name}' ontbreekt")
        return tp(**args)
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise InputError(f"{where}: lijst verwacht")
        (item,) = typing.get_args(tp)
        return [_build(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise InputError(f"{where}: blok met velden verwacht")
        _, item = typing.get_args(tp)
        return {str(k): _build(item, v, f"{where}.{k}") for k, v in value.items()}
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"{where}: geheel getal verwacht")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise InputError(f"{where}: tekst verwacht")
        return value
    raise TypeError(tp)  # a field type this module does not use


def _check(model: ReportModel) -> None:
    """Refuse a model the report cannot show truthfully (InputError), before anything is
    written."""
    if model.n < 0:
        raise InputError(f"model.n: aantal diensten kan niet negatief zijn ({model.n})")
    targets: dict[str, str] = {}
    for ti, theme in enumerate(model.themes):
        if theme.id in targets:
            raise InputError(f"thema '{theme.name}': id '{theme.id}' komt meer dan eens voor")
        targets[theme.id] = f"thema '{theme.name}'"
        for draad in theme.draden:
            if draad.id in targets:
                raise InputError(f"rode draad '{draad.name}' (thema '{theme.name}'): id '{draad.id}' "
                                 f"komt meer dan eens voor (ook bij {targets[draad.id]})")
            targets[draad.id] = f"rode draad '{draad.name}'"
            if draad.n != model.n:  # counted over another cycle, or over visits
                raise InputError(f"rode draad '{draad.name}' (thema '{theme.name}'): telt {draad.k} "
                                 f"van {draad.n} diensten, maar de cyclus '{model.cycle}' heeft "
                                 f"{model.n} diensten")
            if not 0 <= draad.k <= draad.n:
                raise InputError(f"rode draad '{draad.name}' (thema '{theme.name}'): {draad.k} van "
                                 f"{draad.n} diensten kan niet")
    themes = {t.id for t in model.themes}
    for i, f in enumerate(model.raw or []):
        if f.theme not in themes:
            raise InputError(f"model.raw[{i}] ({f.dienst}): thema '{f.theme}' staat niet in het rapport")
    for i, c in enumerate(model.comments):
        if c.target not in targets:
            raise InputError(f"reviewopmerking {i + 1} (ronde {c.round}, {c.group}): '{c.target}' is "
                             "geen rode draad en geen thema van het rapport")
    basis = model.basis
    if basis:
        ids = {item.id for item in basis.items}
        for row in basis.rows:
            for item_id in row.items:
                if item_id not in ids:
                    raise InputError(f"Bijlage 3, {row.dienst}: onderdeel '{item_id}' staat niet in "
                                     "de lijst van onderdelen")
        cross = basis.cross
        if cross and (len(cross.counts) != len(cross.rows)
                      or any(len(r) != len(cross.columns) for r in cross.counts)):
            raise InputError(f"Bijlage 3, kruistabel: {len(cross.rows)} rijen en {len(cross.columns)} "
                             "kolommen, maar de aantallen hebben een andere vorm")


# -- the report's texts (forms/central_report.yaml) --------------------------------------------
_S = Str()
_TITLED = Map({"title": _S, "hint": _S})
TEXTS_SPEC = Map({"central_report": Map({
    "title": _S, "subtitle": _S, "diensten": _S, "status": _S, "review_status": _S, "header": _S,
    "contents": _S, "contents_placeholder": _S, "chapter": _S, "annex": _S, "to_write": _S,
    "voorwoord": _TITLED, "inleiding": _TITLED, "integral": _TITLED,
    "theme": Map({"title": _S, "title_letter": _S, "introduction_hint": _S, "no_draden": _S,
                  "draad_conclusion_hint": _S, "conclusions_title": _S, "conclusions_hint": _S}),
    "visits": Map({"title": _S, "intro": _S, "follow_up": _S, "none": _S}),
    "method": Map({"title": _S, "intro": _S, "steps": List(_S, min_items=1)}),
    "basis": Map({"title": _S, "intro": _S, "per_dienst": _S, "per_dienst_intro": _S,
                  "dienst_column": _S, "not_given": Str(allow_empty=True), "toelichting": _S,
                  "without": _S, "without_none": _S, "cross": _S, "none": _S}),
    "raw": Map({"title": _S, "intro": _S}),
    "review": Map({"comment": _S, "handling": _S}),
})})


def report_texts_path(folder: Path | str | None = None) -> Path:
    """Where the report's texts are read: ``folder`` (default: forms/ by the lookup order of
    visitor_app.paths) when it holds the file, else the program's own forms/."""
    own = Path(folder) if folder else forms_dir()
    path = own / REPORT_TEXTS_FILE
    return path if path.exists() else project_root() / "forms" / REPORT_TEXTS_FILE


def load_report_texts(folder: Path | str | None = None) -> dict:
    """forms/central_report.yaml, checked (FormError naming file, line and field)."""
    from visitor_app.domain.framework import _read_yaml
    path = report_texts_path(folder)
    data, node = _read_yaml(path)
    problems = Problems(str(path), node)
    TEXTS_SPEC.check(data, (), problems)
    if problems.items:
        raise FormError("De teksten van het rode-dradenrapport bevatten fouten:\n- "
                        + "\n- ".join(problems.items[:20]))
    return data["central_report"]


# -- writing -----------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _PPR, _PSTYLE, _R, _RPR, _T, _B, _BR, _TAB = (
    _W + tag for tag in ("p", "pPr", "pStyle", "r", "rPr", "t", "b", "br", "tab"))
_VAL, _PAGE_BREAK_BEFORE, _KEEP_NEXT = _W + "val", _W + "pageBreakBefore", _W + "keepNext"
_LEADING_NUMBER = re.compile(r"^\s*(?:\d+\s*[.)]|[-–•▪*])\s*")
_BULLET_LINE = re.compile(r"^\s*[-–•▪*]\s+")
_LINE_PARTS = re.compile(r"(\n|\t)")


def _initials(label: str) -> str:
    return "".join(w[0] for w in label.split() if w[:1].isalnum())[:3].upper()


class _Writer:
    def __init__(self, model: ReportModel, texts: dict, review: bool):
        from docx import Document
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm

        self.model, self.t, self.review = model, texts, review
        template = reference_document()
        if not template.exists():
            raise InputError(f"{template}: referentiedocument voor het rapport ontbreekt")
        doc = Document(str(template))
        body = doc.element.body
        for child in list(body):
            if child.tag != _W + "sectPr":
                body.remove(child)
        self.doc, self.body = doc, body
        self.end = body[-1] if len(body) else None  # the final sectPr: paragraphs go before it
        # every style the report uses, looked up once: name -> style id (a swapped reference
        # document may lack some: then Normal)
        ids = {s.name: s.style_id for s in doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        if NUMBERED_STYLE not in ids:
            style = doc.styles.add_style(NUMBERED_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.75)
            style.paragraph_format.first_line_indent = Cm(-0.75)
            style.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
            ids[NUMBERED_STYLE] = style.style_id
        normal = ids.get("Normal")

        def sid(name, fallback=None):
            return ids.get(name) or (ids.get(fallback) if fallback else None) or normal

        self.s_title, self.s_subtitle = sid("Title"), sid("Subtitle")
        self.s_h1, self.s_h2, self.s_h3 = sid("Heading 1"), sid("Heading 2"), sid("Heading 3")
        self.s_toc = sid("TOC Heading", "Heading 1")
        self.s_normal, self.s_hint = normal, sid("Hint")
        self.s_bullet, self.s_numbered = sid("List Bullet"), ids[NUMBERED_STYLE]
        self.table_style = next((s for s in doc.styles if s.name == "Table Grid"), None)
        self.anchors: dict[str, Any] = {}  # comment target -> the paragraph it is attached to
        self.counts = {"themes": 0, "draden": 0, "visits": 0, "findings": 0, "comments": 0}
        self.chapter = 0

    # -- paragraphs as elements ----------------------------------------------------------------
    def p(self, style: str | None, text: str = "", bold_prefix: str = "", *, page_break=False,
          keep_next=False):
        """A paragraph of ``style`` (a style id) with ``bold_prefix`` in bold before ``text``;
        line breaks and tabs in the text become Word's own. Returns the w:p element."""
        p = self.body.makeelement(_P, {})
        if style or page_break or keep_next:
            ppr = p.makeelement(_PPR, {})
            p.append(ppr)
            if style:
                ppr.append(ppr.makeelement(_PSTYLE, {_VAL: style}))
            if keep_next:
                ppr.append(ppr.makeelement(_KEEP_NEXT, {}))
            if page_break:
                ppr.append(ppr.makeelement(_PAGE_BREAK_BEFORE, {}))
        if bold_prefix:
            self._run(p, bold_prefix, bold=True)
        if text:
            self._run(p, text)
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.body.append(p)
        return p

    @staticmethod
    def _run(p, text: str, bold: bool = False) -> None:
        r = p.makeelement(_R, {})
        p.append(r)
        if bold:
            rpr = r.makeelement(_RPR, {})
            rpr.append(rpr.makeelement(_B, {}))
            r.append(rpr)
        text = xml_text(text)
        parts = _LINE_PARTS.split(text) if ("\n" in text or "\t" in text) else (text,)
        for part in parts:
            if part == "\n":
                r.append(r.makeelement(_BR, {}))
            elif part == "\t":
                r.append(r.makeelement(_TAB, {}))
            elif part:
                t = r.makeelement(_T, {_XML_SPACE: "preserve"})
                t.text = part
                r.append(t)

    def hint(self, hint: str):
        return self.p(self.s_hint, f"{self.t['to_write']} {hint}".strip())

    def text(self, text: str, hint: str) -> None:
        """The analyst's text in paragraphs (split at blank lines; lines starting with "-"
        or "•" as bullets), or the hint when it is empty."""
        text = xml_text(text or "").strip()
        if not text:
            self.hint(hint)
            return
        for block in re.split(r"\n\s*\n", text):
            lines = block.strip().split("\n")
            if all(_BULLET_LINE.match(line) for line in lines):
                for line in lines:
                    self.p(self.s_bullet, _BULLET_LINE.sub("", line, count=1).strip())
            else:
                self.p(self.s_normal, "\n".join(line.strip() for line in lines))

    def numbered(self, items: list[str], start: int = 1) -> None:
        for i, item in enumerate(items, start=start):
            self.p(self.s_numbered, f"{i}.\t{item}")

    def heading1(self, title: str, number: int | None = None, annex: bool = False):
        if number is not None:
            title = self.t["annex" if annex else "chapter"].format(number=number, title=title)
        return self.p(self.s_h1, title, page_break=True, keep_next=True)

    def heading2(self, title: str):
        return self.p(self.s_h2, title, keep_next=True)

    # -- the report ----------------------------------------------------------------------------
    def build(self):
        m, t = self.model, self.t
        header_footer(self.doc, t["header"].format(cycle=m.cycle, n=m.n),
                      f"{t['review_status'] if self.review else t['status']} · pagina ")
        self.title_page()
        self.contents()
        self.heading1(t["voorwoord"]["title"])
        self.text(m.voorwoord, t["voorwoord"]["hint"])
        self.chapter = 1
        self.heading1(t["inleiding"]["title"], self.chapter)
        self.text(m.inleiding, t["inleiding"]["hint"])
        for theme in m.themes:
            self.theme(theme)
        self.chapter += 1
        self.heading1(t["integral"]["title"], self.chapter)
        self.text(m.integral, t["integral"]["hint"])
        annexes = [self.visits, self.method, self.basis] + ([self.raw] if m.raw is not None else [])
        for number, annex in enumerate(annexes, start=1):
            annex(number)
        if self.review:
            self.comments()
        _ask_word_to_update_fields(self.doc)
        return self.doc

    def title_page(self) -> None:
        m, t = self.model, self.t
        self.p(self.s_title, t["title"])
        self.p(self.s_subtitle, t["subtitle"].format(cycle=m.cycle, n=m.n))
        self.p(self.s_normal, t["diensten"].format(cycle=m.cycle, n=m.n))
        status = t["review_status"] if self.review else t["status"]
        self.p(self.s_normal, f"{status}, {long_date(date.today().isoformat(), weekday=False)}")

    def contents(self) -> None:
        self.p(self.s_toc, self.t["contents"], page_break=True)
        p = self.p(None)
        _field(_Para(p), 'TOC \\o "1-2" \\h \\z \\u', self.t["contents_placeholder"])

    def theme(self, theme: ReportTheme) -> None:
        t = self.t["theme"]
        self.chapter += 1
        self.counts["themes"] += 1
        name = (t["title_letter"] if theme.letter else t["title"]).format(
            name=theme.name, letter=theme.letter or "")
        self.anchors[theme.id] = self.heading1(name, self.chapter)
        self.text(theme.introduction, t["introduction_hint"])
        if not theme.draden:
            self.p(self.s_hint, t["no_draden"])
        for draad in theme.draden:
            self.counts["draden"] += 1
            self.heading2(draad.name)
            sentence = xml_text(draad.sentence).strip() or f"{draad.phrase} ({draad.k} van {draad.n})"
            if f"{draad.k} van {draad.n}" not in sentence:  # the exact count stays beside it
                sentence += f" ({draad.k} van {draad.n})"
            self.anchors[draad.id] = self.p(self.s_normal, sentence)
            self.text(draad.conclusion, t["draad_conclusion_hint"])
        self.heading2(t["conclusions_title"])
        lines = [_LEADING_NUMBER.sub("", line).strip() for line in xml_text(theme.conclusion).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            self.hint(t["conclusions_hint"])
        elif len(lines) == 1:
            self.p(self.s_normal, lines[0])
        else:
            self.numbered(lines)

    def visits(self, number: int) -> None:
        t = self.t["visits"]
        self.heading1(t["title"], number, annex=True)
        if not self.model.visits:
            self.p(self.s_hint, t["none"])
            return
        self.p(self.s_normal, t["intro"])
        for v in self.model.visits:
            self.counts["visits"] += 1
            text = f"{v.number}.\t{v.dienst} ({v.dates_text})"
            if v.follow_up.strip():
                text += "\n" + t["follow_up"].format(text=v.follow_up.strip())
            self.p(self.s_numbered, text)

    def method(self, number: int) -> None:
        t = self.t["method"]
        self.heading1(t["title"], number, annex=True)
        self.p(self.s_normal, t["intro"])
        self.numbered(self.model.method if self.model.method is not None else t["steps"])

    def basis(self, number: int) -> None:
        t, basis = self.t["basis"], self.model.basis
        self.heading1(t["title"], number, annex=True)
        self.p(self.s_normal, t["intro"])
        if basis is None or not basis.items:
            self.p(self.s_hint, t["none"])
            return
        for i, item in enumerate(basis.items, start=1):
            p = self.p(self.s_numbered, "", f"{i}.\t{item.name}")
            if item.text.strip():
                self._run(p, f": {item.text.strip()}")
        self.heading2(t["per_dienst"])
        if not basis.rows:
            self.p(self.s_hint, t["none"])
        else:
            self.p(self.s_normal, t["per_dienst_intro"].format(items=len(basis.items)))
            dash = t["not_given"]
            headers = [t["dienst_column"]] + ([basis.robuustheid_label] if basis.robuustheid_label else [])
            headers += [str(i) for i in range(1, len(basis.items) + 1)]
            rows = []
            for row in basis.rows:
                values = [row.dienst] + ([row.robuustheid or dash] if basis.robuustheid_label else [])
                values += [(row.items.get(item.id) or BasisValue("")).value or dash for item in basis.items]
                rows.append(values)
            self.table(headers, rows, centred_from=1)
            explained = [(row, [(item, row.items[item.id]) for item in basis.items
                                if item.id in row.items and row.items[item.id].toelichting.strip()])
                         for row in basis.rows]
            explained = [(row, items) for row, items in explained if items]
            if explained:
                self.heading2(t["toelichting"])
                for row, items in explained:
                    self.p(self.s_normal, "", row.dienst, keep_next=True)
                    for item, value in items:
                        label = f"{item.name} ({value.value}): " if value.value else f"{item.name}: "
                        self.p(self.s_bullet, value.toelichting.strip(), label)
        self.heading2(t["without"])
        if basis.without:
            for dienst in basis.without:
                self.p(self.s_bullet, dienst)
        else:
            self.p(self.s_normal, t["without_none"])
        if basis.cross and basis.cross.rows:
            self.heading2(t["cross"])
            cross = basis.cross
            self.table([basis.robuustheid_label or ""] + cross.columns,
                       [[r] + [str(c) for c in counts] for r, counts in zip(cross.rows, cross.counts)],
                       centred_from=1)

    def raw(self, number: int) -> None:
        t, raw = self.t["raw"], self.model.raw or []
        self.heading1(t["title"], number, annex=True)
        self.p(self.s_normal, t["intro"])
        order = {theme.id: i for i, theme in enumerate(self.model.themes)}
        dienst_order = {v.dienst: i for i, v in enumerate(self.model.visits)}
        by_theme: dict[str, dict[str, list[RawFinding]]] = {}
        for f in sorted(raw, key=lambda f: order[f.theme]):  # stable: as given within a theme
            by_theme.setdefault(f.theme, {}).setdefault(f.dienst, []).append(f)
        names = {theme.id: theme.name for theme in self.model.themes}
        for theme_id, per_dienst in by_theme.items():
            self.heading2(names[theme_id])
            for dienst in sorted(per_dienst, key=lambda d: dienst_order.get(d, len(dienst_order))):
                self.p(self.s_h3, dienst, keep_next=True)
                for f in per_dienst[dienst]:
                    self.p(self.s_bullet, f.text, f"{f.kind}: ")
                    self.counts["findings"] += 1

    def table(self, headers: list[str], rows: list[list[str]], centred_from: int | None = None) -> None:
        """A small table (Bijlage 3) with a repeating header row, before the end of the body;
        the columns from ``centred_from`` on centred (values, counts)."""
        from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.shared import Emu
        rows = [[xml_text(v) for v in values] for values in rows]
        headers = [xml_text(h) for h in headers]
        table = self.doc.add_table(rows=1, cols=len(headers))
        if self.table_style is not None:
            table.style = self.table_style
        for cell, text in zip(table.rows[0].cells, headers):
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            for cell, text in zip(table.add_row().cells, values):
                cell.paragraphs[0].add_run(text)
        if centred_from is not None:
            for row in table.rows:
                for cell in row.cells[centred_from:]:
                    cell.paragraphs[0].alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        section = self.doc.sections[-1]
        total = Emu(section.page_width - section.left_margin - section.right_margin).twips
        size = self.doc.styles["Normal"].font.size
        fixed_widths(table, column_widths(headers, rows, total, size.pt if size else 11.0))
        for i, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if i == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))

    def comments(self) -> None:
        """Each review comment as a Word comment on its draad's sentence or theme's heading,
        by round."""
        from docx.text.paragraph import Paragraph
        t = self.t["review"]
        for c in sorted(self.model.comments, key=lambda c: c.round):
            paragraph = Paragraph(self.anchors[c.target], self.doc._body)
            runs = paragraph.runs
            if not runs:
                continue
            comment = self.doc.add_comment(runs, text=xml_text(t["comment"].format(
                round=c.round, group=c.group, text=c.text.strip(), handling=c.handling.strip())),
                author=xml_text(c.group), initials=_initials(c.group))
            if c.handling.strip():
                comment.add_paragraph(xml_text(t["handling"].format(
                    round=c.round, group=c.group, text=c.text.strip(), handling=c.handling.strip())))
            self.counts["comments"] += 1


class _Para:
    """Just enough of a python-docx paragraph for docx_report._field (it appends to ``_p``)."""

    def __init__(self, p):
        self._p = p


def write_report(model: ReportModel | dict, path: Path | str, *, review: bool = False,
                 texts: dict | None = None) -> dict:
    """Write the Rode draden rapportage of ``model`` to ``path`` (.docx), all or nothing.

    ``review=True``: the review version, with the model's review comments as Word comments.
    ``texts``: the report's texts (default: ``load_report_texts()``). Bad input (a model
    that does not fit, an unwritable path) is an InputError and writes nothing.
    Returns {"file", "themes", "draden", "visits", "findings", "comments"}.
    """
    out = Path(path)
    check_output_path(out, ".docx", "het rode-dradenrapport")
    model = model if isinstance(model, ReportModel) else ReportModel.from_dict(model)
    _check(model)
    writer = _Writer(model, texts or load_report_texts(), review)
    doc = writer.build()
    try:
        atomic_write(out, lambda tmp: doc.save(str(tmp)))
    except ReadOnlyError:
        if out.exists() and os.access(out.parent, os.W_OK):  # Windows: still open in Word
            raise InputError(f"{out}: kan niet schrijven; is het bestand nog open in Word?") from None
        raise
    return {"file": str(out), **writer.counts}
