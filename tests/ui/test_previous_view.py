"""Vorige visitatie in the real window: import the previous visitation from its package, set
the opvolging of three recommendations, link an observation, export the report and find the
chapter and its table in the DOCX. On each framework."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QPushButton

from tests.conftest import MEMBERS
from tests.ui.conftest import answer_modal
from visitor_app.rode_draden.package import export_central
from visitor_app.services import Visitation
from visitor_app.ui import ask, files
from visitor_app.ui.views.previous import PreviousView

DIENST = "Omgevingsdienst Testland"
TEXTS = ["Leg de afspraken met de deelnemers vast.", "Maak een meerjarig opleidingsplan.",
         "Deel de risicoanalyse met de ketenpartners."]
OBSERVATION = "De afspraken staan sinds vorig jaar in de regeling."


def previous_package(folder, framework, dienst=DIENST):
    kinds = framework.follow_up_kinds()
    other = next(k["id"] for k in framework.finding_kinds if k["id"] not in kinds)
    t1, t2 = framework.themes[0]["id"], framework.themes[1]["id"]
    slug = dienst.lower().replace(" ", "-")
    with Visitation.create(folder / f"{slug}-2022.visitatie", dienst, "2022-03-08", "2022-03-09",
                           framework=framework) as old:
        old.findings.add(t1, kinds[0], TEXTS[0])
        old.findings.add(t1, kinds[-1], TEXTS[1])
        old.findings.add(t2, kinds[0], TEXTS[2])
        old.findings.add(t2, other, "De dienst werkt goed samen met de politie.")
        export_central(old, folder / f"{slug}-2022.rodedraden")
    return folder / f"{slug}-2022.rodedraden"


@pytest.fixture
def current(tmp_path, each_framework):
    path = tmp_path / "werk.visitatie"
    with Visitation.create(path, DIENST, "2026-03-10", "2026-03-11", members=MEMBERS,
                           framework=each_framework) as v:
        v.observations.add(each_framework.themes[0]["id"], each_framework.observation_kinds[0]["id"],
                           OBSERVATION)
    return path


def open_view(make_window, path):
    window = make_window(path)
    view = window.show_view("PreviousView")
    assert isinstance(view, PreviousView)
    return window, view


def click(qtbot, window, view, name):
    button = view.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.LeftButton)
    assert window.worker.wait()


def test_import_set_three_opvolgingen_and_find_them_in_the_report(
        make_window, current, each_framework, qtbot, tmp_path, monkeypatch):
    fw = each_framework
    package = previous_package(tmp_path, fw)
    window, view = open_view(make_window, current)
    monkeypatch.setattr(files, "open_file", lambda *a, **k: str(package))
    messages = []
    window.ctx.status.connect(messages.append)
    click(qtbot, window, view, "previousImport")
    rows = window.visit.previous.list()
    assert sorted(r["text"] for r in rows) == sorted(TEXTS)
    assert "3 nieuw" in messages[-1]
    assert set(view.combos) == {r["id"] for r in rows}

    statuses = fw.follow_up_statuses()
    for row, status in zip(rows, statuses):
        combo = view.combos[row["id"]]
        combo.setCurrentIndex(combo.findData(status["id"]))
        assert window.worker.wait()
    note = view.findChild(QPlainTextEdit, f"previousToelichting_{rows[0]['id']}")
    note.setFocus()
    qtbot.keyClicks(note, "Staat in de GR")
    view.flush_draft()
    assert window.worker.wait()

    def tick(dialog):
        lst = dialog.list
        assert [lst.item(i).text() for i in range(lst.count())] == [OBSERVATION]
        lst.item(0).setCheckState(Qt.Checked)
        dialog.accept()
    answer_modal(tick)
    click(qtbot, window, view, f"previousLink_{rows[0]['id']}")
    assert window.worker.wait()
    assert "1 gekoppelde waarneming" in view.links[rows[0]["id"]].text()

    stored = {r["id"]: r for r in window.visit.previous.list()}
    assert [stored[r["id"]]["status"] for r in rows] == [s["id"] for s in statuses[:3]]
    assert stored[rows[0]["id"]]["toelichting"] == "Staat in de GR"
    assert len(window.visit.previous.observation_ids(rows[0]["id"])) == 1

    click(qtbot, window, view, "previousImport")  # the same package again: nothing changes
    assert {r["id"]: r for r in window.visit.previous.list()} == stored
    assert "0 nieuw, 3 al aanwezig" in messages[-1]

    out = tmp_path / "concept.docx"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    report = window.show_view("ReportView")
    qtbot.mouseClick(report.findChild(QPushButton, "exportReport"), Qt.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10000)
    assert window.worker.wait()
    document = docx.Document(str(out))
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert fw.previous["title"] in h1
    status_head = (fw.previous.get("columns") or {}).get("status", "Opvolging")
    [table] = [t for t in document.tables if t.rows[0].cells[2].text == status_head]
    body = {r.cells[0].text.split(": ", 1)[-1]: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    names = {t["id"]: t["name"] for t in fw.themes}
    assert body[rows[0]["text"]] == [names[rows[0]["theme"]], statuses[0]["name"], "Staat in de GR"]
    assert body[rows[1]["text"]][1] == statuses[1]["name"]
    assert body[rows[2]["text"]][1] == statuses[2]["name"]


def test_a_package_of_another_dienst_asks_first(make_window, current, each_framework, qtbot,
                                                tmp_path, monkeypatch):
    package = previous_package(tmp_path, each_framework, dienst="OD Elders")
    window, view = open_view(make_window, current)
    monkeypatch.setattr(files, "open_file", lambda *a, **k: str(package))
    asked = []
    monkeypatch.setattr(ask, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    click(qtbot, window, view, "previousImport")
    assert "'OD Elders'" in asked[0] and window.visit.previous.list() == []
    monkeypatch.setattr(ask, "question", lambda *a, **k: QMessageBox.Yes)
    click(qtbot, window, view, "previousImport")
    assert window.worker.wait()
    assert len(window.visit.previous.list()) == 3 and len(view.combos) == 3


def test_the_view_follows_changes_made_elsewhere(make_window, current, each_framework, qtbot, tmp_path):
    from visitor_app.rode_draden.package import previous_source
    from visitor_app.services.changes import changed
    package = previous_package(tmp_path, each_framework)
    window, view = open_view(make_window, current)
    assert view.combos == {} and "Nog niets ingelezen" in view.note.text()
    changes = window.visit.previous.import_source(previous_source(package))  # e.g. a merged copy
    window.ctx.apply(changes)
    assert len(view.combos) == 3
    rid, status = next(iter(view.combos)), each_framework.follow_up_statuses()[2]
    window.ctx.apply(window.visit.previous.set_opvolging(rid, status["id"], toelichting="Elders gezet"))
    window.ctx.apply(changed("previous"))
    assert view.combos[rid].currentData() == status["id"]
    assert view.notes[rid].toPlainText() == "Elders gezet"
    assert f"{status['name']}: 1" in view.note.text()
