"""Bestand > Gespreksleidraad afdrukken: a choice of sessions, focus themes only, own notes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tests import frameworks as ids
from tests.reports.test_pdf_guide import needs_poppler, pdf_pages, pdf_text
from tests.ui.conftest import answer_modal
from visitor_app.services import Visitation
from visitor_app.ui import files, guide

ROOT = Path(__file__).resolve().parents[2]


def print_guide(qtbot, window, monkeypatch, out: Path, choose) -> dict:
    """Open the dialog from the menu, let ``choose(dialog)`` set it up, save to ``out``."""
    asked = {}

    def save_as(parent, caption, suggested, file_filter, **_options):
        asked["suggested"] = suggested
        return str(out)

    monkeypatch.setattr(files, "save_file", save_as)

    def act(dialog):
        choose(dialog)
        qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.message.isVisible(), timeout=20000)
        asked["message"] = dialog.message.text() if dialog.message.isVisible() else ""
        asked["result"] = dialog.result
        if dialog.isVisible():
            dialog.reject()

    answer_modal(act)
    window.findChild(QAction, "actionGuide").trigger()
    return asked


def check_only(dialog, titles):
    dialog.none_button.click()
    for i in range(dialog.sessions.count()):
        item = dialog.sessions.item(i)
        if any(item.text().endswith(" · " + t) for t in titles):
            item.setCheckState(Qt.Checked)


@needs_poppler
def test_two_sessions_focus_only_and_own_notes(qtbot, make_window, vfile, tmp_path, monkeypatch):
    with Visitation.open(vfile) as visit:
        fw = visit.framework
        members = {m["name"]: m["id"] for m in visit.members.list()}
        titles = [s["title"] for s in visit.programme.sessions()]
        unique = [s for s in visit.programme.sessions() if titles.count(s["title"]) == 1]
        chosen = unique[:2]
        theme, kind = fw.themes[0]["id"], ids.plain_kinds(fw)[0]
        visit.observations.add(theme, kind, "Ruben noteert: de koers is helder.",
                               session_id=chosen[0]["id"], author=members["Ruben Kasteleijn"])
        visit.observations.add(theme, kind, "Femke noteert: de begroting knelt.",
                               session_id=chosen[0]["id"], author=members["Femke Ouwerling"])
    window = make_window(vfile)
    window.visit.set_current_member(members["Ruben Kasteleijn"])

    everything = tmp_path / "alles.pdf"
    first = print_guide(qtbot, window, monkeypatch, everything, lambda dialog: None)
    assert everything.is_file() and first["message"] == ""
    suggested = Path(first["suggested"])
    assert suggested.name == "Gespreksleidraad Omgevingsdienst Testland.pdf"
    assert not suggested.parent.resolve().is_relative_to(ROOT)   # never the program's folder

    def two_focus_own(dialog):
        check_only(dialog, [s["title"] for s in chosen])
        dialog.focus_only.setChecked(True)
        assert dialog.own_notes.isEnabled() and "Ruben Kasteleijn" in dialog.own_notes.text()
        dialog.own_notes.setChecked(True)

    two = tmp_path / "twee.pdf"
    second = print_guide(qtbot, window, monkeypatch, two, two_focus_own)
    assert second["message"] == "" and second["result"]["sessions"] == 2
    assert Path(second["suggested"]).parent == tmp_path   # the folder used last
    text = pdf_text(two)
    assert pdf_pages(two) < pdf_pages(everything)
    for s in chosen:
        assert s["title"] in text
    for s in unique[2:]:
        assert s["title"] not in text
    assert "Ruben noteert: de koers is helder." in text
    assert "Femke noteert" not in text and "Femke Ouwerling" not in text
    outside = [q for t, qs in fw.questions_for(chosen[0]["conversation"]) if t["id"] not in chosen[0]["themes"]
               for q in qs]
    in_focus = {q["id"] for s in chosen for t, qs in fw.questions_for(s["conversation"])
                if t["id"] in s["themes"] for q in qs}
    for q in outside:
        if q["id"] not in in_focus:
            assert " ".join(q["text"].split()) not in text


def test_no_session_chosen_says_so_and_writes_nothing(qtbot, make_window, vfile, tmp_path, monkeypatch):
    window = make_window(vfile)
    out = tmp_path / "niets.pdf"
    asked = print_guide(qtbot, window, monkeypatch, out, lambda dialog: dialog.none_button.click())
    assert asked["message"] == "Kies minstens één gesprek." and not out.exists()


def test_own_notes_need_to_know_who_you_are(qtbot, make_window, vfile):
    window = make_window(vfile)
    window.visit.set_current_member(None)
    dialog = guide.GuideDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert not dialog.own_notes.isEnabled() and "Wie ben ik" in dialog.own_notes.toolTip()
    assert dialog.options()["own_notes"] is None


def test_the_dialog_fits_the_smallest_screen(qtbot, make_window, demo_path):
    from tests.ui.test_fits_every_laptop import SCREENS
    window = make_window(demo_path)
    dialog = guide.GuideDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    _, width, height = min(SCREENS, key=lambda s: s[2])
    hint = dialog.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    assert dialog.width() <= width and dialog.height() <= height


def test_the_commissions_own_meetings_are_not_ticked_at_first(qtbot, make_window, vfile):
    window = make_window(vfile)
    seen = {}

    def look(dialog):
        for i in range(dialog.sessions.count()):
            item = dialog.sessions.item(i)
            seen[item.data(Qt.UserRole)] = (item.checkState() == Qt.Checked, item.toolTip() == item.text())
        dialog.reject()

    answer_modal(look)
    window.findChild(QAction, "actionGuide").trigger()
    fw = window.visit.framework
    own = {s["id"] for s in window.visit.programme.sessions() if fw.own_meeting(s["conversation"])}
    assert own and seen and all(tip for _ticked, tip in seen.values())
    assert {sid for sid, (ticked, _tip) in seen.items() if not ticked} == own
