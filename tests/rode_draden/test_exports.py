"""The overview workbook (XLSX) and the draft rode-draden report (DOCX) from the central database."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import docx.document
import openpyxl.workbook.workbook
import pytest
from docx import Document
from openpyxl import load_workbook

from tests.rode_draden.packages import make_package, pick
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.exports import (
    sheet_titles,
    write_overview_xlsx,
    write_rode_draden_docx,
)
from visitor_app.errors import InputError
from visitor_app.store import files


@pytest.fixture
def central(tmp_path, framework):
    """Three fictional diensten: two with a finding of kind K2 in theme X (one of them two),
    one with a K1 finding in theme Y, and a formula-like text."""
    x, y, kinds = pick(framework)
    k1, k2 = kinds[1], kinds[2]
    sub = x["subthemes"][0]
    item = framework.assessment_items[0]
    value = framework.scale_values(item["id"])[0]
    paths = [
        make_package(tmp_path, framework, "OD Aardal", [
            (x["id"], k2, "Aardal: de planning loopt achter.", sub["id"]),
            (x["id"], k2, "Aardal: de rapportage is beperkt.", None)],
            assessments=[(item["id"], value["id"])]),
        make_package(tmp_path, framework, "OD Beekveld", [
            (x["id"], k2, "Beekveld: de planning loopt achter.", None)]),
        make_package(tmp_path, framework, "OD Cranendijk", [
            (y["id"], k1, "=1+1 is geen formule maar tekst.", None)]),
    ]
    db = CentralDb.open(tmp_path / "centraal.db", create=True)
    db.import_packages(paths)
    yield {"db": db, "x": x, "y": y, "k1": k1, "k2": k2, "sub": sub, "item": item, "value": value,
           "framework": framework}
    db.close()


def test_overview_workbook_has_summary_theme_sheets_and_texts(central, tmp_path):
    fw = central["framework"]
    out = tmp_path / "overzicht.xlsx"
    result = write_overview_xlsx(central["db"], out)
    assert result["diensten"] == 3 and result["findings"] == 4
    wb = load_workbook(out)
    titles = sheet_titles([t["name"] for t in fw.themes], ("Samenvatting", "Pakketten"))
    assert wb.sheetnames == ["Samenvatting", *titles, "Pakketten", "Screening", "Oordelen per dienst"]
    assert all(len(t) <= 31 for t in wb.sheetnames)

    summary = wb["Samenvatting"]
    rows = list(summary.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Thema")
    plural = {k["id"]: k["plural"] for k in fw.finding_kinds}
    col = header.index(f"{plural[central['k2']]}: bij … van 3 diensten")
    assert header[col + 1] == f"{plural[central['k2']]}: aantal"
    x_row = next(i for i, r in enumerate(rows, start=1) if r[0] == central["x"]["name"])
    cell = summary.cell(row=x_row, column=col + 1)
    assert cell.value == 2 and "van 3 diensten" in cell.number_format
    assert summary.cell(row=x_row, column=col + 2).value == 3
    item_row = next(i for i, r in enumerate(rows, start=1) if r[0] == central["item"]["name"])
    assert rows[item_row - 1][1:3] == (central["value"]["name"], 1)

    x_title = titles[[t["id"] for t in fw.themes].index(central["x"]["id"])]
    sheet = wb[x_title]
    assert sheet.freeze_panes == "B2"
    head = [c.value for c in sheet[1]]
    assert head == ["Dienst", *[k["plural"] for k in fw.finding_kinds]]
    by_dienst = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(by_dienst) == ["OD Aardal", "OD Beekveld", "OD Cranendijk"]
    k2_col = head.index(plural[central["k2"]])
    assert by_dienst["OD Aardal"][k2_col] == \
        "Aardal: de planning loopt achter.\n\nAardal: de rapportage is beperkt."
    assert by_dienst["OD Cranendijk"][k2_col] is None
    assert sheet.cell(row=2, column=k2_col + 1).alignment.wrap_text

    y_title = titles[[t["id"] for t in fw.themes].index(central["y"]["id"])]
    formula_like = wb[y_title].cell(row=4, column=[c.value for c in wb[y_title][1]].index(
        plural[central["k1"]]) + 1)
    assert formula_like.value == "=1+1 is geen formule maar tekst." and formula_like.data_type == "s"
    assert [r[0] for r in wb["Pakketten"].iter_rows(min_row=2, values_only=True)] == \
        ["OD Aardal", "OD Beekveld", "OD Cranendijk"]


def test_draft_report_counts_per_theme_and_names_the_dienst(central, tmp_path):
    fw = central["framework"]
    out = tmp_path / "rode-draden.docx"
    result = write_rode_draden_docx(central["db"], out)
    assert result == {"file": str(out), "themes": len(fw.themes), "findings": 4, "diensten": 3}
    doc = Document(str(out))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    texts = [t for _, t in paras]
    assert texts[0] == "Rode draden — concept"
    assert any("3 visitatiepakketten" in t and "concept" in t for t in texts)
    plural = {k["id"]: k["plural"] for k in fw.finding_kinds}
    x_at = texts.index(central["x"]["name"])
    y_at = texts.index(central["y"]["name"])
    chapter_x = texts[x_at:y_at] if x_at < y_at else texts[x_at:]
    assert f"Bij 2 van 3 diensten staan {plural[central['k2']].lower()} bij dit thema (3 in totaal)." \
        in chapter_x
    assert f"Bij geen van de 3 diensten staan {plural[central['k1']].lower()} bij dit thema." in chapter_x
    assert central["sub"]["name"] in chapter_x
    assert "Aardal: de planning loopt achter. (OD Aardal)" in chapter_x
    assert "Beekveld: de planning loopt achter. (OD Beekveld)" in chapter_x
    assert ("Heading 1", central["x"]["name"]) in paras
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells][0] == "Dienst"
    assert [r.cells[0].text for r in table.rows[1:]] == ["OD Aardal", "OD Beekveld", "OD Cranendijk"]


def test_an_empty_central_database_is_not_exported(tmp_path):
    with CentralDb.open(tmp_path / "leeg.db", create=True) as db:
        with pytest.raises(InputError, match="nog geen pakketten"):
            write_overview_xlsx(db, tmp_path / "o.xlsx")
        with pytest.raises(InputError, match="nog geen pakketten"):
            write_rode_draden_docx(db, tmp_path / "r.docx")
    assert not (tmp_path / "o.xlsx").exists() and not (tmp_path / "r.docx").exists()


def test_wrong_extension_is_refused(central, tmp_path):
    with pytest.raises(InputError, match=r"\.xlsx"):
        write_overview_xlsx(central["db"], tmp_path / "overzicht.docx")
    with pytest.raises(InputError, match=r"\.docx"):
        write_rode_draden_docx(central["db"], tmp_path / "rapport.xlsx")


def test_sheet_titles_are_valid_short_and_unique():
    names = ["Een heel lang thema met een naam van meer dan eenendertig tekens",
             "Een heel lang thema met een naam van meer dan eenendertig tekens, deel twee",
             "Vragen: wat/waarom?", "samenvatting"]
    titles = sheet_titles(names, ("Samenvatting",))
    assert all(len(t) <= 31 for t in titles)
    assert len({t.casefold() for t in titles} | {"samenvatting"}) == len(titles) + 1
    assert not any(ch in t for t in titles for ch in "[]:*?/\\")
    assert titles[1].endswith("(2)") and titles[3] == "samenvatting (2)"


# Each export with the class whose save() writes its file (at the temp path it is given).
EXPORTS = [(write_overview_xlsx, "overzicht.xlsx", openpyxl.workbook.workbook.Workbook),
           (write_rode_draden_docx, "rode-draden.docx", docx.document.Document)]


@pytest.mark.parametrize("write, name, document", EXPORTS)
def test_an_export_that_fails_halfway_leaves_no_temp_file_and_no_target(
        central, tmp_path, monkeypatch, write, name, document):
    def half_written(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half geschreven")
        raise OSError(errno.ENOSPC, "schijf vol")

    monkeypatch.setattr(document, "save", half_written)
    before = sorted(p.name for p in tmp_path.iterdir())
    from visitor_app.errors import DiskFullError  # Dutch, exit 8 (issue 11, defect 7)
    with pytest.raises(DiskFullError, match=f"{name}: de schijf is vol"):
        write(central["db"], tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("write, name, document", EXPORTS)
def test_a_target_open_in_another_program_is_refused_in_dutch_and_left_as_it_was(
        central, tmp_path, monkeypatch, write, name, document):
    out = tmp_path / name
    out.write_bytes(b"de vorige versie, nog open in Excel of Word")

    def in_use(src, dst):
        raise PermissionError(errno.EACCES, "in gebruik")

    monkeypatch.setattr(files.os, "replace", in_use)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InputError, match="nog open in een ander programma"):
        write(central["db"], out)
    assert out.read_bytes() == b"de vorige versie, nog open in Excel of Word"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are POSIX modes")
@pytest.mark.parametrize("write, name, document", EXPORTS)
def test_the_exports_are_owner_only(central, tmp_path, write, name, document):
    out = tmp_path / name
    write(central["db"], out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
