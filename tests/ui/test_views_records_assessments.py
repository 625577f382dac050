"""The Oordelen and Dossiers views, driven through their real widgets (fictional content only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QGroupBox, QInputDialog, QLineEdit, QListWidget, QPlainTextEdit

from visitor_app.services import Visitation
from visitor_app.ui.autosave import DEBOUNCE_MS
from visitor_app.ui.background import Worker
from visitor_app.ui.context import AppContext
from visitor_app.ui.settings import Settings
from visitor_app.ui.views.assessments import AssessmentsView
from visitor_app.ui.views.records import NewRecordDialog, RecordsView

PAST_DEBOUNCE = DEBOUNCE_MS + 200


class Env:
    """A visitation, a worker and a context, plus what the context reported."""

    def __init__(self, visit, tmp_path):
        self.visit = visit
        self.worker = Worker()
        self.ctx = AppContext(visit, self.worker, Settings(tmp_path / "s.ini"))
        self.messages: list[str] = []
        self.errors: list[BaseException] = []
        self.signals: list[str] = []
        self.ctx.status.connect(self.messages.append)
        self.ctx.error.connect(self.errors.append)
        self.ctx.changed.connect(lambda changes: self.signals.extend(sorted(changes.kinds)))

    def wait(self):
        assert self.worker.wait()


@pytest.fixture
def env(visit, tmp_path):
    e = Env(visit, tmp_path)
    yield e
    e.wait()
    assert e.errors == []


def make_view(qtbot, cls, env):
    view = cls(env.ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def choose(combo: QComboBox, value_id: str) -> None:
    index = combo.findData(value_id)
    assert index > 0, value_id
    combo.setCurrentIndex(index)


# -- Oordelen ----------------------------------------------------------------------------------------
def test_assessments_view_is_built_from_the_framework(qtbot, env):
    view = make_view(qtbot, AssessmentsView, env)
    fw = env.ctx.framework
    assert view.title == "Oordelen"
    for item in fw.assessment_items:
        combo = view.findChild(QComboBox, f"assess_{item['id']}")
        assert combo.itemText(0) == "— nog niet beoordeeld —"
        assert [combo.itemData(i) for i in range(1, combo.count())] == \
            [v["id"] for v in fw.scale_values(item["id"])]
        edit = view.findChild(QPlainTextEdit, f"toelichting_{item['id']}")
        assert edit.placeholderText() == "Toelichting …"
    # ungrouped first, then the groups (in a group box titled with the group name)
    order = [view.findChild(QComboBox, f"assess_{i['id']}") for i in fw.assessment_items]
    ys = [c.mapTo(view.content, c.rect().topLeft()).y() for c in order]
    ungrouped = [y for y, i in zip(ys, fw.assessment_items) if not i["group"]]
    grouped = [y for y, i in zip(ys, fw.assessment_items) if i["group"]]
    assert max(ungrouped) < min(grouped)
    for group in fw.assessment_groups:
        box = view.findChild(QGroupBox, f"group_{group['id']}")
        assert box.title() == group["name"]
    # the top note quotes the framework: the source of the robuustheid scale, and the voorzet
    note = view.note.text()
    robuust = next(i for i in fw.assessment_items if not i["group"])
    assert robuust["text"].split("? ", 1)[1][:40] in note
    assert fw.assessment_groups[0]["description"].split(". ")[0] in note


def test_choosing_a_value_stores_it(qtbot, env):
    view = make_view(qtbot, AssessmentsView, env)
    value = env.ctx.framework.scale_values("robuustheid")[1]["id"]
    choose(view.combos["robuustheid"], value)
    env.wait()
    assert env.visit.assessments.all()["robuustheid"]["value"] == value
    assert "Oordeel opgeslagen." in env.messages
    assert "assessments" in env.signals
    # once judged, "not assessed" can no longer be chosen
    assert not view.combos["robuustheid"].model().item(0).isEnabled()


def test_toelichting_is_saved_after_the_debounce(qtbot, env):
    view = make_view(qtbot, AssessmentsView, env)
    value = env.ctx.framework.scale_values("robuustheid")[0]["id"]
    choose(view.combos["robuustheid"], value)
    env.wait()
    edit = view.notes["robuustheid"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Formatie blijft krap")
    env.wait()
    assert not env.visit.assessments.all()["robuustheid"].get("toelichting")  # not per keystroke
    qtbot.wait(PAST_DEBOUNCE)
    env.wait()
    row = env.visit.assessments.all()["robuustheid"]
    assert row["toelichting"] == "Formatie blijft krap" and row["value"] == value


def test_toelichting_is_saved_on_focus_out(qtbot, env):
    view = make_view(qtbot, AssessmentsView, env)
    item = env.ctx.framework.assessment_items[-1]["id"]
    choose(view.combos[item], env.ctx.framework.scale_values(item)[0]["id"])
    env.wait()
    view.notes[item].setFocus()
    qtbot.keyClicks(view.notes[item], "Zaaksysteem vervangen in 2025")
    view.combos[item].setFocus()  # leaving the field saves at once
    env.wait()
    assert env.visit.assessments.all()[item]["toelichting"] == "Zaaksysteem vervangen in 2025"


def test_toelichting_before_a_value_is_kept(qtbot, env, tmp_path):
    view = make_view(qtbot, AssessmentsView, env)
    edit = view.notes["robuustheid"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Nog te bespreken")
    qtbot.wait(PAST_DEBOUNCE)
    env.wait()
    assert any("Kies eerst een waarde" in m for m in env.messages)
    assert "robuustheid" not in env.visit.assessments.all()
    assert edit.toPlainText() == "Nog te bespreken"
    # survives a new view on the same file (kept as a draft)
    again = make_view(qtbot, AssessmentsView, env)
    assert again.notes["robuustheid"].toPlainText() == "Nog te bespreken"
    # choosing a value stores the text with it
    value = env.ctx.framework.scale_values("robuustheid")[2]["id"]
    choose(view.combos["robuustheid"], value)
    env.wait()
    row = env.visit.assessments.all()["robuustheid"]
    assert (row["value"], row["toelichting"]) == (value, "Nog te bespreken")
    assert env.visit.drafts.all() == {}


def test_stored_assessment_shows_after_reopening(qtbot, env, tmp_path):
    view = make_view(qtbot, AssessmentsView, env)
    value = env.ctx.framework.scale_values("robuustheid")[3]["id"]
    choose(view.combos["robuustheid"], value)
    view.notes["robuustheid"].setFocus()
    qtbot.keyClicks(view.notes["robuustheid"], "Zie zelfevaluatie")
    view.flush_draft()
    env.wait()
    view.close()
    path = env.visit.path
    env.visit.close()
    reopened = Visitation.open(path)
    try:
        other = Env(reopened, tmp_path)
        view2 = make_view(qtbot, AssessmentsView, other)
        assert view2.combos["robuustheid"].currentData() == value
        assert view2.notes["robuustheid"].toPlainText() == "Zie zelfevaluatie"
        other.wait()
        assert other.errors == []
    finally:
        reopened.close()  # (the fixture's close of the first one is harmless)


# -- Dossiers ----------------------------------------------------------------------------------------
def new_case_file(qtbot, env, view, monkeypatch, title="Brand bij recyclingbedrijf"):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (title, True)))
    qtbot.mouseClick(view.new_case, Qt.LeftButton)
    env.wait()
    return next(r for r in env.visit.records.list("case_files") if r["fields"]["titel"] == title)


def test_case_file_created_filled_and_observed(qtbot, env, monkeypatch):
    view = make_view(qtbot, RecordsView, env)
    assert view.title == "Dossiers"
    assert view.findChild(object, "recordsSplitter") is view.splitter
    record = new_case_file(qtbot, env, view, monkeypatch)
    sessions = env.visit.programme.sessions()
    expected = next((s["id"] for s in sessions if s["conversation"] == "zaakdossier"), None)
    assert record["session_id"] == expected
    assert view.list.count() == 1
    assert view.list.currentItem().text() == "Zaakdossier: Brand bij recyclingbedrijf"
    assert "records" in env.signals

    # the form comes from the template: every field, required ones marked
    tpl = env.ctx.framework.template("zaakdossier")
    for spec in tpl["fields"]:
        assert view.findChild(object, f"field_{spec['id']}") is not None, spec["id"]
    assert view.reflection.count() == len(tpl["reflection_questions"])
    first_q = tpl["reflection_questions"][0]
    assert view.reflection.item(0).text().startswith(first_q["text"])
    assert env.ctx.theme_name(first_q["theme"]) in view.reflection.item(0).text()

    # longtext by typing, saved after the debounce
    longtext = next(f["id"] for f in tpl["fields"] if f["type"] == "longtext")
    edit = view.findChild(QPlainTextEdit, f"field_{longtext}")
    edit.setFocus()
    qtbot.keyClicks(edit, "Stankklachten en een brand op het terrein")
    qtbot.wait(PAST_DEBOUNCE)
    env.wait()
    # a multichoice option, checked by keyboard (space), saved at once
    multi = next(f for f in tpl["fields"] if f["type"] == "multichoice")
    checklist = view.findChild(QListWidget, f"field_{multi['id']}")
    checklist.setFocus()
    checklist.setCurrentRow(1)
    qtbot.keyClick(checklist, Qt.Key_Space)
    env.wait()
    option = checklist.item(1).data(Qt.UserRole)
    fields = next(r for r in env.visit.records.list("case_files") if r["id"] == record["id"])["fields"]
    assert fields[longtext] == "Stankklachten en een brand op het terrein"
    assert fields[multi["id"]] == [option]
    assert fields["titel"] == "Brand bij recyclingbedrijf"

    # an observation in the capture pane belongs to this case file
    pane = view.capture
    assert pane.isEnabled()
    assert pane.heading.text() == "Waarneming bij: Zaakdossier: Brand bij recyclingbedrijf"
    pane.text.setFocus()
    qtbot.keyClicks(pane.text, "Regie lag duidelijk bij de casusregisseur")
    qtbot.keyClick(pane.text, Qt.Key_Return)
    env.wait()
    stored = env.visit.observations.list(case_file_id=record["id"])
    assert [o["text"] for o in stored] == ["Regie lag duidelijk bij de casusregisseur"]
    assert pane.list.count() == 1


def test_title_edit_updates_the_list_and_empty_title_is_not_stored(qtbot, env, monkeypatch):
    view = make_view(qtbot, RecordsView, env)
    record = new_case_file(qtbot, env, view, monkeypatch, "Asbest in schuur")
    title = view.findChild(QLineEdit, "field_titel")
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " aan de dijk")
    qtbot.wait(PAST_DEBOUNCE)
    env.wait()
    assert env.visit.records.list("case_files")[0]["fields"]["titel"] == "Asbest in schuur aan de dijk"
    assert view.list.item(0).text() == "Zaakdossier: Asbest in schuur aan de dijk"
    title.selectAll()
    qtbot.keyClick(title, Qt.Key_Delete)
    qtbot.wait(PAST_DEBOUNCE)
    env.wait()
    assert env.visit.records.list("case_files")[0]["fields"]["titel"] == "Asbest in schuur aan de dijk"
    assert any("verplicht" in m for m in env.messages)
    assert record["id"] == env.visit.records.list("case_files")[0]["id"]


def test_cancelled_case_file_creates_nothing(qtbot, env, monkeypatch):
    view = make_view(qtbot, RecordsView, env)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    qtbot.mouseClick(view.new_case, Qt.LeftButton)
    env.wait()
    assert env.visit.records.list("case_files") == [] and view.list.count() == 0
    assert not view.capture.isEnabled()


def test_partner_interview_via_the_dialog(qtbot, env, monkeypatch):
    view = make_view(qtbot, RecordsView, env)
    fw = env.ctx.framework
    partner, level = fw.partner_types[1], fw.partner_levels[0]
    seen = {}

    def accept(dialog):
        seen["session"] = dialog.session.currentData()
        dialog.findChild(QComboBox, "new_partner_type").setCurrentIndex(
            dialog.findChild(QComboBox, "new_partner_type").findData(partner["id"]))
        dialog.findChild(QComboBox, "new_niveau").setCurrentIndex(
            dialog.findChild(QComboBox, "new_niveau").findData(level["id"]))
        return QDialog.Accepted

    monkeypatch.setattr(NewRecordDialog, "exec", accept)
    qtbot.mouseClick(view.new_partner, Qt.LeftButton)
    env.wait()
    ketens = [s["id"] for s in env.visit.programme.sessions() if s["conversation"] == "ketenpartners"]
    assert seen["session"] == (ketens[0] if ketens else None)
    [record] = env.visit.records.list("partner_interviews")
    assert record["fields"]["partner_type"] == partner["id"]
    assert record["fields"]["niveau"] == level["id"]
    assert record["session_id"] == seen["session"]
    label = view.list.currentItem().text()
    assert label == f"Partnergesprek: {partner['name']} ({level['name']})"

    # a choice field saves immediately; the list follows
    combo = view.findChild(QComboBox, "field_niveau")
    other = fw.partner_levels[2]
    combo.setCurrentIndex(combo.findData(other["id"]))
    env.wait()
    assert env.visit.records.list("partner_interviews")[0]["fields"]["niveau"] == other["id"]
    assert view.list.currentItem().text() == f"Partnergesprek: {partner['name']} ({other['name']})"

    # capture binds to the partner interview
    view.capture.text.setFocus()
    qtbot.keyClicks(view.capture.text, "Informatie delen gaat via persoonlijke contacten")
    qtbot.keyClick(view.capture.text, Qt.Key_Return)
    env.wait()
    assert len(env.visit.observations.list(partner_interview_id=record["id"])) == 1


def test_switching_records_flushes_pending_text(qtbot, env, monkeypatch):
    view = make_view(qtbot, RecordsView, env)
    first = new_case_file(qtbot, env, view, monkeypatch, "Lozing in beek")
    new_case_file(qtbot, env, view, monkeypatch, "Geluidsoverlast evenemententerrein")
    view.select_record("case_file", first["id"])
    tpl = env.ctx.framework.template("zaakdossier")
    longtext = next(f["id"] for f in tpl["fields"] if f["type"] == "longtext")
    edit = view.findChild(QPlainTextEdit, f"field_{longtext}")
    edit.setFocus()
    qtbot.keyClicks(edit, "Melding kwam via de waterbeheerder")
    view.list.setCurrentRow(1)  # before the debounce fired
    env.wait()
    stored = next(r for r in env.visit.records.list("case_files") if r["id"] == first["id"])
    assert stored["fields"][longtext] == "Melding kwam via de waterbeheerder"
    view.select_record("case_file", first["id"])
    assert view.findChild(QPlainTextEdit, f"field_{longtext}").toPlainText() == \
        "Melding kwam via de waterbeheerder"
