"""The Rapport view, driven through the real window (fictional content only, ASCII keystrokes)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QLabel, QListWidget, QPlainTextEdit, QPushButton,
    QTabWidget, QTreeWidget,
)

from visitor_app.services import Visitation
from visitor_app.services.changes import changed
from visitor_app.ui.autosave import DEBOUNCE_MS
from visitor_app.ui import files

OBS_TEXTS = ["De werkvoorraad loopt op.", "Het mandaat is onduidelijk.", "Er is weinig capaciteit.",
             "De planning wordt gehaald."]
OTHER_TEXT = "De ketenpartners kennen elkaar goed."


@pytest.fixture
def filled(vfile, framework):
    """A file with four observations on the first theme and one on the second; no findings."""
    v = Visitation.open(vfile)
    t0, t1 = framework.themes[0]["id"], framework.themes[1]["id"]
    kind = framework.observation_kinds[0]["id"]
    for text in OBS_TEXTS:
        v.observations.add(t0, kind, text)
    v.observations.add(t1, kind, OTHER_TEXT)
    v.close()
    return vfile


class Ui:
    def __init__(self, window, qtbot):
        self.window, self.qtbot = window, qtbot
        self.view = window.show_view("ReportView")
        assert self.view is not None
        self.wait()
        self.visit = window.visit
        v = self.view
        self.themes = v.findChild(QListWidget, "reportThemes")
        self.tree = v.findChild(QTreeWidget, "reportFindings")
        self.obs = v.findChild(QTreeWidget, "reportObservations")
        self.linked = v.findChild(QListWidget, "reportLinked")

    def wait(self):
        assert self.window.worker.wait()

    def click(self, text_or_name: str):
        button = self.view.findChild(QPushButton, text_or_name) or next(
            b for b in self.view.findChildren(QPushButton) if b.text() == text_or_name)
        assert button.isEnabled(), text_or_name
        self.qtbot.mouseClick(button, Qt.LeftButton)
        self.wait()

    def obs_items(self):
        return [self.obs.topLevelItem(r) for r in range(self.obs.topLevelItemCount())]

    def obs_texts(self):
        return [item.text(3) for item in self.obs_items()]

    def select_observations(self, *texts):
        self.obs.clearSelection()
        for item in self.obs_items():
            if item.text(3) in texts:
                item.setSelected(True)

    def make(self, *texts) -> str:
        before = {f["id"] for f in self.visit.findings.list()}
        self.select_observations(*texts)
        self.click("makeFinding")
        new = [f for f in self.visit.findings.list() if f["id"] not in before]
        assert len(new) == 1
        return new[0]["id"]

    def finding_items(self):
        return [self.tree.topLevelItem(i).child(j) for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]

    def select_findings(self, *ids):
        self.tree.clearSelection()
        for item in self.finding_items():
            if item.data(0, Qt.UserRole) in ids:
                item.setSelected(True)

    def order(self):
        return [f["id"] for f in self.visit.findings.list()]


@pytest.fixture
def ui(make_window, filled, qtbot):
    return Ui(make_window(filled), qtbot)


def test_view_is_built_from_the_framework(ui, framework):
    assert ui.themes.count() == len(framework.themes)
    assert ui.themes.item(0).text().startswith(framework.themes[0]["name"])
    assert "(0 bevindingen)" in ui.themes.item(0).text()
    assert ui.tree.topLevelItemCount() == len(framework.finding_kinds)
    assert [ui.tree.topLevelItem(i).text(0) for i in range(ui.tree.topLevelItemCount())] == \
        [k["plural"] for k in framework.finding_kinds]
    assert ui.obs_texts() == OBS_TEXTS
    assert all(item.font(3).bold() and item.toolTip(3) == "nog niet gebruikt in een bevinding"
               for item in ui.obs_items())
    tabs = ui.view.findChild(QTabWidget, "reportTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Bevindingen", "Teksten"]
    assert ui.view.findChild(QCheckBox, "commissionCheck").isChecked()
    assert not ui.view.findChild(QCheckBox, "traceCheck").isChecked()


def test_make_finding_from_two_observations(ui, framework):
    fid = ui.make(OBS_TEXTS[0], OBS_TEXTS[1])
    finding = ui.visit.findings.list()[0]
    assert finding["id"] == fid
    assert finding["text"] == f"{OBS_TEXTS[0]} {OBS_TEXTS[1]}"
    assert finding["theme"] == framework.themes[0]["id"]
    assert finding["kind"] == ui.view.findChild(type(ui.view.kind), "findingKind").currentData()
    by_text = {o["text"]: o["id"] for o in ui.visit.observations.list()}
    assert set(ui.visit.findings.observation_ids(fid)) == {by_text[OBS_TEXTS[0]], by_text[OBS_TEXTS[1]]}
    # shown in the tree, selected, with its observations below; used ones no longer bold
    assert [i.data(0, Qt.UserRole) for i in ui.finding_items()] == [fid]
    assert ui.view.selected_finding_ids() == [fid]
    assert sorted(ui.linked.item(r).text() for r in range(ui.linked.count())) == sorted(OBS_TEXTS[:2])
    bold = {item.text(3): item.font(3).bold() for item in ui.obs_items()}
    assert bold == {OBS_TEXTS[0]: False, OBS_TEXTS[1]: False, OBS_TEXTS[2]: True, OBS_TEXTS[3]: True}
    assert "(1 bevinding)" in ui.themes.item(0).text()


def test_f2_edits_the_finding_text_over_several_lines_and_ctrl_enter_stores_it(ui, qtbot):
    fid = ui.make(OBS_TEXTS[0])
    item = ui.finding_items()[0]
    ui.tree.setCurrentItem(item)
    ui.tree.setFocus()
    qtbot.keyClick(ui.tree, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit) and editor.objectName() == "findingText"
    assert editor.toPlainText() == OBS_TEXTS[0]
    editor.selectAll()
    qtbot.keyClicks(editor, "De werkvoorraad groeit al twee jaar.")
    qtbot.keyClick(editor, Qt.Key_Return)  # Enter: a new line, nothing stored yet
    qtbot.keyClicks(editor, "Dat vraagt een plan.")
    assert editor.toPlainText() == "De werkvoorraad groeit al twee jaar.\nDat vraagt een plan."
    assert ui.visit.findings.list()[0]["text"] == OBS_TEXTS[0]
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    ui.wait()
    assert ui.visit.findings.list()[0]["text"] == "De werkvoorraad groeit al twee jaar.\nDat vraagt een plan."
    assert ui.finding_items()[0].text(0) == "De werkvoorraad groeit al twee jaar.\nDat vraagt een plan."
    assert ui.finding_items()[0].data(0, Qt.UserRole) == fid
    assert QApplication.focusWidget() is editor  # typing can go on


def test_the_finding_text_is_stored_on_focus_out_and_an_empty_one_is_not(ui, qtbot):
    fid = ui.make(OBS_TEXTS[0])
    ui.select_findings(fid)
    editor = ui.view.findChild(QPlainTextEdit, "findingText")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Eigen woorden van de commissie.")
    ui.tree.setFocus()  # clicking elsewhere
    ui.wait()
    assert ui.visit.findings.list()[0]["text"] == "Eigen woorden van de commissie."
    messages = []
    ui.window.ctx.status.connect(messages.append)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Delete)
    ui.tree.setFocus()
    ui.wait()
    assert ui.visit.findings.list()[0]["text"] == "Eigen woorden van de commissie."
    assert any("zonder tekst" in m for m in messages)


def test_move_down_and_up(ui):
    a = ui.make(OBS_TEXTS[0])
    b = ui.make(OBS_TEXTS[1])
    assert ui.order() == [a, b]
    ui.select_findings(a)
    ui.click("Omlaag")
    assert ui.order() == [b, a]
    assert [i.data(0, Qt.UserRole) for i in ui.finding_items()] == [b, a]
    assert ui.view.selected_finding_ids() == [a]  # stays selected for the next step
    ui.click("Omhoog")
    assert ui.order() == [a, b]


def test_merge_keeps_the_first_with_both_links(ui):
    a = ui.make(OBS_TEXTS[0])
    b = ui.make(OBS_TEXTS[1], OBS_TEXTS[2])
    messages = []
    ui.window.ctx.status.connect(messages.append)
    ui.select_findings(a, b)
    ui.click("Samenvoegen")
    findings = ui.visit.findings.list()
    assert [f["id"] for f in findings] == [a]
    assert findings[0]["text"] == " ".join(OBS_TEXTS[:3])
    assert len(ui.visit.findings.observation_ids(a)) == 3
    assert any("samengevoegd" in m for m in messages)


def test_delete_and_undo(ui):
    a = ui.make(OBS_TEXTS[0])
    ui.select_findings(a)
    ui.click("Verwijderen")
    assert ui.visit.findings.list() == []
    assert ui.finding_items() == []
    ui.click("Ongedaan maken")
    assert ui.order() == [a]
    assert [i.data(0, Qt.UserRole) for i in ui.finding_items()] == [a]
    assert not ui.view.findChild(QPushButton, "findingUndo").isEnabled()


def test_unlink_an_observation(ui):
    a = ui.make(OBS_TEXTS[0], OBS_TEXTS[1])
    ui.select_findings(a)
    assert ui.linked.count() == 2
    row = next(r for r in range(ui.linked.count()) if ui.linked.item(r).text() == OBS_TEXTS[1])
    ui.linked.item(row).setSelected(True)
    ui.click("Ontkoppelen")
    by_text = {o["text"]: o["id"] for o in ui.visit.observations.list()}
    assert ui.visit.findings.observation_ids(a) == [by_text[OBS_TEXTS[0]]]
    assert [ui.linked.item(r).text() for r in range(ui.linked.count())] == [OBS_TEXTS[0]]


def test_section_text_is_saved_after_the_debounce(ui, qtbot, framework):
    sections = framework.report["sections"]
    ui.view.findChild(QTabWidget, "reportTabs").setCurrentIndex(1)
    sid = sections[0]["id"]
    edit = ui.view.findChild(QPlainTextEdit, f"section_{sid}")
    assert edit is not None
    hint = ui.view.findChild(QLabel, f"sectionHint_{sid}")
    assert hint.text() == sections[0]["hint"] and hint.wordWrap()
    edit.setFocus()
    qtbot.keyClicks(edit, "Een dienst die in beweging is.")
    qtbot.wait(DEBOUNCE_MS + 200)
    ui.wait()
    assert ui.visit.findings.sections()[sid] == "Een dienst die in beweging is."


def test_section_text_is_loaded(make_window, filled, qtbot, framework):
    sid = framework.report["sections"][-1]["id"]
    v = Visitation.open(filled)
    v.findings.set_section(sid, "Tot ziens.")
    v.close()
    ui = Ui(make_window(filled), qtbot)
    assert ui.view.findChild(QPlainTextEdit, f"section_{sid}").toPlainText() == "Tot ziens."


def test_uncovered_line_names_themes_without_findings(ui, framework):
    label = ui.view.findChild(QLabel, "reportUncovered")
    first, second = framework.themes[0]["name"], framework.themes[1]["name"]
    assert label.text().startswith("Nog niet verwerkt:")
    assert first in label.toolTip() and second in label.toolTip()  # the whole line, shortened or not
    assert "5 waarnemingen" in label.text()
    assert framework.themes[2]["name"] not in label.toolTip()  # no observations: not listed
    ui.make(OBS_TEXTS[0])
    assert first not in label.toolTip() and second in label.toolTip()
    assert "4 waarnemingen" in label.text()


def test_observations_changed_marks_the_view_stale(ui, framework):
    ui.visit.observations.add(framework.themes[0]["id"], framework.observation_kinds[0]["id"],
                             "Een nieuwe waarneming.")
    ui.window.ctx.apply(changed("observations"))
    assert ui.obs.topLevelItemCount() == len(OBS_TEXTS) + 1


def test_export_writes_a_docx_with_the_findings(make_window, demo_path, qtbot, tmp_path, monkeypatch):
    import docx
    out = tmp_path / "concept.docx"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    ui = Ui(make_window(demo_path), qtbot)
    messages = []
    ui.window.ctx.status.connect(messages.append)
    ui.view.findChild(QCheckBox, "traceCheck").setChecked(True)
    from tests.ui.conftest import answer_modal
    seen = []

    def save_anyway(box):  # the trace annex quotes the observations: the check warns
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Toch opslaan …").click()
    answer_modal(save_anyway)
    ui.click("exportReport")
    qtbot.waitUntil(out.exists, timeout=10000)
    ui.wait()  # the file is there before the worker's answer reaches the window
    assert "buiten de titelpagina" in seen[0] and "citaat of uitspraak" in seen[0]
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    finding = ui.visit.findings.list()[0]["text"]
    assert finding[:60] in text
    assert any(m.startswith("Conceptrapport geschreven:") for m in messages)
    assert ui.view.findChild(QPushButton, "exportReport").isEnabled()


def test_export_cancelled_writes_nothing(make_window, filled, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(files, "save_file", lambda *a, **k: "")
    ui = Ui(make_window(filled), qtbot)
    ui.click("exportReport")
    assert list(tmp_path.glob("*.docx")) == []


def test_report_is_in_the_navigation(make_window, filled):
    window = make_window(filled)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("Rapport") == titles.index("Dossiers") + 1


def test_rode_draden_package_from_the_window_leaves_out_every_name(make_window, demo_path, qtbot,
                                                                   tmp_path, monkeypatch):
    out = tmp_path / "lindewaard.rodedraden"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    ui = Ui(make_window(demo_path), qtbot)
    messages = []
    ui.window.ctx.status.connect(messages.append)
    ui.click("exportCentral")
    qtbot.waitUntil(lambda: getattr(ui.view, "preview_dialog", None) is not None
                    and ui.view.preview_dialog.isVisible(), timeout=5000)
    ui.view.preview_dialog.save.click()  # the preview first: what leaves, then where to save
    qtbot.waitUntil(out.exists, timeout=10000)
    ui.wait()  # the file is there before the worker's answer reaches the window
    text = out.read_text(encoding="utf-8")
    names = [m["name"] for m in ui.visit.members.list()]
    names += [p["name"] for s in ui.visit.programme.sessions() for p in s["participants"] if p.get("name")]
    assert len(names) > 5
    assert [n for n in names if n in text] == []
    assert sum(f["text"][:30] in text for f in ui.visit.findings.list()) >= len(ui.visit.findings.list()) // 2
    assert any(m.startswith("Rode-dradenpakket geschreven:") for m in messages)


def test_rode_draden_package_refused_without_findings(make_window, filled, qtbot, tmp_path, monkeypatch):
    from tests.ui.conftest import answer_modal
    out = tmp_path / "leeg.rodedraden"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    ui = Ui(make_window(filled), qtbot)
    seen = []
    answer_modal(lambda d: (seen.append(d.text()), d.accept()))
    ui.click("exportCentral")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "nog geen bevindingen" in seen[0]
    assert not out.exists()
