"""Measure the third-party library ``deduce`` (pypi 3.0.6) as a candidate recogniser.

STANDALONE SCRIPT. It is not part of the app, not part of ``make bench`` and must not be
imported by the project's tests (it imports ``deduce``, which is not a project dependency
and is not in requirements.txt). Run it with the python of a separate venv that has
``deduce==3.0.6`` and ``PyYAML`` installed, e.g.::

    python3.11 -m venv /tmp/deduce-meting/venv
    /tmp/deduce-meting/venv/bin/pip install deduce==3.0.6 PyYAML==6.0.3
    /tmp/deduce-meting/venv/bin/python bench/measure_deduce.py load --build   # first build
    /tmp/deduce-meting/venv/bin/python bench/measure_deduce.py load           # later load
    /tmp/deduce-meting/venv/bin/python bench/measure_deduce.py speed
    /tmp/deduce-meting/venv/bin/python bench/measure_deduce.py corpus \
        --tune tests/privacy/corpus_tune.yaml --holdout tests/privacy/corpus_holdout.yaml

Sub-commands (each prints JSON; ``--out FILE`` also writes it; ``table JSON`` prints the
markdown tables of a ``corpus`` result):

* ``load``   one ``Deduce()`` in this process: import time, construction time (``--build``
  forces the build of the lookup structures, as on a fresh install), ru_maxrss, and the
  size of the cached lookup structures (``deduce/data/lookup/cache/lookup_structs.pickle``,
  inside the installed package unless ``cache_path`` is given).
* ``speed``  time per text of ``deidentify(text)`` on 60 and on 400 finding-length texts
  (200-600 characters of Dutch, made from the demo visitation's findings and
  observations, with members' names, phone numbers and e-mail addresses put in).
* ``corpus`` runs deduce on every sentence of the labelled corpus files and scores it:
  a label is *found* when every non-space character of every occurrence of its string is
  covered by some deduce annotation; a *false positive* is an annotation that overlaps no
  label; a keep-word is *touched* when an annotation overlaps one of its occurrences
  outside the labels (the sentence's ``keep`` words; the context's ``keep`` names counted
  apart, where they stand as a whole word); an annotation *overreaches* when it overlaps a
  label but also covers non-space text outside every label ("Volgens Pieter").
  Modes: ``a`` no metadata; ``b`` one call per known person of the file
  (``metadata={"patient": Person(...)}``, deduce takes one patient per call), the union of
  the annotations of those calls (= ``a`` when the file knows no people); ``c`` as ``b``,
  but only for the people one of whose name parts stands capitalised in the sentence (a
  pre-filter of ours: deduce's fuzzy patient match otherwise turns "voor" into "Noor");
  ``d`` as ``c`` with deduce's place-name, hospital and care-institution lookups disabled
  (``deidentify(..., disabled=...)``), since our policy keeps places and organisations.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("a", "b", "c", "d")
KINDS = ["bekende_naam", "mogelijke_naam", "e_mail", "telefoon", "bsn", "geboortedatum",
         "adres", "iban", "kenteken", "citaat"]


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _load_deduce(build: bool = False):
    t0 = time.perf_counter()
    import deduce  # noqa: PLC0415  (the point of the script: time the import too)
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    d = deduce.Deduce(build_lookup_structs=build)
    t_init = time.perf_counter() - t1
    return deduce, d, t_import, t_init


def cmd_load(args) -> dict:
    deduce, _, t_import, t_init = _load_deduce(build=args.build)
    cache = Path(deduce.__file__).parent / "data/lookup/cache/lookup_structs.pickle"
    src = Path(deduce.__file__).parent / "data/lookup/src"
    return {"deduce_version": deduce.__version__, "build": args.build,
            "import_s": round(t_import, 2), "deduce_init_s": round(t_init, 2),
            "ru_maxrss_MB": _rss_mb(), "cache_file": str(cache),
            "cache_bytes": cache.stat().st_size if cache.exists() else None,
            "src_lists_bytes": sum(p.stat().st_size for p in src.rglob("*") if p.is_file())}


# ---------------------------------------------------------------- finding-length texts

_PHONES = ["06-12345678", "010 - 123 45 67", "+31 6 2345 6789", "0570-612345", "(020) 555 0123"]
_MAILS = ["j.devries@odlindewaard.nl", "secretariaat@omgevingsdienst-example.nl",
          "p.bakker@gemeente-example.nl"]
_NAME_FRAMES = ["Volgens {n} is de capaciteit een knelpunt.", "{n} gaf aan dat dit punt al langer speelt.",
                "In het gesprek met {n} kwam dit ook naar voren.", "Dit werd door {n} bevestigd.",
                "Contact via {p} of {m}.", "{n} (bereikbaar op {p}) wil hierover doorpraten."]


def finding_texts(n: int, seed: int = 11) -> list[str]:
    """n Dutch texts of 200-600 characters made from the demo visitation."""
    import yaml  # noqa: PLC0415
    demo = yaml.safe_load((ROOT / "resources/demo/demo_visitatie.yaml").read_text(encoding="utf-8"))
    pieces = [f["text"] for f in demo["findings"]] + [o["text"] for o in demo["observations"]]
    names = [m["name"] for m in demo["members"]]
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        target = rnd.randint(200, 600)
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            if rnd.random() < 0.35:
                parts.append(rnd.choice(_NAME_FRAMES).format(
                    n=rnd.choice(names), p=rnd.choice(_PHONES), m=rnd.choice(_MAILS)))
            else:
                parts.append(rnd.choice(pieces))
        text = " ".join(parts)
        if len(text) > 600:  # cut at a sentence end (or a word) below 600 characters
            cut = text.rfind(". ", 200, 600)
            text = text[:cut + 1] if cut > 0 else text[:text.rfind(" ", 200, 600)]
        if 200 <= len(text) <= 600:
            out.append(text)
    return out


def cmd_speed(args) -> dict:
    deduce, d, _, t_init = _load_deduce()
    from deduce.person import Person  # noqa: PLC0415
    res: dict = {"deduce_init_s": round(t_init, 2), "ru_maxrss_after_load_MB": _rss_mb()}
    d.deidentify("Warm-up: Jan de Vries belde op 06-12345678.")
    patient = Person(first_names=["Marieke"], surname="Veldhuis-Tromp")
    for n in (60, 400):
        texts = finding_texts(n)
        for label, meta in (("no_metadata", None), ("one_patient", {"patient": patient})):
            samples = []
            t0 = time.perf_counter()
            for t in texts:
                s = time.perf_counter()
                d.deidentify(t, metadata=meta)
                samples.append(time.perf_counter() - s)
            total = time.perf_counter() - t0
            res[f"{n}_texts_{label}"] = {
                "total_s": round(total, 3), "per_text_ms_mean": round(total / n * 1000, 2),
                "per_text_ms_median": round(statistics.median(samples) * 1000, 2),
                "per_text_ms_max": round(max(samples) * 1000, 2),
                "chars_mean": round(statistics.mean(len(t) for t in texts))}
    res["ru_maxrss_end_MB"] = _rss_mb()
    return res


# ---------------------------------------------------------------- corpus scoring

def _blocks(data) -> list[tuple[dict, list[dict]]]:
    """(context, sentences) pairs, whatever the nesting of the file."""
    if isinstance(data, list):
        return [b for item in data for b in _blocks(item)]
    if not isinstance(data, dict):
        return []
    if "sentences" in data:
        return [(data.get("context") or {}, data["sentences"] or [])]
    return [b for v in data.values() if isinstance(v, (list, dict)) for b in _blocks(v)]


def _occurrences(text: str, needle: str, whole_word: bool = False) -> list[tuple[int, int]]:
    """Exact (case-sensitive) occurrences; ``whole_word``: not inside a longer word."""
    if not needle:
        return []
    pat = re.escape(needle)
    if whole_word:
        pat = r"(?<!\w)" + pat + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def _person(full_name: str):
    from deduce.person import Person  # noqa: PLC0415
    tokens = full_name.split()
    if len(tokens) == 1:
        return Person(first_names=tokens)
    return Person(first_names=[tokens[0]], surname=" ".join(tokens[1:]))


def _named_in(text: str, people: list[str]) -> list[str]:
    """Mode c's pre-filter: the people one of whose name parts (2+ letters) stands in the
    text as a whole word, as written or in capitals."""
    out = []
    for p in people:
        parts = [t for t in re.split(r"[\s\-]+", p) if len(t) >= 2 and t[0].isupper()]
        if any(re.search(r"(?<!\w)(" + re.escape(t) + "|" + re.escape(t.upper()) + r")(?!\w)", text)
               for t in parts):
            out.append(p)
    return out


# Mode d: deduce's place-name and care-institution lookups off (our policy keeps places and
# organisations; deduce, made for medical records, removes them). Names of base_config.json.
OFF_IN_D = {"placename", "hospital", "institution"}


def _annotations(d, text: str, people: list[str], mode: str) -> list[tuple[int, int, str]]:
    off = OFF_IN_D if mode == "d" else None
    anns = {(a.start_char, a.end_char, a.tag) for a in d.deidentify(text, disabled=off).annotations}
    if mode in ("b", "c", "d"):
        for p in (people if mode == "b" else _named_in(text, people)):
            doc = d.deidentify(text, disabled=off, metadata={"patient": _person(p)})
            anns |= {(a.start_char, a.end_char, a.tag) for a in doc.annotations}
    return sorted(anns)


def score_file(d, path: Path, mode: str) -> dict:
    data = __import__("yaml").safe_load(path.read_text(encoding="utf-8"))
    found, total, absent, partly, alnum = Counter(), Counter(), Counter(), Counter(), Counter()
    fp_tags, misses, fps = Counter(), defaultdict(list), []
    keep_s = [0, 0, []]   # sentence keep-words: touched, present, which
    keep_c = [0, 0, []]   # context keep (org/place names that must stay), stand-alone: same
    overreach: list[str] = []
    n_sent, calls, t_run = 0, 0, 0.0
    for ctx, sentences in _blocks(data):
        for s in sentences:
            text = s.get("text") or ""
            sctx = {**ctx, **(s.get("context") or {})}
            people = [p for p in (sctx.get("people") or []) if isinstance(p, str)]
            n_sent += 1
            t0 = time.perf_counter()
            anns = _annotations(d, text, people, mode)
            t_run += time.perf_counter() - t0
            calls += 1 + (len(people) if mode == "b" else 0 if mode == "a" else len(_named_in(text, people)))
            covered = set()
            for a0, a1, _ in anns:
                covered.update(range(a0, a1))
            label_spans = []
            for kind, string in (s.get("pii") or []):
                occ = _occurrences(text, str(string))
                if not occ:
                    absent[kind] += 1
                    continue
                total[kind] += 1
                label_spans += occ
                ok = all(i in covered for o0, o1 in occ for i in range(o0, o1) if not text[i].isspace())
                if all(i in covered for o0, o1 in occ for i in range(o0, o1) if text[i].isalnum()):
                    alnum[kind] += 1  # laxer: every letter and digit covered (", " may stay)
                if any(i in covered for o0, o1 in occ for i in range(o0, o1)):
                    partly[kind] += 1  # some character of the label covered (found or not)
                if ok:
                    found[kind] += 1
                else:
                    misses[kind].append({"text": text, "label": string,
                                         "annotations": [text[a0:a1] + f" <{t}>" for a0, a1, t in anns]})
            for a0, a1, tag in anns:
                if not any(a0 < o1 and o0 < a1 for o0, o1 in label_spans):
                    fp_tags[tag] += 1
                    fps.append({"text": text[a0:a1], "tag": tag, "sentence": text})

            for a0, a1, tag in anns:  # overlaps a label but also covers text outside every label
                if any(a0 < o1 and o0 < a1 for o0, o1 in label_spans) and any(
                        not text[i].isspace() and not any(o0 <= i < o1 for o0, o1 in label_spans)
                        for i in range(a0, a1)):
                    overreach.append(f"{text[a0:a1]} <{tag}>")

            def touched(words, acc, whole_word=False):
                for w in words or []:  # occurrences inside a label do not count
                    occ = [o for o in _occurrences(text, str(w), whole_word)
                           if not any(l0 <= o[0] and o[1] <= l1 for l0, l1 in label_spans)]
                    if not occ:
                        continue
                    acc[1] += 1
                    if any(a0 < o1 and o0 < a1 for o0, o1 in occ for a0, a1, _ in anns):
                        acc[0] += 1
                        acc[2].append(str(w))
            touched(s.get("keep"), keep_s)
            touched(sctx.get("keep"), keep_c, whole_word=True)
    n_fp = sum(fp_tags.values())
    return {
        "file": str(path), "mode": mode, "sentences": n_sent, "deidentify_calls": calls,
        "run_s": round(t_run, 2),
        "recall": {k: {"found": found[k], "labels": total[k], "partly_covered": partly[k],
                       "found_letters_digits": alnum[k],
                       "recall": round(found[k] / total[k], 3) if total[k] else None}
                   for k in KINDS + sorted(set(total) - set(KINDS))},
        "labels_not_in_text": dict(absent),
        "recall_all": round(sum(found.values()) / max(1, sum(total.values())), 3),
        "false_positives": n_fp, "fp_per_300_sentences": round(n_fp / max(1, n_sent) * 300, 1),
        "fp_by_tag": dict(fp_tags.most_common()),
        "keep_sentence_touched": keep_s[0], "keep_sentence_present": keep_s[1],
        "keep_context_touched": keep_c[0], "keep_context_present": keep_c[1],
        "keep_touched_words": dict(Counter(keep_s[2] + keep_c[2]).most_common()),
        "overreaching_annotations": len(overreach), "examples_overreach": overreach[:15],
        "examples_missed": {k: v[:5] for k, v in misses.items()},
        "examples_fp": fps[:25],
    }


def cmd_corpus(args) -> dict:
    _, d, _, t_init = _load_deduce()
    res = {"deduce_init_s": round(t_init, 2)}
    for name in ("tune", "holdout"):
        p = getattr(args, name)
        if p and Path(p).exists():
            res[name] = {m: score_file(d, Path(p), m) for m in MODES}
    return res


def cmd_table(args) -> str:
    """Markdown tables from a ``corpus --out`` JSON file (for docs/privacy-deduce.md)."""
    r = json.loads(Path(args.json).read_text(encoding="utf-8"))
    files = [f for f in ("tune", "holdout") if f in r]
    modes = [m for m in MODES if m in r[files[0]]]
    cols = [(f, m) for f in files for m in modes]
    head = "| kind | " + " | ".join(f"{f} {m}" for f, m in cols) + " |"
    lines = [head, "|" + "---|" * (len(cols) + 1)]

    def cell(f, m, k):
        x = r[f][m]["recall"].get(k)
        if not x or not x["labels"]:
            return "–"
        return f"{x['found']}/{x['labels']} ({x['recall'] * 100:.0f} %)"
    for k in KINDS:
        lines.append(f"| {k} | " + " | ".join(cell(f, m, k) for f, m in cols) + " |")
    row = lambda name, fn: lines.append(f"| {name} | " + " | ".join(fn(r[f][m]) for f, m in cols) + " |")
    lines.append("| labels at least partly covered | " + " | ".join(
        str(sum(x["partly_covered"] for x in r[f][m]["recall"].values())) + "/"
        + str(sum(x["labels"] for x in r[f][m]["recall"].values())) for f, m in cols) + " |")
    row("**all labels**", lambda v: f"**{v['recall_all'] * 100:.0f} %**")
    row("sentences", lambda v: str(v["sentences"]))
    row("deidentify calls", lambda v: str(v["deidentify_calls"]))
    row("false positives", lambda v: str(v["false_positives"]))
    row("**FP per 300 sentences**", lambda v: f"**{v['fp_per_300_sentences']}**")
    row("FP by deduce tag", lambda v: ", ".join(f"{t} {n}" for t, n in v["fp_by_tag"].items()) or "–")
    row("sentence keep-words touched", lambda v: f"{v['keep_sentence_touched']}/{v['keep_sentence_present']}")
    row("context keep names touched", lambda v: f"{v['keep_context_touched']}/{v['keep_context_present']}")
    row("overreaching annotations", lambda v: str(v["overreaching_annotations"]))
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("--build", action="store_true", help="force the build of the lookup structures")
    sub.add_parser("speed")
    p = sub.add_parser("corpus")
    p.add_argument("--tune", default=str(ROOT / "tests/privacy/corpus_tune.yaml"))
    p.add_argument("--holdout", default=str(ROOT / "tests/privacy/corpus_holdout.yaml"))
    for p in sub.choices.values():
        p.add_argument("--out", help="also write the JSON here")
    p = sub.add_parser("table", help="markdown tables from a corpus --out JSON")
    p.add_argument("json")
    args = ap.parse_args(argv)
    if args.cmd == "table":
        print(cmd_table(args))
        return
    res = {"load": cmd_load, "speed": cmd_speed, "corpus": cmd_corpus}[args.cmd](args)
    text = json.dumps(res, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
