"""services.about: what Help > Over shows, without a window."""

import shutil

import visitor_app
from visitor_app.domain.framework import load_framework
from visitor_app.services.about import about_info

from tests.conftest import FRAMEWORKS


def test_about_names_the_framework_and_where_it_came_from(tmp_path, monkeypatch):
    monkeypatch.delenv("VISITOR_APP_FORMS", raising=False)
    monkeypatch.setenv("VISITOR_APP_DATA", str(tmp_path))
    info = about_info()
    assert info.version == visitor_app.__version__
    assert info.forms_source == "meegeleverd met het programma"
    assert info.framework.status == "voorlopig"
    shutil.copytree(FRAMEWORKS["alt"], tmp_path / "forms")
    info = about_info(open_framework=load_framework(FRAMEWORKS["standaard"]))
    assert (info.forms_dir, info.forms_source) == (tmp_path / "forms", "map met gebruikersgegevens")
    assert info.framework.name == load_framework(FRAMEWORKS["alt"]).name
    assert info.open_framework.name == load_framework(FRAMEWORKS["standaard"]).name
    assert info.data_dir == tmp_path


def test_an_unreadable_framework_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("VISITOR_APP_FORMS", str(tmp_path / "weg"))
    info = about_info()
    assert info.framework is None and "niet gevonden" in info.framework_error
    assert info.licences
