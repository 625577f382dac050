"""What the analyst's window counts (rode_draden.counts): "k van N" per theme and kind, the
theme x dienst numbers under the kind filter, dienst labels and the import summary line."""

from __future__ import annotations

import pytest

from visitor_app.rode_draden.counts import (
    Overview,
    dienst_labels,
    diensten,
    diensten_with,
    findings_word,
    given_assessments,
    k_van_n,
    status_counts,
    status_line,
)


@pytest.fixture
def overview(db, three):
    """The three diensten of conftest.three in a central database, read as the window reads it:
    theme X has kind K2 at Aardal (2) and Beekveld (1), theme Y kind K1 at Cranendijk (1)."""
    db.import_packages(three["paths"])
    ov = Overview.read(db)
    ids = {v["dienst"]: v["id"] for v in ov.visitations}
    return {"ov": ov, "x": three["x"]["id"], "y": three["y"]["id"], "k1": three["k1"],
            "k2": three["k2"], "ids": ids, "item": three["item"], "values": three["values"]}


def test_a_theme_found_at_two_of_three_diensten_is_2_van_3(overview):
    ov, x, k2 = overview["ov"], overview["x"], overview["k2"]
    assert ov.n == 3
    cell = ov.kind_cell(x, k2)
    assert cell == {"visitations": 2, "findings": 3}
    assert k_van_n(cell["visitations"], ov.n) == "2 van 3"
    assert diensten_with(ov.of_kind(x, k2)) == 2
    assert [f["text"] for f in ov.of_kind(x, k2)] == [
        "Aardal: de planning loopt achter.", "Aardal: de rapportage aan het bestuur is beperkt.",
        "Beekveld: de planning loopt achter."]


def test_a_kind_absent_at_a_theme_is_0_van_n(overview):
    ov = overview["ov"]
    assert k_van_n(ov.kind_cell(overview["x"], overview["k1"])["visitations"], ov.n) == "0 van 3"
    assert ov.kind_cell(overview["y"], overview["k1"]) == {"visitations": 1, "findings": 1}
    assert ov.kind_cell("geen_thema", overview["k1"]) == {"visitations": 0, "findings": 0}
    assert ov.of_kind(overview["x"], overview["k1"]) == []


def test_findings_per_theme_and_dienst_follow_the_kind_filter(overview):
    ov, x, y, k1, k2, ids = (overview[k] for k in ("ov", "x", "y", "k1", "k2", "ids"))
    a, b, c = ids["OD Aardal"], ids["OD Beekveld"], ids["OD Cranendijk"]
    all_kinds = ov.theme_dienst_counts()
    assert all_kinds[x] == {a: 2, b: 1, c: 0}
    assert all_kinds[y] == {a: 0, b: 0, c: 1}
    assert set(all_kinds) == {t["id"] for t in ov.themes}  # every theme, also without findings
    assert ov.theme_dienst_counts(k1)[x] == {a: 0, b: 0, c: 0}
    assert ov.theme_dienst_counts(k1)[y] == {a: 0, b: 0, c: 1}
    assert ov.theme_dienst_counts(k2)[x] == {a: 2, b: 1, c: 0}
    assert ov.dienst_count(x, a) == 2 and ov.dienst_count(x, a, k1) == 0
    assert ov.dienst_kinds(x, a) == {k2: 2}
    assert ov.dienst_kinds(y, a) == {}
    assert [f["text"] for f in ov.at_dienst(x, b, k2)] == ["Beekveld: de planning loopt achter."]
    assert ov.at_dienst(x, b, k1) == []


def test_assessments_without_any_oordeel_are_left_out_of_the_summary(overview):
    given = given_assessments(overview["ov"].matrix)
    assert list(given) == [overview["item"]]
    first, second = overview["values"][:2]
    assert given[overview["item"]][first] == 2 and given[overview["item"]][second] == 1


def test_a_dienst_visited_twice_is_told_apart_by_its_start_date():
    visits = [{"id": "a", "dienst": "OD Aardal", "start": "2026-03-10"},
              {"id": "b", "dienst": "OD Aardal", "start": "2027-03-09"},
              {"id": "c", "dienst": "OD Beekveld", "start": "2026-04-14"}]
    assert dienst_labels(visits) == {"a": "OD Aardal (2026-03-10)", "b": "OD Aardal (2027-03-09)",
                                     "c": "OD Beekveld"}


def test_counts_in_words():
    assert (diensten(1), diensten(3)) == ("1 dienst", "3 diensten")
    assert (findings_word(1), findings_word(0), findings_word(4)) == \
        ("1 bevinding", "0 bevindingen", "4 bevindingen")
    assert k_van_n(0, 1) == "0 van 1"


def test_the_import_summary_counts_each_status_in_a_fixed_order():
    results = [{"status": s} for s in ("geweigerd", "nieuw", "fout", "nieuw", "ongewijzigd")]
    assert status_counts(results) == {"nieuw": 2, "ongewijzigd": 1, "geweigerd": 1, "fout": 1}
    assert list(status_counts(results)) == ["nieuw", "ongewijzigd", "geweigerd", "fout"]
    assert status_line(results) == "2 nieuw, 1 ongewijzigd, 1 geweigerd, 1 fout"
    assert status_line([{"status": "vervangen"}]) == "1 vervangen"
    assert status_line([]) == ""
