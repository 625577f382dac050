"""From a session in Gesprek to its record in Dossiers (Ga naar > Dossier van dit gesprek):
made when the session has none yet, opened when it has one; on each framework."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog

from visitor_app.ui.views.conversation import ConversationView
from visitor_app.ui.views.records import RecordsView


@pytest.fixture(params=["standaard", "alt"])
def framework(request):
    from tests.conftest import FRAMEWORKS
    from visitor_app.domain.framework import load_framework
    return load_framework(FRAMEWORKS[request.param])


def test_the_record_of_the_chosen_session_is_made_then_opened(qtbot, make_window, vfile, monkeypatch):
    window = make_window(vfile)
    visit = window.visit
    session = visit.records.sessions_for("case_files")[-1]
    conv = window.show_view(ConversationView)
    conv.select_session(session["id"])
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: asked.append(a) or ("Schade aan de kade", True)))
    action = window.findChild(QAction, "actionSessionRecord")
    action.trigger()
    window.worker.wait()
    [record] = visit.records.list("case_files")
    assert record["session_id"] == session["id"] and len(asked) == 1
    records = window.stack.currentWidget()
    assert isinstance(records, RecordsView)
    assert records.current == ("case_file", record["id"])
    assert records.session_info.currentData() == session["id"]

    window.show_view(ConversationView)
    action.trigger()  # again: the same record is opened, none is made
    window.worker.wait()
    assert len(visit.records.list("case_files")) == 1 and len(asked) == 1
    assert window.stack.currentWidget() is records and records.current == ("case_file", record["id"])

    other = next(s for s in visit.programme.sessions() if visit.framework.record_table_for(s["conversation"]) is None)
    conv = window.show_view(ConversationView)
    conv.select_session(other["id"])
    action.trigger()
    assert window.stack.currentWidget() is conv
    assert "gesprek dat een dossier krijgt" in window.statusBar().currentMessage()
