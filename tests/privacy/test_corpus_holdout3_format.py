"""Format check of the third holdout corpus (corpus_holdout3.yaml) for the de-identification step.

Same checks as test_corpus_format.py (its helpers are reused), applied to corpus_holdout3.yaml,
plus: at least 160 sentences and a context of its own (other dienst, other people, no surname
shared with the tuning corpus). It does not run the recogniser. All people are fictional.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.privacy.test_corpus_format import KINDS, _tokens, sentence_problems

HERE = Path(__file__).resolve().parent
HOLDOUT3 = HERE / "corpus_holdout3.yaml"
TUNE = HERE / "corpus_tune.yaml"
MIN_SENTENCES = 160


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_context():
    ctx = _load(HOLDOUT3)["context"]
    assert isinstance(ctx["dienst"], str) and ctx["dienst"]
    assert 20 <= len(ctx["people"]) <= 30
    assert len(set(ctx["people"])) == len(ctx["people"])
    assert 10 <= len(ctx["quotes"]) <= 15
    assert all(isinstance(q, str) and q for q in ctx["quotes"])
    assert ctx["dienst"] in ctx["keep"]


def test_own_context():
    tune, own = _load(TUNE)["context"], _load(HOLDOUT3)["context"]
    assert tune["dienst"] != own["dienst"]
    assert not set(tune["people"]) & set(own["people"])
    tune_surnames = {_tokens(p)[-1] for p in tune["people"]}
    assert not {_tokens(p)[-1] for p in own["people"]} & tune_surnames


def test_count():
    n = len(_load(HOLDOUT3)["sentences"])
    assert n >= MIN_SENTENCES, n


def test_no_duplicate_texts():
    own = [s["text"] for s in _load(HOLDOUT3)["sentences"]]
    dupes = {t for t in own if own.count(t) > 1}
    assert not dupes
    assert not set(own) & {s["text"] for s in _load(TUNE)["sentences"]}


def test_sentences():
    problems = sentence_problems("holdout3", _load(HOLDOUT3))
    assert not problems, "\n".join(problems)


def test_every_kind_present():
    kinds = {k for s in _load(HOLDOUT3)["sentences"] for k, _ in s.get("pii") or []}
    assert kinds == KINDS, KINDS - kinds
