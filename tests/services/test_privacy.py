"""What leaves the file for ODNL: the preview of every replacement, and the secretary's
decisions on it (services/privacy.py), stored in the visitation and reused by the export."""

from __future__ import annotations

import json

import pytest

from visitor_app.errors import InputError
from visitor_app.rode_draden.package import export_central
from visitor_app.services import Visitation


@pytest.fixture
def texts(each_visit):
    fw = each_visit.framework
    theme, kind = fw.themes[0]["id"], fw.finding_kinds[0]["id"]
    first = each_visit.findings.add(theme, kind, "Ruben Kasteleijn bewaakt de planning; "
                                                 "Kasteleijn rapporteert aan het DB.").id
    second = each_visit.findings.add(theme, kind, "Het DB stuurt op de planning en Brandsema "
                                                  "notuleert.").id
    item = fw.assessment_items[0]
    each_visit.assessments.set(item["id"], fw.scale_values(item["id"])[0]["id"],
                               toelichting="Besproken met Femke Ouwerling.")
    return each_visit, f"finding:{first}", f"finding:{second}", f"assessment:{item['id']}"


def _item(visit, ref):
    return next(i for i in visit.privacy.preview()["items"] if i["ref"] == ref)


def test_preview_lists_every_text_that_leaves_with_its_replacements(texts):
    visit, first, second, toelichting = texts
    preview = visit.privacy.preview()
    assert [i["ref"] for i in preview["items"]] == [first, second, toelichting]
    item = _item(visit, first)
    assert [r["text"] for r in item["replacements"]] == ["Ruben Kasteleijn", "Kasteleijn"]
    assert {r["reason"] for r in item["replacements"]} == {"bekende naam"}
    assert item["redacted"] == "[naam] bewaakt de planning; [naam] rapporteert aan het DB."
    assert item["label"].startswith("Bevinding · ")
    assert _item(visit, toelichting)["redacted"] == "Besproken met [naam]."
    assert preview["counts"] == {"known_name": 4}


def test_kept_text_stays_here_only_and_survives_reopening(texts, tmp_path):
    visit, first, second, _ = texts
    visit.privacy.keep(first, "Kasteleijn")
    path = visit.path
    visit.close()
    with Visitation.open(path) as again:
        item = _item(again, first)
        assert item["redacted"] == "[naam] bewaakt de planning; Kasteleijn rapporteert aan het DB."
        assert [r["kept"] for r in item["replacements"]] == [False, True]
        out = tmp_path / "pakket.rodedraden"
        result = export_central(again, out)
        texts_out = [f["text"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]
        assert texts_out[0] == item["redacted"] and "Brandsema" not in texts_out[1]
        assert result["by_kind"] == {"known_name": 3}


def test_keep_everywhere_and_undo(texts):
    visit, first, second, _ = texts
    visit.privacy.keep(second, "Brandsema", everywhere=True)
    assert "Brandsema" in _item(visit, second)["redacted"]
    assert [r["everywhere"] for r in _item(visit, second)["replacements"] if r["kept"]] == [True]
    visit.privacy.undo(second, "Brandsema")  # only a decision for this text: there is none
    assert "Brandsema" in _item(visit, second)["redacted"]
    visit.privacy.undo(second, "brandsema", everywhere=True)  # any case
    assert "Brandsema" not in _item(visit, second)["redacted"]
    assert visit.privacy.decisions() == []


def test_a_keep_in_one_text_wins_over_replace_everywhere_and_the_other_way_round(texts):
    visit, first, second, _ = texts
    visit.privacy.keep(first, "Kasteleijn", everywhere=True)
    visit.privacy.mark(first, "Kasteleijn", kind="known_name")  # here: replace after all
    assert "Kasteleijn" not in _item(visit, first)["redacted"]


def test_marked_text_is_replaced_wherever_it_stands_in_that_text(texts):
    visit, first, second, _ = texts
    visit.privacy.mark(second, "het DB", kind="possible_name")
    item = _item(visit, second)
    assert item["redacted"] == "[naam] stuurt op de planning en [naam] notuleert."
    marked = [r for r in item["replacements"] if r["marked"]]
    assert [r["text"] for r in marked] == ["Het DB"] and marked[0]["reason"].startswith("door jou gemarkeerd")
    assert "het DB" in _item(visit, first)["redacted"]  # only in that text
    visit.privacy.mark(second, "planning", kind="quote", everywhere=True)
    assert "[citaat weggelaten]" in _item(visit, first)["redacted"]


def test_a_decision_follows_the_words_after_an_edit(texts):
    visit, first, _, _ = texts
    visit.privacy.keep(first, "Kasteleijn")
    fid = first.split(":", 1)[1]
    visit.findings.update(fid, text="Vooraf: Kasteleijn rapporteert aan het DB.")
    assert _item(visit, first)["redacted"] == "Vooraf: Kasteleijn rapporteert aan het DB."


def test_bad_decisions_are_refused_in_dutch_and_change_nothing(texts):
    visit, first, _, _ = texts
    for call, match in ((lambda: visit.privacy.mark(first, "   "), "geen tekst gekozen"),
                        (lambda: visit.privacy.mark(first, "x" * 301), "langer dan 300"),
                        (lambda: visit.privacy.mark(first, "DB", kind="geheim"), "onbekende soort"),
                        (lambda: visit.privacy.mark(first, "plan"), "niet als los woord"),
                        (lambda: visit.privacy.keep("finding:bestaat-niet", "DB"), "onbekende tekst")):
        with pytest.raises(InputError, match=match):
            call()
    assert visit.privacy.decisions() == []


def test_the_package_holds_the_counts_not_the_replaced_words(texts, tmp_path):
    visit, *_ = texts
    out = tmp_path / "pakket.rodedraden"
    export_central(visit, out)
    raw = out.read_text(encoding="utf-8")
    for name in ("Kasteleijn", "Brandsema", "Ouwerling", "Ruben", "Femke"):
        assert name not in raw
    assert json.loads(raw)["redactions"] == {"known_name": 4}
