"""Measure the suggested rode draden against the labelled cycle (tests/rode_draden/cycle.py).

STANDALONE SCRIPT, not part of ``make bench``. The app's own method (visitor_app/
rode_draden/suggest.py, pure Python) always runs; the candidates that need a library run
when that library is importable from a folder given with ``--libs`` (never installed into
the project), e.g.::

    .venv/bin/pip install --target /tmp/suggestlibs rapidfuzz
    .venv/bin/pip install --target /tmp/sklearnlibs scikit-learn
    .venv/bin/python bench/measure_suggest.py --libs /tmp/suggestlibs --libs /tmp/sklearnlibs

Per approach and threshold, over ``--seeds`` generated cycles (28 diensten, ~816 findings):
the adjusted Rand index (ARI), purity, coverage, how many of the 45 planted topics get
their exact dienst count from their best group, the mean absolute count error; the time
for one cycle and for a cycle of 10x the findings (280 diensten, ~8,160 findings); the
disk size a library would add. Prints JSON (``--out FILE`` also writes it) and a markdown
table with ``--table``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.rode_draden.cycle import plan_cycle, score  # noqa: E402
from visitor_app.rode_draden import suggest  # noqa: E402


def _blocks(findings, by_kind=True):
    rows = sorted(findings, key=lambda f: str(f["id"]))
    blocks = {}
    for f in rows:
        blocks.setdefault((f["theme"], f["kind"] if by_kind else None), []).append(f)
    return blocks


def _groups(theme, kind, rows, groups, owners):
    out = []
    for g in groups:
        diensten = {owners[i] for i in g}
        if len(diensten) >= 2:
            out.append({"theme": theme, "kind": kind, "findings": sorted(rows[i]["id"] for i in g),
                        "diensten": len(diensten)})
    return out


def ours(mode):
    def run(findings, threshold):
        return suggest.propose(findings, threshold=threshold, mode=mode)
    return run


def rapidfuzz_scorer(name):
    """rapidfuzz similarity (0-100) of the normalised words, then the same average linkage
    with the same-dienst pairs left out."""
    def run(findings, threshold):
        from rapidfuzz import fuzz  # pairwise calls: process.cdist would need numpy
        scorer = getattr(fuzz, name)
        out = []
        for (theme, kind), rows in _blocks(findings).items():
            texts = [" ".join(suggest.words(f["text"])) for f in rows]
            owners = [suggest._owner(f) for f in rows]
            sims = {}
            cutoff = threshold * 100 / 4
            for i in range(len(rows)):
                for j in range(i + 1, len(rows)):
                    if owners[i] != owners[j]:
                        s = scorer(texts[i], texts[j], score_cutoff=cutoff)
                        if s:
                            sims[(i, j)] = s / 100.0
            out += _groups(theme, kind, rows, suggest.average_linkage(len(rows), sims, threshold), owners)
        return out
    return run


def sklearn_char():
    """scikit-learn: TfidfVectorizer(char_wb, 3-5) and AgglomerativeClustering (average,
    cosine, distance_threshold = 1 - threshold); same-dienst pairs are not kept apart."""
    def run(findings, threshold):
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer
        out = []
        for (theme, kind), rows in _blocks(findings).items():
            owners = [suggest._owner(f) for f in rows]
            if len(rows) < 2:
                continue
            x = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
                [" ".join(suggest.words(f["text"])) for f in rows]).toarray()
            labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                             distance_threshold=1 - threshold).fit_predict(x)
            groups = {}
            for i, lab in enumerate(labels):
                groups.setdefault(lab, []).append(i)
            out += _groups(theme, kind, rows, list(groups.values()), owners)
        return out
    return run


APPROACHES = {
    "tfidf-words (ours)": (ours("words"), None),
    "tfidf-chars (ours)": (ours("chars"), None),
    "tfidf-both (ours)": (ours("both"), None),
    "rapidfuzz token_set_ratio": (rapidfuzz_scorer("token_set_ratio"), "rapidfuzz"),
    "rapidfuzz token_sort_ratio": (rapidfuzz_scorer("token_sort_ratio"), "rapidfuzz"),
    "sklearn char_wb + agglomerative": (sklearn_char(), "sklearn"),
}
SIZES = {"rapidfuzz": ("rapidfuzz",),
         "sklearn": ("sklearn", "scikit_learn.libs", "numpy", "numpy.libs", "scipy", "scipy.libs",
                     "joblib", "threadpoolctl.py", "narwhals")}
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7)


def _size(libs: list[Path], names) -> int:
    total = 0
    for folder in libs:
        for name in names:
            p = folder / name
            if p.is_file():
                total += p.stat().st_size
            elif p.is_dir():
                total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def _available(module: str | None) -> bool:
    if module is None:
        return True
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--libs", action="append", default=[], type=Path)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--table", action="store_true")
    args = ap.parse_args(argv)
    for folder in args.libs:
        sys.path.insert(0, str(folder))
    cycles = [plan_cycle(seed=2024 + s).findings() for s in range(args.seeds)]
    big = plan_cycle(seed=2024, repeat=10).findings()
    result = {"findings": len(cycles[0]), "findings_10x": len(big), "seeds": args.seeds,
              "approaches": {}}
    for name, (run, module) in APPROACHES.items():
        if not _available(module):
            print(f"skip {name}: {module} not importable", file=sys.stderr)
            continue
        rows = []
        for th in THRESHOLDS:
            scores = [score(c, run(c, th)) for c in cycles]
            rows.append({"threshold": th,
                         "ari_mean": statistics.mean(s["ari"] for s in scores),
                         "ari_min": min(s["ari"] for s in scores),
                         "purity": statistics.mean(s["purity"] for s in scores),
                         "coverage": statistics.mean(s["coverage"] for s in scores),
                         "exact_counts": statistics.mean(s["exact_counts"] for s in scores),
                         "topics": scores[0]["topics"],
                         "mae": statistics.mean(s["mean_abs_count_error"] for s in scores)})
        best = max(rows, key=lambda r: r["ari_mean"])
        times = []
        for _ in range(3):
            t = time.perf_counter()
            run(cycles[0], best["threshold"])
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        run(big, best["threshold"])
        big_time = time.perf_counter() - t
        size = _size(args.libs, SIZES[module]) if module else 0
        result["approaches"][name] = {"rows": rows, "best": best, "seconds": min(times),
                                      "seconds_10x": big_time, "added_bytes": size}
        print(f"{name}: best threshold {best['threshold']} ARI {best['ari_mean']:.3f} "
              f"(min {best['ari_min']:.3f}) purity {best['purity']:.3f} "
              f"{min(times):.2f} s, 10x {big_time:.1f} s, +{size / 1e6:.1f} MB", file=sys.stderr)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.table:
        print("| approach | threshold | ARI mean (min) | purity | coverage | exact counts | mean count error |")
        print("|---|---|---|---|---|---|---|")
        for name, a in result["approaches"].items():
            for r in a["rows"]:
                mark = " **best**" if r is a["best"] else ""
                print(f"| {name} | {r['threshold']}{mark} | {r['ari_mean']:.3f} ({r['ari_min']:.3f}) | "
                      f"{r['purity']:.3f} | {r['coverage']:.3f} | {r['exact_counts']:.1f}/{r['topics']} | "
                      f"{r['mae']:.2f} |")
        print()
        print("| approach | best threshold | time ~816 findings | time ~8,160 findings | added to the installer (unpacked) |")
        print("|---|---|---|---|---|")
        for name, a in result["approaches"].items():
            print(f"| {name} | {a['best']['threshold']} | {a['seconds']:.2f} s | {a['seconds_10x']:.1f} s | "
                  f"{a['added_bytes'] / 1e6:.1f} MB |")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
