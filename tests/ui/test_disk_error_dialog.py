"""Issue 11, defect 7 in the window: an error of the disk reaches the user in Dutch."""

from __future__ import annotations

import errno
import os
import sqlite3

from visitor_app.ui import errors as ui_errors


def shown(monkeypatch, qtbot, exc) -> str:
    texts = []

    class Box:
        Critical, Ok = 0, 0

        def __init__(self, icon, title, text, buttons, parent):
            texts.append(text)

        def setObjectName(self, name):
            pass

        def exec(self):
            return 0

    monkeypatch.setattr(ui_errors, "QMessageBox", Box)
    ui_errors.show_error(None, exc)
    return texts[0]


def test_a_full_disk_is_a_dutch_message(monkeypatch, qtbot, tmp_path):
    exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "rapport.docx"))
    text = shown(monkeypatch, qtbot, exc)
    assert text.startswith(f"{tmp_path / 'rapport.docx'}: de schijf is vol") and "Onverwachte" not in text


def test_an_sqlite_io_error_is_a_dutch_message(monkeypatch, qtbot):
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = "SQLITE_IOERR_WRITE"
    text = shown(monkeypatch, qtbot, exc)
    assert "lees- of schrijffout" in text and "Onverwachte" not in text
