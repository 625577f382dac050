"""Rules of the codebase that keep it honest: layers, Qt only in ui/, domain content only in forms/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "visitor_app"


def test_import_contracts_hold():
    """import-linter: only ui/ imports PySide6; ui/ never touches the store; layers point down."""
    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_no_pyside6_import_outside_ui_by_text():
    """A second, plain-text guard (also catches imports inside functions)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents:
            continue
        if re.search(r"^\s*(from|import)\s+(PySide6|shiboken6)", path.read_text(encoding="utf-8"), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_ui_has_no_sql():
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bsqlite3\b|\bsqlite_utils\b|\.execute\(", text), path


def test_domain_content_lives_in_forms_only(framework):
    """No theme name, subtheme name or guiding question is written into Python code."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    phrases = [t["name"] for t in framework.themes]
    phrases += [s["name"] for t in framework.themes for s in t["subthemes"] if len(s["name"]) > 12]
    phrases += [q["text"][:40] for t in framework.themes for q in t["questions"]]
    phrases += [i["name"] for i in framework.assessment_items if len(i["name"]) > 12]
    found = [p for p in phrases if p in source]
    assert found == []


def test_the_rode_draden_package_has_no_sql():
    """The central database's SQL is store/central_db.py; rode_draden/ only gives rows meaning."""
    for path in (PACKAGE / "rode_draden").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX))\b"
                             r"|\bsqlite3\b|\.execute\(", text), path
