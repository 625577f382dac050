"""The Dossiers view takes every name from the template that declares a record table, so it
works the same on a framework with other ids and other names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QLabel

from tests.ui.test_views_records_assessments import env, make_view  # noqa: F401 (fixture)
from visitor_app.ui.views.records import NewRecordDialog, RecordsView


@pytest.fixture
def visit(each_visit):
    """The view's ``env`` on each framework in turn."""
    return each_visit


def test_buttons_list_and_labels_come_from_the_templates(qtbot, env, monkeypatch):
    fw = env.ctx.framework
    case, talk = fw.record_names("case_files"), fw.record_names("partner_interviews")
    view = make_view(qtbot, RecordsView, env)
    assert view.new_case.text().replace("&", "") == case["new_label"]
    assert view.new_partner.text().replace("&", "") == talk["new_label"]
    heading = f"{case['plural']} en {talk['plural'][0].lower()}{talk['plural'][1:]}"
    assert heading in [label.text() for label in view.findChildren(QLabel)]

    answer = ("Dijkdoorbraak bij de sluis", True)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: answer))
    qtbot.mouseClick(view.new_case, Qt.LeftButton)
    env.wait()
    assert view.list.currentItem().text() == f"{case['short']}: Dijkdoorbraak bij de sluis"
    assert any(m == f"{case['short']} aangemaakt." for m in env.messages)

    template = fw.template_for_record("partner_interviews")
    title = fw.title_field(template["id"])
    required = [f for f in template["fields"] if f.get("required") and f["type"] == "choice"]
    chosen = {f["id"]: env.visit.records.option_list(f)[-1] for f in required}

    def accept(dialog):
        assert dialog.windowTitle() == talk["new_label"]
        for fid, option in chosen.items():
            combo = dialog.findChild(QComboBox, f"new_{fid}")
            combo.setCurrentIndex(combo.findData(option["id"]))
        return QDialog.Accepted

    monkeypatch.setattr(NewRecordDialog, "exec", accept)
    qtbot.mouseClick(view.new_partner, Qt.LeftButton)
    env.wait()
    others = [chosen[f["id"]]["name"] for f in required if f["id"] != title]
    assert view.list.currentItem().text() == \
        f"{talk['short']}: {chosen[title]['name']} ({', '.join(others)})"
    [record] = env.visit.records.list("partner_interviews")
    assert record["template"] == template["id"]
    assert {fid: record["fields"][fid] for fid in chosen} == {fid: o["id"] for fid, o in chosen.items()}
