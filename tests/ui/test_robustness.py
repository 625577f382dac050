"""Notes survive the awkward moments: slow disk, failed save, switching, closing mid-edit."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from visitor_app.services import Visitation
from visitor_app.errors import InputError
from visitor_app.ui.views.assessments import AssessmentsView
from visitor_app.ui.views.board import BoardView
from visitor_app.ui.views.conversation import ConversationView


def _collect_errors(window):
    errors = []
    window.ctx.error.disconnect()
    window.ctx.error.connect(errors.append)
    return errors


def test_failed_save_after_switching_keeps_the_text_as_draft(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    first, second = window.visit.programme.sessions()[:2]
    conv.select_session(first["id"])
    errors = _collect_errors(window)

    def disk_full(**_kw):
        time.sleep(0.3)
        raise InputError("schijf vol")

    window.visit.observations.add = disk_full
    pane = conv.capture
    pane.text.setFocus()
    qtbot.keyClicks(pane.text, "Notitie die niet opgeslagen kon worden")
    qtbot.keyClick(pane.text, Qt.Key_Return)
    conv.select_session(second["id"])  # the member moves on while the save is still running
    window.worker.wait()
    assert errors and "schijf vol" in errors[0].message
    window.worker.wait()
    conv.select_session(first["id"])
    assert pane.text.toPlainText() == "Notitie die niet opgeslagen kon worden"
    assert "Notitie die niet opgeslagen kon worden" in window.visit.drafts.all().values()


def test_store_then_switch_with_a_slow_disk_still_updates_everything(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    first, second = window.visit.programme.sessions()[:2]
    conv.select_session(first["id"])
    changed = []
    window.ctx.changed.connect(lambda ch: ch.touches("observations") and changed.append(1))
    window.worker.submit(lambda: time.sleep(0.4))  # an earlier, slow job
    qtbot.keyClicks(conv.capture.text, "Eerste notitie")
    qtbot.keyClick(conv.capture.text, Qt.Key_Return)
    conv.select_session(second["id"])
    conv.select_session(first["id"])  # list rebuilt before the store finished
    window.worker.wait()
    assert changed
    assert [o["text"] for o in window.visit.observations.list()] == ["Eerste notitie"]
    texts = [conv.capture.list.item(i).text() for i in range(conv.capture.list.count())]
    assert len(texts) == 1 and "Eerste notitie" in texts[0] and "wordt opgeslagen" not in texts[0]


def test_draft_is_read_from_memory_not_from_a_lagging_file(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    first, second = window.visit.programme.sessions()[:2]
    conv.select_session(first["id"])
    pane = conv.capture
    qtbot.keyClicks(pane.text, "Tweede")
    qtbot.wait(800)
    window.worker.wait()
    window.worker.submit(lambda: time.sleep(0.5))  # the worker is busy
    qtbot.keyClicks(pane.text, " en meer tekst")
    conv.select_session(second["id"])
    conv.select_session(first["id"])
    assert pane.text.toPlainText() == "Tweede en meer tekst"
    window.worker.wait()
    assert "Tweede en meer tekst" in window.visit.drafts.all().values()


def test_choosing_who_i_am_keeps_the_text_being_typed(qtbot, make_window, vfile):
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    conv.select_session(window.visit.programme.sessions()[0]["id"])
    qtbot.keyClicks(conv.capture.text, "Belangrijke notitie")
    qtbot.wait(800)
    window.worker.wait()
    window.set_member(window.visit.members.list()[1]["id"])
    assert conv.capture.text.toPlainText() == "Belangrijke notitie"


def test_closing_with_an_open_cell_editor_stores_the_edit(qtbot, make_window, vfile):
    with Visitation.open(vfile) as v:
        keep = v.observations.add("ketensamenwerking", "sterk_punt", "Oud").id
    window = make_window(vfile)
    errors = _collect_errors(window)
    board = window.show_view(BoardView)
    board.table.setCurrentIndex(board.model.index(0, 4))
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Nieuw getypt")
    window.close()
    assert errors == []
    with Visitation.open(vfile) as v:
        assert v.observations.get(keep)["text"] == "Nieuw getypt"


def test_a_refresh_does_not_throw_away_an_open_cell_editor(qtbot, make_window, vfile):
    with Visitation.open(vfile) as v:
        for i in range(3):
            v.observations.add("ketensamenwerking", "sterk_punt", f"tekst {i}")
    window = make_window(vfile)
    board = window.show_view(BoardView)
    window.worker.submit(lambda: time.sleep(0.4))
    board.table.selectRow(0)
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key_P, Qt.ControlModifier)  # queued behind the slow job
    board.table.setCurrentIndex(board.model.index(1, 4))
    qtbot.keyClick(board.table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Zorgvuldig herschreven tekst")
    window.worker.wait()  # the pin lands and announces a change
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    window.worker.wait()
    assert "Zorgvuldig herschreven tekst" in [o["text"] for o in window.visit.observations.list()]


def test_escape_can_be_undone(qtbot, make_window, vfile):
    window = make_window(vfile)
    pane = window.show_view(ConversationView).capture
    pane.text.setFocus()
    qtbot.keyClicks(pane.text, "Lange notitie van vijf minuten")
    qtbot.keyClick(pane.text, Qt.Key_Escape)
    assert pane.text.toPlainText() == ""
    qtbot.keyClick(pane.text, Qt.Key_Z, Qt.ControlModifier)
    assert pane.text.toPlainText() == "Lange notitie van vijf minuten"


def test_mouse_wheel_over_a_judgement_does_not_store_it(qtbot, make_window, vfile):
    window = make_window(vfile)
    view = window.show_view(AssessmentsView)
    combo = next(iter(view.combos.values()))
    wheel = QWheelEvent(QPointF(5, 5), QPointF(combo.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, -120), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    window.worker.wait()
    assert window.visit.assessments.all() == {}


def test_closing_on_the_start_page_keeps_the_remembered_view(qtbot, make_window, vfile, settings):
    window = make_window(vfile)
    window.show_view(BoardView)
    window.close_visitation()
    window.close()  # saves the layout with no visitation open
    again = make_window(vfile)
    assert again.stack.currentWidget() is again.view(BoardView)


def message_on_opening(qtbot, window, path) -> list[str]:
    """Open ``path`` in ``window`` and return the text of the message box it shows."""
    from tests.ui.conftest import answer_modal
    messages = []

    def read(box):
        messages.append(box.text())
        box.accept()

    answer_modal(read)
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    return messages


def test_damage_found_after_opening_closes_the_file_with_a_dialog(qtbot, make_window, tmp_path):
    from visitor_app.services import Visitation as V
    path = tmp_path / "binnen-kapot.visitatie"
    with V.create(path, "OD Kapot", "2026-03-10", "2026-03-11") as v:
        theme = v.framework.themes[0]["id"]
        v.observations.add_many([{"theme": theme, "kind": "vraag", "text": f"notitie {i} " * 30}
                            for i in range(400)])
    good = path.read_bytes()
    # two pages of observations in the middle of the file (not the sessions, which the first
    # view reads at once: where the middle of the file falls depends on the schema's size)
    import sqlite3
    conn = sqlite3.connect(path)
    pages = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'observations' "
                                        "AND pagetype = 'leaf' ORDER BY pageno")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    mid = (pages[len(pages) // 2] - 1) * page_size
    path.write_bytes(good[:mid] + b"\0" * 8192 + good[mid + 8192:])
    before = path.read_bytes()
    window = make_window()
    messages = message_on_opening(qtbot, window, path)
    assert "beschadigd" in messages[0]
    assert window.visit is None
    assert path.read_bytes() == before


def test_text_that_is_not_utf8_closes_the_file_with_a_dialog_and_no_view_raises(qtbot, make_window,
                                                                               tmp_path):
    """Issue 11 defect 2: a flipped byte in a stored text. The views read it (shown with
    U+FFFD, never raising), the full check before the first write finds it, and the window
    says so and closes the file without writing into it."""
    from tests.store.test_full_check import UNIQUE, damage_text
    from visitor_app.services import Visitation as V
    path = tmp_path / "utf8-kapot.visitatie"
    with V.create(path, "OD Bitland", "2026-03-10", "2026-03-11") as v:
        theme, kind = v.framework.themes[0]["id"], v.framework.observation_kinds[0]["id"]
        v.observations.add_many([{"theme": theme, "kind": kind, "text": f"notitie {i}"}
                                 for i in range(40)])
        v.observations.add(theme, kind, f"Het {UNIQUE} werkt goed")
    damage_text(path)
    before = path.read_bytes()
    window = make_window()
    messages = message_on_opening(qtbot, window, path)
    assert "beschadigd" in messages[0] and "UTF-8" in messages[0]
    assert window.visit is None
    assert path.read_bytes() == before
