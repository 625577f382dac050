"""`make screenshots`: grab each main view of the real window as PNG (docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication


def _merged_copy(visit) -> None:
    """Give the Team view something to show: a member's copy, edited offline and merged back,
    with one observation changed on both sides (the demo lives in a temporary data folder)."""
    import tempfile

    from visitor_app.core.services import Visitation
    member = visit.members()[1]["name"]
    copy_path = Path(tempfile.mkdtemp(prefix="schermafdrukken-")) / f"kopie-{member.split()[0].lower()}.visitatie"
    visit.hand_out(member, copy_path)
    first, second = visit.observations()[:2]
    with Visitation.open(copy_path) as copy:
        copy.update_observation(first["id"], text=first["text"] + " Ook de ketenpartners merken dit.")
        copy.update_observation(second["id"], evidence="verslag gesprek, p. 2")
        copy.add_observation(second["theme"], second["kind"], "Nieuwe medewerkers krijgen een buddy.")
    visit.update_observation(first["id"], text=first["text"] + " Zo blijkt uit twee gesprekken.")
    visit.merge([copy_path])


def take_screenshots(window, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    window.resize(1366, 820)
    names = ["programma", "gesprek", "waarnemingen", "dekking", "oordelen", "dossiers", "rapport", "team"]
    _merged_copy(window.visit)
    window.ctx.observations_changed.emit()
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
