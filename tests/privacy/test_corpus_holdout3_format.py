"""Format check of the third holdout corpus (corpus_holdout3.yaml) for the de-identification step.

Same checks as test_corpus_format.py (its helpers are reused), applied to corpus_holdout3.yaml,
plus: at least 160 sentences and a context of its own (other dienst, other people, no surname
shared with the tuning corpus). It does not run the recogniser. All people are fictional.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.privacy.test_corpus_format import (KINDS, _eleven_test, _is_known, _mod97, _stand_alone,
                                              _tokens)

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
    data = _load(HOLDOUT3)
    people = data["context"]["people"]
    problems = []
    for i, s in enumerate(data["sentences"]):
        where = f"holdout3[{i}]"
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


def test_every_kind_present():
    kinds = {k for s in _load(HOLDOUT3)["sentences"] for k, _ in s.get("pii") or []}
    assert kinds == KINDS, KINDS - kinds
