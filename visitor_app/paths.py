"""Where things live: forms/, resources/ and the user's data folder.

The user's data folder is platformdirs' user data dir (Windows:
``%LOCALAPPDATA%\\OmgevingsdienstNL\\visitatie-app``; macOS:
``~/Library/Application Support/visitatie-app``; Linux: ``~/.local/share/visitatie-app``),
never the program folder: an uninstall or a new install leaves it alone.

forms/ (the framework for *new* visitations) is looked up in this order; the first that
exists wins (``forms_lookup``):

1. ``VISITOR_APP_FORMS`` if set (used as given, even if it does not exist, so a typo
   gives an error rather than a silent fallback);
2. ``<user data folder>/forms``: a newer framework ODNL hands out, without a new install;
3. ``forms/`` beside the executable (frozen: a newer forms/ ODNL ships next to the program);
4. ``forms/`` of the program itself (frozen: inside the bundle, ``sys._MEIPASS``; from
   source: the repository's forms/).

An existing visitation never uses this: it keeps the framework embedded in its file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "visitatie-app"
APP_AUTHOR = "OmgevingsdienstNL"


def project_root() -> Path:
    if getattr(sys, "frozen", False):  # PyInstaller bundle
        return Path(getattr(sys, "_MEIPASS"))
    return Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    return Path(os.environ.get("VISITOR_APP_RESOURCES") or project_root() / "resources")


def user_data_path() -> Path:
    """Where the user's data folder is, without making it. VISITOR_APP_DATA overrides it."""
    env = os.environ.get("VISITOR_APP_DATA")
    if env:
        return Path(env)
    import platformdirs  # only when no override is set: it costs a few ms at start-up
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_data_dir() -> Path:
    """The user's data folder (demo file, settings), made if missing."""
    path = user_data_path()
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":  # the demo and the settings (recent files) are the user's alone
        for made in missing:
            os.chmod(made, 0o700)
    return path


def demo_file() -> Path:
    return user_data_dir() / "demo-omgevingsdienst-lindewaard.visitatie"


# Why forms_lookup chose its folder, in Dutch for Help > Over.
FORMS_SOURCES = {
    "env": "VISITOR_APP_FORMS",
    "user": "map met gebruikersgegevens",
    "beside": "naast het programma",
    "bundled": "meegeleverd met het programma",
}


def forms_lookup() -> tuple[Path, str]:
    """The forms/ folder for new visitations and why (a key of FORMS_SOURCES); see the
    lookup order at the top of this module."""
    env = os.environ.get("VISITOR_APP_FORMS")
    if env:
        return Path(env), "env"
    user = user_data_path() / "forms"
    if user.is_dir():
        return user, "user"
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).resolve().parent / "forms"
        if beside.is_dir() and beside != project_root() / "forms":
            return beside, "beside"
    return project_root() / "forms", "bundled"


def forms_dir() -> Path:
    return forms_lookup()[0]
