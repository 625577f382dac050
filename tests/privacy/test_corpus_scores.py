"""The recogniser on the labelled corpus: recall per kind, false positives, keep-words.

Thresholds: bekende_naam 100 %, every other kind >= 95 %, at most one false-positive hit
per 300 sentences, no keep-word touched. The per-kind table is printed (pytest -s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from visitor_app.domain.deidentify import Recogniser

from .scoring import load, score, table

HERE = Path(__file__).resolve().parent


def _check(name: str) -> None:
    path = HERE / name
    if not path.exists():
        pytest.skip(f"{name} is not there")
    context, sentences = load(path)
    result = score(Recogniser(context), sentences)
    print(f"\n{name}\n" + table(result))
    failures = []
    for kind, row in result["kinds"].items():
        if not row["total"]:
            continue
        need = 1.0 if kind == "bekende_naam" else 0.95
        if row["found"] / row["total"] < need:
            failures.append(f"{kind}: {row['found']}/{row['total']}")
    allowed = result["sentences"] / 300   # at most one false-positive hit per 300 sentences
    if len(result["false_positives"]) > allowed:
        failures.append(f"false positives: {len(result['false_positives'])} in {result['sentences']} sentences")
    if result["keep_touched"]:
        failures.append(f"keep-words touched: {len(result['keep_touched'])}")
    assert not failures, "\n".join(failures) + "\n" + table(result)


def test_tune_corpus_scores():
    _check("corpus_tune.yaml")


def test_holdout_corpus_scores():
    """The first holdout; its first unseen run is recorded, it is tuning data now."""
    _check("corpus_holdout.yaml")


def test_holdout2_corpus_scores():
    """The second holdout; first unseen run: bekende_naam 99/102, mogelijke_naam 23/25, telefoon 12/14,
    geboortedatum 5/7, adres 7/8, kenteken 7/8, citaat 20/21, 2 false positives, 2 keep-words touched.
    Tuning data now."""
    _check("corpus_holdout2.yaml")


@pytest.mark.xfail(strict=False, reason=(
    "the third holdout, never seen while tuning (1 December 2026, first run): bekende_naam 99/100 "
    "('rajesh ramdim': lower case with a typo), mogelijke_naam 30/31 ('Van Rijswijk' between "
    "commas after a role), every pattern and quote found, 0 false positives, one keep-word touched "
    "('medewerker' in 'Een medewerker, Daan, vertelde'); docs/privacy.md"))
def test_holdout3_corpus_scores():
    """Kept out of the tuning: report its figures, do not tune on it."""
    _check("corpus_holdout3.yaml")
