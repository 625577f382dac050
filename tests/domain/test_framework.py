"""The visitatiekader as data: the shipped forms load, broken forms are reported precisely."""

from __future__ import annotations

import json
import re

import pytest

from visitor_app.domain.framework import Framework, load_framework
from visitor_app.errors import FormError, InputError


def test_shipped_framework_is_provisional_and_complete(framework):
    assert framework.status == "voorlopig"
    assert "niet" in framework.notice.lower()  # says it is not the official kader
    assert len(framework.themes) == 6
    for theme in framework.themes:
        assert theme["subthemes"], theme["id"]
        assert len(theme["questions"]) >= 5, theme["id"]
    kinds = {k["id"] for k in framework.observation_kinds}
    assert kinds == {"sterk_punt", "verbeterpunt", "aanbeveling", "citaat", "dilemma", "vraag"}
    items = {i["id"] for i in framework.assessment_items}
    assert {"robuustheid", "bop1", "bop6"} <= items
    assert [v["id"] for v in framework.scale_values("robuustheid")] == [
        "robuust", "hard_op_weg", "twijfel", "niet_aannemelijk"]
    assert [v["id"] for v in framework.scale_values("bop3")] == ["ja", "deels", "nee"]


def test_questions_for_a_conversation_are_grouped_in_framework_order(framework):
    groups = framework.questions_for("ketenpartners")
    order = [t["id"] for t in framework.themes]
    ids = [t["id"] for t, _ in groups]
    assert ids == sorted(ids, key=order.index)
    assert "ketensamenwerking" in ids
    for _, questions in groups:
        assert all("ketenpartners" in q["conversations"] for q in questions)


def test_names_resolve_case_insensitively(framework):
    theme = framework.themes[2]
    assert framework.resolve_theme(theme["name"].upper()) == theme["id"]
    assert framework.resolve_theme(theme["id"]) == theme["id"]
    assert framework.resolve_kind("Sterk Punt") == "sterk_punt"
    assert framework.resolve_kind("sterke punten") == "sterk_punt"
    sub = theme["subthemes"][0]
    assert framework.resolve_subtheme(theme["id"], sub["name"].lower()) == sub["id"]
    with pytest.raises(InputError, match="onbekend thema 'geen thema'"):
        framework.resolve_theme("geen thema")
    with pytest.raises(InputError, match="past niet bij"):
        framework.resolve_assessment("robuustheid", "ja")


def test_snapshot_roundtrip_keeps_everything(framework):
    import json
    again = Framework.from_snapshot(json.loads(json.dumps(framework.data)))
    assert again.data == framework.data


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    needle = needle.splitlines()[0]
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _error_after(forms_copy, name: str, *edits: tuple[str, str]) -> tuple[str, int]:
    """The FormError message after these edits of forms_copy/NAME, and the first edit's line."""
    path = forms_copy / name
    for old, new in edits:
        _edit(path, old, new)
    line = _line_of(path, edits[0][1])
    with pytest.raises(FormError) as err:
        load_framework(forms_copy)
    return err.value.message, line


def test_unknown_conversation_type_names_file_line_and_key(forms_copy):
    msg, line = _error_after(forms_copy, "themes.yaml", ("conversations: [", "conversations: [bestur, "))
    assert "themes.yaml" in msg
    assert f"regel {line}" in msg
    assert re.search(r"themes\[0\]\.questions\[0\]\.conversations\[0\]", msg)
    assert "onbekend gesprekstype 'bestur'" in msg


def test_missing_required_key_is_named(forms_copy):
    fw = forms_copy / "framework.yaml"
    text = fw.read_text(encoding="utf-8")
    fw.write_text("\n".join(l for l in text.splitlines() if not l.startswith("version:")),
                  encoding="utf-8")
    with pytest.raises(FormError, match=r"framework\.yaml.*verplicht veld 'version' ontbreekt"):
        load_framework(forms_copy)


def test_yaml_syntax_error_gives_line(forms_copy):
    path = forms_copy / "partners.yaml"
    path.write_text("partner_types:\n  - {id: politie, name: 'Politie'\npartner_levels: []\n",
                    encoding="utf-8")
    with pytest.raises(FormError, match=r"partners\.yaml, regel \d+.*geen geldige YAML"):
        load_framework(forms_copy)


def test_duplicate_id_and_wrong_type_are_both_reported(forms_copy):
    kinds = forms_copy / "observation_kinds.yaml"
    _edit(kinds, "id: verbeterpunt", "id: sterk_punt")
    prog = forms_copy / "programme.yaml"
    _edit(prog, "day: 2", "day: twee")
    with pytest.raises(FormError) as err:
        load_framework(forms_copy)
    assert "id 'sterk_punt' komt meer dan eens voor" in err.value.message
    assert "programme.yaml" in err.value.message and "geheel getal verwacht" in err.value.message


def test_missing_file_is_named(forms_copy):
    (forms_copy / "templates.yaml").unlink()
    with pytest.raises(FormError, match=r"templates\.yaml: bestand ontbreekt"):
        load_framework(forms_copy)


def test_a_template_without_record_or_with_a_taken_record_is_named(forms_copy):
    templates = forms_copy / "templates.yaml"
    msg, _ = _error_after(forms_copy, "templates.yaml",
                          ("record: partner_interviews", "record: case_files"))
    assert "templates.yaml" in msg and "veld 'templates[1].record'" in msg
    assert "staat ook bij sjabloon" in msg
    assert "geen sjabloon met 'record: partner_interviews'" in msg
    _edit(templates, "    record: case_files          # the app", "    # (no record)")
    with pytest.raises(FormError, match=r"templates\.yaml, regel \d+, veld 'templates\[0\]': "
                                        r"verplicht veld 'record' ontbreekt"):
        load_framework(forms_copy)


def test_a_wrong_list_style_is_named(forms_copy):
    msg, line = _error_after(forms_copy, "observation_kinds.yaml",
                             ("report_list: numbered", "report_list: genummerd"))
    assert f"observation_kinds.yaml, regel {line}, veld 'finding_kinds[3].report_list': waarde " \
           "'genummerd' is niet toegestaan (kies uit: text, bullets, numbered)" in msg


def test_a_wrong_title_field_is_named(forms_copy):
    msg, line = _error_after(forms_copy, "templates.yaml", ("title_field: titel", "title_field: kop"),
                             ("title_field: partner_type", "title_field: samenwerking"))
    assert f"templates.yaml, regel {line}, veld 'templates[0].title_field': onbekend veld 'kop'" in msg
    assert "veld 'templates[1].title_field': titelveld 'samenwerking' moet een veld van type " \
           "text of choice zijn" in msg


def test_left_out_names_and_list_style_get_defaults(forms_copy):
    templates = forms_copy / "templates.yaml"
    for line in ('    short: "Partnergesprek"\n', '    plural: "Partnergesprekken"\n',
                 '    new_label: "Nieuw partnergesprek"\n', "    title_field: partner_type\n"):
        _edit(templates, line, "")
    kinds = forms_copy / "observation_kinds.yaml"
    _edit(kinds, "report_list: bullets, ", "")
    fw = load_framework(forms_copy)
    name = fw.template_for_record("partner_interviews")["name"]
    assert fw.record_names("partner_interviews") == {
        "short": name, "plural": name, "new_label": f"{name} toevoegen"}
    template = fw.template_for_record("partner_interviews")
    first_required = next(f["id"] for f in template["fields"] if f.get("required"))
    assert fw.title_field(template["id"]) == first_required
    assert [fw.report_list(k["id"]) for k in fw.finding_kinds][:2] == ["text", "text"]


def _old_snapshot(framework, framework_id=None):
    """The framework as a file from before record, title_field, names and report_list."""
    data = json.loads(json.dumps(framework.data))
    data["id"] = framework_id or data["id"]
    for kind in data["finding_kinds"]:
        del kind["report_list"]
    for kind in data["observation_kinds"]:
        kind.pop("quote", None)
    for tpl in data["templates"]:
        for key in ("record", "title_field", "short", "plural", "new_label"):
            del tpl[key]
    return Framework.from_snapshot(data)


def test_an_old_snapshot_of_the_installed_framework_takes_the_new_keys_from_forms(framework):
    old = _old_snapshot(framework)
    for table in ("case_files", "partner_interviews"):
        tpl = framework.template_for_record(table)
        assert old.template_for_record(table)["id"] == tpl["id"]
        assert old.record_names(table) == framework.record_names(table)
        assert old.title_field(tpl["id"]) == framework.title_field(tpl["id"])
    assert [old.report_list(k["id"]) for k in old.finding_kinds] == \
        [framework.report_list(k["id"]) for k in framework.finding_kinds]
    assert old.quote_kinds() == framework.quote_kinds() == \
        {k["id"] for k in framework.observation_kinds if k.get("quote")} != set()


def test_a_snapshot_that_knows_a_key_gives_its_default_without_reading_forms(framework, monkeypatch):
    """A kind without follow_up (or quote) in a snapshot where other kinds have it is simply
    not followed up: forms/ is not read for it (it was, at each open, some 100 ms); an old
    snapshot without the key anywhere still asks the installed forms/."""
    import visitor_app.domain.framework as module
    follow_up = [k["id"] for k in framework.data["finding_kinds"] if k.get("follow_up")]
    quotes = {k["id"] for k in framework.data["observation_kinds"] if k.get("quote")}
    assert follow_up and len(follow_up) < len(framework.data["finding_kinds"]) and quotes
    snapshot = Framework.from_snapshot(json.loads(json.dumps(framework.data)))
    old = _old_snapshot(framework)
    reads = []
    monkeypatch.setattr(module, "load_framework", lambda *a, **k: reads.append(1) or framework)
    assert snapshot.follow_up_kinds() == follow_up
    assert snapshot.quote_kinds() == quotes
    assert reads == []
    assert old.quote_kinds() == quotes
    assert reads == [1]


def test_an_old_snapshot_of_another_framework_gets_neutral_defaults(framework):
    old = _old_snapshot(framework, "ander_kader")
    first, second = old.data["templates"]
    assert old.template_for_record("case_files") is first
    assert old.template_for_record("partner_interviews") is second
    assert old.record_names("case_files")["short"] == first["name"]
    required_text = next(f["id"] for f in first["fields"] if f.get("required") and f["type"] == "text")
    assert old.title_field(first["id"]) == required_text
    assert {old.report_list(k["id"]) for k in old.finding_kinds} == {"text"}
    assert old.quote_kinds() == set()


def test_two_templates_for_one_conversation_type_and_a_wrong_own_meeting_are_named(forms_copy):
    msg, line = _error_after(forms_copy, "templates.yaml",
                             ("    conversation: ketenpartners", "    conversation: zaakdossier  # tweede"))
    assert f"templates.yaml, regel {line}, veld 'templates[1].conversation': gesprekstype " \
           "'zaakdossier' staat ook bij sjabloon 'zaakdossier'" in msg
    msg, line = _error_after(forms_copy, "conversation_types.yaml",
                             ("own_meeting: true", "own_meeting: ja"))
    assert f"conversation_types.yaml, regel {line}" in msg and "own_meeting" in msg
    assert "true of false verwacht" in msg


def test_sessions_get_a_record_and_own_meetings_by_the_forms(each_framework):
    """Which conversation type's sessions get which record, and which are the commission's
    own meetings, is data: each template's ``conversation``, each type's ``own_meeting``."""
    fw = each_framework
    for table in ("case_files", "partner_interviews"):
        conversation = fw.template_for_record(table)["conversation"]
        assert fw.record_table_for(conversation) == table
    linked = {fw.template_for_record(t)["conversation"] for t in ("case_files", "partner_interviews")}
    assert all(fw.record_table_for(c["id"]) is None for c in fw.conversation_types if c["id"] not in linked)
    own = [c["id"] for c in fw.conversation_types if fw.own_meeting(c["id"])]
    assert len(own) == 1 and own[0] not in linked
