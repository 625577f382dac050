"""The installer's data files (installer/bundle.py, used by build_installer.spec) against what
the app reads at run time: a file under forms/ or resources/ that the app opens but the bundle
leaves out would fail only in the installed program."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_bundle():
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "installer" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Runs the self-test (window, both demos, every export) and a CLI command with an audit hook
# that records every file opened under the project root.
PROBE = r"""
import json, os, sys
root = os.path.realpath(sys.argv[1])
seen = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(root + os.sep):
            seen.add(os.path.relpath(path, root).replace(os.sep, "/"))
sys.addaudithook(hook)
from visitor_app.launcher import main
code = main(["--smoke"])
out = os.path.join(sys.argv[2], "cli.visitatie")
code = code or main(["demo", out]) or main(["export-guide", out, "--out", out + ".pdf"])
print("OPENED " + json.dumps(sorted(seen)))
sys.exit(code)
"""


def opened_at_run_time(tmp_path) -> set[str]:
    env = dict(os.environ, TMPDIR=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               VISITOR_APP_DATA=str(tmp_path / "data"))
    for var in ("VISITOR_APP_RESOURCES", "VISITOR_APP_FORMS", "VISITOR_APP_REPORT_TEMPLATE"):
        env.pop(var, None)
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT), str(tmp_path)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.startswith("OPENED "))
    return set(json.loads(line[len("OPENED "):]))


def test_every_data_file_the_app_reads_is_bundled(tmp_path):
    bundle = load_bundle()
    opened = opened_at_run_time(tmp_path)
    data_roots = tuple(f"{source}/" for source, _ in bundle.DATAS)
    read = {p for p in opened if p.startswith(("forms/", "resources/"))}
    # what the run must have touched, so that the check means something
    assert {"resources/style.qss", "resources/report_reference.docx",
            "resources/demo/demo_visitatie.yaml", "forms/framework.yaml"} <= read
    # Qt reads the window icon itself (no Python open, so no audit event): by name
    read.add("resources/icon.png")
    assert all(p.startswith(data_roots) for p in read), read
    missing = read - bundle.bundled_files(ROOT)
    assert not missing, f"de app leest deze bestanden, maar de installer neemt ze niet mee: {missing}"


def test_the_spec_takes_its_lists_from_bundle_py():
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert 'ROOT / "installer" / "bundle.py"' in spec
    for use in ("bundle.datas(ROOT)", "bundle.excludes(", "bundle.keep_translation(", "bundle.PACKAGE_DATA",
                "bundle.keep_qt_plugin("):
        assert use in spec


def test_data_list_lands_where_paths_py_looks():
    """In the bundle project_root() is sys._MEIPASS: forms/ and resources/ must sit at its top."""
    bundle = load_bundle()
    files = bundle.bundled_files(ROOT)
    for folder in ("forms", "resources"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts}
        assert shipped <= files
    assert not any("__pycache__" in f or f.endswith(".pyc") for f in files)


def test_no_development_package_and_no_unused_qt_module_in_the_bundle():
    bundle = load_bundle()
    excluded = set(bundle.excludes())
    assert {"pytest", "hypothesis", "importlinter", "PySide6.QtQml", "PySide6.QtQuick",
            "PySide6.QtNetwork"} <= excluded
    used = set()
    for path in (ROOT / "visitor_app").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("from", "import") and words[1].startswith("PySide6."):
                used.add(words[1].split(".")[0] + "." + words[1].split(".")[1])
    assert used and not used & excluded, used & excluded
    assert bundle.keep_translation("PySide6/Qt/translations/qtbase_nl.qm")
    assert not bundle.keep_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle.keep_translation("resources/demo/demo_visitatie.yaml")


def test_the_desktops_plugins_stay_and_the_unused_ones_go():
    """A desktop platform, offscreen (--smoke) or an input method left out would make the
    built app fail to start or to take é and ë; the dropped ones pull in QtNetwork."""
    bundle = load_bundle()
    plugins = "PySide6/Qt/plugins"
    for kept in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                 "platforms/qwindows.dll", "platforms/libqcocoa.dylib", "platforms/qoffscreen.dll",
                 "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                 "platforminputcontexts/libibusplatforminputcontextplugin.so",
                 "platformthemes/libqgtk3.so", "iconengines/libqsvgicon.so", "imageformats/libqsvg.so",
                 "xcbglintegrations/libqxcb-glx-integration.so", "wayland-shell-integration/libxdg-shell.so"):
        assert bundle.keep_qt_plugin(f"{plugins}/{kept}"), kept
    for dropped in ("platforms/libqvnc.so", "platforms/libqeglfs.so", "platforms/libqlinuxfb.so",
                    "platforms/qdirect2d.dll", "generic/libqevdevmouseplugin.so",
                    "egldeviceintegrations/libqeglfs-x11-integration.so", "imageformats/libqwebp.so",
                    "imageformats/qjpeg.dll"):
        assert not bundle.keep_qt_plugin(f"{plugins}/{dropped}"), dropped
    assert not bundle.keep_qt_plugin("PySide6/Qt/lib/libQt6Network.so.6")
    for lib in ("PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt6Widgets.dll",
                "sqlcipher3/_sqlite3.abi3.so", "libpython3.11.so.1.0"):
        assert bundle.keep_qt_plugin(lib), lib
