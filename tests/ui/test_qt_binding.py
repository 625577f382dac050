"""Guard against a Qt binding that corrupts Python's None (PySide6 6.12.0 did).

In PySide6 6.12.0 every call of a static method returning void (processEvents,
QTimer.singleShot, ...) dropped a reference to None; after a few thousand calls
the interpreter aborts. A member's two-day session makes far more calls than that.
"""

import sys
from importlib.metadata import version

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

CALLS = 300


def test_the_binding_is_not_the_release_that_corrupts_none():
    assert version("PySide6-Essentials") != "6.12.0"


@pytest.mark.skipif(sys.version_info >= (3, 12),
                    reason="None is immortal from Python 3.12 on: its reference count says nothing "
                           "there, and the 6.12.0 defect cannot free it")
def test_static_qt_calls_keep_none_alive(qapp):
    """With the defect every call drops one reference: 2 x CALLS lost. Allow noise, not that."""
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        QCoreApplication.processEvents()
        QTimer.singleShot(0, lambda: None)
    QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -CALLS // 6


def test_qt_own_buttons_speak_dutch(qapp):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from visitor_app.ui.app import make_app
    make_app()
    box = QMessageBox(QMessageBox.Question, "Vraag", "Doorgaan?", QMessageBox.Yes | QMessageBox.No)
    assert box.button(QMessageBox.Yes).text().replace("&", "") == "Ja"
    buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
    assert buttons.button(QDialogButtonBox.Cancel).text().replace("&", "") == "Annuleren"
