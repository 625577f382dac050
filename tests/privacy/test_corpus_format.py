"""Format check of the labelled corpus for the de-identification step (tests/privacy).

corpus_tune.yaml is for tuning the recogniser, corpus_holdout.yaml is kept out of tuning and
has its own context (other dienst, other people). This test only checks that the corpus is well
formed; it does not run the recogniser. All people in both files are fictional.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
FILES = {"tune": HERE / "corpus_tune.yaml", "holdout": HERE / "corpus_holdout.yaml"}
MIN_COUNT = {"tune": 280, "holdout": 90}
MIN_TOTAL = 370
KINDS = {"bekende_naam", "mogelijke_naam", "e_mail", "telefoon", "bsn", "geboortedatum",
         "adres", "iban", "kenteken", "citaat"}


def _load(name: str) -> dict:
    with FILES[name].open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module", params=sorted(FILES))
def corpus(request):
    return request.param, _load(request.param)


def _fold(s: str) -> str:
    """Lower case without diacritics (ı, ø, ß and friends folded by hand)."""
    s = s.translate(str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "ł": "l"}))
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def _tokens(s: str) -> list[str]:
    return re.findall(r"[a-z]+", _fold(s))


def _shares3(a: str, b: str) -> bool:
    return any(a[i:i + 3] in b for i in range(len(a) - 2))


def _is_known(label: str, people: list[str]) -> bool:
    person_tokens = [_tokens(p) for p in people]
    for tok in _tokens(label):
        for toks in person_tokens:
            if len(tok) >= 3 and any(_shares3(tok, t) for t in toks):
                return True
            if len(tok) < 3 and tok in toks:  # short surnames: Li, Ng, Wu
                return True
    # initials ("AdVB", "PvdB", "P. v.d.", "jvd"): at most 5 letters, all of them first letters
    # of the name parts of one context person
    letters = re.sub(r"[\s.]", "", _fold(label))
    if re.fullmatch(r"[a-z]{1,5}", letters):
        for p in people:
            if set(letters) <= {t[0] for t in re.split(r"[\s\-']+", _fold(p)) if t}:
                return True
    return False


def _eleven_test(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    if len(digits) != 9:
        return False
    d = [int(c) for c in digits]
    return (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0


def _mod97(s: str) -> bool:
    iban = re.sub(r"\s", "", s).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _stand_alone(label: str, text: str) -> bool:
    """The label occurs at least once not as part of a longer word."""
    return re.search(r"(?<!\w)" + re.escape(label) + r"(?!\w)", text) is not None


def test_context(corpus):
    name, data = corpus
    ctx = data["context"]
    assert isinstance(ctx["dienst"], str) and ctx["dienst"]
    assert 20 <= len(ctx["people"]) <= 30, name
    assert len(set(ctx["people"])) == len(ctx["people"])
    assert 10 <= len(ctx["quotes"]) <= 15, name
    assert all(isinstance(q, str) and q for q in ctx["quotes"])
    assert ctx["dienst"] in ctx["keep"]


def test_holdout_has_own_context():
    tune, holdout = _load("tune")["context"], _load("holdout")["context"]
    assert tune["dienst"] != holdout["dienst"]
    assert not set(tune["people"]) & set(holdout["people"])
    tune_surnames = {_tokens(p)[-1] for p in tune["people"]}
    assert not {_tokens(p)[-1] for p in holdout["people"]} & tune_surnames


def test_counts():
    n = {name: len(_load(name)["sentences"]) for name in FILES}
    for name, minimum in MIN_COUNT.items():
        assert n[name] >= minimum, (name, n[name])
    assert sum(n.values()) >= MIN_TOTAL


def test_no_duplicate_texts():
    texts = [s["text"] for name in FILES for s in _load(name)["sentences"]]
    dupes = {t for t in texts if texts.count(t) > 1}
    assert not dupes


def sentence_problems(name: str, data: dict) -> list[str]:
    """What is wrong with the sentences of one corpus file (also used by the holdout2 and
    holdout3 format tests): labels that are not in the text, unknown kinds, invalid BSN/IBAN,
    keep-words that stand only inside a label."""
    people = data["context"]["people"]
    problems = []
    for i, s in enumerate(data["sentences"]):
        where = f"{name}[{i}]"
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
    return problems


def test_sentences(corpus):
    name, data = corpus
    problems = sentence_problems(name, data)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("label,ok", [("Pieter", True), ("PIETER", True), ("fatima", True),
                                      ("Emile Muller", True), ("Veldhuis", True), ("Li", True),
                                      ("PvdB", True), ("P. v.d. Berg", True), ("Jansen", False),
                                      ("XQ", False)])
def test_is_known_helper(label, ok):
    people = ["Pieter van der Berg", "Fatima El Amrani", "Émile Müller",
              "Annelies Veldhuys-de Wit", "Chen Li"]
    assert _is_known(label, people) is ok


def test_check_helpers():
    assert _eleven_test("111222333") and not _eleven_test("111222334")
    assert _mod97("NL91ABNA0417164300") and _mod97("NL91 ABNA 0417 1643 00")
    assert not _mod97("NL92ABNA0417164300")
