"""Exporting the draft report: 400 observations and 60 findings, against python-docx
writing the same paragraphs into a bare document. Goal: ratio at most 2x."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import scratch_dir, synthetic_observations  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402
from visitor_app.reports.docx_report import export_report  # noqa: E402

RUNS = 5


def floor(out: Path, paragraphs: list[tuple[str, str]]) -> None:
    from docx import Document
    doc = Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    doc.save(str(out))


def main() -> dict:
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        path = tmp / "rapport.visitatie"
        with Visitation.create(path, "OD Bench", "2026-03-10", "2026-03-11") as v:
            ids = v.observations.add_many(synthetic_observations(400)).ids
            kinds = [k["id"] for k in v.framework.finding_kinds]
            themes = [t["id"] for t in v.framework.themes]
            for i in range(60):
                v.findings.add(themes[i % 6], kinds[i % 4], f"Bevinding {i}: " + " ".join(
                    ["de dienst werkt structureel samen met ketenpartners"] * 3),
                    observation_ids=ids[i * 6:(i + 1) * 6])
        with Visitation.open(path) as v:
            app_t, floor_t = [], []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                export_report(v, tmp / "app.docx", trace=True)
                app_t.append(time.perf_counter() - t0)
                from docx import Document
                written = [(p.style.name, p.text) for p in Document(str(tmp / "app.docx")).paragraphs]
                t0 = time.perf_counter()
                floor(tmp / "floor.docx", [(s if s in ("Heading 1", "Heading 2", "Heading 3", "Title",
                                                        "List Bullet", "List Number") else "Normal", t)
                                           for s, t in written])
                floor_t.append(time.perf_counter() - t0)
    r = {"app_ms": statistics.median(app_t) * 1000, "floor_ms": statistics.median(floor_t) * 1000}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    print(f"Rapport (400 waarnemingen, 60 bevindingen, met herleidbaarheid): app {r['app_ms']:.0f} ms, "
          f"python-docx met dezelfde alinea's {r['floor_ms']:.0f} ms -> ratio {r['ratio']:.2f}x (doel <= 2x)")
    return r


if __name__ == "__main__":
    main()
