"""`make screenshots`: grab each main view of the real window as PNG (docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication


def take_screenshots(window, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    window.resize(1366, 820)
    names = ["programma", "gesprek", "waarnemingen", "dekking", "oordelen", "dossiers", "rapport"]
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        view = window.view_at(row)
        if hasattr(view, "sessions") and hasattr(view, "select_session"):  # conversation: a real session
            view.select_session(view.ctx.visit.sessions()[0]["id"])
        from PySide6.QtWidgets import QListWidget
        records = view.findChild(QListWidget, "recordsList")
        if records is not None and records.count():  # dossiers: show a filled-in case file
            records.setCurrentRow(0)
        for _ in range(5):
            app.processEvents()
        name = names[row] if row < len(names) else f"view{row}"
        window.grab().save(str(out / f"{row + 1:02d}-{name}.png"))
    print(f"screenshots in {out}", flush=True)
    window.close()
