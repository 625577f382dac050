"""Shared fixtures. Every test gets its own temporary data folder and files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt aborts without a display otherwise
os.environ.setdefault("LANG", "C.UTF-8")
# Hypothesis keeps what it learns (examples, character tables) in the system temp folder.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "visitatie-hypothesis"))

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

hypothesis_settings.register_profile("visitatie", database=DirectoryBasedExampleDatabase(
    os.path.join(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"], "examples")))
hypothesis_settings.load_profile("visitatie")

from visitor_app.domain.framework import load_framework  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The shipped framework, and a second one with other ids for everything, other names and
# five themes instead of six: tests that take ``each_framework`` run on both.
FRAMEWORKS = {"standaard": ROOT / "forms", "alt": ROOT / "tests" / "fixtures" / "forms_alt"}

# Fictional people only.
MEMBERS = [("Ilse Voorthuis", "voorzitter"), ("Ruben Kasteleijn", "lid"),
           ("Femke Ouwerling", "lid"), ("Joost Brandsema", "secretaris")]


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("VISITOR_APP_DATA", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture(scope="session")
def framework(request):
    """The framework of forms/; in tests/services, tests/reports and tests/rode_draden each
    test that uses it runs on every framework of FRAMEWORKS (see on_each_framework)."""
    return load_framework(FRAMEWORKS[getattr(request, "param", "standaard")])


def on_each_framework(metafunc):
    """pytest_generate_tests of a folder whose tests must hold on any framework: a test
    that takes ``framework`` (or ``visit``) runs once per framework, unless it is marked
    ``forms_nl`` because it is about the Dutch names of forms/ itself."""
    if "framework" not in metafunc.fixturenames or "each_framework" in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("forms_nl"):
        return
    metafunc.parametrize("framework", list(FRAMEWORKS), indirect=True, scope="session")


@pytest.fixture(scope="session", params=list(FRAMEWORKS))
def each_framework(request):
    return load_framework(FRAMEWORKS[request.param])


def closed_visitation(path: Path, framework, dienst: str = "Omgevingsdienst Testland") -> Path:
    """A new visitation file with the test commission, closed again: for tests that open it
    themselves, or in another process."""
    Visitation.create(path, dienst, "2026-03-10", "2026-03-11", members=MEMBERS,
                      framework=framework).close()
    return path


@pytest.fixture
def new_visit(tmp_path):
    """Factory: a new visitation with the test commission and the framework's programme,
    closed at the end of the test."""
    made = []

    def make(framework, name: str = "test.visitatie", dienst: str = "Omgevingsdienst Testland"):
        made.append(Visitation.create(tmp_path / name, dienst, "2026-03-10", "2026-03-11",
                                      members=MEMBERS, framework=framework))
        return made[-1]

    yield make
    for v in made:
        v.close()


@pytest.fixture
def visit(new_visit, framework):
    return new_visit(framework)


@pytest.fixture
def each_visit(new_visit, each_framework):
    """The test visitation, on each framework in turn."""
    return new_visit(each_framework)


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
