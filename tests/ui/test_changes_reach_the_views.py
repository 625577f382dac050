"""Every operation tells the views what changed: a view that shows that kind of data is up
to date when the user looks at it again, refreshed once, never showing a decided state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from visitor_app.services import Visitation


def _finding_conflict(vfile, framework, tmp_path):
    """A finding changed in Sanne's copy and, meanwhile, by the secretary."""
    theme, fkind = framework.themes[0]["id"], framework.finding_kinds[0]["id"]
    with Visitation.open(vfile) as v:
        fid = v.findings.add(theme, fkind, "Oorspronkelijke bevinding.").id
        v.team.hand_out("Sanne Olthof", tmp_path / "sanne.visitatie")
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
    item.setText(0, decided + " Met een kleine aanvulling.")  # as F2 and typing would
    assert window.worker.wait()
    assert window.visit.findings.list()[0]["text"] == decided + " Met een kleine aanvulling."


def test_a_member_added_by_a_hand_out_appears_in_the_lists(make_window, vfile, qtbot, tmp_path):
    window = make_window(vfile)
    board = window.show_view("BoardView")  # built before the hand-out
    team = window.show_view("TeamView")
    team.member_combo.setCurrentText("Sanne Olthof")
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
