"""Documenten (issue 15): a secretary registers a document with its attachment in the real
window, notes page references from it, and saves the attachment out again."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from tests.conftest import FRAMEWORKS
from visitor_app.services import Visitation
from visitor_app.services import documents as documents_module
from visitor_app.ui import files


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("framework", list(FRAMEWORKS), indirect=True, scope="session")
def test_register_a_document_with_an_attachment_and_note_page_references(
        make_window, vfile, framework, qtbot, monkeypatch, tmp_path):
    pdf = tmp_path / "zelfevaluatie-2025.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"Zelfevaluatie van een verzonnen dienst. " * 500)
    window = make_window(vfile)
    view = window.show_view("DocumentsView")
    assert view.table.rowCount() == 0
    assert "hoogstens 25 MB" in view.status.text()  # the view says the limit
    assert "hoogstens 25 MB" in view.findChild(QPushButton, "attachButton").toolTip()

    # a new document: title, kind (the framework's second), date, and the file as attachment
    qtbot.mouseClick(view.findChild(QPushButton, "newDocument"), Qt.LeftButton)
    qtbot.keyClicks(view.title_edit, "Zelfevaluatie 2025")
    view.kind_combo.setCurrentIndex(1)
    qtbot.keyClicks(view.date_edit, "2026-01-15")
    monkeypatch.setattr(files, "open_file", lambda *a, **k: str(pdf))
    qtbot.mouseClick(view.findChild(QPushButton, "attachButton"), Qt.LeftButton)
    assert pdf.name in view.attachment_label.text()
    qtbot.mouseClick(view.findChild(QPushButton, "storeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=3000)
    shown = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert shown == ["Zelfevaluatie 2025", framework.document_kinds[1]["name"], "2026-01-15",
                     f"{pdf.name} (20 kB)"]
    assert view.selected()["title"] == "Zelfevaluatie 2025"
    doc = view.selected()["id"]

    # a reading note from page 12, with a theme and kind of the framework
    theme, kind = framework.themes[1], framework.observation_kinds[0]
    view.note_theme.setCurrentIndex(1)
    qtbot.keyClicks(view.note_text, "De dienst rapporteert een achterstand in de vergunningverlening")
    view.note_page.setValue(12)
    qtbot.mouseClick(view.findChild(QPushButton, "addNote"), Qt.LeftButton)
    assert window.worker.wait()
    notes = view.findChild(QListWidget, "readingNotes")
    qtbot.waitUntil(lambda: notes.count() == 1, timeout=3000)
    assert notes.item(0).text().startswith(f"p. 12 — {theme['name']}: De dienst rapporteert")
    assert notes.item(0).toolTip() == "Bron: Zelfevaluatie 2025, p. 12"
    assert view.note_text.text() == ""

    # the observation itself, as the board and every export see it
    obs = window.visit.observations.list()
    assert len(obs) == 1
    assert (obs[0]["evidence"], obs[0]["page"], obs[0]["document_id"], obs[0]["kind"]) == \
        ("Zelfevaluatie 2025, p. 12", 12, doc, kind["id"])

    # the board shows the source with the observation
    board = window.show_view("BoardView")
    assert window.worker.wait()
    from visitor_app.ui.views.board import TEXT_COLUMN
    qtbot.waitUntil(lambda: board.model.rowCount() == 1, timeout=3000)
    tip = board.model.data(board.model.index(0, TEXT_COLUMN), Qt.ToolTipRole)
    assert tip.endswith("Bron: Zelfevaluatie 2025, p. 12")
    view = window.show_view("DocumentsView")

    # renaming the document carries over into the Bron
    view.title_edit.setText("Zelfevaluatie 2025 (definitief)")
    qtbot.mouseClick(view.findChild(QPushButton, "storeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.table.item(0, 0).text() == "Zelfevaluatie 2025 (definitief)",
                    timeout=3000)
    assert window.visit.observations.list()[0]["evidence"] == "Zelfevaluatie 2025 (definitief), p. 12"

    # save the attachment out: the same bytes
    out = tmp_path / "uit.pdf"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(out))
    qtbot.mouseClick(view.findChild(QPushButton, "saveAttachmentButton"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(out.exists, timeout=3000)
    assert sha(out) == sha(pdf)

    # all of it is in the file
    window.close_visitation()
    with Visitation.open(vfile) as v:
        [d] = v.documents.list()
        assert d["attachment_here"] and v.documents.attachment(d["id"]) == pdf.read_bytes()
        assert [n["page"] for n in v.documents.notes(d["id"])] == [12]


def test_a_too_large_attachment_is_refused_with_a_message_and_nothing_changes(
        make_window, vfile, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(documents_module, "MAX_ATTACHMENT_BYTES", 1000)
    big = tmp_path / "organogram.png"
    big.write_bytes(b"\x89PNG" + b"0" * 4000)
    window = make_window(vfile)
    view = window.show_view("DocumentsView")
    qtbot.keyClicks(view.title_edit, "Organogram")
    view.choose_attachment(path=str(big))
    qtbot.mouseClick(view.findChild(QPushButton, "storeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: "organogram.png" in view.status.text(), timeout=3000)
    assert "groter dan de grens" in view.status.text()
    assert view.table.rowCount() == 0 and window.visit.documents.list() == []


def test_removing_a_document_keeps_its_reading_notes(make_window, vfile, framework, qtbot):
    with Visitation.open(vfile) as v:
        doc = v.documents.add("Begroting 2026", framework.document_kinds[0]["id"]).id
        v.documents.add_note(doc, framework.themes[0]["id"], framework.observation_kinds[0]["id"],
                             "De begroting heeft geen post voor opleiding", page=4)
    window = make_window(vfile)
    view = window.show_view("DocumentsView")
    view.select_document(doc)
    assert view.findChild(QListWidget, "readingNotes").count() == 1
    qtbot.mouseClick(view.findChild(QPushButton, "removeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.table.rowCount() == 0, timeout=3000)
    [note] = window.visit.observations.list()
    assert note["evidence"] == "Begroting 2026, p. 4"


def test_the_bron_of_a_captured_observation_picks_a_document_and_page(make_window, vfile, framework, qtbot):
    with Visitation.open(vfile) as v:
        doc = v.documents.add("Uitvoeringsprogramma 2026", framework.document_kinds[0]["id"]).id
        session = v.programme.sessions()[0]["id"]
    window = make_window(vfile)
    conv = window.show_view("ConversationView")
    conv.select_session(session)
    pane = conv.capture
    picker = pane.source
    assert [picker.document.itemText(i) for i in range(picker.document.count())] == \
        ["Geen document", "Uitvoeringsprogramma 2026"]
    assert not picker.page.isEnabled() and pane.evidence.isEnabled()
    picker.choose(doc, 12)
    assert picker.page.isEnabled() and not pane.evidence.isEnabled()
    pane.text.setFocus()
    qtbot.keyClicks(pane.text, "Het programma noemt geen doelen voor toezicht")
    qtbot.keyClick(pane.text, Qt.Key_Return)
    assert window.worker.wait()
    [obs] = window.visit.observations.list(session_id=session)
    assert (obs["document_id"], obs["page"], obs["evidence"]) == (doc, 12, "Uitvoeringsprogramma 2026, p. 12")

    # a document registered meanwhile appears in the drop-down at once
    view = window.show_view("DocumentsView")
    qtbot.keyClicks(view.title_edit, "Begroting 2026")
    qtbot.mouseClick(view.findChild(QPushButton, "storeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: picker.document.count() == 3, timeout=3000)
    assert picker.document.currentData() == doc  # the chosen one stays chosen
    # the reading note shows in the register's view too
    view.select_document(doc)
    notes = view.findChild(QListWidget, "readingNotes")
    assert notes.count() == 1 and notes.item(0).toolTip() == "Bron: Uitvoeringsprogramma 2026, p. 12"


def test_the_team_view_hands_out_a_copy_without_attachments(make_window, vfile, framework, qtbot,
                                                           monkeypatch, tmp_path):
    pdf = tmp_path / "organogram.pdf"
    pdf.write_bytes(b"%PDF-1.4 verzonnen organogram " * 3000)
    with Visitation.open(vfile) as v:
        doc = v.documents.add("Organogram", framework.document_kinds[0]["id"], attachment=pdf).id
    window = make_window(vfile)
    view = window.show_view("TeamView")
    view.member_combo.setCurrentIndex(view.member_combo.findText("Femke Ouwerling"))
    view.without_attachments.setChecked(True)
    copy = tmp_path / "femke.visitatie"
    monkeypatch.setattr(files, "save_file", lambda *a, **k: str(copy))
    qtbot.mouseClick(view.findChild(QPushButton, "handOutButton"), Qt.LeftButton)
    assert window.worker.wait()
    assert "zonder bijlagen" in view.findChild(QLabel, "mergeResult").text()
    with Visitation.open(copy) as femke:
        assert femke.documents.get(doc)["attachment_here"] is False
    assert window.visit.documents.attachment(doc) == pdf.read_bytes()


def test_a_change_from_elsewhere_does_not_reset_a_title_being_typed(make_window, vfile, framework, qtbot):
    window = make_window(vfile)
    view = window.show_view("DocumentsView")
    view.title_edit.setFocus()
    qtbot.keyClicks(view.title_edit, "Jaarverslag 20")
    # meanwhile another part of the window registers a document
    from visitor_app.ui import ops
    ops.op(window.ctx, window.visit.documents.add, "Organogram", framework.document_kinds[0]["id"])
    assert window.worker.wait()
    qtbot.wait(20)
    assert view.title_edit.text() == "Jaarverslag 20"
    view.date_edit.setFocus()  # the field loses focus: the register catches up, the title stays
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=3000)
    assert view.title_edit.text() == "Jaarverslag 20"
    qtbot.keyClicks(view.title_edit, "25")
    qtbot.mouseClick(view.findChild(QPushButton, "storeDocument"), Qt.LeftButton)
    assert window.worker.wait()
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=3000)
    assert {d["title"] for d in window.visit.documents.list()} == {"Organogram", "Jaarverslag 2025"}


def test_a_note_added_with_enter_shows_at_once_and_a_long_title_keeps_the_view_narrow(
        make_window, vfile, qtbot):
    window = make_window(vfile)
    view = window.show_view("DocumentsView")
    narrow = view.minimumSizeHint().width()
    title = ("Uitvoeringsprogramma VTH 2026 met de bijlagen over toezicht, handhaving, de ketenpartners "
             "en de gemeenten in de regio, zoals het algemeen bestuur het vaststelde")
    window.visit.documents.add(title, window.visit.framework.document_kinds[0]["id"])
    view.reload()
    view.select_document(window.visit.documents.list()[0]["id"])
    notes = view.findChild(QListWidget, "readingNotes")
    for n, text in enumerate(("Eerste leesnotitie", "Tweede leesnotitie"), start=1):
        view.note_text.setFocus()
        qtbot.keyClicks(view.note_text, text)
        qtbot.keyClick(view.note_text, Qt.Key_Return)  # the focus stays in the field
        assert window.worker.wait()
        qtbot.waitUntil(lambda n=n: notes.count() == n, timeout=3000)
    assert any("Tweede leesnotitie" in notes.item(i).text() for i in range(2))
    assert view.minimumSizeHint().width() <= narrow + 20  # the heading is shortened, not widened
    assert title in view.detail_box.toolTip()
