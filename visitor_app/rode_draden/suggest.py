"""Suggested rode draden: groups of findings from different diensten that say the same thing.

Pure and offline: no Qt, no SQL, no model, no library beyond the standard one. Texts
become TF-IDF vectors of their words (lower case, accents kept apart, Dutch stop words out,
a light Dutch stemmer) and of the character 4-grams inside the words, so that
"innovatiebudget" meets "budget voor innovatie". Within each theme (and kind, by default)
findings are merged by average linkage on cosine similarity until no two groups are
similar enough (``threshold``). Two findings of the same dienst are never evidence of a
draad: their similarity counts as nothing, so a group only grows through findings of
other diensten. A proposal is a group of at least ``min_diensten`` distinct diensten; its
count is the number of distinct diensten, however many findings it holds.

docs/suggestions.md gives the measurements behind the method and its default threshold.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import defaultdict
from typing import Iterable

# The default, measured on the labelled cycle of tests/rode_draden/cycle.py (docs/suggestions.md).
THRESHOLD = 0.15
NGRAM = 4

# Dutch function words: they say nothing about a topic (words common to the findings at hand
# weigh little through their idf).
STOP_WORDS = frozenset("""
aan al alle alleen als alsook andere bij binnen dan dat de deze die dit door een eens en
er ervan ge geen had heeft hem het hier hij hoe hun ieder in is je kan kunnen maar me meer
men met mij na naar niet nog nu of om omdat ook op over te tot u uit van veel voor waar
wat want was we wel werd wie wij worden wordt zal ze zeer zelf zich zij zijn zo zoals zou
bovendien daarbij daarnaast echter hierbij hierdoor sommige verder vooral waardoor
waarbij zodat steeds reeds dus toe
""".split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light Dutch stemmer: plural and inflection endings off, a doubled last consonant
    single ("budgetten" -> "budget", "risico's" -> "risico", "werkende" -> "werk")."""
    for suffix in ("heden", "ende", "ingen", "en", "es", "'s", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The topic-bearing words of a text, stemmed."""
    return [stem(w) for w in _WORD.findall(_fold(text)) if w not in STOP_WORDS and len(w) > 1]


def features(text: str, mode: str = "both", n: int = NGRAM) -> dict[str, float]:
    """Term counts: "w:" + stem for words, "c:" + n-gram inside " word " for characters."""
    out: dict[str, float] = defaultdict(float)
    ws = words(text)
    if mode in ("words", "both"):
        for w in ws:
            out["w:" + w] += 1.0
    if mode in ("chars", "both"):
        for w in ws:
            padded = f" {w} "
            for i in range(max(1, len(padded) - n + 1)):
                out["c:" + padded[i:i + n]] += 1.0
    return out


def tfidf(texts: list[str], mode: str = "both") -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) of ``texts``; in "both",
    words and n-grams each carry half of a vector's weight."""
    counts = [features(t, mode) for t in texts]
    df: dict[str, int] = defaultdict(int)
    for c in counts:
        for term in c:
            df[term] += 1
    n = len(texts)
    idf = {term: math.log((1 + n) / (1 + d)) + 1.0 for term, d in df.items()}
    vectors = []
    for c in counts:
        parts: dict[str, dict[str, float]] = defaultdict(dict)
        for term, tf in c.items():
            parts[term[0]][term] = (1.0 + math.log(tf)) * idf[term]
        vec: dict[str, float] = {}
        share = 1.0 / math.sqrt(len(parts)) if parts else 1.0
        for part in parts.values():
            norm = math.sqrt(sum(v * v for v in part.values())) or 1.0
            for term, v in part.items():
                vec[term] = v / norm * share
        vectors.append(vec)
    return vectors


def cosine_pairs(vectors: list[dict[str, float]], owners: list[str],
                 floor: float = 0.0) -> dict[tuple[int, int], float]:
    """Cosine similarity (vectors are normalised: the dot product) of every pair i < j of
    different owners that share a term, when above ``floor``; by an inverted index."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # of the earlier vectors
    out: dict[tuple[int, int], float] = {}
    for i, vec in enumerate(vectors):
        acc: dict[int, float] = defaultdict(float)
        for term, v in vec.items():
            posting = postings[term]
            for j, w in posting:
                acc[j] += v * w
            posting.append((i, v))
        owner = owners[i]
        for j, s in acc.items():
            if s > floor and owners[j] != owner:
                out[(j, i)] = s
    return out


def average_linkage(n: int, sims: dict[tuple[int, int], float],
                    threshold: float) -> list[list[int]]:
    """Groups of 0..n-1 by average linkage: merge the two groups with the highest mean
    pairwise similarity (a missing pair counts as 0) while that mean is at least
    ``threshold``. Deterministic: ties go to the lowest ids."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)  # group -> group -> sum of sims
    for (i, j), s in sims.items():
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
    heap = []
    for (i, j) in sims:
        mean = links[i][j]
        if mean >= threshold:
            heap.append((-mean, i, j))
    heapq.heapify(heap)
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + neg) > 1e-12:  # stale entry: the current mean is pushed separately
            continue
        c, next_id = next_id, next_id + 1
        members[c] = members.pop(a) + members.pop(b)
        merged: dict[int, float] = {}
        for old in (a, b):
            for other, s in links.pop(old).items():
                if other in (a, b):
                    continue
                merged[other] = merged.get(other, 0.0) + s
                del links[other][old]
        for other, s in merged.items():
            links[c][other] = s
            links[other][c] = s
            m = s / (len(members[c]) * len(members[other]))
            if m >= threshold:
                heapq.heappush(heap, (-m, min(c, other), max(c, other)))
    return [sorted(g) for g in members.values()]


def _medoids(groups: list[list[int]], sims: dict[tuple[int, int], float]) -> list[int]:
    """Per group the member most similar to the others (the lowest index among equals)."""
    group_of = {g: n for n, group in enumerate(groups) for g in group}
    total: dict[int, float] = defaultdict(float)
    for (i, j), s in sims.items():
        if group_of[i] == group_of[j]:
            total[i] += s
            total[j] += s
    return [max(sorted(group), key=lambda g: total[g]) for group in groups]


def _owner(f: dict) -> str:
    dienst = f.get("dienst")
    if dienst:
        return " ".join(str(dienst).casefold().split())
    return str(f["visitation_id"])


def propose(findings: Iterable[dict], threshold: float = THRESHOLD, by_kind: bool = True,
            min_diensten: int = 2, mode: str = "both") -> list[dict]:
    """Suggested groups of ``findings`` (dicts with "id", "dienst" or "visitation_id",
    "theme", "kind", "text"), per theme (and per kind with ``by_kind``).

    Returns [{"theme", "kind" (None when not by kind), "findings": [id, ...], "diensten": k,
    "example": id}], k the number of distinct diensten (at least ``min_diensten``), "example"
    the finding most like the others (a start for the draad's name); ordered by theme as
    first met, then k (high first), then the first id. The same input gives the same output,
    whatever its order.
    """
    rows = sorted(findings, key=lambda f: str(f["id"]))
    theme_order: dict[str, int] = {}
    for f in sorted(rows, key=lambda f: (str(f.get("visitation_id", "")), str(f["id"]))):
        theme_order.setdefault(f["theme"], len(theme_order))
    if not rows:
        return []
    vectors = tfidf([f["text"] for f in rows], mode)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(rows):
        blocks[(f["theme"], f["kind"] if by_kind else None)].append(i)
    out = []
    for (theme, kind), idx in blocks.items():
        owners = [_owner(rows[i]) for i in idx]
        sims = cosine_pairs([vectors[i] for i in idx], owners, floor=threshold / 4)
        groups = average_linkage(len(idx), sims, threshold)
        for group, medoid in zip(groups, _medoids(groups, sims)):
            diensten = {owners[g] for g in group}
            if len(diensten) >= min_diensten:
                out.append({"theme": theme, "kind": kind,
                            "findings": sorted((rows[idx[g]]["id"] for g in group), key=str),
                            "diensten": len(diensten),
                            "example": rows[idx[medoid]]["id"]})
    out.sort(key=lambda p: (theme_order[p["theme"]], -p["diensten"], str(p["findings"][0])))
    return out


__all__ = ["propose", "THRESHOLD", "tfidf", "cosine_pairs", "average_linkage", "words", "stem"]
