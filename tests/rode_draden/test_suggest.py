"""Suggested rode draden (visitor_app/rode_draden/suggest.py) on the labelled cycle: how
close the proposals come to the planted topics (adjusted Rand index and purity above floors
set from bench/measure_suggest.py minus a margin, docs/suggestions.md), never a group of one
dienst, same-dienst pairs no evidence, deterministic. Through the central database on each
framework, and on the plan in memory for more seeds."""

from __future__ import annotations

import random

import pytest

from tests.rode_draden.cycle import N_DIENSTEN, plan_cycle, score
from visitor_app.rode_draden.database import CentralDb
from visitor_app.rode_draden.suggest import THRESHOLD, average_linkage, propose, stem, words

# Measured at the default threshold over seeds 2024-2028 (docs/suggestions.md): ARI 0.960 at
# worst, purity 0.903 at worst. The floors leave a margin for small changes in the method.
ARI_FLOOR = 0.92
PURITY_FLOOR = 0.87


def _central_findings(tmp_path, cycle) -> list[dict]:
    """The cycle's findings as the central database gives them, each with an id and its
    planted topic."""
    with CentralDb.open(tmp_path / "centraal.db", create=True) as db:
        db.import_packages(cycle.paths)
        rows = db.findings()
    seen: dict[str, int] = {}
    out = []
    for f in rows:
        seen[f["visitation_id"]] = seen.get(f["visitation_id"], 0) + 1
        out.append(dict(f, id=f"{f['visitation_id']}:{seen[f['visitation_id']]}",
                        topic=cycle.label(f["visitation_id"], f["text"])))
    return out


def test_proposals_come_close_to_the_planted_rode_draden(tmp_path, cycle):
    findings = _central_findings(tmp_path, cycle)
    proposals = propose(findings)
    result = score(findings, proposals)
    assert result["ari"] >= ARI_FLOOR, result
    assert result["purity"] >= PURITY_FLOOR, result
    assert result["coverage"] >= 0.95
    # most topics get their exact count of diensten from their best group
    assert result["exact_counts"] >= 0.7 * result["topics"], result["count_errors"]
    by_id = {f["id"]: f for f in findings}
    for p in proposals:
        rows = [by_id[i] for i in p["findings"]]
        assert {r["theme"] for r in rows} == {p["theme"]} and {r["kind"] for r in rows} == {p["kind"]}
        assert p["diensten"] == len({r["dienst"] for r in rows}) >= 2
        assert p["example"] in p["findings"]
    # the example of a proposal on the innovation budget speaks of an innovation budget
    topic = {f["id"]: f["topic"] for f in findings}
    best = max((p for p in proposals), key=lambda p: sum(topic[i] == "innovatiebudget" for i in p["findings"]))
    assert topic[best["example"]] == "innovatiebudget"


@pytest.mark.parametrize("seed", [2025, 2026, 2027])
def test_other_seeds_stay_above_the_floors(seed):
    findings = plan_cycle(seed=seed).findings()
    result = score(findings, propose(findings))
    assert result["ari"] >= ARI_FLOOR and result["purity"] >= PURITY_FLOOR, result


def test_a_stricter_threshold_gives_purer_but_fewer_merged_groups():
    findings = plan_cycle().findings()
    loose, strict = score(findings, propose(findings)), score(findings, propose(findings, threshold=0.4))
    assert strict["purity"] > loose["purity"] and strict["ari"] < loose["ari"]


def test_never_a_group_of_one_dienst_and_k_counts_diensten_not_findings():
    base = {"theme": "t", "kind": "k"}
    same = "Er is een structureel innovatiebudget beschikbaar."
    # one dienst saying the same thing three times: no draad
    alone = [dict(base, id=f"a{i}", dienst="OD Aa", text=same) for i in range(3)]
    assert propose(alone) == []
    # a second dienst joins: one draad of 2 diensten holding all four findings
    joined = alone + [dict(base, id="b1", dienst="OD Bee", text="Een structureel budget voor innovatie is beschikbaar.")]
    assert propose(joined) == [{"theme": "t", "kind": "k", "findings": ["a0", "a1", "a2", "b1"],
                                "diensten": 2, "example": "b1"}]
    # with min_diensten=3 that is not enough
    assert propose(joined, min_diensten=3) == []


def test_two_findings_of_one_dienst_are_no_evidence():
    """A group only grows through findings of other diensten: A's two near-identical
    findings are not pulled together by their own similarity."""
    base = {"theme": "t", "kind": "k"}
    rows = [dict(base, id="a1", dienst="OD Aa", text="De planning van het toezicht loopt structureel achter."),
            dict(base, id="a2", dienst="OD Aa", text="De planning van het toezicht loopt structureel achter!"),
            dict(base, id="b1", dienst="OD Bee", text="Het archief is verhuisd naar de kelder.")]
    assert propose(rows) == []


def test_the_dienst_or_else_the_visitation_identifies_the_source():
    base = {"theme": "t", "kind": "k", "text": "Er is een structureel innovatiebudget beschikbaar."}
    by_visit = [dict(base, id=1, visitation_id="v1"), dict(base, id=2, visitation_id="v2")]
    assert propose(by_visit) == [{"theme": "t", "kind": "k", "findings": [1, 2], "diensten": 2,
                                  "example": 1}]
    # the same dienst under two visitations (case and spacing aside) is one dienst
    same = [dict(f, dienst=d) for f, d in zip(by_visit, ("OD Aa", "od  aa"))]
    assert propose(same) == []


def test_groups_stay_within_theme_and_kind_unless_asked():
    text = "Er is een structureel innovatiebudget beschikbaar."
    rows = [{"id": "1", "dienst": "A", "theme": "t", "kind": "k1", "text": text},
            {"id": "2", "dienst": "B", "theme": "t", "kind": "k2", "text": text},
            {"id": "3", "dienst": "C", "theme": "u", "kind": "k1", "text": text}]
    assert propose(rows) == []
    assert propose(rows, by_kind=False) == [{"theme": "t", "kind": None, "findings": ["1", "2"],
                                             "diensten": 2, "example": "1"}]


def test_deterministic_whatever_the_order_of_the_input():
    findings = plan_cycle().findings()
    first = propose(findings)
    shuffled = list(findings)
    random.Random(5).shuffle(shuffled)
    assert propose(shuffled) == first == propose(findings)
    ordered = [p["diensten"] for p in first]
    assert len(first) > 40 and all(2 <= k <= N_DIENSTEN for k in ordered)


def test_nothing_in_nothing_out():
    assert propose([]) == []
    assert propose([{"id": "x", "dienst": "A", "theme": "t", "kind": "k", "text": "Iets."}]) == []


def test_words_are_folded_stemmed_and_without_function_words():
    assert words("De budgetten van de Risico's!") == ["budget", "risico"]
    assert stem("werkende") == "werk" and stem("innovatie") == "innovati"
    assert words("Het CAFÉ") == words("het cafe") == ["caf"]


def test_average_linkage_merges_by_mean_similarity():
    sims = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.0, (2, 3): 0.05}
    # 0-1 merge first; {0,1} with 2 has mean 0.45; {0,1,2} with 3 has mean 0.05/3
    assert sorted(average_linkage(4, sims, 0.4)) == [[0, 1, 2], [3]]
    assert sorted(average_linkage(4, sims, 0.5)) == [[0, 1], [2], [3]]
    assert THRESHOLD < 0.5
