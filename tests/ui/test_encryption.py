"""Encryption in the window: a new visitation asks for a passphrase twice with a strength
hint and the no-recovery warning; an encrypted file asks for its passphrase (again after a
wrong one); copies and merges ask per copy; exports say they are not encrypted."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from tests.conftest import MEMBERS
from tests.ui.conftest import answer_modal
from visitor_app.services import Visitation
from visitor_app.services.encryption import is_encrypted
from visitor_app.ui import passphrase as dialogs
from visitor_app.ui import main_window
from visitor_app.ui import files

SECRET = "vier kleine eenden zwemmen"
OTHER = "twee grote zwanen vliegen"
TEXT = "Het bestuur vergadert zonder agenda"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encrypted_file(path: Path, framework, secret: str = SECRET) -> Path:
    with Visitation.create(path, "Omgevingsdienst Testland", "2026-03-10", "2026-03-11",
                           members=MEMBERS, framework=framework, passphrase=secret) as visit:
        fw = visit.framework
        visit.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], TEXT)
    return path


def test_the_new_passphrase_dialog_hints_in_plain_dutch_and_warns_there_is_no_recovery(qtbot):
    dialog = dialogs.NewPassphraseDialog(alternative=dialogs.PLAIN)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    hint = dialog.findChild(QLabel, "passphraseStrength")
    assert "Niemand kan het herstellen" in dialog.findChild(QLabel, "passphraseNoRecovery").text()
    assert not ok.isEnabled()
    first, second = (dialog.findChild(QLineEdit, n) for n in ("passphraseFirst", "passphraseSecond"))
    assert first.echoMode() == QLineEdit.Password and second.echoMode() == QLineEdit.Password
    first.setText("kort")
    assert "te kort" in hint.text() and not ok.isEnabled()
    first.setText("fietsbel")
    assert "zwak: kort en alleen letters" in hint.text()
    second.setText("fietsbe")
    assert "verschillen" in hint.text() and not ok.isEnabled()
    second.setText("fietsbel")
    assert ok.isEnabled() and dialog.choice() == ("passphrase", "fietsbel")
    first.setText(SECRET)
    second.setText(SECRET)
    assert "sterk" in hint.text()
    dialog.findChild(QCheckBox, "passphraseAlternative").setChecked(True)
    assert ok.isEnabled() and dialog.choice() == (dialogs.PLAIN, None) and not first.isEnabled()


def test_a_new_visitation_from_the_window_is_encrypted_with_the_chosen_passphrase(
        make_window, tmp_path, monkeypatch):
    from visitor_app.ui import dialogs as ui_dialogs
    path = tmp_path / "nieuw.visitatie"
    monkeypatch.setattr(ui_dialogs.NewVisitationDialog, "exec", lambda self: 1)
    monkeypatch.setattr(ui_dialogs.NewVisitationDialog, "values", lambda self: {
        "dienst": "Omgevingsdienst Testland", "start": "2026-03-10", "end": "2026-03-11",
        "members": MEMBERS})
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(path))
    seen = []

    def answer(dialog):
        seen.append(dialog.windowTitle())
        dialog.findChild(QLineEdit, "passphraseFirst").setText(SECRET)
        dialog.findChild(QLineEdit, "passphraseSecond").setText(SECRET)
        dialog.buttons.button(QDialogButtonBox.Ok).click()

    window = make_window()
    answer_modal(answer)
    window.new_file()
    assert seen == ["Wachtwoord voor de nieuwe visitatie"]
    assert window.visit is not None and window.visit.encrypted  # opened without asking again
    assert "versleuteld" in window.windowTitle()
    assert is_encrypted(path) and b"Omgevingsdienst Testland" not in path.read_bytes()
    window.close_visitation()
    with Visitation.open(path, passphrase=SECRET) as visit:
        assert visit.details()["dienst"] == "Omgevingsdienst Testland"


def test_without_encryption_only_by_choice(make_window, tmp_path, monkeypatch):
    from visitor_app.ui import dialogs as ui_dialogs
    path = tmp_path / "open.visitatie"
    monkeypatch.setattr(ui_dialogs.NewVisitationDialog, "exec", lambda self: 1)
    monkeypatch.setattr(ui_dialogs.NewVisitationDialog, "values", lambda self: {
        "dienst": "Omgevingsdienst Testland", "start": "2026-03-10", "end": "2026-03-11", "members": []})
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(path))
    monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, **k: None)  # Annuleren
    window = make_window()
    window.new_file()
    assert not path.exists() and window.visit is None
    monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, **k: (dialogs.PLAIN, None))
    window.new_file()
    assert path.read_bytes().startswith(b"SQLite format 3") and not window.visit.encrypted


def test_opening_asks_again_after_a_wrong_passphrase_and_cancel_changes_nothing(
        make_window, tmp_path, framework, monkeypatch):
    path = encrypted_file(tmp_path / "geheim.visitatie", framework)
    before = sha(path)
    errors = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, exc, title="": errors.append(exc))
    asked = []

    def ask(parent, file, error=None, what="visitatie"):
        asked.append(error)
        return None if len(asked) == 3 else ("fout wachtwoord" if len(asked) == 1 else SECRET)

    monkeypatch.setattr(dialogs, "ask_passphrase", ask)
    window = make_window()
    assert window.open_file(path) is True
    assert asked == [None, dialogs.WRONG] and errors == []
    assert [o["text"] for o in window.visit.observations.list()] == [TEXT]
    window.close_visitation()
    assert sha(path) == before
    assert window.open_file(path) is False and window.visit is None  # Annuleren
    assert sha(path) == before and errors == []


def test_the_passphrase_dialog_opens_the_file(make_window, tmp_path, framework):
    path = encrypted_file(tmp_path / "geheim.visitatie", framework)

    def answer(dialog):
        assert path.name in dialog.findChildren(QLabel)[0].text()
        field = dialog.findChild(QLineEdit, "passphraseField")
        assert field.echoMode() == QLineEdit.Password
        field.setText(SECRET)
        dialog.buttons.button(QDialogButtonBox.Ok).click()

    window = make_window()
    answer_modal(answer)
    assert window.open_file(path) is True and window.visit.encrypted


def test_copies_of_an_encrypted_visitation_are_encrypted_and_merged_with_their_passphrases(
        make_window, tmp_path, framework, qtbot, monkeypatch):
    path = encrypted_file(tmp_path / "geheim.visitatie", framework)
    window = make_window()
    assert window.open_file(path, passphrase=SECRET)
    view = window.show_view("TeamView")
    same, own = tmp_path / "ilse.visitatie", tmp_path / "ruben.visitatie"
    for name, copy, choice in (("Ilse Voorthuis", same, (dialogs.SAME, None)),
                               ("Ruben Kasteleijn", own, ("passphrase", OTHER))):
        view.member_combo.setCurrentText(name)
        monkeypatch.setattr(files, "save_file", lambda *a, c=copy, **k: str(c))
        monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, ch=choice, **k: ch)
        qtbot.mouseClick(view.findChild(QPushButton, "handOutButton"), Qt.LeftButton)
        assert window.worker.wait()
        assert is_encrypted(copy) and TEXT.encode() not in copy.read_bytes()
    for copy, secret in ((same, SECRET), (own, OTHER)):
        with Visitation.open(copy, passphrase=secret) as member:
            fw = member.framework
            member.observations.add(fw.themes[0]["id"], fw.observation_kinds[0]["id"], f"uit {copy.name}")

    asked = []

    def ask(parent, file, error=None, what="visitatie"):
        asked.append((Path(file).name, error))
        return "niet goed" if len(asked) == 1 else OTHER

    monkeypatch.setattr(dialogs, "ask_passphrase", ask)
    view.merge([str(same), str(own)])
    assert window.worker.wait()
    assert asked == [("ruben.visitatie", None), ("ruben.visitatie", dialogs.WRONG)]  # Ilse's opens with ours
    texts = {o["text"] for o in window.visit.observations.list()}
    assert {"uit ilse.visitatie", "uit ruben.visitatie"} <= texts
    assert "2 nieuw" in view.findChild(QLabel, "mergeResult").text()


def test_the_report_view_says_exports_are_not_encrypted(make_window, tmp_path, framework, vfile, monkeypatch,
                                                        qtbot):
    path = encrypted_file(tmp_path / "geheim.visitatie", framework)
    window = make_window()
    assert window.open_file(path, passphrase=SECRET)
    view = window.show_view("ReportView")
    note = view.findChild(QLabel, "plainExportNote")
    assert not note.isHidden() and "niet versleuteld" in note.text()
    captions = []
    monkeypatch.setattr(files, "save_file", lambda parent, caption, *a, **k: captions.append(caption) or "")
    view.export()  # the check for personal data runs first, in the worker
    qtbot.waitUntil(lambda: bool(captions), timeout=5000)
    assert captions == ["Conceptrapport opslaan als (niet versleuteld)"]
    window.close_visitation()
    assert window.open_file(vfile)
    assert window.show_view("ReportView").findChild(QLabel, "plainExportNote").isHidden()


def test_encrypting_the_open_plain_file_and_removing_its_plain_backups(make_window, vfile, monkeypatch):
    window = make_window(vfile)
    monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, **k: ("passphrase", SECRET))
    asked = []

    def yes(dialog):
        asked.append(" ".join(lab.text() for lab in dialog.findChildren(QLabel))
                     + " " + " ".join(dialog.list.item(i).text() for i in range(dialog.list.count())))
        dialog.remove_button.click()

    answer_modal(yes)
    assert window.encrypt_file() is True
    assert window.visit.encrypted and is_encrypted(vfile)
    assert asked and "niet versleuteld" in asked[0] and "voor-versleutelen" in asked[0]
    # the plain backups are removed after Ja (the encrypted snapshot the reopened file may
    # have made meanwhile, in the worker, stays)
    assert not any(not is_encrypted(p) for p in Path(vfile.with_name("werk-backups")).glob("*.visitatie"))

    answers = iter(["fout wachtwoord", SECRET])
    monkeypatch.setattr(dialogs, "ask_passphrase", lambda *a, **k: next(answers))
    monkeypatch.setattr(dialogs, "choose_passphrase", lambda *a, **k: ("passphrase", OTHER))
    assert window.change_passphrase() is True
    assert window.visit.encrypted
    window.close_visitation()
    with Visitation.open(vfile, passphrase=OTHER):
        pass
