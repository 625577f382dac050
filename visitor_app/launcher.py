"""Entry point: the window, or a command-line subcommand.

  visitor-app                 the window (on the last file, or a start screen)
  visitor-app FILE.visitatie  the window on that file
  visitor-app --demo          the window on the demo visitation
  visitor-app --rode-draden [CENTRAL.db]
                              only the Rode draden window (ODNL), on that central database
  visitor-app --smoke         a self-test offscreen: demo (plain and encrypted), exports
  visitor-app COMMAND ...     the command line (see docs/cli.md)
"""

from __future__ import annotations

import sys


# The subcommands of visitor_app.cli (a test keeps this list equal to the parser's);
# kept here so that starting the window does not import argparse and the CLI.
COMMANDS = ("new", "demo", "import-notes", "import-findings", "add-note", "assess", "info", "search",
            "check", "export-report", "export-guide", "hand-out", "merge", "export-json",
            "versleutel", "wachtwoord", "export-central", "central", "backups", "herstel", "kopie",
            "verwijder", "add-document", "documents", "import-vorige", "opvolging",
            "add-question", "questions", "zelfevaluatie-samenvatting")


def wants_window(argv: list[str]) -> bool:
    if not argv or argv == ["--demo"] or (argv[0] == "--rode-draden" and len(argv) <= 2):
        return True
    return len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in COMMANDS


def no_display() -> bool:
    import os
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--smoke"]:
        from visitor_app.ui.smoke import run_smoke
        return run_smoke()
    if wants_window(argv):
        if no_display():
            print("fout: geen beeldscherm gevonden (DISPLAY en WAYLAND_DISPLAY zijn leeg). Start de app "
                  "op een bureaublad, of gebruik de opdrachtregel: visitor-app --help", file=sys.stderr)
            return 2
        if argv and argv[0] == "--rode-draden":
            from visitor_app.ui.app import run_rode_draden
            return run_rode_draden(argv[1] if len(argv) > 1 else None, after_shown=clean_up_later)
        from visitor_app.ui.app import run_window
        return run_window(file=None if argv in ([], ["--demo"]) else argv[0], demo=argv == ["--demo"],
                          after_shown=clean_up_later)
    remove_stale_copies()
    from visitor_app.cli import main as cli_main
    return cli_main(argv, forget_recent=_forget_recent)


def clean_up_later() -> None:
    """The window's start: the clean-up runs in a thread once the window is shown, so
    that it neither delays the first paint nor competes with it (README "Speed")."""
    import threading
    threading.Thread(target=remove_stale_copies, name="opruimen", daemon=True).start()


def remove_stale_copies() -> None:
    """Duplicates of members' files that a killed merge left in the temp folder
    (store/scratch.py), and the private temp folders of older app versions
    (files.sweep_temp_dirs); never an error at start."""
    try:
        from visitor_app.store.files import sweep_temp_dirs
        from visitor_app.store.scratch import remove_stale
        remove_stale()
        sweep_temp_dirs()
    except Exception:  # pragma: no cover - the next start tries again
        pass


def _forget_recent(path, visitation_id) -> None:
    """A visitation deleted on the command line leaves the window's recent files too."""
    from visitor_app.ui.settings import Settings
    Settings().forget(path, visitation_id)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
