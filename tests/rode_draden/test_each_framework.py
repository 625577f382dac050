"""The rode-draden route on each framework: a package from a visitation, read back, imported
into a central database and written to the overview workbook, with the framework's own
themes, kinds and assessment items, and no quote or name of a person."""

from __future__ import annotations

from openpyxl import load_workbook

from tests import frameworks as ids
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.exports import sheet_titles, write_overview_xlsx
from visitor_app.rode_draden.package import export_central, read_package
from visitor_app.domain.deidentify import MARKS

NAME_MARK, QUOTE_MARK = MARKS["known_name"], MARKS["quote"]


def _visitation_with_findings(new_visit, fw, dienst: str):
    """Per finding kind a finding in the first theme; the last one repeats a quote and a name."""
    visit = new_visit(fw, f"{dienst}.visitatie", dienst)
    theme, sub = ids.theme_and_subtheme(fw)
    visit.programme.add(day=1, start="17:00", end="17:30", conversation=fw.conversation_types[-1]["id"],
                      participants=[{"function": "Beleidsadviseur", "name": "Marloes Tjabbes"}])
    visit.observations.add(theme, ids.quote_kind(fw), "“Het bestuur hoort het pas achteraf.” — adviseur")
    *kinds, last = fw.finding_kinds
    for kind in kinds:
        visit.findings.add(theme, kind["id"], f"{dienst}: {kind['name']} bij dit thema.", subtheme=sub)
    visit.findings.add(theme, last["id"], "Marloes Tjabbes zei: het bestuur hoort het pas achteraf. "
                                         "Dat raakt het vertrouwen.")
    item = fw.assessment_items[0]
    visit.assessments.set(item["id"], fw.scale_values(item["id"])[0]["id"])
    return visit


def test_a_package_carries_the_framework_it_was_made_with(new_visit, each_framework, tmp_path):
    fw = each_framework
    visit = _visitation_with_findings(new_visit, fw, "Waterschap Proefpolder")
    out = tmp_path / "proefpolder.rodedraden"
    summary = export_central(visit, out)
    pkg = read_package(out)
    assert pkg["framework"]["id"] == fw.id and pkg["framework"]["version"] == fw.version
    assert [t["id"] for t in pkg["framework"]["themes"]] == [t["id"] for t in fw.themes]
    assert [t["name"] for t in pkg["framework"]["themes"]] == [t["name"] for t in fw.themes]
    assert [k["plural"] for k in pkg["framework"]["finding_kinds"]] == \
        [k["plural"] for k in fw.finding_kinds]
    assert [f["kind"] for f in pkg["findings"]] == [k["id"] for k in fw.finding_kinds]
    assert pkg["findings"][-1]["text"] == f"{NAME_MARK} zei: {QUOTE_MARK} Dat raakt het vertrouwen."
    assert summary["quotes_removed"] == 1 and summary["names_redacted"] == 1
    assert "Tjabbes" not in out.read_text(encoding="utf-8")


def test_central_counts_and_overview_use_the_packages_framework(new_visit, each_framework, tmp_path):
    fw = each_framework
    paths = []
    for dienst in ("Waterschap Proefpolder", "Waterschap Oefenwaard"):
        paths.append(tmp_path / f"{dienst}.rodedraden")
        export_central(_visitation_with_findings(new_visit, fw, dienst), paths[-1])
    theme, sub = ids.theme_and_subtheme(fw)
    with CentralDb.open(tmp_path / "centraal.db", create=True) as db:
        assert [r["status"] for r in db.import_packages(paths)] == ["nieuw", "nieuw"]
        matrix = db.matrix()
        out = tmp_path / "overzicht.xlsx"
        write_overview_xlsx(db, out)
    assert [(t["id"], t["name"]) for t in matrix["themes"]] == [(t["id"], t["name"]) for t in fw.themes]
    first = next(t for t in matrix["themes"] if t["id"] == theme)
    assert first["kinds"] == {k["id"]: {"visitations": 2, "findings": 2} for k in fw.finding_kinds}
    assert next(s for s in first["subthemes"] if s["id"] == sub)["kinds"][fw.finding_kinds[0]["id"]] == \
        {"visitations": 2, "findings": 2}
    item = fw.assessment_items[0]
    assert matrix["assessments"][item["id"]][fw.scale_values(item["id"])[0]["id"]] == 2
    titles = sheet_titles([t["name"] for t in fw.themes], ("Samenvatting", "Pakketten"))
    assert load_workbook(out).sheetnames == ["Samenvatting", *titles, "Pakketten", "Screening", "Oordelen per dienst"]
