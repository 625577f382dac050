"""Start the window: `visitor-app`, `visitor-app FILE`, `visitor-app --demo`, `visitor-app --rode-draden`."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from visitor_app.paths import resources_dir

# The base of resources/style.qss, set as font and palette rather than as a QWidget rule.
BASE_FONT_PT = 10.5
TEXT_COLOUR = "#1f2a33"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Visitatie-app")
    app.setOrganizationName("Omgevingsdienst NL")
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    QLocale.setDefault(QLocale(QLocale.Dutch, QLocale.Netherlands))
    translator = QTranslator(app)  # Dutch for Qt's own buttons (OK, Annuleren, Ja, Nee)
    if translator.load(QLocale(QLocale.Dutch), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)
    from visitor_app.ui.ask import install_own_words
    app._own_words = install_own_words(app)  # asked before Qt's: "je", not "u" (ui/ask.py)
    _base_font_and_colour(app)
    icon = resources_dir() / "icon.png"
    if icon.exists():
        from PySide6.QtGui import QIcon
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _base_font_and_colour(app: QApplication) -> None:
    """Text in TEXT_COLOUR at BASE_FONT_PT; a disabled control keeps the style's grey."""
    from PySide6.QtGui import QColor, QPalette
    font = app.font()
    font.setPointSizeF(BASE_FONT_PT)
    app.setFont(font)
    palette = app.palette()
    for group in (QPalette.Active, QPalette.Inactive):
        for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
            palette.setColor(group, role, QColor(TEXT_COLOUR))
    app.setPalette(palette)


def run_rode_draden(db: str | None = None, after_shown=None) -> int:
    """`visitor-app --rode-draden [CENTRAL.db]`: only the analyst's window."""
    app = make_app()
    from visitor_app.ui.rode_draden.window import RodeDradenWindow
    window = RodeDradenWindow()
    window.show()
    if db:
        window.open_db(db, create=not Path(db).exists())
    else:
        window.open_last()
    if after_shown:
        QTimer.singleShot(0, after_shown)
    return app.exec()


def run_window(file: str | None = None, demo: bool = False, after_shown=None) -> int:
    """The main window; ``after_shown`` runs once its first paint is done (the event
    loop's first idle moment)."""
    started = time.perf_counter()
    app = make_app()
    from visitor_app.ui.main_window import MainWindow  # after QApplication exists
    window = MainWindow()
    window.show()
    if demo:
        window.open_demo()
    elif file:
        window.open_file(file)
    else:
        last = window.settings.last_file()
        if last and Path(last).exists():
            window.open_file(last)
    if after_shown:
        QTimer.singleShot(0, after_shown)
    if os.environ.get("VISITOR_APP_STARTUP_PROBE"):
        # bench: print when the window has painted and the event loop is idle, then quit
        def probe():
            print(f"READY_AT {time.time():.6f} (venster na {time.perf_counter() - started:.3f} s) "
                  f"CPU {time.thread_time():.6f}", flush=True)
            app.quit()
        QTimer.singleShot(0, probe)
    return app.exec()
