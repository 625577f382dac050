"""Help > Over Visitatie-app: opened through the menu, it shows version and framework."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QScrollArea

import visitor_app
from visitor_app.services.about import about_info, load_licences
from visitor_app.ui.about import AboutDialog, dialog_size

from tests.ui.conftest import answer_modal


def _menu_action(window, menu_title: str, action_title: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == menu_title)
    return next(a for a in menu.actions() if a.text().replace("&", "") == action_title)


def test_help_over_shows_version_and_framework(make_window, vfile, framework):
    window = make_window(vfile)
    seen = {}

    def read(dialog):
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.findChild(QLabel, "aboutText").text()
        seen["scroll"] = dialog.findChild(QScrollArea, "aboutScroll") is not None
        dialog.reject()

    answer_modal(read)
    _menu_action(window, "Help", "Over Visitatie-app").trigger()
    assert seen["title"] == "Over Visitatie-app"
    assert f"Visitatie-app {visitor_app.__version__}" in seen["text"]
    installed = about_info().framework
    assert installed.name in seen["text"] and f"versie {installed.version}" in seen["text"]
    assert "voorlopig" in seen["text"]
    assert framework.name in seen["text"]  # the open file's own framework
    assert "LGPL" in seen["text"] and "PySide6" in seen["text"] and "download.qt.io" in seen["text"]
    assert seen["scroll"]


def test_about_without_an_open_file(make_window):
    window = make_window()
    seen = {}
    answer_modal(lambda d: (seen.setdefault("text", d.findChild(QLabel, "aboutText").text()), d.reject()))
    _menu_action(window, "Help", "Over Visitatie-app").trigger()
    assert "Kader van de geopende visitatie" not in seen["text"]
    assert str(about_info().data_dir) in seen["text"]


def test_the_dialog_fits_small_and_scaled_screens(qtbot):
    """1366x768 at 100 % and 1920x1080 at 200 % (960x540 logical), minus a task bar."""
    dialog = AboutDialog(about_info())
    qtbot.addWidget(dialog)
    hint = dialog.minimumSizeHint()
    for screen in (QSize(1366, 728), QSize(960, 500)):
        width, height = dialog_size(screen.width(), screen.height())
        assert width <= screen.width() and height <= screen.height()
        assert hint.width() <= width and hint.height() <= height  # the scroll area takes the rest
    dialog.resize(*dialog_size(960, 500))
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 960 and dialog.height() <= 500


def test_every_bundled_component_has_a_licence():
    names = {lic.name for lic in load_licences()}
    for needed in ("Qt / PySide6", "SQLCipher", "OpenSSL (libcrypto)", "python-docx", "reportlab",
                   "sqlite-utils", "PyYAML", "platformdirs", "openpyxl", "Python"):
        assert needed in names
    assert all(lic.licence for lic in load_licences())
