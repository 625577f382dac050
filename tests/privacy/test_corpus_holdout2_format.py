"""Format check of the second holdout corpus (corpus_holdout2.yaml) for the de-identification step.

The same checks as test_corpus_format.py (the helpers are imported from there), for a corpus that
is kept out of tuning and has its own context: a third dienst, other people, other quotes. It only
checks that the corpus is well formed; it does not run the recogniser. All people are fictional.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.privacy.test_corpus_format import (
    HERE, KINDS, _eleven_test, _is_known, _load, _mod97, _stand_alone, _tokens,
)

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
    people = data["context"]["people"]
    problems = []
    for i, s in enumerate(data["sentences"]):
        where = f"holdout2[{i}]"
        if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not s["text"].strip():
            problems.append(f"{where}: no text")
            continue
        text = s["text"]
        if set(s) - {"text", "pii", "keep"}:
            problems.append(f"{where}: unknown keys {set(s) - {'text', 'pii', 'keep'}}")
        spans = []
        for item in s.get("pii") or []:
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
                problems.append(f"{where}: bad label {item!r}")
                continue
            kind, label = item
            if kind not in KINDS:
                problems.append(f"{where}: unknown kind {kind}")
            if not label.strip() or label not in text:
                problems.append(f"{where}: {label!r} not in text")
                continue
            if not _stand_alone(label, text):
                problems.append(f"{where}: {label!r} only inside a longer word")
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(label), text)]
            if kind == "bekende_naam" and not _is_known(label, people):
                problems.append(f"{where}: {label!r} is no person of the context")
            if kind == "bsn" and not _eleven_test(label):
                problems.append(f"{where}: BSN {label!r} fails the eleven-test")
            if kind == "iban" and not _mod97(label):
                problems.append(f"{where}: IBAN {label!r} fails mod-97")
        for word in s.get("keep") or []:
            if not isinstance(word, str) or word not in text:
                problems.append(f"{where}: keep {word!r} not in text")
                continue
            outside = [m for m in re.finditer(re.escape(word), text)
                       if not any(a <= m.start() and m.end() <= b for a, b in spans)]
            if not outside:
                problems.append(f"{where}: keep {word!r} only inside a label")
    assert not problems, "\n".join(problems)
