"""Opening a file whose lock was left behind: the window asks to take it over (Ja) or not (Nee);
a program that still holds the file is refused without asking."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from visitor_app.ui import main_window

from tests.store.test_lock import HOLDER, hold, posix_only, unopenable  # noqa: F401 - fixtures
from tests.ui.conftest import answer_modal


def _errors(monkeypatch) -> list[str]:
    """The error dialogs the window shows, as texts (so that a stray one cannot block the test)."""
    shown = []
    monkeypatch.setattr(main_window, "show_error",
                        lambda parent, exc, title="": shown.append(getattr(exc, "message", str(exc))))
    return shown


def _answer(asked: list[str], button):
    def action(dialog):
        asked.append(dialog.text())
        dialog.button(button).click()
    return action


def _lock_text(path) -> str:
    return path.with_name(path.name + ".lock").read_text(encoding="utf-8")


@posix_only
def test_ja_takes_over_the_lock_of_a_process_that_is_gone(qtbot, make_window, vfile, hold, monkeypatch):
    errors = _errors(monkeypatch)
    pid = hold(vfile, stays=False)
    window = make_window()
    asked = []
    answer_modal(_answer(asked, QMessageBox.Yes))

    assert window.open_file(vfile) is True

    assert len(asked) == 1 and errors == []
    assert asked[0].startswith(f"Dit bestand lijkt nog geopend door {HOLDER} op ")
    assert f"(proces {pid} draait niet meer). Overnemen?" in asked[0] and "werk.visitatie.lock" in asked[0]
    assert window.visit is not None and f"proces {os.getpid()}," in _lock_text(vfile)


@posix_only
def test_nee_leaves_the_lock_and_the_file_alone(qtbot, make_window, vfile, hold, monkeypatch):
    errors = _errors(monkeypatch)
    pid = hold(vfile, stays=False)
    before = vfile.read_bytes()
    window = make_window()
    asked = []
    answer_modal(_answer(asked, QMessageBox.No))

    assert window.open_file(vfile) is False

    assert len(asked) == 1 and errors == []  # the question said it all
    assert window.visit is None
    assert f"proces {pid}," in _lock_text(vfile) and vfile.read_bytes() == before


def test_ja_takes_over_a_lock_file_we_cannot_open(qtbot, make_window, vfile, unopenable, monkeypatch):
    errors = _errors(monkeypatch)
    unopenable(vfile.with_name(vfile.name + ".lock"),
               f"door {HOLDER} op pc-secretariaat, proces 4242, sinds 02-03-2026 09:15")
    window = make_window()
    asked = []
    answer_modal(_answer(asked, QMessageBox.Yes))

    assert window.open_file(vfile) is True

    assert errors == [] and len(asked) == 1
    assert asked[0].startswith(f"Dit bestand lijkt nog geopend door {HOLDER} op pc-secretariaat")
    assert "niet te openen" in asked[0]
    assert f"proces {os.getpid()}," in _lock_text(vfile)


def test_a_running_holder_is_refused_without_a_question(qtbot, make_window, vfile, hold, monkeypatch):
    errors = _errors(monkeypatch)
    pid = hold(vfile)
    window = make_window()
    asked = []
    answer_modal(_answer(asked, QMessageBox.Yes), timeout_ms=200)

    assert window.open_file(vfile) is False
    qtbot.wait(300)  # the watcher for a question gives up

    assert asked == []
    assert len(errors) == 1 and "al geopend" in errors[0] and HOLDER in errors[0]
    assert f"proces {pid}," in _lock_text(vfile)
