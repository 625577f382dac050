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


def test_a_session_without_its_record_is_filled_in_and_a_record_moved_to_another_session(
        qtbot, env, monkeypatch):
    """Sessions of the conversation type that gets case files show as "nog niet ingevuld";
    filling one in makes its record, linked to it; the record's session is chosen in the
    middle pane and stored at once."""
    visit, fw = env.visit, env.ctx.framework
    conversation = fw.template_for_record("case_files")["conversation"]
    visit.programme.add(day=2, start="16:00", end="16:45", conversation=conversation,
                        title="Nabespreking van een casus", participants=["Projectleider"])
    first, second, *_ = visit.records.sessions_for("case_files")
    names = fw.record_names("case_files")
    view = make_view(qtbot, RecordsView, env)
    unfilled = [view.unfilled.item(i).text() for i in range(view.unfilled.count())]
    assert f"{names['short']}: Dag {second['day']} {second['start']} {second['title']}" in unfilled
    assert len(unfilled) == sum(len(visit.records.unfilled(t)) for t in ("case_files", "partner_interviews"))
    assert view.unfilled.isVisible() and not view.fill.isEnabled()

    row = next(i for i in range(view.unfilled.count()) if second["title"] in view.unfilled.item(i).text())
    view.unfilled.setCurrentRow(row)
    assert view.fill.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Kwel achter de dijk", True)))
    qtbot.mouseClick(view.fill, Qt.LeftButton)
    env.wait()
    [record] = visit.records.list("case_files")
    assert record["session_id"] == second["id"]
    assert view.list.currentItem().text().endswith("Kwel achter de dijk")
    assert view.session_info.currentData() == second["id"]
    texts = [view.unfilled.item(i).text() for i in range(view.unfilled.count())]
    assert not any(second["title"] in t for t in texts) and any(first["title"] in t for t in texts)

    # the record moves to the first session: chosen by keyboard in the "Gesprek" choice
    combo = view.session_info
    combo.setFocus()
    while combo.currentData() != first["id"]:
        qtbot.keyClick(combo, Qt.Key_Up if combo.currentIndex() > combo.findData(first["id"]) else Qt.Key_Down)
    env.wait()
    assert visit.store.get("case_files", record["id"])["session_id"] == first["id"]
    texts = [view.unfilled.item(i).text() for i in range(view.unfilled.count())]
    assert any(second["title"] in t for t in texts) and not any(first["title"] in t for t in texts)
    assert "Gesprek van het dossier opgeslagen." in env.messages

    # activating a session that has its record opens that record
    view.list.clearSelection()
    view.fill_session("case_file", first["id"])
    assert view.current == ("case_file", record["id"])

    # and to no session at all
    combo.setFocus()
    while combo.currentIndex() != 0:
        qtbot.keyClick(combo, Qt.Key_Up)
    env.wait()
    assert visit.store.get("case_files", record["id"])["session_id"] is None
    assert len(visit.records.unfilled("case_files")) == len(visit.records.sessions_for("case_files"))
