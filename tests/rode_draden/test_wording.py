"""Counts and dates in the rode-draden report's own words (rode_draden/wording.py): the phrase
for k of N diensten comes from forms/quantifiers.yaml, grows with k, and a broken file is
refused naming file, line and entry; visit dates as the report's Bijlage 1 writes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FRAMEWORKS
from visitor_app.errors import FormError, InputError
from visitor_app.rode_draden import wording
from visitor_app.rode_draden.wording import phrase, quantifiers, sentence, visit_dates


def _order() -> list[str]:
    return [e.phrase for e in quantifiers().entries]


def test_the_report_says_alle_een_kleine_meerderheid_and_een_for_1_of_28():
    assert phrase(28, 28) == "alle"
    assert phrase(15, 28) == "een kleine meerderheid"
    assert re.search(r"\b(enkele|één)\b", phrase(1, 28))
    assert [phrase(k, 28) for k in (0, 2, 11, 14, 26)] == [
        "geen", "enkele", "een aantal", "de helft", "bijna alle"]


@pytest.mark.parametrize("n", range(1, 41))
def test_phrases_grow_with_k_and_n_of_n_is_alle(n):
    order = _order()
    ranks = [order.index(phrase(k, n)) for k in range(n + 1)]
    assert ranks == sorted(ranks), [phrase(k, n) for k in range(n + 1)]
    assert phrase(n, n) == "alle"
    assert phrase(0, n) == "geen"
    if n > 1:
        assert phrase(1, n) == "één"
    if n % 2 == 0 and n > 2:
        assert phrase(n // 2, n) == "de helft"


def test_a_rode_draad_gets_its_sentence_with_the_exact_count():
    assert sentence(15, 28, "is een structureel innovatiebudget beschikbaar") == (
        "Bij een kleine meerderheid van de diensten (15 van 28) is een structureel "
        "innovatiebudget beschikbaar.")
    assert sentence(1, 28, "Ontbreekt een actueel overzicht.  ") == (
        "Bij één dienst (1 van 28) ontbreekt een actueel overzicht.")
    assert sentence(28, 28, "ODNL is   betrokken..") == "Bij alle diensten (28 van 28) ODNL is betrokken."
    assert sentence(0, 28, "is dit geregeld?") == "Bij geen van de diensten (0 van 28) is dit geregeld?"
    assert sentence(14, 28, "") == "Bij de helft van de diensten (14 van 28)."
    assert sentence(3, 28, "IJmond-achtige afspraken…") == "Bij enkele diensten (3 van 28) IJmond-achtige afspraken…"


@pytest.mark.parametrize("k, n", [(29, 28), (-1, 28), (0, 0), (1.5, 28), (True, 28)])
def test_a_count_that_cannot_be_is_refused_in_dutch(k, n):
    with pytest.raises(InputError, match="dienst|getal"):
        phrase(k, n)


@pytest.mark.parametrize("start, end, text", [
    ("2022-10-17", "2022-10-18", "17 en 18 oktober 2022"),
    ("2023-01-31", "2023-02-01", "31 januari en 1 februari 2023"),
    ("2022-09-30", "2022-10-01", "30 september en 1 oktober 2022"),
    ("2022-12-31", "2023-01-01", "31 december 2022 en 1 januari 2023"),
    ("2022-10-17", "2022-10-17", "17 oktober 2022"),
    ("2022-10-17", None, "17 oktober 2022"),
    ("2022-10-03", "2022-10-05", "3, 4 en 5 oktober 2022"),
    ("2022-09-30", "2022-10-02", "30 september, 1 en 2 oktober 2022"),
    ("2022-12-31", "2023-01-02", "31 december 2022, 1 en 2 januari 2023"),
    ("2022-10-03", "2022-10-07", "3 t/m 7 oktober 2022"),
    ("2022-09-28", "2022-10-02", "28 september t/m 2 oktober 2022"),
    ("2022-12-30", "2023-01-02", "30 december 2022 t/m 2 januari 2023"),
])
def test_visit_dates_as_bijlage_1_writes_them(start, end, text):
    assert visit_dates(start, end) == text


def test_visit_dates_refuse_an_end_before_the_start_and_a_non_date():
    with pytest.raises(InputError, match="vóór de begindatum"):
        visit_dates("2022-10-18", "2022-10-17")
    with pytest.raises(InputError, match="geen datum"):
        visit_dates("18 oktober", "2022-10-18")


# -- the file ---------------------------------------------------------------------------------
def _edit(forms: Path, old: str, new: str) -> Path:
    path = forms / "quantifiers.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_the_phrases_follow_the_installed_forms_and_a_change_is_seen(forms_copy, monkeypatch):
    monkeypatch.setenv("VISITOR_APP_FORMS", str(forms_copy))
    assert phrase(15, 28) == "een kleine meerderheid"
    _edit(forms_copy, 'phrase: "een kleine meerderheid", group: "een kleine meerderheid van de diensten"',
          'phrase: "iets meer dan de helft", group: "iets meer dan de helft van de diensten"')
    assert phrase(15, 28) == "iets meer dan de helft"
    assert sentence(15, 28, "is het geregeld") == (
        "Bij iets meer dan de helft van de diensten (15 van 28) is het geregeld.")


def test_a_forms_folder_without_the_file_uses_the_programs_own(forms_copy, monkeypatch):
    """A framework handed out before quantifiers.yaml existed (in the user data folder, or
    named by VISITOR_APP_FORMS) still gets the program's own phrases."""
    (forms_copy / "quantifiers.yaml").unlink()
    monkeypatch.setenv("VISITOR_APP_FORMS", str(forms_copy))
    assert wording.quantifiers_file() == FRAMEWORKS["standaard"] / "quantifiers.yaml"
    assert phrase(15, 28) == "een kleine meerderheid"
    with pytest.raises(FormError, match="ontbreekt"):  # a folder named by the caller: no fallback
        quantifiers(forms_copy)


def test_phrases_out_of_order_are_refused_naming_file_line_and_entry(forms_copy):
    one = '  - {exact: one, phrase: "één", group: "één dienst"}\n'
    path = _edit(forms_copy, one, "")
    path.write_text(path.read_text(encoding="utf-8") + one, encoding="utf-8")
    with pytest.raises(FormError) as err:
        quantifiers(forms_copy)
    message = str(err.value)
    assert str(path) in message and f"regel {_line(path, 'exact: one')}" in message
    assert "quantifiers[10]" in message and "niet oplopend" in message and "'één'" in message


def test_a_gap_between_two_ranges_is_refused_naming_the_entry(forms_copy):
    path = _edit(forms_copy, "{from: 1/5, to: 2/5,", "{from: 1/5, to: 1/3,")
    with pytest.raises(FormError) as err:
        quantifiers(forms_copy)
    message = str(err.value)
    assert f"{path}, regel {_line(path, 'from: 2/5')}, veld 'quantifiers[4].from'" in message
    assert "gat" in message and "'een aantal' houdt op bij 1/3" in message


def test_an_overlap_is_refused_naming_the_entry(forms_copy):
    path = _edit(forms_copy, "{from: 1/2, to: 3/5,", "{from: 9/20, to: 3/5,")
    with pytest.raises(FormError) as err:
        quantifiers(forms_copy)
    message = str(err.value)
    assert f"{path}, regel {_line(path, 'from: 9/20')}, veld 'quantifiers[6].from'" in message
    assert "overlap" in message and "'een minderheid'" in message


@pytest.mark.parametrize("old, new, field, words", [
    ("{from: 3/5, to: 3/4,", "{from: 3/5, to: drie kwart,", "quantifiers[7].to", "breuk"),
    ("{from: 3/5, to: 3/4,", "{from: 3/4, to: 3/5,", "quantifiers[7].to", "groter"),
    ("{from: 0, to: 1/5,", "{from: 1/10, to: 1/5,", "quantifiers[2].from", "niet bij 0"),
    ("{from: 9/10, to: 1,", "{from: 9/10, to: 19/20,", "quantifiers[9].to", "niet bij 1"),
    ("{exact: half,", "{exact: half, from: 1/2,", "quantifiers[5].from", "kies één"),
    ("{exact: all,", "{exact: none,", "quantifiers[10].exact", "staat er al"),
    ("{exact: all,", "{exact: alles,", "quantifiers[10].exact", "niet toegestaan"),
    ("{from: 1/5, to: 2/5,", "{to: 2/5,", "quantifiers[3]", "mist 'from'"),
    ('group: "alle diensten"', 'groep: "alle diensten"', "quantifiers[10]", "verplicht veld 'group'"),
    ('sentence: "Bij {group} ({k} van {n}) {text}"', 'sentence: "Bij {group} ({k} van {N})"',
     "sentence", "{N}"),
])
def test_a_broken_entry_is_refused_naming_file_line_and_field(forms_copy, old, new, field, words):
    path = _edit(forms_copy, old, new)
    with pytest.raises(FormError) as err:
        quantifiers(forms_copy)
    message = str(err.value)
    assert f"{path}, regel" in message and f"veld '{field}'" in message and words in message


def test_a_missing_or_unreadable_file_is_refused(forms_copy):
    (forms_copy / "quantifiers.yaml").write_text("quantifiers: [\n", encoding="utf-8")
    with pytest.raises(FormError, match="geen geldige YAML"):
        quantifiers(forms_copy)
    (forms_copy / "quantifiers.yaml").unlink()
    with pytest.raises(FormError, match="ontbreekt"):
        quantifiers(forms_copy)
