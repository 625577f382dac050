"""Shared fixtures. Every test gets its own temporary data folder and files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt aborts without a display otherwise
os.environ.setdefault("LANG", "C.UTF-8")

import pytest  # noqa: E402

from visitor_app.core.framework import load_framework  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Fictional people only.
MEMBERS = [("Ilse Voorthuis", "voorzitter"), ("Ruben Kasteleijn", "lid"),
           ("Femke Ouwerling", "lid"), ("Joost Brandsema", "secretaris")]


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("VISITOR_APP_DATA", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture
def visit(tmp_path, framework):
    v = Visitation.create(tmp_path / "test.visitatie", "Omgevingsdienst Testland",
                          "2026-03-10", "2026-03-11", members=MEMBERS, framework=framework)
    yield v
    v.close()


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory):
    from visitor_app.services.demo import create_demo
    path = tmp_path_factory.mktemp("demo") / "demo.visitatie"
    create_demo(path).close()
    return path


@pytest.fixture
def demo_path(_demo_master, tmp_path):
    """A fresh copy of the demo visitation for this test."""
    path = tmp_path / "demo.visitatie"
    shutil.copy2(_demo_master, path)
    return path


@pytest.fixture
def forms_copy(tmp_path):
    """A writable copy of forms/ for tests that break it."""
    dst = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", dst)
    return dst
