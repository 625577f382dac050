"""Guard against a Qt binding that corrupts Python's None (PySide6 6.12.0 did).

In PySide6 6.12.0 every call of a static method returning void (processEvents,
QTimer.singleShot, ...) dropped a reference to None; after a few thousand calls
the interpreter aborts. A member's two-day session makes far more calls than that.
"""

import sys

from PySide6.QtCore import QCoreApplication, QTimer


def test_static_qt_calls_keep_none_alive(qapp):
    before = sys.getrefcount(None)
    for _ in range(300):
        QCoreApplication.processEvents()
        QTimer.singleShot(0, lambda: None)
    QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -50


def test_qt_own_buttons_speak_dutch(qapp):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from visitor_app.ui.app import make_app
    make_app()
    box = QMessageBox(QMessageBox.Question, "Vraag", "Doorgaan?", QMessageBox.Yes | QMessageBox.No)
    assert box.button(QMessageBox.Yes).text().replace("&", "") == "Ja"
    buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
    assert buttons.button(QDialogButtonBox.Cancel).text().replace("&", "") == "Annuleren"
