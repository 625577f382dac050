"""Opening a file whose crash journal belongs to another file: the secretary is told."""

from __future__ import annotations

from tests.store.conftest import crash_mid_write
from tests.store.test_journals import HALF, older_copy


def test_the_window_tells_the_user_a_journal_was_set_aside(tmp_path, qtbot):
    """The warning reaches the secretary in the window, not only a log."""
    from tests.ui.conftest import answer_modal
    from visitor_app.ui.main_window import MainWindow
    from visitor_app.ui.settings import Settings
    path = tmp_path / "a.visitatie"
    other = older_copy(tmp_path, path)
    crash_mid_write(path, HALF)
    path.write_bytes(other)
    seen = []

    def read(box):
        seen.append(box.text())
        box.accept()

    window = MainWindow(settings=Settings(tmp_path / "s.ini"), ask_member=False)
    qtbot.addWidget(window)
    answer_modal(read)
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "hoort niet bij" in seen[0] and window.visit is not None
    window.close()
