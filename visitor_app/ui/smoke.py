"""`visitor-app --smoke`: a quick self-test of an installed (or frozen) app.

Opens the main window offscreen on a fresh demo visitation in a temp folder, then on an
encrypted copy, and exports a report (DOCX), a guide (PDF) and a central package from each.
Every output must exist and be non-empty. The temp folder is removed afterwards.
Returns 0 with a short Dutch summary, or 1 with the reason.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

SMOKE_PASSPHRASE = "rooktest vier woorden lang"
TIME_LIMIT_MS = 120_000  # a dialog that waits for a click (offscreen nobody clicks) ends the test


def run_smoke() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="visitatie-rooktest-"))
    saved_data = os.environ.get("VISITOR_APP_DATA")
    os.environ["VISITOR_APP_DATA"] = str(tmp / "gegevens")  # settings and recent files stay in tmp
    lines: list[str] = []
    try:
        from visitor_app.ui.app import make_app
        make_app()
        _watchdog(tmp)
        for encrypted in (False, True):
            lines.append(_one(tmp, encrypted))
    except Exception as exc:  # any failure: the reason, and a non-zero exit
        _say(f"rooktest mislukt: {type(exc).__name__}: {exc}", error=True)
        return 1
    finally:
        if saved_data is None:
            os.environ.pop("VISITOR_APP_DATA", None)
        else:
            os.environ["VISITOR_APP_DATA"] = saved_data
        shutil.rmtree(tmp, ignore_errors=True)
    if tmp.exists():
        _say(f"rooktest mislukt: tijdelijke map {tmp} niet opgeruimd", error=True)
        return 1
    from visitor_app import __version__
    _say(f"Rooktest Visitatie-app {__version__}: geslaagd")
    for line in lines:
        _say(f"  {line}")
    return 0


def _say(text: str, error: bool = False) -> None:
    """Print, when there is a console: a windowed Windows build has none (sys.stdout is None),
    and then only the exit code tells."""
    stream = sys.stderr if error else sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)


def _watchdog(tmp: Path) -> None:
    from PySide6.QtCore import QTimer

    def give_up():
        _say(f"rooktest mislukt: na {TIME_LIMIT_MS // 1000} s niet klaar (wacht een melding op "
             "een klik?)", error=True)
        shutil.rmtree(tmp, ignore_errors=True)
        os._exit(1)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(give_up)
    timer.start(TIME_LIMIT_MS)
    _watchdog.timer = timer  # kept alive for the whole run


def _one(tmp: Path, encrypted: bool) -> str:
    from visitor_app.services import encryption
    from visitor_app.services.demo import create_demo
    from visitor_app.ui.main_window import MainWindow

    label = "versleuteld" if encrypted else "niet versleuteld"
    folder = tmp / ("versleuteld" if encrypted else "gewoon")
    folder.mkdir()
    path = folder / "demo.visitatie"
    create_demo(path).close()
    passphrase = None
    if encrypted:
        result = encryption.encrypt_file(path, SMOKE_PASSPHRASE)
        encryption.remove_backups(result["plain_backups"])
        passphrase = SMOKE_PASSPHRASE
        if not encryption.is_encrypted(path):
            raise RuntimeError(f"{path}: niet versleuteld na versleutelen")
    window = MainWindow()
    try:
        window.show()
        if not window.open_file(path, passphrase=passphrase) or window.visit is None:
            raise RuntimeError(f"{path}: het venster opende het bestand niet ({label})")
        window.worker.wait()
        outputs = _export(window.visit, folder)
    finally:
        window.close()
        window.deleteLater()
    sizes = ", ".join(f"{p.suffix.lstrip('.')} {p.stat().st_size // 1024} kB" for p in outputs)
    return f"demo {label}: venster geopend; {sizes}"


def _export(visit, folder: Path) -> list[Path]:
    from visitor_app.reports.docx_report import export_report
    from visitor_app.reports.pdf_guide import export_guide
    from visitor_app.rode_draden.package import export_central

    outputs = [folder / "rapport.docx", folder / "gespreksleidraad.pdf", folder / "demo.rodedraden"]
    export_report(visit, outputs[0])
    export_guide(visit, outputs[1])
    export_central(visit, outputs[2])
    for out in outputs:
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"{out.name}: niet geschreven of leeg")
    return outputs
