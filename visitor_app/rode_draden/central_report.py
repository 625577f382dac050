"""The Rode draden rapportage of one cycle, read from the central database into the plain
model that rode_draden/report.py writes.

Everything the report says comes from the analyst's work (rode draden, texts, letters,
review comments) and the packages (visits, assessments, follow-up); the words for
"k of N diensten" and the visit dates come from rode_draden/wording.py. No SQL here (the
database's API) and no Qt.
"""

from __future__ import annotations

from pathlib import Path

from visitor_app.rode_draden import report, wording
from visitor_app.rode_draden.database import CentralDb

REVIEW_GROUP = "Klankbordgroep"  # who comments in a review round (a group, never a person)


def _texts(db: CentralDb, cycle: str | None) -> dict[tuple[str, str | None], str]:
    return {(t["section"], t["theme"]): t["text"] or "" for t in db.texts(cycle)}


def _follow_up_text(statuses: dict[str, int], names: dict[str, str]) -> str:
    """"3 opgevolgd, 1 deels, 2 niet" (statuses with a count, in the frameworks' order)."""
    parts = [f"{n} {names.get(s, s).lower()}" for s, n in statuses.items() if n]
    return ", ".join(parts)


def build_model(db: CentralDb, cycle: str | None = None, *, raw: bool = False) -> report.ReportModel:
    """The report of ``cycle`` (None: the default cycle) as report.ReportModel."""
    chosen = db.cycle(cycle)
    name = chosen["name"] if chosen else ""
    n = db.n_diensten(name or None)
    texts = _texts(db, name or None)
    threads = db.threads(name or None)
    themes = []
    for t in db.counted_themes():
        mine = [d for d in threads if d["theme"] == t["id"]]
        draden = []
        for d in mine:  # its sentence: "Bij <phrase> (k van N) <statement>" (threads.count_words)
            draden.append(report.ReportDraad(
                id=str(d["id"]), name=d["name"], k=d["diensten"], n=n, phrase=d["formulering"],
                sentence=d["zin"], conclusion=d["conclusion"] or ""))
        themes.append(report.ReportTheme(
            id=t["id"], name=t["name"], letter=t.get("letter"),
            introduction=texts.get(("inleiding", t["id"]), ""), draden=draden,
            conclusion=texts.get(("conclusie", t["id"]), "")))
    follow = db.follow_up(name or None)
    status_names = {s["id"]: s["name"] for s in follow["statuses"]}
    per_visit = {p["visitation_id"]: p["statuses"] for p in follow["per_visitation"]}
    visits = []
    for i, v in enumerate(sorted(db.visitations(name or None), key=lambda v: (v["start"], v["dienst"].casefold())),
                          start=1):
        visits.append(report.ReportVisit(
            number=i, dienst=v["dienst"], dates_text=wording.visit_dates(v["start"], v["end"]),
            follow_up=_follow_up_text(per_visit.get(v["id"], {}), status_names)))
    return report.ReportModel(
        cycle=name, n=n, voorwoord=texts.get(("voorwoord", None), ""),
        inleiding=texts.get(("inleiding", None), ""), themes=themes,
        integral=texts.get(("integrale_patronen", None), ""), visits=visits,
        basis=_basis(db, name or None), raw=_raw(db, name or None) if raw else None,
        comments=_comments(db, name or None))


def _basis(db: CentralDb, cycle: str | None) -> report.BasisOpOrde | None:
    groups = db.assessment_groups()
    per_dienst = db.assessments_per_dienst(cycle)
    if not groups["basis"] or not per_dienst:
        return None
    items = [report.BasisItem(id=i["id"], name=i["name"], text=i.get("text") or "") for i in groups["basis"]]
    rows = []
    for d in per_dienst:
        robuust = d["single"][0]["value_name"] if d["single"] else ""
        rows.append(report.BasisRow(dienst=d["dienst"], robuustheid=robuust or "", items={
            b["item"]: report.BasisValue(value=b["value_name"] or "", toelichting=b["toelichting"] or "")
            for b in d["basis"]}))
    cross = db.basis_cross_table(cycle)
    table = None
    if cross["rows"]:
        columns = ["op orde", "niet op orde", "onvolledig"]
        table = report.CrossTable(rows=[r["name"] for r in cross["rows"]], columns=columns,
                                  counts=[[r["op_orde"], r["niet_op_orde"], r["onvolledig"]]
                                          for r in cross["rows"]])
    return report.BasisOpOrde(items=items, rows=rows,
                              without=[d["dienst"] for d in db.without_basis(cycle)],
                              robuustheid_label=groups["single"][0]["name"] if groups["single"] else "",
                              cross=table)


def _raw(db: CentralDb, cycle: str | None) -> list[report.RawFinding]:
    kinds = {k["id"]: k["name"] for k in db.kinds()}
    return [report.RawFinding(theme=f["theme"], dienst=f["dienst"], kind=kinds.get(f["kind"], f["kind"]),
                              text=f["text"]) for f in db.findings(cycle=cycle)]


def _comments(db: CentralDb, cycle: str | None) -> list[report.ReviewComment]:
    return [report.ReviewComment(target=str(c["thread"]) if c["thread"] is not None else c["theme"],
                                 round=c["round"], group=REVIEW_GROUP, text=c["text"],
                                 handling=c["handling"] or "")
            for c in db.comments(cycle)]


def write_central_report(db: CentralDb, path: Path | str, cycle: str | None = None, *,
                         review: bool = False, raw: bool = False) -> dict:
    """Write the Rode draden rapportage of a cycle (DOCX); ``review``: the version for the
    klankbordgroep, its comments as Word comments; ``raw``: with the annex of every finding."""
    return report.write_report(build_model(db, cycle, raw=raw), path, review=review)


__all__ = ["build_model", "write_central_report"]
