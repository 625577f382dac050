"""What the installer build (build_installer.spec) puts in the bundle, and what it leaves out.

Plain data, loaded by file path without PyInstaller (installer/ is no package on purpose: a
top-level package name can shadow an installed one): the spec uses it, and
tests/test_bundle.py checks it against the files the app reads at run time.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "visitatie-app"  # the program's and the folder's name in dist/

# (source, folder in the bundle): the app finds them through visitor_app/paths.py
# (project_root() is sys._MEIPASS in the bundle). Whole folders, so that a new form or
# resource file is shipped without editing this list.
DATAS = [
    ("forms", "forms"),          # the visitation framework (domain/framework.py)
    ("resources", "resources"),  # style.qss, report_reference.docx, demo/, icon.png, icon.ico
]

# Packages whose own data files PyInstaller does not find by itself (python-docx reads its
# XML templates as docx/parts/../templates: the .py files come too, so that docx/parts/ exists).
PACKAGE_DATA = ["docx"]

# Files under the DATAS folders that are never shipped.
DATA_EXCLUDE_SUFFIXES = (".pyc",)

# Modules left out, per group; the figures in docs/performance.md ("Installer size") are
# what each group saves. VISITATIE_BUNDLE_KEEP=dev,qt,stdlib,translations,plugins builds without a group
# (for measuring).
EXCLUDES = {
    # test and development packages: in the venv, never imported by the app
    "dev": ["pytest", "_pytest", "pytestqt", "hypothesis", "importlinter", "grimp", "pip",
            "setuptools", "pkg_resources", "_distutils_hack", "tkinter", "_tkinter",
            "IPython", "pydoc_data", "lib2to3", "ensurepip", "idlelib", "test", "unittest"],
    # Qt modules the app does not use (it imports QtCore, QtGui and QtWidgets only)
    "qt": ["PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
           "PySide6.QtNetwork", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtTest",
           "PySide6.QtSql", "PySide6.QtXml", "PySide6.QtHelp", "PySide6.QtOpenGL",
           "PySide6.QtOpenGLWidgets", "PySide6.QtDBus", "PySide6.QtConcurrent",
           "PySide6.QtPrintSupport", "PySide6.QtSvg", "PySide6.QtSvgWidgets"],
    # the standard library's process pool: the app starts no processes of its own (its
    # workers are threads), and PyInstaller's runtime hook for multiprocessing would
    # import it, with pickle, socket and subprocess, before every start of the window
    "stdlib": ["multiprocessing", "concurrent.futures.process"],
}

# Qt's translations: only those the app loads (ui/app.py: qtbase, in Dutch; qt_nl is the
# meta file that points at it).
KEEP_TRANSLATIONS = ("qtbase_nl.qm", "qt_nl.qm")


# Qt plugins the app never loads: Qt opens every plugin in a folder it searches (to read
# its metadata) at each start, and some pull in libraries (vnc: QtNetwork; eglfs: its
# device integrations). Kept: the desktop platforms (xcb, wayland; windows; cocoa) and
# offscreen (--smoke), the input methods (compose key, IBus: typing é and ë), the theme
# plugins, the SVG icon engine and SVG/ICO images (the desktop's icon theme in file dialogs).
DROP_PLUGIN_FOLDERS = ("generic", "egldeviceintegrations")
DROP_PLUGINS = {
    "platforms": ("qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvkkhrdisplay", "qvnc",
                  "qdirect2d"),
    "imageformats": ("qgif", "qicns", "qjpeg", "qtga", "qtiff", "qwbmp", "qwebp", "qpdf"),
}
# Qt libraries that only the dropped plugins need (checked with readelf on the Linux build:
# no kept binary links them).
DROP_QT_LIBS = ("Qt6Network", "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport")


def keep_qt_plugin(dest: str) -> bool:
    """False for a Qt plugin (a binary's path in the bundle) the app never loads, or a Qt
    library only such a plugin needs."""
    parts = Path(dest).parts
    if parts and parts[-1].split(".")[0].removeprefix("lib") in DROP_QT_LIBS:
        return False
    if "plugins" not in parts or len(parts) < parts.index("plugins") + 3:  # plugins/FOLDER/FILE
        return True
    folder, name = parts[parts.index("plugins") + 1], parts[-1]
    if folder in DROP_PLUGIN_FOLDERS:
        return False
    stem = name.split(".")[0].removeprefix("lib")
    return stem not in DROP_PLUGINS.get(folder, ())


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """The (file, folder in the bundle) pairs for PyInstaller's Analysis(datas=...)."""
    pairs = []
    for source, target in DATAS:
        base = root / source
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix not in DATA_EXCLUDE_SUFFIXES and "__pycache__" not in path.parts:
                folder = Path(target) / path.parent.relative_to(base)
                pairs.append((str(path), folder.as_posix()))
    return pairs


def bundled_files(root: Path = ROOT) -> set[str]:
    """The data files' paths inside the bundle (posix, relative to its root)."""
    return {f"{folder}/{Path(path).name}" for path, folder in datas(root)}


def excludes(keep: str = "") -> list[str]:
    kept = {k.strip() for k in keep.split(",") if k.strip()}
    return [m for group, mods in EXCLUDES.items() if group not in kept for m in mods]


def keep_translation(dest: str) -> bool:
    """False for a Qt translation file the app never loads (dest: its path in the bundle)."""
    parts = Path(dest).parts
    if "translations" not in parts or not dest.endswith(".qm"):
        return True
    return Path(dest).name in KEEP_TRANSLATIONS
