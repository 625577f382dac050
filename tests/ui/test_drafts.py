"""Issue 14: the text being typed is kept while the typing goes on, with the theme,
subtheme and kind chosen beside it; the file reopens on the view and conversation where
the member was, also on another computer (the file keeps it, not the settings).
The real app killed mid-typing: tests/ui/test_crash_mid_typing.py."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from tests.conftest import closed_visitation
from tests.frameworks import other_theme, theme_and_subtheme
from visitor_app.services import Visitation
from visitor_app.services.drafts import capture_key
from visitor_app.ui.settings import Settings
from visitor_app.ui.views.assessments import AssessmentsView
from visitor_app.ui.views.conversation import ConversationView


def _window_elsewhere(qtbot, tmp_path, path, name: str):
    """The window on another computer: settings of its own, that never saw this file."""
    from visitor_app.ui.main_window import MainWindow
    window = MainWindow(settings=Settings(tmp_path / f"{name}.ini"), ask_member=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    assert window.open_file(path)
    return window


def _choose_by_keyboard(qtbot, pane, fw, theme: str, subtheme: str | None, kind_index: int) -> None:
    pane.window().activateWindow()
    qtbot.waitUntil(pane.window().isActiveWindow, timeout=3000)
    pane.text.setFocus()
    number = [t["id"] for t in fw.themes].index(theme) + 1
    qtbot.keyClick(pane.text, getattr(Qt, f"Key_{number}"), Qt.ControlModifier)
    if subtheme:
        sub = [s["id"] for s in fw.subthemes(theme)].index(subtheme) + 1
        qtbot.keyClick(pane.text, getattr(Qt, f"Key_{sub}"), Qt.AltModifier)
    letter = fw.observation_kinds[kind_index]["key"].upper()
    qtbot.keyClick(pane.text, getattr(Qt, f"Key_{letter}"), Qt.AltModifier)


def _choices(pane) -> tuple:
    return pane.theme.currentData(), pane.subtheme.currentData(), pane.kind.currentData()


def test_theme_subtheme_and_kind_come_back_with_the_draft(qtbot, make_window, tmp_path, each_framework):
    fw = each_framework
    path = closed_visitation(tmp_path / "keuzes.visitatie", fw)
    theme, subtheme = theme_and_subtheme(fw)
    window = make_window(path)
    conv = window.show_view(ConversationView)
    first, second = [s["id"] for s in window.visit.programme.sessions()[:2]]
    conv.select_session(first)
    pane = conv.capture
    _choose_by_keyboard(qtbot, pane, fw, theme, subtheme, 1)
    qtbot.keyClicks(pane.text, "De wachtlijst voor vergunningen loopt op")
    wanted = (theme, subtheme, fw.observation_kinds[1]["id"])
    assert _choices(pane) == wanted

    conv.select_session(second)  # elsewhere, other choices: the draft keeps its own
    assert pane.text.toPlainText() == ""
    _choose_by_keyboard(qtbot, pane, fw, other_theme(fw, theme), None, 2)
    qtbot.keyClicks(pane.text, "Iets anders")
    conv.select_session(first)
    assert pane.text.toPlainText() == "De wachtlijst voor vergunningen loopt op"
    assert _choices(pane) == wanted
    conv.select_session(second)
    assert _choices(pane) == (other_theme(fw, theme), None, fw.observation_kinds[2]["id"])

    conv.select_session(first)
    qtbot.keyClick(pane.text, Qt.Key_1, Qt.AltModifier)  # a choice alone changes the draft too
    window.worker.wait()
    qtbot.waitUntil(lambda: window.worker.wait() and window.visit.drafts.choices()[capture_key(first)]
                    ["subtheme"] == fw.subthemes(theme)[0]["id"], timeout=3000)
    wanted = (theme, fw.subthemes(theme)[0]["id"], fw.observation_kinds[1]["id"])
    window.close()

    again = _window_elsewhere(qtbot, tmp_path, path, "ander")
    conv = again.view(ConversationView)
    assert again.stack.currentWidget() is conv
    assert conv.current_session_id() == first
    assert conv.capture.text.toPlainText() == "De wachtlijst voor vergunningen loopt op"
    assert _choices(conv.capture) == wanted
    qtbot.keyClick(conv.capture.text, Qt.Key_Return)  # stored with the restored choices
    again.worker.wait()
    [obs] = again.visit.observations.list(session_id=first)
    assert (obs["theme"], obs["subtheme"], obs["kind"]) == wanted
    assert capture_key(first) not in again.visit.drafts.all()
    again.close_visitation()


def test_reopens_on_the_view_and_conversation_where_the_member_was(qtbot, make_window, tmp_path,
                                                                   each_framework):
    path = closed_visitation(tmp_path / "plek.visitatie", each_framework)
    window = make_window(path)
    third = window.visit.programme.sessions()[2]["id"]
    window.show_view(ConversationView).select_session(third)
    window.show_view(AssessmentsView)
    window.worker.wait()
    with Visitation.open(path) as other:  # kept in the file at once, not only when closing
        assert other.drafts.place() == {"view": "AssessmentsView", "session_id": third}
    window.close()

    again = _window_elsewhere(qtbot, tmp_path, path, "laptop-2")  # the file moved to another computer
    assert again.stack.currentWidget() is again.view(AssessmentsView)
    again.show_view(ConversationView)
    assert again.view(ConversationView).current_session_id() == third
    again.show_view(ConversationView).select_session(None)  # Algemeen
    again.close()

    last = _window_elsewhere(qtbot, tmp_path, path, "laptop-3")
    conv = last.view(ConversationView)
    assert last.stack.currentWidget() is conv and conv.current_session_id() is None
    last.close_visitation()


def test_the_draft_is_kept_while_the_typing_goes_on_without_a_pause(qtbot, make_window, vfile):
    """Keys every 40 ms, never the 600 ms pause the autosave waits for: the draft is
    still kept before the typing stops (the longest wait, ui/autosave.MAX_WAIT_MS)."""
    window = make_window(vfile)
    conv = window.show_view(ConversationView)
    session = window.visit.programme.sessions()[0]["id"]
    conv.select_session(session)
    pane = conv.capture
    pane.text.setFocus()
    text = "Het toezicht op asbest is goed geregeld, maar de capaciteit is krap."
    kept_while_typing = []
    state = {"n": 0}

    def key():
        if state["n"] == len(text):
            timer.stop()
            return
        qtbot.keyClicks(pane.text, text[state["n"]])
        state["n"] += 1
        kept = window.ctx.draft(capture_key(session))
        if kept and state["n"] < len(text):
            kept_while_typing.append(kept)

    timer = QTimer(window)
    timer.setInterval(40)
    timer.timeout.connect(key)
    timer.start()
    qtbot.waitUntil(lambda: state["n"] == len(text), timeout=20000)
    assert kept_while_typing and all(text.startswith(k) for k in kept_while_typing)
    window.worker.wait()
    assert window.visit.drafts.all()[capture_key(session)] in kept_while_typing + [text]
