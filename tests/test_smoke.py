"""`visitor-app --smoke` from source: the same self-test the installer build runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_smoke_from_source(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env.pop("VISITOR_APP_DATA", None)
    result = subprocess.run([sys.executable, "-m", "visitor_app", "--smoke"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Rooktest Visitatie-app" in result.stdout and "geslaagd" in result.stdout
    assert "demo versleuteld" in result.stdout and "demo niet versleuteld" in result.stdout
    assert list(tmp_path.iterdir()) == []  # its temp folder is gone


def test_smoke_fails_with_reason(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               VISITOR_APP_RESOURCES=str(tmp_path / "nergens"))  # no demo data: must fail
    result = subprocess.run([sys.executable, "-m", "visitor_app", "--smoke"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "rooktest mislukt" in result.stderr
    assert [p for p in tmp_path.iterdir() if p.name.startswith("visitatie-rooktest-")] == []
