"""Starting the window: the base look without a style rule on every widget, and the
clean-up that waits until the window is shown (docs/performance.md, "Where the start goes")."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from visitor_app.ui.app import BASE_FONT_PT, TEXT_COLOUR, make_app, run_window


def test_text_has_the_base_size_and_colour_and_disabled_text_stays_grey(qapp):
    make_app()
    button = QPushButton("Opslaan")
    assert button.font().pointSizeF() == BASE_FONT_PT
    palette = button.palette()
    assert palette.color(QPalette.Active, QPalette.ButtonText).name() == TEXT_COLOUR
    assert palette.color(QPalette.Inactive, QPalette.WindowText).name() == TEXT_COLOUR
    # a style rule on QWidget used to paint disabled buttons in the same dark colour
    assert palette.color(QPalette.Disabled, QPalette.ButtonText).name() != TEXT_COLOUR


def test_the_clean_up_starts_once_the_window_shows_the_file(qapp, qtbot, vfile, monkeypatch):
    seen = []

    def after_shown():
        windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
        seen.append([(w.isVisible(), w.visit is not None and w.visit.path == vfile) for w in windows])

    # app.exec() would mark the test's QApplication as closing for every later test: a
    # short wait in its place runs the event loop that run_window hands its callback to
    monkeypatch.setattr(qapp, "exec", lambda: qtbot.wait(200) or 0)
    try:
        assert run_window(str(vfile), after_shown=after_shown) == 0
    finally:  # the window outlives run_window here (in the app the process ends)
        for window in [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]:
            window.close()
            window.deleteLater()
        QApplication.processEvents()
    assert seen == [[(True, True)]]
