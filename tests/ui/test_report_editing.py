"""The Rapport view (issue 14): a finding's kind, observations under an existing finding, the
columns of the observation list, a visible selection, a banner that keeps its height, where
exports start and the remembered trace annex. Driven through the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton

from tests.ui.test_report_view import OBS_TEXTS, Ui, filled  # noqa: F401 (the fixture)
from visitor_app.services import Visitation
from visitor_app.ui import files
from visitor_app.ui.settings import Settings
from visitor_app.ui.views.report import contrast


@pytest.fixture
def ui(make_window, filled, qtbot):  # noqa: F811
    return Ui(make_window(filled), qtbot)


def kind_ids(framework):
    return [k["id"] for k in framework.finding_kinds]


# -- 1. the kind of a finding -------------------------------------------------------------------
def test_the_editor_changes_a_findings_kind_and_the_tree_regroups_it(ui, framework):
    fid = ui.make(OBS_TEXTS[0])
    assert ui.visit.findings.list()[0]["kind"] == kind_ids(framework)[0]
    combo = ui.view.findChild(QComboBox, "findingEditKind")
    assert combo.isEnabled() and combo.currentData() == kind_ids(framework)[0]
    target = kind_ids(framework)[-1]
    combo.setCurrentIndex(combo.findData(target))
    combo.activated.emit(combo.currentIndex())  # as choosing it in the list does
    ui.wait()
    assert ui.visit.findings.list()[0]["kind"] == target
    group = next(ui.tree.topLevelItem(i) for i in range(ui.tree.topLevelItemCount())
                 if ui.tree.topLevelItem(i).text(0) == framework.finding_kinds[-1]["plural"])
    assert [group.child(j).data(0, Qt.UserRole) for j in range(group.childCount())] == [fid]
    assert ui.view.selected_finding_ids() == [fid]  # still chosen, in its new group


def test_ctrl_k_gives_the_chosen_finding_the_next_kind_round_the_framework(ui, framework, qtbot):
    fid = ui.make(OBS_TEXTS[0])
    kinds = kind_ids(framework)
    ui.select_findings(fid)
    ui.tree.setFocus()
    seen = []
    for _ in kinds:
        qtbot.keyClick(ui.tree, Qt.Key_K, Qt.ControlModifier)
        ui.wait()
        seen.append(ui.visit.findings.list()[0]["kind"])
    assert seen == kinds[1:] + kinds[:1]
    assert ui.view.findChild(QComboBox, "findingEditKind").currentData() == kinds[0]


def test_the_context_menu_offers_every_kind(ui, framework):
    fid = ui.make(OBS_TEXTS[0])
    item = ui.finding_items()[0]
    ui.view._finding_menu(ui.tree.visualItemRect(item).center())
    menu = ui.view.finding_menu
    kinds_menu = next(a.menu() for a in menu.actions() if a.text() == "Soort")
    names = [a.text() for a in kinds_menu.actions()]
    assert names == [k["name"] for k in framework.finding_kinds]
    assert [a.isChecked() for a in kinds_menu.actions()] == [True] + [False] * (len(names) - 1)
    kinds_menu.actions()[1].trigger()
    menu.close()
    ui.wait()
    assert ui.visit.findings.list()[0]["kind"] == kind_ids(framework)[1]
    assert ui.view.selected_finding_ids() == [fid]


# -- 2. observations under an existing finding ----------------------------------------------------
def by_text(ui):
    return {o["text"]: o["id"] for o in ui.visit.observations.list()}


def test_observations_are_added_to_the_chosen_finding_with_the_button(ui):
    fid = ui.make(OBS_TEXTS[0])
    ui.visit.findings.update(fid, text="Eigen tekst van de commissie.")
    ui.view.reload([fid])
    add = ui.view.findChild(QPushButton, "addToFinding")
    assert not add.isEnabled()  # no observation chosen yet
    ui.select_findings(fid)
    ui.select_observations(OBS_TEXTS[2], OBS_TEXTS[3])
    messages = []
    ui.window.ctx.status.connect(messages.append)
    ui.click("addToFinding")
    ids = by_text(ui)
    assert sorted(ui.visit.findings.observation_ids(fid)) == sorted(ids[t] for t in (OBS_TEXTS[0], OBS_TEXTS[2],
                                                                                    OBS_TEXTS[3]))
    assert ui.visit.findings.list()[0]["text"] == "Eigen tekst van de commissie."
    assert sorted(ui.linked.item(r).text() for r in range(ui.linked.count())) == sorted(
        [OBS_TEXTS[0], OBS_TEXTS[2], OBS_TEXTS[3]])
    bold = {item.text(3): item.font(3).bold() for item in ui.obs_items()}
    assert bold == {OBS_TEXTS[0]: False, OBS_TEXTS[1]: True, OBS_TEXTS[2]: False, OBS_TEXTS[3]: False}
    assert any("2 waarnemingen toegevoegd aan de bevinding" in m for m in messages)


def test_ctrl_l_adds_and_says_which_were_there_already(ui, qtbot):
    fid = ui.make(OBS_TEXTS[0])
    ui.select_findings(fid)
    ui.select_observations(OBS_TEXTS[0], OBS_TEXTS[1])
    messages = []
    ui.window.ctx.status.connect(messages.append)
    ui.obs.setFocus()
    qtbot.keyClick(ui.obs, Qt.Key_L, Qt.ControlModifier)
    ui.wait()
    assert len(ui.visit.findings.observation_ids(fid)) == 2
    assert any("1 waarneming toegevoegd" in m and "1 stond(en) er al onder" in m for m in messages)


def test_without_a_chosen_finding_ctrl_l_says_what_to_do(ui, qtbot):
    ui.make(OBS_TEXTS[0])
    ui.tree.clearSelection()
    ui.select_observations(OBS_TEXTS[1])
    messages = []
    ui.window.ctx.status.connect(messages.append)
    qtbot.keyClick(ui.obs, Qt.Key_L, Qt.ControlModifier)
    ui.wait()
    assert messages == ["Kies eerst één bevinding om de waarnemingen aan toe te voegen."]


class _Drop(QDropEvent):
    """A drop from the observation list (a real drag cannot be driven offscreen)."""

    def __init__(self, pos, source):
        self._mime = QMimeData()
        super().__init__(QPointF(pos), Qt.CopyAction | Qt.MoveAction, self._mime, Qt.LeftButton,
                         Qt.NoModifier)
        self._source = source

    def source(self):
        return self._source


def test_dropping_observations_on_a_finding_adds_them(ui):
    a = ui.make(OBS_TEXTS[0])
    b = ui.make(OBS_TEXTS[1])
    ui.select_observations(OBS_TEXTS[2])
    target = next(i for i in ui.finding_items() if i.data(0, Qt.UserRole) == b)
    pos = ui.tree.visualItemRect(target).center()
    move = _Drop(pos, ui.obs)
    ui.tree.dragMoveEvent(move)
    assert move.isAccepted()
    heading = ui.tree.visualItemRect(ui.tree.topLevelItem(0)).center()
    on_heading = _Drop(heading, ui.obs)
    ui.tree.dragMoveEvent(on_heading)
    assert not on_heading.isAccepted()  # a kind's heading is no finding
    ui.tree.dropEvent(_Drop(pos, ui.obs))
    ui.wait()
    assert sorted(ui.visit.findings.observation_ids(b)) == sorted([by_text(ui)[OBS_TEXTS[1]],
                                                                  by_text(ui)[OBS_TEXTS[2]]])
    assert len(ui.visit.findings.observation_ids(a)) == 1
    elsewhere = _Drop(pos, ui.themes)  # something else dragged in: not taken
    ui.tree.dragMoveEvent(elsewhere)
    assert not elsewhere.isAccepted()


# -- 4. a selection that stays visible ------------------------------------------------------------
def _pixel(widget, point: QPoint) -> QColor:
    return widget.grab().toImage().pixelColor(point)


@pytest.fixture
def app_style(qapp):
    """The app's own style sheet (resources/style.qss), as ui/app.make_app sets it."""
    from visitor_app.paths import resources_dir
    before = qapp.styleSheet()
    qapp.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


def test_the_selection_stays_clearly_visible_without_focus(app_style, ui, qtbot):
    a = ui.make(OBS_TEXTS[0])
    ui.make(OBS_TEXTS[1])
    ui.select_findings(a)
    ui.select_observations(OBS_TEXTS[2])
    ui.view.findChild(QComboBox, "findingKind").setFocus()  # focus elsewhere
    qtbot.wait(20)
    figures = []
    for view, selected, plain in (
            (ui.tree, next(i for i in ui.finding_items() if i.data(0, Qt.UserRole) == a),
             next(i for i in ui.finding_items() if i.data(0, Qt.UserRole) != a)),
            (ui.obs, next(i for i in ui.obs_items() if i.text(3) == OBS_TEXTS[2]),
             next(i for i in ui.obs_items() if i.text(3) == OBS_TEXTS[3]))):
        assert not view.hasFocus()
        rect_sel, rect_plain = view.visualItemRect(selected), view.visualItemRect(plain)
        # a point in the row right of its text: the row's background
        on = _pixel(view.viewport(), QPoint(view.viewport().width() - 6, rect_sel.center().y()))
        off = _pixel(view.viewport(), QPoint(view.viewport().width() - 6, rect_plain.center().y()))
        figures.append(contrast(on, off))
    assert min(figures) >= 3.0, figures


# -- 5. a banner that keeps its height --------------------------------------------------------------
def test_the_banner_keeps_its_height_and_the_rows_do_not_move(ui, qtbot, framework):
    ui.window.resize(960, 460)
    qtbot.wait(20)
    banner = ui.view.findChild(QLabel, "reportUncovered")

    def geometry():
        return [(w.mapTo(ui.window, QPoint(0, 0)), w.size()) for w in (ui.tree, ui.obs, banner)]

    before = geometry()
    ui.make(OBS_TEXTS[0])  # a finding: the line says less now
    qtbot.wait(20)
    assert geometry() == before
    names = ", ".join(t["name"] for t in framework.themes) * 4
    banner.set_full_text(f"Nog niet verwerkt: 12 waarnemingen nog niet gebruikt; thema's zonder bevindingen: {names}")
    qtbot.wait(20)
    assert geometry() == before
    assert banner.text().endswith("…") and banner.text().startswith("Nog niet verwerkt: 12 waarnemingen")
    assert names in banner.toolTip()


# -- 6. the columns of the observation list ---------------------------------------------------------
@pytest.fixture
def with_conversations(vfile, framework):
    """Observations by named members, in a conversation of the programme and general."""
    with Visitation.open(vfile) as v:
        t0 = framework.themes[0]["id"]
        kinds = [k["id"] for k in framework.observation_kinds]
        members = {m["name"]: m["id"] for m in v.members.list()}
        session = v.programme.sessions()[0]
        v.observations.add(t0, kinds[1], "Zo gaat het in het gesprek.", session_id=session["id"],
                           author=members["Ruben Kasteleijn"])
        v.observations.add(t0, kinds[0], "Uit de stukken.", author=members["Femke Ouwerling"])
        title = session["title"]
    return vfile, title


def test_the_observation_list_shows_kind_author_and_conversation_and_sorts(make_window, with_conversations,
                                                                           qtbot, framework):
    path, title = with_conversations
    ui = Ui(make_window(path), qtbot)
    header = ui.obs.headerItem()
    assert [header.text(c) for c in range(ui.obs.columnCount())] == ["Soort", "Auteur", "Gesprek", "Waarneming"]
    rows = [[item.text(c) for c in range(4)] for item in ui.obs_items()]
    kinds = framework.observation_kinds
    assert rows == [[kinds[1]["name"], "Ruben Kasteleijn", title, "Zo gaat het in het gesprek."],
                    [kinds[0]["name"], "Femke Ouwerling", "Algemeen", "Uit de stukken."]]
    qtbot.mouseClick(ui.obs.header().viewport(),
                     Qt.LeftButton, pos=QPoint(ui.obs.header().sectionViewportPosition(1) + 5, 5))
    assert [i.text(1) for i in ui.obs_items()] == ["Femke Ouwerling", "Ruben Kasteleijn"]
    ui.obs.sortByColumn(2, Qt.AscendingOrder)
    assert [i.text(2) for i in ui.obs_items()] == ["Algemeen", title]


# -- 7. where exports start; the trace annex remembered ----------------------------------------------
@pytest.fixture
def documents(tmp_path, monkeypatch):
    """A home folder of our own with a Documents folder."""
    home = tmp_path / "thuis"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home / "Documents"


def test_the_report_export_starts_in_documents_then_in_the_last_export_folder(make_window, filled,  # noqa: F811
                                                                             qtbot, monkeypatch, tmp_path,
                                                                             documents):
    asked = []
    answer = {"path": ""}

    def save_as(_parent, _caption, start, _filter, **_options):
        asked.append(start)
        return answer["path"]
    monkeypatch.setattr(files, "save_file", save_as)
    ui = Ui(make_window(filled), qtbot)
    ui.click("exportReport")
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert Path(asked[0]).parent == documents
    assert Path(asked[0]).name == "Conceptrapport Omgevingsdienst Testland.docx"
    assert Path(asked[0]).parent not in (Path.cwd(), Path(__file__).resolve().parents[2])
    elsewhere = tmp_path / "rapporten"
    elsewhere.mkdir()
    answer["path"] = str(elsewhere / "concept.docx")
    ui.click("exportReport")
    qtbot.waitUntil(lambda: (elsewhere / "concept.docx").exists(), timeout=10000)
    ui.wait()
    answer["path"] = ""
    ui.click("exportReport")
    qtbot.waitUntil(lambda: len(asked) == 3, timeout=5000)
    assert Path(asked[2]).parent == elsewhere
    assert ui.view.export_dir() == elsewhere


def test_the_trace_annex_choice_is_remembered(make_window, filled, qtbot, tmp_path):  # noqa: F811
    window = make_window(filled)
    ui = Ui(window, qtbot)
    trace = ui.view.findChild(QCheckBox, "traceCheck")
    assert not trace.isChecked()
    trace.click()
    window.close_visitation()
    assert window.open_file(filled)
    again = Ui(window, qtbot)
    assert again.view is not ui.view  # a new view, read from the settings
    assert again.view.findChild(QCheckBox, "traceCheck").isChecked()
    assert str(Settings(tmp_path / "instellingen.ini").value("report/trace_annex")).lower() == "true"


# -- 9. F1 lists the Rapport's shortcuts ---------------------------------------------------------------
def test_f1_lists_the_rapport_shortcuts(make_window, filled):  # noqa: F811
    from tests.ui.conftest import read_shortcuts
    text = read_shortcuts(make_window(filled))
    assert "<h4>Rapport</h4>" in text
    for keys in ("Ctrl+K", "Ctrl+L", "Ctrl+Enter"):
        assert keys in text


def test_ctrl_k_in_a_section_text_changes_no_finding(ui, qtbot, framework):
    from PySide6.QtWidgets import QPlainTextEdit, QTabWidget
    fid = ui.make(OBS_TEXTS[0])
    ui.select_findings(fid)
    ui.view.findChild(QTabWidget, "reportTabs").setCurrentIndex(1)
    edit = ui.view.findChild(QPlainTextEdit, f"section_{framework.report['sections'][0]['id']}")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key_K, Qt.ControlModifier)
    ui.wait()
    assert ui.visit.findings.list()[0]["kind"] == kind_ids(framework)[0]
