"""Bestand menu: a copy, a copy as a new visitation, an earlier version, deleting for good."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import answer_modal
from visitor_app.services import Visitation
from visitor_app.store import backup
from visitor_app.ui import files


def _note(window, text):
    fw = window.visit.framework
    window.visit.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], text)


def _texts(window):
    return sorted(o["text"] for o in window.visit.observations.list())


def _fits(dialog):
    dialog.adjustSize()
    assert dialog.width() <= 1366 and dialog.height() <= 740


def test_opening_makes_a_snapshot_and_the_menu_has_the_actions(make_window, vfile):
    window = make_window(vfile)
    window.worker.wait()
    assert [b.reason for b in backup.backups(vfile)] == ["automatisch"]
    names = {a.objectName() for a in window.menuBar().actions()[0].menu().actions()}
    assert {"actionSaveCopy", "actionSaveAsNew", "actionVersions", "actionDelete"} <= names


def test_go_back_to_an_earlier_version(qtbot, make_window, vfile):
    window = make_window(vfile)
    _note(window, "stond er al")
    window.worker.wait()
    window.visit.backups.snapshot()
    _note(window, "later getypt")
    window.show_view("BoardView")  # a view that shows the observations is built before

    def choose(dialog):
        _fits(dialog)
        table = dialog.table
        reasons = [table.item(r, 1).text() for r in range(table.rowCount())]
        assert reasons[0] == "automatisch"
        assert table.item(0, 2).text() == "1"  # the newest: one observation
        dialog.table.selectRow(0)
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    answer_modal(choose)
    window.show_versions()
    window.worker.wait()
    qtbot.waitUntil(lambda: window.visit is not None and _texts(window) == ["stond er al"], timeout=5000)
    saved = [b for b in backup.backups(vfile) if b.reason == "voor-herstel"]
    assert len(saved) == 1
    with Visitation.open(saved[0].path) as before:
        assert sorted(o["text"] for o in before.observations.list()) == ["later getypt", "stond er al"]
    assert "Teruggezet" in window.statusBar().currentMessage()
    board = window.show_view("BoardView")  # a fresh view on the restored file
    assert board.ctx.visit is window.visit


def test_save_a_copy_and_save_as_a_new_visitation(qtbot, make_window, vfile, monkeypatch, tmp_path):
    window = make_window(vfile)
    old_id = window.visit.details()["id"]
    copy, new = tmp_path / "reserve.visitatie", tmp_path / "volgende"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(copy))
    window.save_copy()
    window.worker.wait()
    with Visitation.open(copy) as c:
        assert c.details()["id"] == old_id
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(new))
    window.save_as_new_visitation()
    window.worker.wait()
    qtbot.waitUntil(lambda: window.visit is not None and window.visit.path.name == "volgende.visitatie")
    assert window.visit.details()["id"] != old_id
    assert "eigen id" in window.statusBar().currentMessage()


def test_delete_for_good_after_typing_the_name(qtbot, make_window, vfile, settings, tmp_path):
    sibling = tmp_path / "buur.visitatie"
    Visitation.create(sibling, "OD Buur", "2026-03-10", "2026-03-11").close()
    backup.make_backup(sibling, "automatisch")
    settings.add_recent(sibling)
    window = make_window(vfile)
    window.worker.wait()
    dienst = window.visit.details()["dienst"]

    def confirm(dialog):
        _fits(dialog)
        assert not dialog.delete_button.isEnabled()
        qtbot.keyClicks(dialog.confirm, "OD Buur")
        assert not dialog.delete_button.isEnabled()
        dialog.confirm.clear()
        qtbot.keyClicks(dialog.confirm, dienst.lower())
        assert dialog.delete_button.isEnabled()
        qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)

    answer_modal(confirm)
    window.delete_visitation()
    assert window.visit is None
    assert not vfile.exists() and not backup.backup_dir(vfile).exists()
    assert sibling.exists() and len(backup.backups(sibling)) == 1
    assert settings.recent_files() == [str(sibling.resolve())]


def test_cancelling_the_delete_dialog_changes_nothing(qtbot, make_window, vfile):
    window = make_window(vfile)
    window.worker.wait()
    answer_modal(lambda dialog: dialog.reject())
    window.delete_visitation()
    assert window.visit is not None and vfile.exists() and backup.backups(vfile)


def test_a_damaged_file_offers_an_earlier_version(qtbot, make_window, vfile):
    from PySide6.QtWidgets import QMessageBox
    with Visitation.open(vfile) as v:
        fw = v.framework
        v.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], "bewaard")
        v.backups.snapshot()
    data = vfile.read_bytes()
    vfile.write_bytes(data[: len(data) // 2])  # cut off: a stick pulled out mid-copy
    window = make_window()

    def choose(dialog):
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    def yes(box):
        assert isinstance(box, QMessageBox) and "eerdere versie" in box.text()
        answer_modal(choose)
        box.button(QMessageBox.Yes).click()

    answer_modal(yes)
    assert window.open_file(vfile)
    assert _texts(window) == ["bewaard"]
    assert [b.reason for b in backup.backups(vfile)].count("voor-herstel") == 1
