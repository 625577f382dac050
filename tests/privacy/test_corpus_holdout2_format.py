"""Format check of the second holdout corpus (corpus_holdout2.yaml) for the de-identification step.

The same checks as test_corpus_format.py (the helpers are imported from there), for a corpus that
is kept out of tuning and has its own context: a third dienst, other people, other quotes. It only
checks that the corpus is well formed; it does not run the recogniser. All people are fictional.
"""

from __future__ import annotations


import pytest
import yaml

from tests.privacy.test_corpus_format import HERE, KINDS, _load, _tokens, sentence_problems

FILE = HERE / "corpus_holdout2.yaml"
MIN_COUNT = 130


@pytest.fixture(scope="module")
def data() -> dict:
    with FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_context(data):
    ctx = data["context"]
    assert isinstance(ctx["dienst"], str) and ctx["dienst"]
    assert 20 <= len(ctx["people"]) <= 30
    assert len(set(ctx["people"])) == len(ctx["people"])
    assert 8 <= len(ctx["quotes"]) <= 15
    assert all(isinstance(q, str) and q for q in ctx["quotes"])
    assert ctx["dienst"] in ctx["keep"]


def test_own_context(data):
    ctx = data["context"]
    surnames = {_tokens(p)[-1] for p in ctx["people"]}
    for other in ("tune", "holdout"):
        o = _load(other)["context"]
        assert o["dienst"] != ctx["dienst"], other
        assert not set(o["people"]) & set(ctx["people"]), other
        assert not {_tokens(p)[-1] for p in o["people"]} & surnames, other
        assert not set(o["quotes"]) & set(ctx["quotes"]), other


def test_count(data):
    assert len(data["sentences"]) >= MIN_COUNT, len(data["sentences"])


def test_no_duplicate_texts(data):
    texts = [s["text"] for s in data["sentences"]]
    assert len(set(texts)) == len(texts)
    others = {s["text"] for name in ("tune", "holdout") for s in _load(name)["sentences"]}
    assert not set(texts) & others


def test_every_kind_and_traps(data):
    kinds = {item[0] for s in data["sentences"] for item in s.get("pii") or []}
    assert kinds == KINDS
    clean = [s for s in data["sentences"] if not s.get("pii")]
    assert len(clean) >= 0.2 * len(data["sentences"])


def test_sentences(data):
    problems = sentence_problems("holdout2", data)
    assert not problems, "\n".join(problems)
