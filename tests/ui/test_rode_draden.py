"""The Rode draden window: an ODNL analyst makes a central database, imports the packages of
three (fictional) diensten, reads the matrix and the findings behind a cell, filters by kind,
sees a tampered package refused, and exports the overview and the draft report."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QMessageBox, QPushButton, QTextBrowser

from tests.rode_draden.packages import make_package
from tests.ui.conftest import answer_modal
from visitor_app.rode_draden.database import CentralDb
from visitor_app.ui.rode_draden.window import TITLE, RodeDradenWindow
from visitor_app.ui import files

ESCAPED = "Heidewaard: het bestuur krijgt weinig <b>cijfers</b> & tussenrapportages."


@pytest.fixture
def packages(tmp_path, framework):
    """Heidewaard (two) and Kreekland (one) have a finding of the improvement kind in theme X;
    Veenhorst has one of another kind in X; Kreekland and Veenhorst one of a third kind in Y."""
    x, y = framework.themes[0], framework.themes[1]
    kinds = [k["id"] for k in framework.finding_kinds]
    plain, other, improve = kinds[0], kinds[1], kinds[2]
    sub = x["subthemes"][0]
    folder = tmp_path / "pakketten"
    folder.mkdir()
    paths = [
        make_package(folder, framework, "OD Heidewaard", [
            (x["id"], improve, "Heidewaard: de jaarplanning wordt laat vastgesteld.", sub["id"]),
            (x["id"], improve, ESCAPED, None)], start="2026-02-03"),
        make_package(folder, framework, "OD Kreekland", [
            (x["id"], improve, "Kreekland: de planning loopt achter.", None),
            (y["id"], other, "Kreekland: goede afspraken met de ketenpartners.", None)], start="2026-03-10"),
        make_package(folder, framework, "OD Veenhorst", [
            (x["id"], plain, "Veenhorst: de kaders zijn vastgesteld.", None),
            (y["id"], other, "Veenhorst: een sterke regionale samenwerking.", None)], start="2026-04-14"),
    ]
    return {"paths": paths, "x": x, "y": y, "sub": sub, "plain": plain, "other": other,
            "improve": improve, "kinds": {k["id"]: k for k in framework.finding_kinds}}


@pytest.fixture
def window(qtbot, settings):
    w = RodeDradenWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_db()


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.LeftButton)


def row_counts(window, theme_id: str) -> dict[str, str]:
    """Dienst header -> cell text for one theme row (the per-dienst columns only)."""
    table = window.table
    row = next(r for r, t in enumerate(window.rows) if t["id"] == theme_id)
    return {table.horizontalHeaderItem(c).text(): table.item(row, c).text()
            for c, (what, _key) in enumerate(window.columns) if what == "dienst"}


def click_cell(qtbot, window, row: int, column: int) -> None:
    table = window.table
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())


def new_database(window, qtbot, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(path))
    click(qtbot, window, "emptyNewButton")
    assert window.worker.wait()
    assert path.exists()


def import_files(window, qtbot, monkeypatch, paths, cycle_answers: list | None = None) -> None:
    """Import as the analyst does: choose the files, then answer which cycle (OK on what it
    proposes: the cycle shown, or by visit date)."""
    monkeypatch.setattr(files, "open_files", lambda *a, **k: [str(p) for p in paths])
    seen = cycle_answers if cycle_answers is not None else []

    def answer(dialog):
        seen.append(dialog.textValue())
        dialog.accept()
    answer_modal(answer)
    click(qtbot, window, "importButton")
    assert window.worker.wait()
    qtbot.waitUntil(lambda: window.worker.idle, timeout=5000)


def test_without_a_database_the_window_explains_itself(window):
    assert window.windowTitle() == TITLE
    assert window.stack.currentWidget().objectName() == "rodeDradenNoDatabase"
    text = window.findChild(QLabel, "emptyState").text()
    assert "rode-dradenpakket" in text and "centrale database" in text
    for name in ("emptyOpenButton", "emptyNewButton"):
        assert window.findChild(QPushButton, name).isVisible()
    assert not window.findChild(QPushButton, "emptyLastButton").isVisible()  # nothing used yet
    for name in ("importButton", "exportXlsxButton", "exportDocxButton"):
        assert not window.findChild(QPushButton, name).isEnabled()
    combo = window.findChild(QComboBox, "kindFilter")
    assert combo.count() == 1 and combo.itemText(0) == "Alle soorten"
    assert action(window, "actionImportPackages").shortcut().toString() == "Ctrl+I"
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert menu_texts == ["Centrale database &openen …", "&Nieuwe centrale database …",
                          "Pakketten &importeren …", "Overzicht exporteren (&Excel) …",
                          "Rode draden rapportage exporteren (&Word) …",
                          "&Reviewversie voor de klankbordgroep (Word) …", "&Sluiten"]


def test_import_matrix_findings_filter_refusal_and_exports(window, packages, qtbot, monkeypatch,
                                                           tmp_path, settings):
    x, y, improve, other = packages["x"], packages["y"], packages["improve"], packages["other"]
    kinds = packages["kinds"]
    db_path = tmp_path / "centraal.db"
    new_database(window, qtbot, monkeypatch, db_path)
    assert window.windowTitle().startswith("centraal.db")
    assert window.stack.currentWidget().objectName() == "rodeDradenNoPackages"
    assert "visitor-app export-central" in window.findChild(QLabel, "exportCommand").text()
    assert settings.value("rodedraden/last_db") == str(db_path.resolve())

    # -- import three packages through the button ------------------------------------------
    import_files(window, qtbot, monkeypatch, packages["paths"])
    summary = window.findChild(QLabel, "importSummary")
    assert summary.isVisible()
    assert "3 nieuw" in summary.text()
    assert summary.text().count("nieuw —") == 3
    assert "3 nieuw" in window.statusBar().currentMessage()
    assert window.stack.currentWidget().objectName() == "rodeDradenMatrixPage"

    diensten = window.findChild(QListWidget, "dienstenList")
    assert diensten.count() == 3
    first = diensten.item(0).text()
    assert "OD Heidewaard" in first and "2026-02-03" in first and "2 bevindingen" in first
    assert "kader" in first

    # -- the matrix: findings per theme and dienst, "k van N" per kind -------------------------
    assert row_counts(window, x["id"]) == {"OD Heidewaard": "2", "OD Kreekland": "1", "OD Veenhorst": "1"}
    assert row_counts(window, y["id"]) == {"OD Heidewaard": "", "OD Kreekland": "1", "OD Veenhorst": "1"}
    table = window.table
    x_row = next(r for r, t in enumerate(window.rows) if t["id"] == x["id"])
    improve_col = window.kind_column(improve)
    assert table.item(x_row, improve_col).text() == "2 van 3"
    assert table.item(x_row, window.kind_column(other)).text() == "0 van 3"
    assert kinds[improve]["plural"] in table.horizontalHeaderItem(improve_col).text()
    assert table.verticalHeaderItem(x_row).text() == x["name"]
    heidewaard_col = next(c for c, (what, _k) in enumerate(window.columns) if what == "dienst"
                          and table.horizontalHeaderItem(c).text() == "OD Heidewaard")
    assert "2026-02-03" in table.horizontalHeaderItem(heidewaard_col).toolTip()
    # read-only, and coloured by count: more findings, a stronger colour
    assert not table.item(x_row, heidewaard_col).flags() & Qt.ItemIsEditable
    zero = table.item(next(r for r, t in enumerate(window.rows) if t["id"] == y["id"]), heidewaard_col)
    assert table.item(x_row, heidewaard_col).background().color().lightness() < \
        zero.background().color().lightness()

    # -- click a cell: the findings behind it ----------------------------------------------------
    browser = window.findChild(QTextBrowser, "cellFindings")
    click_cell(qtbot, window, x_row, heidewaard_col)
    shown = browser.toPlainText()
    assert f"{x['name']} — OD Heidewaard" in shown
    assert "Heidewaard: de jaarplanning wordt laat vastgesteld." in shown
    assert ESCAPED in shown  # escaped: the tags are text, not markup
    assert packages["sub"]["name"] in shown  # grouped by subtheme
    assert kinds[improve]["plural"] in shown
    assert "Kreekland" not in shown

    click_cell(qtbot, window, x_row, improve_col)
    shown = browser.toPlainText()
    assert f"{x['name']} — {kinds[improve]['plural']}, bij 2 van 3 diensten" in shown
    assert "Kreekland: de planning loopt achter. (OD Kreekland)" in shown
    assert "(OD Heidewaard)" in shown
    assert "Veenhorst" not in shown

    # -- the kind filter restricts the per-dienst counts --------------------------------------------
    combo = window.findChild(QComboBox, "kindFilter")
    assert combo.itemText(0) == "Alle soorten"
    assert combo.count() == 1 + len(kinds)
    combo.setCurrentIndex(combo.findData(improve))
    assert row_counts(window, x["id"]) == {"OD Heidewaard": "2", "OD Kreekland": "1", "OD Veenhorst": ""}
    assert not table.isColumnHidden(improve_col) and table.isColumnHidden(window.kind_column(other))
    veenhorst_col = next(c for c, (what, _k) in enumerate(window.columns) if what == "dienst"
                         and table.horizontalHeaderItem(c).text() == "OD Veenhorst")
    click_cell(qtbot, window, x_row, veenhorst_col)
    assert "Geen bevindingen" in browser.toPlainText()  # the cell follows the filter
    combo.setCurrentIndex(combo.findData(other))
    assert row_counts(window, x["id"]) == {"OD Heidewaard": "", "OD Kreekland": "", "OD Veenhorst": ""}
    assert row_counts(window, y["id"]) == {"OD Heidewaard": "", "OD Kreekland": "1", "OD Veenhorst": "1"}
    combo.setCurrentIndex(0)
    assert row_counts(window, x["id"]) == {"OD Heidewaard": "2", "OD Kreekland": "1", "OD Veenhorst": "1"}
    assert not table.isColumnHidden(window.kind_column(other))

    # -- a tampered package (text edited, digest kept) is refused; nothing changes ---------------
    package = json.loads(packages["paths"][0].read_text(encoding="utf-8"))
    package["findings"][0]["text"] = "Heidewaard: alles loopt op rolletjes."
    tampered = tmp_path / "heidewaard-bewerkt.rodedraden"
    tampered.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    import_files(window, qtbot, monkeypatch, [tampered])
    text = summary.text()
    assert "1 geweigerd" in text and "GEWEIGERD" in text and "heidewaard-bewerkt.rodedraden" in text
    assert "controlegetal" in text
    assert "1 geweigerd" in window.statusBar().currentMessage()
    assert row_counts(window, x["id"]) == {"OD Heidewaard": "2", "OD Kreekland": "1", "OD Veenhorst": "1"}
    assert table.item(x_row, improve_col).text() == "2 van 3"

    # -- exports through the buttons, in the worker ----------------------------------------------
    xlsx = tmp_path / "overzicht.xlsx"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(xlsx))
    click(qtbot, window, "exportXlsxButton")
    assert window.worker.wait()
    assert xlsx.exists()
    assert str(xlsx) in window.statusBar().currentMessage()
    assert "Samenvatting" in load_workbook(xlsx).sheetnames

    docx = tmp_path / "rode-draden"  # no suffix typed: .docx is added
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(docx))
    click(qtbot, window, "exportDocxButton")
    assert window.worker.wait()
    written = docx.with_suffix(".docx")
    assert written.exists()
    body = "\n".join(p.text for p in Document(str(written)).paragraphs)
    # the Rode draden rapportage of the cycle: a chapter per theme, every visit in Bijlage 1
    assert "Rode draden rapportage" in body and "Bijlage 1" in body and "OD Kreekland (" in body


def test_a_file_that_is_no_central_database_gives_a_dutch_dialog(window, qtbot, monkeypatch, tmp_path):
    bogus = tmp_path / "notities.db"
    bogus.write_text("Dit is een boodschappenlijstje, geen database.\n" * 10, encoding="utf-8")
    monkeypatch.setattr(files, "open_file", lambda *a, **k: str(bogus))
    seen = []

    def close(dialog):
        seen.append((dialog.windowTitle(), dialog.text()))
        dialog.button(QMessageBox.Ok).click()
    answer_modal(close)
    action(window, "actionOpenCentral").trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    title, text = seen[0]
    assert title == "Centrale database niet geopend"
    assert "geen bruikbare centrale rode-dradendatabase" in text and "niets" in text
    assert window.db is None
    assert window.windowTitle() == TITLE
    assert window.stack.currentWidget().objectName() == "rodeDradenNoDatabase"
    assert bogus.read_text(encoding="utf-8").startswith("Dit is een boodschappenlijstje")


def test_an_export_that_fails_shows_a_dutch_dialog(window, packages, qtbot, monkeypatch, tmp_path):
    new_database(window, qtbot, monkeypatch, tmp_path / "centraal.db")
    import_files(window, qtbot, monkeypatch, packages["paths"][:1])
    seen = []

    def close(dialog):
        seen.append((dialog.windowTitle(), dialog.text()))
        dialog.button(QMessageBox.Ok).click()
    answer_modal(close)
    window.export_overview(tmp_path / "bestaat-niet" / "overzicht.xlsx")
    assert window.worker.wait()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0][0] == "Overzicht niet geëxporteerd"
    assert "map bestaat niet" in seen[0][1]


def test_the_last_database_and_the_splitters_are_remembered(qtbot, settings, packages, monkeypatch,
                                                             tmp_path):
    first = RodeDradenWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    db_path = tmp_path / "centraal.db"
    new_database(first, qtbot, monkeypatch, db_path)
    import_files(first, qtbot, monkeypatch, packages["paths"])
    first.close()
    assert first.db is None
    assert isinstance(settings.value("rodedraden/splitter"), QByteArray)

    second = RodeDradenWindow(settings=settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    last = second.findChild(QPushButton, "emptyLastButton")
    assert last.isVisible() and "centraal.db" in last.text()
    qtbot.mouseClick(last, Qt.LeftButton)
    assert second.worker.wait()
    assert second.db is not None and second.db.path == db_path
    assert second.findChild(QListWidget, "dienstenList").count() == 3
    second.close()


def test_the_database_is_read_and_written_off_the_gui_thread(window, packages, qtbot, monkeypatch,
                                                             tmp_path):
    """Counting, importing and exporting run in the worker; the GUI thread only opens and closes."""
    threads = []
    for name in ("visitations", "matrix", "findings", "import_package", "themes", "kinds"):
        original = getattr(CentralDb, name)

        def spy(self, *args, _original=original, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(CentralDb, name, spy)
    new_database(window, qtbot, monkeypatch, tmp_path / "centraal.db")
    asked: list = []
    import_files(window, qtbot, monkeypatch, packages["paths"], asked)
    assert asked == ["Op bezoekdatum (de cyclus waarvan de periode de datum bevat)"]  # a new database
    click_cell(qtbot, window, 0, window.kind_column(packages["improve"]))
    window.findChild(QComboBox, "kindFilter").setCurrentIndex(1)
    window.export_report(tmp_path / "rapport.docx")
    assert window.worker.wait()
    assert (tmp_path / "rapport.docx").exists()
    assert threads and not any(threads)


def test_the_main_window_opens_rode_draden_on_the_last_database(make_window, packages, qtbot, tmp_path):
    """A secretary who is also the analyst: Bestand > Rode draden opens the analyst's window on the
    central database of last time; closing the main window closes it (and its database) too."""
    central = tmp_path / "centraal.db"
    db = CentralDb.open(central, create=True)
    db.import_packages(packages["paths"][:2])
    db.close()
    main = make_window()
    main.settings.set_value("rodedraden/last_db", str(central))
    menu = main.menuBar().actions()[0].menu()
    entry = next(a for a in menu.actions() if a.objectName() == "actionRodeDraden")
    assert entry.text().replace("&", "") == "Rode draden (ODNL) …"
    entry.trigger()
    rd = main.rode_draden
    assert rd is not None and rd.isVisible() and rd.db is not None
    assert rd.worker.wait()
    qtbot.waitUntil(lambda: rd.stack.currentWidget() is rd.matrix_page, timeout=5000)
    assert {rd.table.horizontalHeaderItem(c).text() for c, (what, _k) in enumerate(rd.columns)
            if what == "dienst"} == {"OD Heidewaard", "OD Kreekland"}
    entry.trigger()  # asked again: the same window, not a second one
    assert main.rode_draden is rd
    main.close()
    assert not rd.isVisible() and rd.db is None
