"""Exports of the central database: the overview workbook (XLSX) and a draft rode-draden
report (DOCX). Both are written with store/files.atomic_write: all or nothing, owner-only.

Themes, kinds and assessment items come from the frameworks inside the imported packages
(CentralDb, read once as a counts.Overview), never from code. Texts are the findings as the packages hold them: names and
quotes were removed when each package was made.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from visitor_app.store.files import atomic_write, check_output_path
from visitor_app.errors import InputError, ReadOnlyError
from visitor_app.rode_draden.counts import Overview, diensten, diensten_with, given_assessments
from visitor_app.rode_draden.database import CentralDb
from visitor_app.reports.docx_report import (
    _ask_word_to_update_fields,
    header_footer,
    reference_document,
    xml_text,
)
from visitor_app.reports.dutch import long_date, period

SUMMARY_SHEET = "Samenvatting"
PACKAGES_SHEET = "Pakketten"
EXCEL_CELL_LIMIT = 32767
TRUNCATED_NOTE = "\n\n… (ingekort: te lang voor één cel; zie het rode-dradenrapport)"
INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _read(db: CentralDb, cycle: str | None = None) -> Overview:
    """What is in one cycle of ``db`` (None: the default cycle); refused (InputError) while
    it holds no packages."""
    overview = Overview.read(db, cycle)
    if not overview.visitations:
        raise InputError(f"{db.path}: de centrale database bevat nog geen pakketten; lees eerst "
                         "pakketten in met 'visitor-app central import'")
    return overview


def _save(save, out: Path) -> None:
    """``save(filename)`` (openpyxl's or python-docx's) through atomic_write: all or nothing."""
    try:
        atomic_write(out, lambda tmp: save(str(tmp)))
    except ReadOnlyError:
        if out.exists() and os.access(out.parent, os.W_OK):  # Windows: open in Excel or Word
            raise InputError(f"{out}: kan niet schrijven; is het bestand nog open in een ander "
                             "programma?") from None
        raise


def sheet_titles(names: list[str], taken: tuple[str, ...] = ()) -> list[str]:
    """Valid, unique Excel sheet titles (at most 31 characters, no []:*?/\\)."""
    used = {t.casefold() for t in taken}
    out = []
    for name in names:
        base = " ".join(xml_text(name).translate(INVALID_SHEET_CHARS).split()).strip("'") or "Thema"
        title, n = base[:31], 1
        while title.casefold() in used:
            n += 1
            suffix = f" ({n})"
            title = base[:31 - len(suffix)].rstrip() + suffix
        used.add(title.casefold())
        out.append(title)
    return out


# -- XLSX ------------------------------------------------------------------------------------
def write_overview_xlsx(db: CentralDb, path: Path | str, cycle: str | None = None) -> dict:
    """The overview workbook: "Samenvatting" (counts per theme x kind, assessments), one
    sheet per theme (diensten x kinds with the finding texts) and "Pakketten".

    Returns {"file", "sheets", "diensten", "findings"}.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = Path(path)
    check_output_path(out, ".xlsx", "het overzicht")
    overview = _read(db, cycle)
    visits, n, labels = overview.visitations, overview.n, overview.labels
    themes, kinds, matrix = overview.themes, overview.kinds, overview.matrix
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    wrap_top = Alignment(wrap_text=True, vertical="top")
    count_format = f'"bij "0" van {diensten(n)}";;"–"'

    def put(ws, row, col, value, font=None, fill=None, align=None, fmt=None):
        if isinstance(value, str):
            value = xml_text(value)
            if len(value) > EXCEL_CELL_LIMIT:
                value = value[:EXCEL_CELL_LIMIT - len(TRUNCATED_NOTE)] + TRUNCATED_NOTE
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, never a formula
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if align:
            cell.alignment = align
        if fmt:
            cell.number_format = fmt
        return cell

    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    put(ws, 1, 1, "Rode draden — overzicht (concept)", font=Font(bold=True, size=14))
    put(ws, 2, 1, f"Samengesteld op {long_date(date.today().isoformat(), weekday=False)} uit "
                  f"{len(visits)} visitatiepakket(ten) van {diensten(n)}"
                  + (f", cyclus {overview.matrix['cycle']}" if overview.matrix.get("cycle") else "")
                  + ". Per soort: bij hoeveel diensten die soort bij het "
                  "thema voorkomt, en het aantal.")
    header = 4
    put(ws, header, 1, "Thema", bold, head_fill, wrap_top)
    put(ws, header, 2, "Subthema", bold, head_fill, wrap_top)
    for i, kind in enumerate(kinds):
        put(ws, header, 3 + 2 * i, f"{kind['plural']}: bij … van {diensten(n)}", bold, head_fill, wrap_top)
        put(ws, header, 4 + 2 * i, f"{kind['plural']}: aantal", bold, head_fill, wrap_top)
    row = header + 1

    def count_row(r, cells, font=None):
        for i, kind in enumerate(kinds):
            put(ws, r, 3 + 2 * i, cells[kind["id"]]["visitations"], font, fmt=count_format)
            put(ws, r, 4 + 2 * i, cells[kind["id"]]["findings"], font)

    for theme in matrix["themes"]:
        put(ws, row, 1, theme["name"], bold, align=wrap_top)
        count_row(row, theme["kinds"], bold)
        row += 1
        for sub in theme["subthemes"]:
            put(ws, row, 2, sub["name"], align=wrap_top)
            count_row(row, sub["kinds"])
            row += 1
    row += 1
    put(ws, row, 1, "Oordelen", Font(bold=True, size=12))
    row += 1
    for col, text in enumerate(("Onderdeel", "Waarde", "Aantal diensten"), start=1):
        put(ws, row, col, text, bold, head_fill)
    row += 1
    for item in overview.items:
        counts = matrix["assessments"].get(item["id"], {})
        put(ws, row, 1, item["name"], bold, align=wrap_top)
        for value in item["values"]:
            put(ws, row, 2, value["name"])
            put(ws, row, 3, counts.get(value["id"], 0))
            row += 1
        put(ws, row, 2, "geen oordeel")
        put(ws, row, 3, n - sum(counts.values()))
        row += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 34
    for col in range(3, 3 + 2 * len(kinds)):
        ws.column_dimensions[get_column_letter(col)].width = 22 if col % 2 else 12
    ws.freeze_panes = ws.cell(row=header + 1, column=3)

    titles = sheet_titles([t["name"] for t in themes], (SUMMARY_SHEET, PACKAGES_SHEET, SCREENING_SHEET,
                                                        ASSESSMENTS_SHEET))
    for theme, title in zip(themes, titles):
        ts = wb.create_sheet(title)
        put(ts, 1, 1, "Dienst", bold, head_fill, wrap_top)
        for i, kind in enumerate(kinds):
            put(ts, 1, 2 + i, kind["plural"], bold, head_fill, wrap_top)
        for r, v in enumerate(visits, start=2):
            put(ts, r, 1, labels[v["id"]], bold, align=wrap_top)
            for i, kind in enumerate(kinds):
                found = overview.at_dienst(theme["id"], v["id"], kind["id"])
                if found:
                    put(ts, r, 2 + i, "\n\n".join(f["text"] for f in found), align=wrap_top)
        ts.column_dimensions["A"].width = 30
        for i in range(len(kinds)):
            ts.column_dimensions[get_column_letter(2 + i)].width = 60
        ts.freeze_panes = "B2"

    ps = wb.create_sheet(PACKAGES_SHEET)
    for col, text in enumerate(("Dienst", "Bezoek", "Visitatiekader", "Geëxporteerd (UTC)",
                                "Bevindingen"), start=1):
        put(ps, 1, col, text, bold, head_fill)
    for r, v in enumerate(visits, start=2):
        put(ps, r, 1, labels[v["id"]])
        put(ps, r, 2, period(v["start"], v["end"], weekday=False))
        put(ps, r, 3, f"{v['framework_id']} {v['framework_version']}")
        put(ps, r, 4, v["exported"].replace("T", " ")[:19])
        put(ps, r, 5, v["findings"])
    for col, width in zip("ABCDE", (34, 26, 26, 20, 12)):
        ps.column_dimensions[col].width = width
    ps.freeze_panes = "A2"

    _screening_sheet(wb, db, cycle, put, bold, head_fill, wrap_top)
    _assessments_sheet(wb, db, cycle, put, bold, head_fill, wrap_top)
    _save(wb.save, out)
    return {"file": str(out), "sheets": wb.sheetnames, "diensten": n,
            "findings": len(overview.findings)}


SCREENING_SHEET = "Screening"
ASSESSMENTS_SHEET = "Oordelen per dienst"


def _screening_sheet(wb, db: CentralDb, cycle, put, bold, head_fill, wrap_top) -> None:
    """One row per finding, ready to sort and filter (method step 1 and 2): cycle, dienst,
    visit, theme, subtheme (as re-sorted; the original beside it when moved), kind, text,
    and the rode draad(en) it belongs to, with its stable id."""
    ws = wb.create_sheet(SCREENING_SHEET)
    themes = {t["id"]: t for t in db.themes()}
    subs = {s["id"]: s["name"] for t in db.themes() for s in t["subthemes"]}
    kinds = {k["id"]: k["name"] for k in db.kinds()}
    draden = {t["id"]: t["name"] for t in db.threads(cycle)}
    heads = ("Cyclus", "Dienst", "Bezoek van", "Bezoek tot", "Thema", "Subthema", "Soort", "Bevinding",
             "Rode draad", "Oorspronkelijk thema", "Oorspronkelijk subthema", "Id")
    for col, text in enumerate(heads, start=1):
        put(ws, 1, col, text, bold, head_fill, wrap_top)
    name = (db.cycle(cycle) or {}).get("name", "")
    row = 1
    for f in db.findings(cycle=cycle):
        row += 1
        theme = themes.get(f["theme"], {})
        values = (name, f["dienst"], f["start"], f["end"],
                  (f"{theme['letter']}. " if theme.get("letter") else "") + theme.get("name", f["theme"]),
                  subs.get(f["subtheme"], f["subtheme"] or ""), kinds.get(f["kind"], f["kind"]), f["text"],
                  "; ".join(draden[t] for t in f["threads"] if t in draden),
                  # moved, or counted under the theme it was merged into: where it came from
                  themes.get(f["original_theme"], {}).get("name", f["original_theme"])
                  if f["moved"] or f["original_theme"] != f["theme"] else "",
                  subs.get(f["original_subtheme"], f["original_subtheme"] or "") if f["moved"] else "",
                  f["id"])
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, align=wrap_top if col == 8 else None)
    for col, width in zip("ABCDEFGHIJKL", (12, 30, 11, 11, 30, 26, 14, 80, 30, 24, 24, 22)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:L{max(row, 1)}"


def _assessments_sheet(wb, db: CentralDb, cycle, put, bold, head_fill, wrap_top) -> None:
    """Per dienst its robuustheid and every basis-op-orde item with its toelichting, then
    the diensten without basis op orde and the cross table."""
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(ASSESSMENTS_SHEET)
    per = db.assessments_per_dienst(cycle)
    groups = db.assessment_groups()
    single, basis = groups["single"], groups["basis"]
    heads = ["Dienst"] + [i["name"] for i in single] + ["Basis op orde"]
    for item in basis:
        heads += [item["name"], f"{item['name']}: toelichting"]
    follow = db.follow_up(cycle)  # the opvolging of the previous visitation, where packages carry it
    names = {st["id"]: st["name"] for st in follow["statuses"]}
    by_dienst = {p["dienst"]: p["statuses"] for p in follow["per_visitation"]}
    if follow["visitations"]:
        heads.append("Opvolging vorige visitatie")
    for col, text in enumerate(heads, start=1):
        put(ws, 1, col, text, bold, head_fill, wrap_top)
    state = {True: "op orde", False: "niet op orde", None: "onvolledig"}
    for row, d in enumerate(per, start=2):
        given = {s["item"]: s for s in d["single"]}
        values = [d["dienst"]] + [(given.get(i["id"]) or {}).get("value_name") or "" for i in single]
        values.append(state[d["op_orde"]])
        for b in d["basis"]:
            values += [b["value_name"] or "", b["toelichting"] or ""]
        if follow["visitations"]:
            values.append(", ".join(f"{n} {names.get(st, st).lower()}"
                                    for st, n in by_dienst.get(d["dienst"], {}).items() if n))
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, align=wrap_top)
    row = len(per) + 3
    put(ws, row, 1, "Zonder basis op orde", bold)
    for d in db.without_basis(cycle):
        row += 1
        put(ws, row, 1, d["dienst"])
        put(ws, row, 2, ", ".join(i["name"] for i in d["items"]), align=wrap_top)
    cross = db.basis_cross_table(cycle)
    if cross["rows"]:
        row += 2
        for col, text in enumerate((cross["name"], "op orde", "niet op orde", "onvolledig"), start=1):
            put(ws, row, col, text, bold, head_fill)
        for r in cross["rows"]:
            row += 1
            for col, value in enumerate((r["name"], r["op_orde"], r["niet_op_orde"], r["onvolledig"]), start=1):
                put(ws, row, col, value)
    ws.column_dimensions["A"].width = 34
    for col in range(2, len(heads) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18 if col <= len(single) + 2 or col % 2 else 40
    ws.freeze_panes = "B2"


# -- DOCX ------------------------------------------------------------------------------------
def _count_sentence(k: int, n: int, m: int, plural: str) -> str:
    what = plural[:1].lower() + plural[1:]
    if k == 0:
        return (f"Bij geen van de {n} diensten staan {what} bij dit thema." if n > 1
                else f"Bij de dienst staan geen {what} bij dit thema.")
    return f"Bij {k} van {diensten(n)} staan {what} bij dit thema ({m} in totaal)."


def write_rode_draden_docx(db: CentralDb, path: Path | str, cycle: str | None = None) -> dict:
    """A draft rode-draden report: per theme the counts ("Bij k van N diensten ...") and the
    findings by subtheme and kind, each followed by its dienst. Returns {"file", "themes",
    "findings", "diensten"}."""
    from docx import Document
    from docx.oxml.ns import qn

    from visitor_app.rode_draden.docx_writer import Writer

    out = Path(path)
    check_output_path(out, ".docx", "het rode-dradenrapport")
    overview = _read(db, cycle)
    visits, n, labels = overview.visitations, overview.n, overview.labels
    template = reference_document()
    if template.exists():
        doc = Document(str(template))
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    else:
        doc = Document()
    w = Writer(doc)
    style, par = w.style, w.paragraph
    hint, bullet = style("Hint"), style("List Bullet")
    title = "Rode draden — concept"
    header_footer(doc, title, "Concept · pagina ")

    first = min(v["start"] for v in visits)
    last = max(v["end"] for v in visits)
    par(title, style("Title"))
    par(f"Visitaties van {period(first, last, weekday=False)}", style("Subtitle"))
    par(diensten(n))
    par(f"Concept, {long_date(date.today().isoformat(), weekday=False)}")
    w.page_break()

    kinds = overview.kinds
    names = [k["plural"][:1].lower() + k["plural"][1:] for k in kinds]
    listed = " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    par("Inleiding", "Heading 1")
    par(f"Dit is een concept, automatisch samengesteld uit {n} visitatiepakket"
        f"{'' if n == 1 else 'ten'}. Per thema staat bij hoeveel diensten de commissie {listed} "
        "noemde, gevolgd door die teksten zelf, per subthema en soort, met de dienst tussen "
        "haakjes. Namen en citaten zijn bij het maken van de pakketten verwijderd. De analyse en "
        "duiding van de rode draden moeten nog worden geschreven.")
    p = par(style=hint)
    w.run(p, "Betrokken diensten: " + ", ".join(labels[v["id"]] for v in visits) + ".")

    matrix = overview.matrix
    total = 0
    for theme, counts in zip(overview.themes, matrix["themes"]):
        par(theme["name"], "Heading 1")
        for kind in kinds:
            c = counts["kinds"][kind["id"]]
            par(_count_sentence(c["visitations"], n, c["findings"], kind["plural"]))
        mine = [f for f in overview.findings if f["theme"] == theme["id"]]
        if not mine:
            par("Geen bevindingen bij dit thema in de ingelezen pakketten.", hint)
            continue
        groups = [(s["id"], s["name"], next(x["kinds"] for x in counts["subthemes"] if x["id"] == s["id"]))
                  for s in theme["subthemes"]] + [(None, "Zonder subthema", None)]
        for sub_id, sub_name, sub_counts in groups:
            of_sub = [f for f in mine if f["subtheme"] == sub_id]
            if not of_sub:
                continue
            par(sub_name, "Heading 2")
            for kind in kinds:
                of_kind = [f for f in of_sub if f["kind"] == kind["id"]]
                if not of_kind:
                    continue
                k = (sub_counts[kind["id"]]["visitations"] if sub_counts
                     else diensten_with(of_kind))
                par(f"{kind['plural']} (bij {k} van {diensten(n)})", "Heading 3")
                for f in of_kind:
                    par(f"{f['text']} ({labels[f['visitation_id']]})", bullet)
                    total += 1

    given_items = given_assessments(matrix)
    if given_items:
        par("Oordelen", "Heading 1")
        for item in overview.items:
            counts = given_items.get(item["id"])
            if not counts:
                continue
            given = sum(counts.values())
            parts = [f"{v['name']} {counts.get(v['id'], 0)}" for v in item["values"]]
            p = par()
            w.run(p, f"{item['name']}: ").bold = True
            w.run(p, ", ".join(parts) + f" (oordeel bij {given} van {diensten(n)})")

    w.page_break()
    par("Bijlage  Ingelezen visitatiepakketten", "Heading 1")
    table = doc.add_table(rows=1, cols=4)
    if w.has("Table Grid"):
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Dienst", "Bezoek", "Visitatiekader", "Bevindingen")):
        cell.text = ""
        w.run(cell.paragraphs[0], text).bold = True
    for v in visits:
        cells = table.add_row().cells
        for cell, text in zip(cells, (labels[v["id"]], period(v["start"], v["end"], weekday=False),
                                      f"{v['framework_id']} {v['framework_version']}",
                                      str(v["findings"]))):
            cell.text = xml_text(text)
    _ask_word_to_update_fields(doc)
    _save(doc.save, out)
    return {"file": str(out), "themes": len(matrix["themes"]), "findings": total, "diensten": n}
