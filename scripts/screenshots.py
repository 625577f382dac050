"""`make screenshots`: start the real window on the demo and grab each main view as PNG.

Usage: python scripts/screenshots.py [FOLDER]   (default docs/screenshots/; run under Xvfb).
Not part of the shipped package: it drives the window from outside, as a person would.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from visitor_app.services.changes import EVERYTHING  # noqa: E402


def _merged_copy(visit) -> None:
    """Give the Team view something to show: a member's copy, edited offline and merged back,
    with one observation changed on both sides (the demo lives in a temporary data folder)."""
    import tempfile

    from visitor_app.services import Visitation
    member = visit.members.list()[1]["name"]
    copy_path = Path(tempfile.mkdtemp(prefix="schermafdrukken-")) / f"kopie-{member.split()[0].lower()}.visitatie"
    visit.team.hand_out(member, copy_path)
    first, second = visit.observations.list()[:2]
    with Visitation.open(copy_path) as copy:
        copy.observations.update(first["id"], text=first["text"] + " Ook de ketenpartners merken dit.")
        copy.observations.update(second["id"], evidence="verslag gesprek, p. 2")
        copy.observations.add(second["theme"], second["kind"], "Nieuwe medewerkers krijgen een buddy.")
    visit.observations.update(first["id"], text=first["text"] + " Zo blijkt uit twee gesprekken.")
    visit.team.merge([copy_path])


DIENSTEN = ("OD Heidewaard", "OD Kreekland", "OD Veenhorst", "OD Duinrand", "OD Beekdal", "OD Polderzoom")


def _packages(folder: Path) -> list[Path]:
    """Rode-dradenpakketten of six fictional diensten: the demo's findings, each dienst a
    different (seeded) part of them, so that the matrix has something to count."""
    import random

    from visitor_app.rode_draden.package import export_central
    from visitor_app.services.demo import create_demo
    rng = random.Random(28)
    paths = []
    for i, dienst in enumerate(DIENSTEN):
        with create_demo(folder / f"{i}.visitatie") as visit:
            visit.update_details(dienst=dienst, start=f"2026-0{i + 2}-10", end=f"2026-0{i + 2}-11")
            findings = visit.findings.list()
            for f in findings:
                if rng.random() < 0.35:
                    visit.findings.delete([f["id"]])
                elif "Lindewaard" in f["text"]:
                    visit.findings.update(f["id"], text=f["text"].replace("Lindewaard", dienst[3:]))
            out = folder / f"{dienst.lower().replace(' ', '-')}.rodedraden"
            export_central(visit, out)
            paths.append(out)
    return paths


def _rode_draden(window, out: Path) -> None:
    """The analyst's window on a central database with six diensten, a cell selected."""
    import tempfile
    app = QApplication.instance()
    folder = Path(tempfile.mkdtemp(prefix="rode-draden-"))
    rd = window.show_rode_draden()
    rd.resize(1366, 820)
    rd.open_db(folder / "centraal.db", create=True)
    rd.import_packages(_packages(folder))
    while not rd.worker.idle:  # the import, then the counts it asks for
        rd.worker.wait()
    column = rd.column_of(rd.data.visitations[0]["id"]) if rd.data and rd.data.visitations else None
    if column is not None:
        rd.table.setCurrentCell(0, column)
        rd.show_cell(0, column)
    for _ in range(5):
        app.processEvents()
    rd.grab().save(str(out / "09-rode-draden.png"))
    _workbench(rd, out)


def _workbench(rd, out: Path) -> None:
    """The Rode draden page: the first theme with suggestions, the first taken over as a draad."""
    app = QApplication.instance()
    page = rd.threads_page
    rd.pages.setCurrentWidget(page)
    for row in range(page.themes.count()):
        page.themes.setCurrentRow(row)
        while not rd.worker.idle:  # the suggestions of the theme
            rd.worker.wait()
        app.processEvents()
        if page.proposal_list.count():
            break
    proposal = page._current_proposal()
    if proposal is not None:
        example = next(f["text"] for f in page.theme_findings() if f["id"] == proposal["example"])
        from visitor_app.ui.rode_draden.workbench import proposed_name
        page.accept_proposal(proposed_name(example))
        while not rd.worker.idle:
            rd.worker.wait()
        app.processEvents()
        page.select_findings(page.thread()["findings"] if page.thread() else [])
    for _ in range(5):
        app.processEvents()
    rd.grab().save(str(out / "09-rode-draden-werkblad.png"))
    rd.pages.setCurrentIndex(0)


def _grab_dialog(dialog, path: Path) -> None:
    app = QApplication.instance()
    dialog.show()
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(path))
    dialog.reject()


def _dialogs(window, out: Path) -> None:
    """The passphrase dialog of a new visitation (a strong passphrase typed twice),
    "Terug naar een eerdere versie" on the demo's backups, Help > Over and the preview of
    the rode-dradenpakket (on its first text with a replacement), as the window builds them."""
    from PySide6.QtWidgets import QLineEdit

    from visitor_app.ui.backups import VersionsDialog
    from visitor_app.ui.passphrase import NEW_VISITATION_TITLE, PLAIN, NewPassphraseDialog
    dialog = NewPassphraseDialog(window, NEW_VISITATION_TITLE, alternative=PLAIN)
    for name in ("passphraseFirst", "passphraseSecond"):
        dialog.findChild(QLineEdit, name).setText("vier kleine eenden zwemmen")
    _grab_dialog(dialog, out / "10-wachtwoord.png")
    window.worker.wait()  # the snapshots of opening and of the merge
    window.visit.backups.snapshot()
    _grab_dialog(VersionsDialog(window.visit.backups.list(), window), out / "11-eerdere-versie.png")
    from visitor_app.services.about import about_info
    from visitor_app.ui.about import AboutDialog
    _grab_dialog(AboutDialog(about_info(window.visit.framework), window), out / "12-over.png")
    from visitor_app.ui.privacy import PrivacyPreviewDialog
    fw, visit = window.visit.framework, window.visit
    person = next(p["name"] for s in visit.programme.sessions() for p in s["participants"] if p.get("name"))
    visit.findings.add(fw.themes[2]["id"], fw.finding_kinds[1]["id"],  # as a member might type it
                       f"Volgens {person} ontbreekt een vast aanspreekpunt; bel 06-12345678 of mail "
                       "p.devries@example.nl. “We horen nooit iets terug”, zei een BOA.")
    preview = PrivacyPreviewDialog(window.ctx, window.visit.privacy.preview(), window)
    replaced = [i for i, item in enumerate(preview.preview["items"]) if item["replacements"]]
    if replaced:
        preview.list.setCurrentRow(replaced[0])
    _grab_dialog(preview, out / "13-pakket-voorbeeld.png")


def take_screenshots(window, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    window.resize(1366, 820)
    names = ["programma", "gesprek", "waarnemingen", "dekking", "oordelen", "dossiers", "rapport", "team"]
    _merged_copy(window.visit)
    window.ctx.apply(EVERYTHING)  # the merge ran outside the window
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        view = window.view_at(row)
        if hasattr(view, "sessions") and hasattr(view, "select_session"):  # conversation: a real session
            view.select_session(view.ctx.visit.programme.sessions()[0]["id"])
        from PySide6.QtWidgets import QListWidget
        records = view.findChild(QListWidget, "recordsList")
        if records is not None and records.count():  # dossiers: show a filled-in case file
            records.setCurrentRow(0)
        if hasattr(view, "select_document"):  # documents: the one with an attachment and notes
            attached = [d for d in view.ctx.visit.documents.list() if d["attachment_sha256"]]
            if attached:
                view.select_document(attached[0]["id"])
        for _ in range(5):
            app.processEvents()
        if row < len(names):
            name = f"{row + 1:02d}-{names[row]}"
        else:  # views added later: after the numbers the dialogs and report pages use
            name = f"{row + 8:02d}-" + window.nav.item(row).text().lower().replace(" ", "-")
        window.grab().save(str(out / f"{name}.png"))
    _rode_draden(window, out)
    _dialogs(window, out)
    print(f"screenshots in {out}", flush=True)
    window.close()


def main(argv: list[str]) -> int:
    from visitor_app.ui.app import make_app
    from visitor_app.ui.main_window import MainWindow
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    app = make_app()
    window = MainWindow(ask_member=False)
    window.show()
    window.open_demo()
    QTimer.singleShot(300, lambda: take_screenshots(window, out))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
