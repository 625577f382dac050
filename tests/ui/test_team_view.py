"""The Team view: a secretary hands out a copy, merges it back and decides a conflict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QPushButton, QTextBrowser

from tests.ui.conftest import answer_modal
from visitor_app.services import Visitation
from visitor_app.ui import files

SHARED = "De directie kent haar opdrachtgevers goed."


def test_hand_out_merge_and_keep_both(make_window, vfile, framework, qtbot, monkeypatch, tmp_path):
    theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
    with Visitation.open(vfile) as v:
        shared = v.observations.add(theme, kind, SHARED).id
    window = make_window(vfile)
    view = window.show_view("TeamView")
    combo = view.member_combo
    assert combo.count() == 4  # the commission

    assert not combo.isEditable()  # picked from the commission: a typo cannot stamp a copy
    # a new member is an explicit step (name and role): she joins the commission and is picked
    view.new_member(values=("Sanne Olthof", "secretaris"))
    assert window.worker.wait()
    qtbot.waitUntil(lambda: combo.currentText() == "Sanne Olthof", timeout=3000)
    assert window.visit.members.find("Sanne Olthof")["role"] == "secretaris"
    copy_path = tmp_path / "sanne.visitatie"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(copy_path))
    qtbot.mouseClick(view.findChild(QPushButton, "handOutButton"), Qt.LeftButton)
    assert window.worker.wait()
    assert copy_path.exists()
    assert "Sanne Olthof" in view.findChild(QLabel, "mergeResult").text()

    # Sanne works offline in her copy; meanwhile the secretary edits the same observation
    with Visitation.open(copy_path) as copy:
        assert copy.members.names()[copy.current_member] == "Sanne Olthof"
        copy.observations.add(theme, kind, "Toezichthouders kalibreren elk kwartaal.")
        copy.observations.update(shared, text="De directie kent haar opdrachtgevers door en door.")
    window.visit.observations.update(shared, text="De directie kent de meeste opdrachtgevers.")

    board = window.show_view("BoardView")  # seen once before the merge: it holds the old rows
    assert window.worker.wait()
    view = window.show_view("TeamView")
    monkeypatch.setattr(files, "open_files", lambda *a, **k: [str(copy_path)])
    qtbot.mouseClick(view.findChild(QPushButton, "mergeButton"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.findChild(QListWidget, "conflictList").count() == 1, timeout=3000)
    assert "1 nieuw" in view.findChild(QLabel, "mergeResult").text()
    assert "sanne.visitatie" in view.findChild(QListWidget, "mergeLog").item(0).text()
    current = view.findChild(QTextBrowser, "conflictCurrent").toPlainText()
    other = view.findChild(QTextBrowser, "conflictOther").toPlainText()
    assert {"door en door" in current, "door en door" in other} == {True, False}

    # the board shows the merged observation as soon as it is looked at again
    assert window.show_view("BoardView") is board
    assert window.worker.wait()
    shown = [board.model.data(board.model.index(r, c)) for r in range(board.model.rowCount())
             for c in range(board.model.columnCount())]
    assert "Toezichthouders kalibreren elk kwartaal." in shown

    view = window.show_view("TeamView")
    qtbot.mouseClick(view.findChild(QPushButton, "keepBoth"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.findChild(QListWidget, "conflictList").count() == 0, timeout=3000)
    texts = sorted(o["text"] for o in window.visit.observations.list())
    assert "De directie kent haar opdrachtgevers door en door." in texts
    assert "De directie kent de meeste opdrachtgevers." in texts
    assert board is not None


def test_a_copy_of_another_visitation_is_refused_with_a_dialog(make_window, vfile, qtbot, monkeypatch,
                                                               tmp_path):
    other = tmp_path / "ander.visitatie"
    Visitation.create(other, "Omgevingsdienst Elders", "2026-05-01", "2026-05-02").close()
    window = make_window(vfile)
    view = window.show_view("TeamView")
    seen = []

    def close(dialog):
        seen.append(dialog.text())
        dialog.button(QMessageBox.Ok).click()
    answer_modal(close)
    view.merge([str(other)])
    assert window.worker.wait()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "andere visitatie" in seen[0]
    assert "niets veranderd" in view.findChild(QLabel, "mergeResult").text()
    assert window.visit.team.log() == []


def test_opening_a_members_copy_works_as_that_member(make_window, vfile, tmp_path):
    with Visitation.open(vfile) as v:
        v.team.hand_out("Femke Ouwerling", tmp_path / "femke.visitatie")
    window = make_window(tmp_path / "femke.visitatie", ask_member=True)
    assert window.member_label.text() == "Ik: Femke Ouwerling (eigen kopie)"


def test_a_copy_is_replaced_after_ja_and_the_old_one_kept(make_window, vfile, qtbot, monkeypatch, tmp_path):
    out = tmp_path / "kopie.visitatie"
    with Visitation.open(vfile) as v:
        v.team.hand_out("Ilse Voorthuis", out)
    window = make_window(vfile)
    view = window.show_view("TeamView")
    view.member_combo.setCurrentText("Ruben Kasteleijn")
    # the save dialog returns an existing file only after "Wil je het vervangen?" -> Ja
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    qtbot.mouseClick(view.findChild(QPushButton, "handOutButton"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: "vervangen" in view.findChild(QLabel, "mergeResult").text(), timeout=3000)
    with Visitation.open(out) as copy:
        assert copy.members.names()[copy.team.owner()] == "Ruben Kasteleijn"
    kept = list((tmp_path / "kopie-backups").glob("*voor-vervangen*"))
    assert len(kept) == 1
    with Visitation.open(kept[0]) as old:
        assert old.members.names()[old.team.owner()] == "Ilse Voorthuis"


def test_a_hand_out_refused_while_the_window_is_open_names_the_member_she_picked(
        make_window, vfile, monkeypatch, tmp_path, capsys):
    from visitor_app.cli import main
    monkeypatch.delenv("USER", raising=False)  # the computer's user name is unknown here
    monkeypatch.delenv("USERNAME", raising=False)
    window = make_window(vfile)
    window.set_member(window.visit.members.find("Femke Ouwerling")["id"])
    args = ["hand-out", str(vfile), "--member", "Ruben Kasteleijn", "--out", str(tmp_path / "r.visitatie")]
    assert main(args) == 6
    refused = capsys.readouterr().err
    assert "al geopend (door Femke Ouwerling op" in refused and "onbekend" not in refused
    window.set_member(window.visit.members.find("Ilse Voorthuis")["id"])  # she picks another name
    assert main(args) == 6 and "door Ilse Voorthuis op" in capsys.readouterr().err
    assert not (tmp_path / "r.visitatie").exists()


def test_the_window_says_whose_copy_it_is(make_window, vfile, tmp_path):
    with Visitation.open(vfile) as v:
        v.team.hand_out("Femke Ouwerling", tmp_path / "femke.visitatie")
    window = make_window(tmp_path / "femke.visitatie")
    assert window.member_label.text() == "Ik: Femke Ouwerling (eigen kopie)"
    window.set_member(window.visit.members.find("Ilse Voorthuis")["id"])  # Ilse types in Femke's copy
    assert window.member_label.text() == "Ik: Ilse Voorthuis · kopie van Femke Ouwerling"
