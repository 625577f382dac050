"""The central side.

Import: 28 packages of 60 findings each imported into a fresh central database, plus the
matrix. Goal: under 3 s. Floor, in the same run: parsing and hashing the same 28 files and a
bare sqlite3 executemany of the same rows (same pragmas, a transaction each).

DOCX: ``central export --docx`` of 8,000 findings (40 packages of 200). Goal: at most 1.5x
the floor the issue names, python-docx writing the same paragraphs (read back from the
app's document) into the same reference document with each style object looked up once,
and saving. A second, stricter floor writes the same paragraphs as bare lxml elements
with their style ids (no python-docx per paragraph at all): what is left over it is reading
the database and ordering the findings.

Cycles: 280 packages in ten cycles of 28, each cycle's matrix (goal under 3 s).

``python bench/bench_central.py docx`` (or ``cycli``) runs that part alone.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, scratch_dir, synthetic_observations, timed, timed_in_turn  # noqa: E402
from visitor_app.rode_draden.database import CentralDb  # noqa: E402
from visitor_app.rode_draden.exports import write_rode_draden_docx  # noqa: E402
from visitor_app.rode_draden.package import build_package, compute_digest  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402
from visitor_app.store.central_db import PRAGMAS  # noqa: E402

RUNS = 5
PACKAGES = 28
FINDINGS = 60
DOCX_RUNS = 3
DOCX_PACKAGES = 40
DOCX_FINDINGS = 200  # 40 x 200 = 8,000 findings


def make_packages(folder: Path, packages: int = PACKAGES, findings: int = FINDINGS) -> list[Path]:
    """One real visitation exported once; ``packages`` fictional diensten made from it with
    varied texts, ``findings`` each."""
    with Visitation.create(folder / "bron.visitatie", "OD Bench", "2026-03-10", "2026-03-11") as v:
        themes = [(t["id"], [s["id"] for s in t["subthemes"]]) for t in v.framework.themes]
        kinds = [k["id"] for k in v.framework.finding_kinds]
        texts = [o["text"] for o in synthetic_observations(findings)]
        v.findings.add_many([{"theme": themes[i % len(themes)][0], "kind": kinds[i % len(kinds)],
                         "text": texts[i]} for i in range(findings)])
        template = build_package(v)
    rnd = random.Random(28)
    paths = []
    for n in range(packages):
        pkg = json.loads(json.dumps(template))
        pkg["visitation"]["id"] = f"{n:032x}"
        pkg["visitation"]["dienst"] = f"Omgevingsdienst Fictief {n + 1:02d}"
        for f in pkg["findings"]:
            theme, subs = rnd.choice(themes)
            f.update(theme=theme, subtheme=rnd.choice(subs + [None]) if subs else None,
                     kind=rnd.choice(kinds), text=f"{f['text']} ({n})")
        pkg["digest"] = compute_digest(pkg)
        path = folder / f"dienst{n:02d}.rodedraden"
        path.write_text(json.dumps(pkg, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def app(db_path: Path, paths: list[Path]) -> dict:
    with CentralDb.open(db_path, create=True) as db:
        results = db.import_packages(paths)
        matrix = db.matrix()
    assert all(r["status"] == "nieuw" for r in results) and matrix["visitations"] == PACKAGES
    return matrix


def floor(db_path: Path, paths: list[Path]) -> None:
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute("CREATE TABLE findings (visitation_id, position, theme, subtheme, kind, text)")
    for path in paths:
        raw = path.read_bytes()
        pkg = json.loads(raw)
        body = {k: v for k, v in pkg.items() if k != "digest"}
        hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False).encode("utf-8")).hexdigest()
        vid = pkg["visitation"]["id"]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)",
                         [(vid, i, f["theme"], f["subtheme"], f["kind"], f["text"])
                          for i, f in enumerate(pkg["findings"])])
        conn.execute("COMMIT")
    conn.close()


def _fresh_document():
    """The reference document with an empty body, as the export starts from it."""
    from docx import Document
    from docx.oxml.ns import qn
    from visitor_app.reports.docx_report import reference_document
    template = reference_document()
    if not template.exists():
        return Document()
    doc = Document(str(template))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def written_paragraphs(path: Path) -> list[tuple[str, str | None]]:
    """(text, style id) of every body paragraph of the app's document."""
    from docx import Document
    return [(p.text, p._p.style) for p in Document(str(path)).paragraphs]


def docx_floor(out: Path, paragraphs: list[tuple[str, str | None]]) -> None:
    """The issue's floor: python-docx's add_paragraph with style objects looked up once."""
    doc = _fresh_document()
    by_id = {s.style_id: s for s in doc.styles}
    styles = {sid: by_id[sid] for sid in {sid for _, sid in paragraphs if sid}}
    for text, sid in paragraphs:
        doc.add_paragraph(text, styles[sid] if sid else None)
    doc.save(str(out))


def docx_xml_floor(out: Path, paragraphs: list[tuple[str, str | None]]) -> None:
    """The stricter floor: the same paragraphs as bare lxml elements with their style ids."""
    from lxml import etree
    from docx.oxml.ns import qn
    doc = _fresh_document()
    sect = doc.element.body[-1]
    w_p, w_ppr, w_pstyle, w_r, w_t, w_val = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r",
                                                             "w:t", "w:val"))
    for text, sid in paragraphs:
        p = etree.Element(w_p)
        if sid:
            etree.SubElement(etree.SubElement(p, w_ppr), w_pstyle, {w_val: sid})
        if text:
            etree.SubElement(etree.SubElement(p, w_r), w_t).text = text
        sect.addprevious(p)
    doc.save(str(out))


def main_docx() -> dict:
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        paths = make_packages(tmp, DOCX_PACKAGES, DOCX_FINDINGS)
        with CentralDb.open(tmp / "centraal.db", create=True) as db:
            db.import_packages(paths)
            written = write_rode_draden_docx(db, tmp / "app.docx")
            paragraphs = written_paragraphs(tmp / "app.docx")
            app_t, floor_t, xml_t = [], [], []
            for turn in range(DOCX_RUNS):
                timed_in_turn(turn, lambda: write_rode_draden_docx(db, tmp / "app.docx"),
                              lambda: docx_floor(tmp / "floor.docx", paragraphs), app_t, floor_t)
                xml_t.append(timed(lambda: docx_xml_floor(tmp / "xml.docx", paragraphs)))
    r = {"docx_findings": written["findings"], "docx_paragraphs": len(paragraphs),
         "docx_ms": median_ms(app_t), "docx_floor_ms": median_ms(floor_t),
         "docx_xml_floor_ms": median_ms(xml_t)}
    r["docx_ratio"] = r["docx_ms"] / r["docx_floor_ms"]
    r["docx_xml_ratio"] = r["docx_ms"] / r["docx_xml_floor_ms"]
    print(f"Centraal DOCX ({r['docx_findings']} bevindingen, {r['docx_paragraphs']} alinea's): app "
          f"{r['docx_ms']:.0f} ms, python-docx met stijlobjecten {r['docx_floor_ms']:.0f} ms -> ratio "
          f"{r['docx_ratio']:.2f}x (doel <= 1.5x); kale lxml-alinea's {r['docx_xml_floor_ms']:.0f} ms "
          f"-> ratio {r['docx_xml_ratio']:.2f}x")
    return r


CYCLES = 10  # the ten cycles of 28: 280 packages
CYCLE_RUNS = 3


def main_cycles() -> dict:
    """280 packages in ten cycles of 28 (each imported with --cyclus), then the matrix of
    every cycle. Goal: under 3 s. Floor: the same files parsed, hashed and inserted bare."""
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        paths = make_packages(tmp, PACKAGES * CYCLES)
        app_t, floor_t = [], []
        for run in range(CYCLE_RUNS):
            t0 = time.perf_counter()
            with CentralDb.open(tmp / f"cycles{run}.db", create=True) as db:
                for c in range(CYCLES):
                    db.import_packages(paths[c * PACKAGES:(c + 1) * PACKAGES], cycle=f"cyclus {c + 1}")
                matrices = [db.matrix(f"cyclus {c + 1}") for c in range(CYCLES)]
            app_t.append(time.perf_counter() - t0)
            assert all(m["visitations"] == PACKAGES for m in matrices)  # 28 per cycle, never 280
            t0 = time.perf_counter()
            floor(tmp / f"cycles-floor{run}.db", paths)
            floor_t.append(time.perf_counter() - t0)
    r = {"cycles_app_ms": statistics.median(app_t) * 1000, "cycles_floor_ms": statistics.median(floor_t) * 1000}
    r["cycles_ratio"] = r["cycles_app_ms"] / r["cycles_floor_ms"]
    print(f"Centraal ({PACKAGES * CYCLES} pakketten in {CYCLES} cycli inlezen + matrix per cyclus): app "
          f"{r['cycles_app_ms']:.0f} ms (doel < 3000 ms), kaal {r['cycles_floor_ms']:.0f} ms -> ratio "
          f"{r['cycles_ratio']:.2f}x")
    return r


def main() -> dict:
    r = main_import()
    r.update(main_cycles())
    r.update(main_docx())
    return r


def main_import() -> dict:
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        paths = make_packages(tmp)
        app_t, floor_t = [], []
        for run in range(RUNS):
            t0 = time.perf_counter()
            app(tmp / f"app{run}.db", paths)
            app_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            floor(tmp / f"floor{run}.db", paths)
            floor_t.append(time.perf_counter() - t0)
    r = {"app_ms": statistics.median(app_t) * 1000, "floor_ms": statistics.median(floor_t) * 1000}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    print(f"Centraal ({PACKAGES} pakketten x {FINDINGS} bevindingen inlezen + matrix): app "
          f"{r['app_ms']:.0f} ms (doel < 3000 ms), JSON+sha256+executemany met dezelfde pragma's "
          f"{r['floor_ms']:.0f} ms -> ratio {r['ratio']:.2f}x")
    return r


if __name__ == "__main__":
    {"docx": main_docx, "cycli": main_cycles}.get(sys.argv[1] if sys.argv[1:] else "", main)()
