"""pytest-qt helpers: a real MainWindow on a temporary file, and a way to answer modal dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from visitor_app.services import Visitation
from visitor_app.ui.settings import Settings

from tests.conftest import MEMBERS


def answer_modal(action, timeout_ms: int = 5000):
    """Run ``action(dialog)`` on the next modal dialog that opens (exec() blocks the test)."""
    state = {"waited": 0}

    def check():
        widget = QApplication.activeModalWidget()
        if widget is None:
            state["waited"] += 20
            if state["waited"] < timeout_ms:
                QTimer.singleShot(20, check)
            return
        action(widget)

    QTimer.singleShot(0, check)


def open_shortcuts(window):
    """Help > Sneltoetsen (F1) from the menu: the text it lists and the dialog's minimum size."""
    from PySide6.QtWidgets import QLabel
    seen = []

    def read(dialog):
        seen.append((dialog.findChild(QLabel, "shortcutsText").text(), dialog.minimumSizeHint()))
        dialog.reject()

    answer_modal(read)
    window.findChild(type(window.menuBar().actions()[0]), "actionShortcuts").trigger()
    assert seen
    return seen[0]


def read_shortcuts(window) -> str:
    """The text F1 lists."""
    return open_shortcuts(window)[0]


@pytest.fixture
def vfile(tmp_path, framework):
    path = tmp_path / "werk.visitatie"
    Visitation.create(path, "Omgevingsdienst Testland", "2026-03-10", "2026-03-11",
                      members=MEMBERS, framework=framework).close()
    return path


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "instellingen.ini")


@pytest.fixture
def make_window(qtbot, settings):
    from visitor_app.ui.main_window import MainWindow
    made = []

    def make(path=None, ask_member=False):
        window = MainWindow(settings=settings, ask_member=ask_member)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # shortcuts need an active window
        if path is not None:
            assert window.open_file(path)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close_visitation()
