"""Every operation tells the views what changed: a view that shows that kind of data is up
to date when the user looks at it again, refreshed once, never showing a decided state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from visitor_app.services import Visitation
from visitor_app.ui.views.records import KINDS


def _finding_conflict(vfile, framework, tmp_path):
    """A finding changed in Sanne's copy and, meanwhile, by the secretary."""
    theme, fkind = framework.themes[0]["id"], framework.finding_kinds[0]["id"]
    with Visitation.open(vfile) as v:
        fid = v.findings.add(theme, fkind, "Oorspronkelijke bevinding.").id
        v.team.hand_out("Sanne Olthof", tmp_path / "sanne.visitatie", new_member_role="lid")
    with Visitation.open(tmp_path / "sanne.visitatie") as copy:
        copy.findings.update(fid, text="Bevinding volgens Sanne.")
    with Visitation.open(vfile) as v:
        v.findings.update(fid, text="Bevinding volgens de secretaris.")
    return fid


def _merged(window, qtbot, tmp_path):
    team = window.show_view("TeamView")
    team.merge([str(tmp_path / "sanne.visitatie")])
    assert window.worker.wait()
    qtbot.waitUntil(lambda: team.findChild(QListWidget, "conflictList").count() == 1, timeout=3000)
    return team


def test_deciding_a_finding_conflict_clears_it_from_the_list(make_window, vfile, framework, qtbot,
                                                             tmp_path):
    _finding_conflict(vfile, framework, tmp_path)
    window = make_window(vfile)
    team = _merged(window, qtbot, tmp_path)
    qtbot.mouseClick(team.findChild(QPushButton, "keepOther"), Qt.LeftButton)
    assert window.worker.wait()
    assert window.visit.team.conflicts() == []
    assert team.findChild(QListWidget, "conflictList").count() == 0


def test_the_rapport_shows_the_decided_finding_and_an_edit_keeps_the_decision(make_window, vfile,
                                                                               framework, qtbot, tmp_path):
    fid = _finding_conflict(vfile, framework, tmp_path)
    window = make_window(vfile)
    _merged(window, qtbot, tmp_path)
    window.show_view("ReportView")  # seen after the merge, before the decision
    assert window.worker.wait()
    team = window.show_view("TeamView")
    qtbot.mouseClick(team.findChild(QPushButton, "keepOther"), Qt.LeftButton)
    assert window.worker.wait()
    decided = window.visit.findings.list()[0]["text"]
    report = window.show_view("ReportView")
    assert window.worker.wait()
    item = next(i for i in report._finding_items() if i.data(0, Qt.UserRole) == fid)
    assert item.text(0) == decided
    report.findings.clearSelection()
    item.setSelected(True)
    editor = report.finding_text  # as F2 and typing would
    editor.setPlainText(decided + " Met een kleine aanvulling.")
    report.store_finding_text()
    assert window.worker.wait()
    assert window.visit.findings.list()[0]["text"] == decided + " Met een kleine aanvulling."


def test_a_member_added_for_a_hand_out_appears_in_the_lists(make_window, vfile, qtbot, tmp_path):
    window = make_window(vfile)
    board = window.show_view("BoardView")  # built before the hand-out
    team = window.show_view("TeamView")
    team.new_member(values=("Sanne Olthof", "lid"))
    assert window.worker.wait()
    team.hand_out(out=str(tmp_path / "sanne.visitatie"))
    assert window.worker.wait()
    assert "Sanne Olthof" in [team.member_combo.itemText(i) for i in range(team.member_combo.count())]
    window.show_view("BoardView")
    assert "Sanne Olthof" in [board.member.itemText(i) for i in range(board.member.count())]


def test_a_merge_refreshes_a_visible_view_once(make_window, vfile, framework, qtbot, tmp_path,
                                               monkeypatch):
    _finding_conflict(vfile, framework, tmp_path)
    window = make_window(vfile)
    team = window.show_view("TeamView")
    assert window.worker.wait()
    calls = []
    real = team.reload
    monkeypatch.setattr(team, "reload", lambda: (calls.append(1), real())[1])
    team.merge([str(tmp_path / "sanne.visitatie")])
    assert window.worker.wait()
    assert len(calls) == 1


def test_typing_survives_a_change_of_the_programme(make_window, vfile, qtbot):
    """A merge or an edit elsewhere re-reads the sessions; the capture field keeps the
    text, the cursor and the theme the member chose."""
    from visitor_app.ui import ops
    window = make_window(vfile)
    visit = window.visit
    conv = window.show_view("ConversationView")
    conv.select_session(visit.programme.sessions()[2]["id"])
    pane = conv.capture
    pane.text.setFocus()
    qtbot.keyClick(pane.text, Qt.Key_2, Qt.ControlModifier)  # theme 2, not the session's first
    chosen = pane.theme.currentIndex()
    qtbot.keyClicks(pane.text, "Typen tijdens")
    ops.op(window.ctx, visit.programme.update, visit.programme.sessions()[0]["id"], title="Andere titel")
    assert window.worker.wait()
    qtbot.keyClicks(pane.text, " de wijziging")
    assert pane.text.toPlainText() == "Typen tijdens de wijziging"
    assert pane.theme.currentIndex() == chosen


def test_the_running_list_follows_edits_made_on_the_board(make_window, vfile, qtbot):
    window = make_window(vfile)
    conv = window.show_view("ConversationView")
    conv.select_session(window.visit.programme.sessions()[0]["id"])
    for text in ("Eerste versie van de tekst.", "Wordt verwijderd."):
        conv.capture.text.setPlainText(text)
        conv.capture.store()
    assert window.worker.wait()
    board = window.show_view("BoardView")
    edit = next(i for i, r in enumerate(board.model.rows) if r["text"].startswith("Eerste"))
    board.model.setData(board.model.index(edit, 4), "Verbeterde tekst.", Qt.EditRole)
    assert window.worker.wait()
    gone = next(r["id"] for r in board.model.rows if r["text"].startswith("Wordt"))
    window.visit.observations.delete([gone])  # as from another place ...
    from visitor_app.services.changes import changed
    window.ctx.apply(changed("observations"))  # ... that tells the views
    window.show_view("ConversationView")
    texts = [conv.capture.list.item(i).text() for i in range(conv.capture.list.count())]
    assert any("Verbeterde tekst." in t for t in texts)
    assert not any("Wordt verwijderd." in t for t in texts)


def test_the_board_keeps_its_selection_after_an_edit(make_window, vfile, qtbot):
    with Visitation.open(vfile) as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
        first = v.observations.add(theme, kind, "Een.").id
        v.observations.add(theme, kind, "Twee.")
    window = make_window(vfile)
    board = window.show_view("BoardView")
    row = next(i for i, r in enumerate(board.model.rows) if r["id"] == first)
    board.table.selectRow(row)
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key_P, Qt.ControlModifier)
    assert window.worker.wait()
    assert board.selected_ids() == [first]
    qtbot.keyClick(board.table, Qt.Key_P, Qt.ControlModifier)  # and again: unpinned
    assert window.worker.wait()
    assert window.visit.observations.get(first)["pinned"] is False


def test_a_dossier_form_shows_the_decided_version(make_window, vfile, framework, qtbot, tmp_path):
    table = "case_files"
    tpl = framework.template_for_record(table)
    title = framework.title_field(tpl["id"])
    field = next(f["id"] for f in tpl["fields"] if f["type"] == "longtext")
    with Visitation.open(vfile) as v:
        rid = v.records.add(table, {title: "Lozing bij de haven"}).id
        v.team.hand_out("Sanne Olthof", tmp_path / "sanne.visitatie", new_member_role="lid")
    with Visitation.open(tmp_path / "sanne.visitatie") as copy:
        copy.records.update(table, rid, {field: "Versie van Sanne."})
    with Visitation.open(vfile) as v:
        v.records.update(table, rid, {field: "Versie van de secretaris."})
    window = make_window(vfile)
    records = window.show_view("RecordsView")
    team = _merged(window, qtbot, tmp_path)
    window.show_view("RecordsView")
    kind = next(k for k, spec in KINDS.items() if spec["table"] == table)
    records.select_record(kind, rid)
    window.show_view("TeamView")
    qtbot.mouseClick(team.findChild(QPushButton, "keepOther"), Qt.LeftButton)
    assert window.worker.wait()
    decided = window.visit.records.list(table)[0]["fields"][field]
    window.show_view("RecordsView")
    assert records.form.widgets[field].toPlainText() == decided
