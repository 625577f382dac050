"""The Rode draden rapportage (rode_draden/report.py) of a cycle of 28 fictional diensten with
the raw annex of 8,000 findings. Goal: at most 1.5x the floor. Floor, in the same run:
python-docx writing the same paragraphs (the same texts, the same styles, style objects
looked up once) into the same reference document and saving it."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import scratch_dir, synthetic_observations  # noqa: E402
from visitor_app.reports.docx_report import reference_document  # noqa: E402
from visitor_app.rode_draden.report import (  # noqa: E402
    RawFinding, ReportDraad, ReportModel, ReportTheme, ReportVisit, write_report)

RUNS = 3
DIENSTEN = 28
FINDINGS = 8000
THEMES = 6
KINDS = ("Sterk punt", "Aanbeveling", "Verbeterpunt")


def make_model() -> ReportModel:
    texts = [o["text"] for o in synthetic_observations(FINDINGS)]
    diensten = [f"Omgevingsdienst Fictief {i + 1:02d}" for i in range(DIENSTEN)]
    themes = [ReportTheme(id=f"t{t}", name=f"Thema {t + 1}", introduction="Inleiding.",
                          draden=[ReportDraad(id=f"t{t}d{d}", name=f"Draad {d + 1}", k=14 - d,
                                              n=DIENSTEN, phrase="de helft",
                                              sentence=f"Bij de helft van de diensten ({14 - d} van "
                                                       f"{DIENSTEN}) is dit zo.")
                                  for d in range(5)], conclusion="Een.\nTwee.")
              for t in range(THEMES)]
    raw = [RawFinding(theme=f"t{i % THEMES}", dienst=diensten[i % DIENSTEN], kind=KINDS[i % 3],
                      text=texts[i]) for i in range(FINDINGS)]
    visits = [ReportVisit(i + 1, d, f"{i % 27 + 1} en {i % 27 + 2} oktober 2023")
              for i, d in enumerate(diensten)]
    return ReportModel(cycle="2022-2024", n=DIENSTEN, themes=themes, visits=visits, raw=raw)


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph of the written report."""
    from docx import Document
    doc = Document(str(path))
    return [(p.style.name, p.text) for p in doc.paragraphs]


def floor(out: Path, paras: list[tuple[str, str]]) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    doc = Document(str(reference_document()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    names = {s.name for s in doc.styles}
    styles = {name: doc.styles[name if name in names else "Normal"]  # looked up once
              for name in {s for s, _ in paras}}
    for style, text in paras:
        doc.add_paragraph(text, styles[style])
    doc.save(str(out))


def bare(out: Path, paras: list[tuple[str, str]]) -> None:
    """The lower bound: the same paragraphs as bare lxml elements (style id, one run), saved."""
    from docx import Document
    from docx.oxml.ns import qn
    doc = Document(str(reference_document()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    end = body[-1]
    ids = {s.name: s.style_id for s in doc.styles}
    P, PPR, PSTYLE, R, T, VAL = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r", "w:t", "w:val"))
    for style, text in paras:
        p = body.makeelement(P, {})
        ppr = p.makeelement(PPR, {})
        ppr.append(ppr.makeelement(PSTYLE, {VAL: ids.get(style, "Normal")}))
        p.append(ppr)
        r = p.makeelement(R, {})
        t = r.makeelement(T, {})
        t.text = text
        r.append(t)
        p.append(r)
        end.addprevious(p)
    doc.save(str(out))


def main() -> dict:
    model = make_model()
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        write_report(model, tmp / "warm.docx")
        paras = paragraphs(tmp / "warm.docx")
        app_t, floor_t, bare_t = [], [], []
        for run in range(RUNS):
            t0 = time.perf_counter()
            write_report(model, tmp / f"app{run}.docx")
            app_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            floor(tmp / f"floor{run}.docx", paras)
            floor_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            bare(tmp / f"bare{run}.docx", paras)
            bare_t.append(time.perf_counter() - t0)
    r = {"app_ms": statistics.median(app_t) * 1000, "floor_ms": statistics.median(floor_t) * 1000,
         "bare_ms": statistics.median(bare_t) * 1000, "paragraphs": len(paras)}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    r["ratio_bare"] = r["app_ms"] / r["bare_ms"]
    print(f"Rode draden rapportage ({FINDINGS} bevindingen in de bijlage, {len(paras)} alinea's): "
          f"app {r['app_ms']:.0f} ms, python-docx met eenmaal opgezochte stijlen "
          f"{r['floor_ms']:.0f} ms -> ratio {r['ratio']:.2f}x (doel <= 1.5x); dezelfde alinea's als "
          f"kale lxml-elementen {r['bare_ms']:.0f} ms -> {r['ratio_bare']:.2f}x")
    return r


if __name__ == "__main__":
    main()
