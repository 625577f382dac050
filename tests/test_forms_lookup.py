"""The lookup order of forms/ (visitor_app.paths.forms_lookup)."""

import shutil
import sys

import pytest

from visitor_app import paths
from visitor_app.domain.framework import load_framework

from tests.conftest import FRAMEWORKS, ROOT


@pytest.fixture
def lookup_env(tmp_path, monkeypatch):
    monkeypatch.delenv("VISITOR_APP_FORMS", raising=False)
    monkeypatch.setenv("VISITOR_APP_DATA", str(tmp_path / "data"))
    return tmp_path


def test_from_source_without_overrides_the_repository_forms(lookup_env):
    assert paths.forms_lookup() == (ROOT / "forms", "bundled")
    assert load_framework().id == load_framework(ROOT / "forms").id


def test_user_data_forms_win_over_the_program(lookup_env):
    user_forms = lookup_env / "data" / "forms"
    shutil.copytree(FRAMEWORKS["alt"], user_forms)
    assert paths.forms_lookup() == (user_forms, "user")
    assert load_framework().id == load_framework(FRAMEWORKS["alt"]).id


def test_the_env_var_wins_over_user_data(lookup_env, monkeypatch):
    shutil.copytree(FRAMEWORKS["alt"], lookup_env / "data" / "forms")
    monkeypatch.setenv("VISITOR_APP_FORMS", str(ROOT / "forms"))
    assert paths.forms_lookup() == (ROOT / "forms", "env")


def test_an_env_var_to_nowhere_is_an_error_not_a_fallback(lookup_env, monkeypatch):
    from visitor_app.errors import FormError
    monkeypatch.setenv("VISITOR_APP_FORMS", str(lookup_env / "bestaat-niet"))
    with pytest.raises(FormError, match="niet gevonden"):
        load_framework()


def test_frozen_forms_beside_the_executable_win_over_the_bundle(lookup_env, monkeypatch):
    program = lookup_env / "Programs" / "visitatie-app"
    bundle = program / "_internal"
    shutil.copytree(ROOT / "forms", bundle / "forms")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "visitatie-app.exe"))
    assert paths.forms_lookup() == (bundle / "forms", "bundled")
    shutil.copytree(FRAMEWORKS["alt"], program / "forms")
    assert paths.forms_lookup() == (program / "forms", "beside")
    shutil.copytree(FRAMEWORKS["alt"], lookup_env / "data" / "forms")
    assert paths.forms_lookup() == (lookup_env / "data" / "forms", "user")


def test_the_lookup_does_not_make_the_user_data_folder(lookup_env):
    paths.forms_lookup()
    assert not (lookup_env / "data").exists()


def test_an_existing_visitation_keeps_its_embedded_framework(lookup_env, tmp_path):
    from tests.conftest import closed_visitation
    from visitor_app.services.visitation import Visitation
    path = closed_visitation(tmp_path / "v.visitatie", load_framework())
    shutil.copytree(FRAMEWORKS["alt"], lookup_env / "data" / "forms")
    visit = Visitation.open(path)
    try:
        assert visit.framework.id == load_framework(ROOT / "forms").id
        assert visit.framework.id != load_framework().id
    finally:
        visit.close()
