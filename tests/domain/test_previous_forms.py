"""The keys of the previous visitation in forms/: report.previous and follow_up on finding
kinds, checked with file, line and field."""

from __future__ import annotations

import pytest

from tests.domain.test_framework import _error_after
from visitor_app.domain.framework import load_framework
from visitor_app.errors import FormError
from tests.conftest import FRAMEWORKS


@pytest.mark.parametrize("name", list(FRAMEWORKS))
def test_both_frameworks_declare_statuses_a_default_and_follow_up_kinds(name):
    fw = load_framework(FRAMEWORKS[name])
    assert len(fw.follow_up_statuses()) >= 2 and fw.follow_up_default()
    assert fw.follow_up_kinds() and set(fw.follow_up_kinds()) <= {k["id"] for k in fw.finding_kinds}
    assert fw.previous["title"] and fw.previous["position"] in ("before_themes", "after_themes")


def test_two_defaults_are_refused_with_file_line_and_field(forms_copy):
    msg, line = _error_after(forms_copy, "report.yaml",
                             ('{id: opgevolgd, name: "Opgevolgd"}',
                              '{id: opgevolgd, name: "Opgevolgd", default: true}'))
    assert "report.yaml" in msg and "report.previous.statuses" in msg and "precies één status" in msg


def test_an_unknown_section_to_follow_is_named(forms_copy):
    msg, line = _error_after(forms_copy, "report.yaml", ("after: context", "after: conteks"))
    assert f"report.yaml, regel {line}, veld 'report.previous.after'" in msg
    assert "onbekend rapportonderdeel 'conteks'" in msg


def test_a_bad_position_is_named(forms_copy):
    msg, line = _error_after(forms_copy, "report.yaml",
                             ("position: before_themes\n    after", "position: ergens # hier\n    after"))
    assert f"report.yaml, regel {line}, veld 'report.previous.position'" in msg
    assert "'ergens' is niet toegestaan" in msg


def test_a_wrong_follow_up_flag_and_an_unknown_key_are_named(forms_copy):
    msg, line = _error_after(forms_copy, "observation_kinds.yaml", ("follow_up: true", "follow_up: ja"))
    assert f"observation_kinds.yaml, regel {line}" in msg and "follow_up" in msg
    assert "true of false verwacht" in msg
    with pytest.raises(FormError, match=r"report\.previous\.kleur.*onbekend veld 'kleur'"):
        text = (forms_copy / "report.yaml").read_text(encoding="utf-8")
        (forms_copy / "observation_kinds.yaml").write_text(
            (forms_copy / "observation_kinds.yaml").read_text(encoding="utf-8").replace(
                "follow_up: ja", "follow_up: true"), encoding="utf-8")
        (forms_copy / "report.yaml").write_text(
            text.replace("    after: context", "    after: context\n    kleur: rood"), encoding="utf-8")
        load_framework(forms_copy)


def test_previous_without_any_follow_up_kind_is_refused(forms_copy):
    path = forms_copy / "observation_kinds.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(" follow_up: true,", ""), encoding="utf-8")
    with pytest.raises(FormError, match=r"observation_kinds\.yaml.*finding_kinds.*follow_up: true"):
        load_framework(forms_copy)
