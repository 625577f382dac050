"""Packages of fictional diensten for the rode-draden tests (and the window's)."""

from __future__ import annotations

from pathlib import Path

from visitor_app.services import Visitation
from visitor_app.rode_draden.package import export_central


def make_package(folder: Path, framework, dienst: str, findings, assessments=(),
                 exported: str | None = None, start: str = "2026-03-10") -> Path:
    """A fictional visitation with ``findings`` [(theme, kind, text, subtheme)] exported to
    FOLDER/<dienst>.rodedraden; returns the package path."""
    slug = dienst.lower().replace(" ", "-")
    visit = Visitation.create(folder / f"{slug}.visitatie", dienst, start, start,
                              framework=framework, with_programme=False)
    with visit:
        for theme, kind, text, subtheme in findings:
            visit.findings.add(theme, kind, text, subtheme=subtheme)
        for item, value in assessments:
            visit.assessments.set(item, value)
        out = folder / f"{slug}.rodedraden"
        export_central(visit, out, exported=exported)
    return out


def pick(framework):
    """Two themes (the first with a subtheme) and the kinds, taken from the framework."""
    x = next(t for t in framework.themes if t["subthemes"])
    y = next(t for t in framework.themes if t["id"] != x["id"])
    kinds = {k["id"]: k for k in framework.finding_kinds}
    return x, y, list(kinds)
