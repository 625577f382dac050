"""Scores of the de-identification recogniser on a labelled corpus (corpus_*.yaml).

``load(path) -> (Context, sentences)``; ``score(recogniser, sentences) -> dict``:
per labelled kind the labels found and their total (a label is found when every non-space
character of every occurrence of its string in the text is covered by some hit, of any
kind), the false positives (hits that overlap no label) and the keep-words touched (a
keep-word is touched when a hit overlaps any of its occurrences).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from visitor_app.domain.deidentify import Context


def load(path) -> tuple[Context, list[dict]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    ctx = data.get("context") or {}
    keep = tuple(ctx.get("keep") or ()) + ((ctx["dienst"],) if ctx.get("dienst") else ())   # the dienst stays
    context = Context(people=tuple(ctx.get("people") or ()), quotes=tuple(ctx.get("quotes") or ()), keep=keep)
    sentences = []
    for s in data.get("sentences") or ():
        sentences.append({"text": s["text"], "pii": [(k, v) for k, v in (s.get("pii") or ())],
                          "keep": list(s.get("keep") or ())})
    return context, sentences


def _occurrences(text: str, sub: str):
    i = text.find(sub)
    while sub and i >= 0:
        yield i, i + len(sub)
        i = text.find(sub, i + 1)


def score(recogniser, sentences) -> dict:
    per_kind: dict = {}   # by the corpus' label kinds (bekende_naam, ...); a hit of any kind covers
    false_positives, touched = [], []
    for s in sentences:
        text = s["text"]
        hits = recogniser.find(text)
        covered = [False] * len(text)
        for h in hits:
            for i in range(h.start, h.end):
                covered[i] = True
        label_spans = []
        for kind, sub in s["pii"]:
            row = per_kind.setdefault(kind, {"found": 0, "total": 0, "missed": []})
            row["total"] += 1
            occ = list(_occurrences(text, sub))
            label_spans += occ
            ok = bool(occ) and all(covered[i] for a, b in occ for i in range(a, b) if not text[i].isspace())
            if ok:
                row["found"] += 1
            else:
                row["missed"].append((sub, text))
        for h in hits:
            if not any(h.start < b and a < h.end for a, b in label_spans):
                false_positives.append((h.kind, h.text, text))
        for word in s["keep"]:
            if any(h.start < b and a < h.end for a, b in _occurrences(text, word) for h in hits):
                touched.append((word, text))
    return {"kinds": per_kind, "false_positives": false_positives, "keep_touched": touched,
            "sentences": len(sentences)}


def table(result: dict) -> str:
    lines = [f"{'soort':<16}{'gevonden':>10}{'totaal':>8}{'recall':>9}"]
    for kind, row in result["kinds"].items():
        if row["total"]:
            lines.append(f"{kind:<16}{row['found']:>10}{row['total']:>8}{100 * row['found'] / row['total']:>8.1f}%")
    lines.append(f"zinnen: {result['sentences']}, valse treffers: {len(result['false_positives'])}, "
                 f"keep-woorden geraakt: {len(result['keep_touched'])}")
    for kind, row in result["kinds"].items():
        for sub, text in row["missed"]:
            lines.append(f"  gemist {kind}: {sub!r} in {text!r}")
    for kind, sub, text in result["false_positives"]:
        lines.append(f"  vals {kind}: {sub!r} in {text!r}")
    for word, text in result["keep_touched"]:
        lines.append(f"  keep geraakt: {word!r} in {text!r}")
    return "\n".join(lines)
