"""The Bestand menu's dialogs as a commission member meets them: the title names the open
file (also after "Opslaan als nieuwe visitatie", and not after deleting it), each dialog
says what it asks for, and long lists stay on a small screen."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QListWidget

from tests.ui.conftest import answer_modal
from visitor_app.ui import passphrase as dialogs
from visitor_app.ui import files


def test_the_title_names_the_file_also_after_saving_as_a_new_visitation(qtbot, make_window, vfile,
                                                                          monkeypatch, tmp_path):
    window = make_window(vfile)
    assert "werk.visitatie" in window.windowTitle()
    new = tmp_path / "volgende.visitatie"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(new))
    window.save_as_new_visitation()
    window.worker.wait()
    qtbot.waitUntil(lambda: window.visit is not None and window.visit.path.name == new.name)
    assert "volgende.visitatie" in window.windowTitle() and "werk.visitatie" not in window.windowTitle()


def test_after_deleting_the_title_no_longer_names_the_visitation(qtbot, make_window, vfile):
    window = make_window(vfile)
    window.worker.wait()
    dienst = window.visit.details()["dienst"]

    def confirm(dialog):
        dialog.confirm.setText(dienst)
        dialog.delete_button.click()

    answer_modal(confirm)
    window.delete_visitation()
    assert window.visit is None and not vfile.exists()
    assert window.windowTitle() == "Visitatie-app"
    assert window.start_page.recent.count() == 0


def test_the_versions_list_shows_why_a_backup_cannot_be_restored(qtbot):
    from visitor_app.ui.backups import VersionsDialog
    problem = "niet versleuteld (van vóór het versleutelen)"
    rows = [{"name": "a", "time": "01-12-2026 12:00:00", "reason_text": "vóór versleutelen",
             "restorable": False, "problem": problem, "observations": 3, "size": 300_000}]
    dialog = VersionsDialog(rows)
    qtbot.addWidget(dialog)
    item = dialog.table.item(0, 1)
    assert problem in item.toolTip()
    dialog.show()
    qtbot.waitExposed(dialog)
    fm = dialog.table.fontMetrics()
    assert dialog.table.rowHeight(0) >= 2 * fm.height() or \
        dialog.table.columnWidth(1) >= fm.horizontalAdvance(item.text())  # wrapped or wide: all readable


def test_changing_the_passphrase_asks_for_the_current_one_in_so_many_words(qtbot, make_window, tmp_path,
                                                                          framework):
    from tests.ui.test_encryption import SECRET, encrypted_file
    path = encrypted_file(tmp_path / "geheim.visitatie", framework)
    window = make_window()
    assert window.open_file(path, passphrase=SECRET)
    seen = []

    def answer(dialog):
        seen.append(" ".join(lab.text() for lab in dialog.findChildren(QLabel)))
        seen.append(dialog.buttons.button(QDialogButtonBox.Ok).text())
        dialog.reject()

    answer_modal(answer)
    assert window.change_passphrase() is False
    assert "huidige wachtwoord" in seen[0] and seen[1] != "Openen"


def test_a_copy_that_needs_its_own_passphrase_says_why(qtbot, tmp_path):
    dialog = dialogs.AskPassphraseDialog(tmp_path / "kopie-ruben.visitatie", what="kopie")
    qtbot.addWidget(dialog)
    text = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
    assert "kopie-ruben.visitatie" in text and "eigen wachtwoord" in text


def test_the_passphrase_dialogs_are_wide_enough_to_read(qtbot, tmp_path):
    for dialog in (dialogs.AskPassphraseDialog(tmp_path / "x.visitatie"),
                   dialogs.NewPassphraseDialog(alternative=dialogs.SAME)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() >= dialog.fontMetrics().horizontalAdvance("M") * 30


def test_many_plain_backups_fit_a_small_screen_and_no_keeps_them(qtbot, make_window, vfile, monkeypatch):
    from visitor_app.services import encryption
    from visitor_app.ui import main_window
    window = make_window(vfile)
    many = [str(vfile.with_name("werk-backups") / f"2026120{i % 10}T12000{i:02d}Z-automatisch.visitatie")
            for i in range(30)]
    monkeypatch.setattr(encryption, "encrypt_file", lambda path, secret: {"plain_backups": many})
    removed = []
    monkeypatch.setattr(encryption, "remove_backups", lambda copies: removed.append(copies))
    monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, **k: ("passphrase", "vier kleine eenden"))
    monkeypatch.setattr(main_window.MainWindow, "open_file", lambda self, p, passphrase=None: True)
    seen = []

    def answer(dialog):
        dialog.adjustSize()
        seen.append(dialog.height())
        listed = dialog.findChild(QListWidget)
        seen.append(listed.count() if listed else 0)
        text = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
        seen.append(text)
        dialog.reject()  # Escape / Nee: keep them

    answer_modal(answer)
    window.encrypt_file()
    assert seen[0] <= 500  # 1920x1080 at 200 % leaves 540 logical pixels
    assert seen[1] == 30
    assert "bewaard" in seen[2] or "blijven" in seen[2]
    assert removed == []


def test_the_hand_out_dialog_puts_the_choice_first_and_speaks_of_the_copy(qtbot):
    from PySide6.QtWidgets import QCheckBox, QLineEdit
    dialog = dialogs.NewPassphraseDialog(alternative=dialogs.SAME, checked=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QCheckBox, "passphraseAlternative")
    assert box.y() < dialog.findChild(QLineEdit, "passphraseFirst").y()
    assert "de kopie niet meer te openen" in dialog.findChild(QLabel, "passphraseNoRecovery").text()


def _next_tab_stop(widget):
    w = widget.nextInFocusChain()
    while not (w.focusPolicy() & Qt.TabFocus and w.isEnabled() and w.isVisible()):
        w = w.nextInFocusChain()
    return w


def test_enter_and_escape_in_the_dialogs(qtbot):
    from PySide6.QtWidgets import QLineEdit
    from visitor_app.ui.backups import DeleteDialog, VersionsDialog
    plan = {"file": "/tmp/werk.visitatie", "dienst": "OD Testland", "backup_folder": None, "backups": 0,
            "confirm": "OD Testland"}
    # Deleting: Enter while the name is not yet right does nothing; Enter after typing it
    # deletes, as the button does (never a silent cancel that looks like a deletion).
    dialog = DeleteDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.confirm, "OD Test")
    qtbot.keyClick(dialog.confirm, Qt.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    qtbot.keyClicks(dialog.confirm, "land")
    qtbot.keyClick(dialog.confirm, Qt.Key_Return)
    assert not dialog.isVisible() and dialog.result() == 1
    dialog = DeleteDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.confirm, Qt.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == 0
    # A new passphrase: Enter does nothing until both fields agree.
    dialog = dialogs.NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    first, second = (dialog.findChild(QLineEdit, n) for n in ("passphraseFirst", "passphraseSecond"))
    qtbot.keyClicks(first, "vier kleine eenden")
    assert _next_tab_stop(first) is second
    qtbot.keyClick(second, Qt.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClicks(second, "vier kleine eenden")
    qtbot.keyClick(second, Qt.Key_Return)
    assert not dialog.isVisible() and dialog.result() == 1
    # Earlier versions: Enter puts the chosen one back, Escape closes.
    rows = [{"name": "a", "time": "01-12-2026 12:00:00", "reason_text": "automatisch", "restorable": True,
             "problem": None, "observations": 3, "size": 300_000}]
    for key, result in ((Qt.Key_Return, 1), (Qt.Key_Escape, 0)):
        dialog = VersionsDialog(rows)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClick(dialog.table, key)
        assert not dialog.isVisible() and dialog.result() == result


def test_the_file_menu_greys_out_what_does_not_apply(make_window, vfile, tmp_path, framework):
    from PySide6.QtGui import QAction
    from tests.ui.test_encryption import SECRET, encrypted_file
    window = make_window()

    def enabled(name):
        return window.findChild(QAction, name).isEnabled()

    file_actions = ("actionSaveCopy", "actionSaveAsNew", "actionVersions", "actionDelete", "actionHandOut",
                    "actionMerge", "actionEncrypt", "actionChangePassphrase")
    assert not any(enabled(n) for n in file_actions)  # no file open: nothing to copy or delete
    assert enabled("actionOpen") and enabled("actionNew")
    assert window.open_file(vfile)
    assert enabled("actionSaveCopy") and enabled("actionEncrypt") and not enabled("actionChangePassphrase")
    window.close_visitation()
    assert not enabled("actionSaveCopy")
    assert window.open_file(encrypted_file(tmp_path / "geheim.visitatie", framework), passphrase=SECRET)
    assert enabled("actionChangePassphrase") and not enabled("actionEncrypt")


def test_a_full_disk_while_saving_a_copy_says_which_step_failed(make_window, vfile, tmp_path, monkeypatch):
    import errno
    import os
    from visitor_app.services import backups
    from visitor_app.ui import main_window
    window = make_window(vfile)
    out = tmp_path / "stick" / "kopie.visitatie"

    def full(path, target, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(backups, "copy_visitation", full)
    shown = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, exc, title="": shown.append((title, exc)))
    window.save_copy(out=str(out))
    window.save_as_new_visitation(out=str(out))
    window.worker.wait()
    assert [title for title, _exc in shown] == ["Kopie niet opgeslagen", "Nieuwe visitatie niet opgeslagen"]
    assert window.visit is not None and window.visit.path == vfile  # still the same file open
