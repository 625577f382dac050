"""Where things live: forms/, resources/ and the user's data folder."""

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


def user_data_dir() -> Path:
    """The user's data folder (demo file, settings). VISITOR_APP_DATA overrides it."""
    env = os.environ.get("VISITOR_APP_DATA")
    if env:
        path = Path(env)
    else:
        import platformdirs  # only when no override is set: it costs a few ms at start-up
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":  # the demo and the settings (recent files) are the user's alone
        for made in missing:
            os.chmod(made, 0o700)
    return path


def demo_file() -> Path:
    return user_data_dir() / "demo-omgevingsdienst-lindewaard.visitatie"
