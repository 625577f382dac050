"""The session dialog: typed times, any day, the overlap warning, a refusal keeps the input."""

from __future__ import annotations

from PySide6.QtCore import Qt

from visitor_app.ui.views.programme import OVERLAP_MARK, ProgrammeView

from tests.ui.conftest import answer_modal


def type_time(qtbot, field, text, cursor_at=5):
    """Type into the time field as a person does, with the cursor where a click left it."""
    field.lineEdit().setCursorPosition(cursor_at)
    qtbot.keyClicks(field, text)


def row_of(view: ProgrammeView, title: str) -> int:
    return next(r for r in range(view.table.rowCount()) if view.table.item(r, 4).text() == title)


def test_typed_times_work_wherever_the_cursor_stands(qtbot):
    from visitor_app.ui.dialogs import TimeField
    for cursor_at in (0, 2, 5):
        for typed, expected in (("14:15", "14:15"), ("14.15", "14:15"), ("1415", "14:15"),
                                ("930", "09:30"), ("0830", "08:30"), ("7:05", "07:05")):
            field = TimeField("09:00")
            qtbot.addWidget(field)
            type_time(qtbot, field, typed, cursor_at)
            assert field.time().toString("HH:mm") == expected, (typed, cursor_at)
    field = TimeField("09:00")
    qtbot.addWidget(field)
    field.lineEdit().setCursorPosition(5)     # in the minutes: two digits change the minutes
    qtbot.keyClicks(field, "30")
    assert field.text() == "09:30"
    qtbot.keyClick(field, Qt.Key_Up)          # the arrows still step
    assert field.text() == "09:31"


def test_an_overlapping_session_warns_and_can_be_saved_anyway(qtbot, make_window, vfile):
    window = make_window(vfile)
    programme = window.show_view(ProgrammeView)
    other = [s for s in window.visit.programme.sessions() if s["day"] == 2][-1]
    before = len(window.visit.programme.sessions())
    seen = {}

    def fill(dialog):
        dialog.day.setCurrentIndex(dialog.day.findData(2))
        assert dialog.day.currentText().startswith("Dag 2 · woensdag 11 maart 2026")
        type_time(qtbot, dialog.start, other["start"])
        type_time(qtbot, dialog.end, "23:00")
        dialog.title.setText("Inloopuur met de OR")
        dialog.save_button.click()
        seen["warning"] = dialog.overlap.text() if dialog.overlap.isVisible() else ""
        seen["button"] = dialog.save_button.text()
        seen["open"] = dialog.isVisible()
        seen["saved"] = len(window.visit.programme.sessions())
        dialog.save_button.click()                  # Toch opslaan

    answer_modal(fill)
    qtbot.mouseClick(programme.add_button, Qt.LeftButton)
    window.worker.wait()
    assert other["title"] in seen["warning"] and f"{other['start']}–{other['end']}" in seen["warning"]
    assert seen["button"] == "Toch opslaan" and seen["open"] and seen["saved"] == before
    added = next(s for s in window.visit.programme.sessions() if s["title"] == "Inloopuur met de OR")
    assert (added["day"], added["start"], added["end"]) == (2, other["start"], "23:00")
    for title in (added["title"], other["title"]):
        time_cell = programme.table.item(row_of(programme, title), 2)
        assert time_cell.text().startswith(OVERLAP_MARK)
    assert programme.overlap_note.isVisible() and "2 onderdelen overlappen" in programme.overlap_note.text()
    assert other["title"] in programme.table.item(row_of(programme, added["title"]), 4).toolTip()


def test_edit_moves_a_session_to_another_day_and_time(qtbot, make_window, vfile):
    window = make_window(vfile)
    programme = window.show_view(ProgrammeView)
    first = window.visit.programme.sessions()[0]
    programme.table.selectRow(row_of(programme, first["title"]))

    def move(dialog):
        dialog.day.setCurrentIndex(dialog.day.findData(2))
        type_time(qtbot, dialog.start, "07:15", cursor_at=0)
        type_time(qtbot, dialog.end, "0830", cursor_at=0)
        dialog.save_button.click()

    answer_modal(move)
    qtbot.mouseClick(programme.edit_button, Qt.LeftButton)
    window.worker.wait()
    moved = window.visit.programme.get(first["id"])
    assert (moved["day"], moved["start"], moved["end"]) == (2, "07:15", "08:30")
    assert programme.table.item(0, 4).text() != first["title"]   # no longer the first of the visit
    assert not programme.overlap_note.isVisible()


def test_a_refused_session_keeps_the_dialog_open_with_the_input(qtbot, make_window, vfile):
    window = make_window(vfile)
    programme = window.show_view(ProgrammeView)
    before = len(window.visit.programme.sessions())
    seen = {}

    def fill(dialog):
        dialog.day.setCurrentIndex(dialog.day.findData(1))
        type_time(qtbot, dialog.start, "21:00")
        type_time(qtbot, dialog.end, "20:30")       # before the start: the service says no
        dialog.title.setText("Avondgesprek met de OR")
        dialog.participants.setPlainText("Voorzitter OR")
        dialog.save_button.click()
        qtbot.waitUntil(dialog.message.isVisible, timeout=5000)
        seen["message"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.title.text(), dialog.participants.toPlainText(),
                        dialog.start.text(), dialog.end.text())
        seen["saved"] = len(window.visit.programme.sessions())
        type_time(qtbot, dialog.end, "21:45")
        dialog.save_button.click()

    answer_modal(fill)
    qtbot.mouseClick(programme.add_button, Qt.LeftButton)
    window.worker.wait()
    assert "eindtijd 20:30 ligt niet na begintijd 21:00" in seen["message"]
    assert seen["open"] and seen["saved"] == before
    assert seen["kept"] == ("Avondgesprek met de OR", "Voorzitter OR", "21:00", "20:30")
    added = next(s for s in window.visit.programme.sessions() if s["title"] == "Avondgesprek met de OR")
    assert (added["day"], added["start"], added["end"]) == (1, "21:00", "21:45")


def test_the_dialog_fits_the_smallest_screen_with_its_warnings_shown(qtbot, make_window, vfile):
    from tests.ui.test_fits_every_laptop import SCREENS
    from visitor_app.ui.dialogs import SessionDialog
    window = make_window(vfile)
    programme = window.visit.programme
    first = programme.sessions()[0]
    dialog = SessionDialog(window.visit.framework, programme.dates(), dict(first, id="nieuw"),
                           others=programme.sessions(), parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()                     # the overlap with the first session, in words
    dialog.message.setText("Niet opgeslagen: eindtijd 09:00 ligt niet na begintijd 10:00.")
    dialog.message.show()
    assert dialog.overlap.isVisible() and first["title"] in dialog.overlap.text()
    _, width, height = min(SCREENS, key=lambda s: s[2])
    hint = dialog.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
