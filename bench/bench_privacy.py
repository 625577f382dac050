"""De-identification: `visitor-app export-central` of a visitation with 60 and with 400
findings, in a fresh process (so loading the recogniser and its name lists counts), against
a floor measured in the same run: a fresh process that opens the same file, reads the same
findings and toelichtingen and writes them as JSON, without de-identification.

The findings are the sentences of the privacy corpus (tests/privacy/corpus_tune.yaml: names,
phone numbers, quotes ... as commission members write them), two or three to a finding,
and the visitation knows the corpus's people and quotes. Goal: under 2 s for 60 findings.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import scratch_dir  # noqa: E402

RUNS = 5
GOAL_S = 2.0
FLOOR = """
import json, sys
from visitor_app.services import Visitation
with Visitation.open(sys.argv[1]) as v:
    texts = [f["text"] for f in v.findings.list()] + [a.get("toelichting") for a in v.assessments.all().values()]
    open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(texts, ensure_ascii=False))
"""


def make_file(folder: Path, n: int) -> Path:
    from visitor_app.services import Visitation
    corpus = yaml.safe_load((ROOT / "tests/privacy/corpus_tune.yaml").read_text(encoding="utf-8"))
    context, sentences = corpus["context"], [s["text"] for s in corpus["sentences"]]
    rnd = random.Random(n)
    path = folder / f"privacy-{n}.visitatie"
    with Visitation.create(path, context["dienst"], "2026-03-10", "2026-03-11",
                           members=[(name, "lid") for name in context["people"][:6]]) as v:
        fw = v.framework
        session = v.programme.sessions()[0]["id"]
        v.programme.update(session, participants=[{"name": name, "function": "medewerker"}
                                                  for name in context["people"][6:]])
        quote_kind = sorted(fw.quote_kinds())[0]
        for quote in context["quotes"]:
            v.observations.add(fw.themes[0]["id"], quote_kind, quote)
        for i in range(n):
            text = " ".join(rnd.sample(sentences, rnd.randint(2, 3)))
            v.findings.add(fw.themes[i % len(fw.themes)]["id"], fw.finding_kinds[i % len(fw.finding_kinds)]["id"],
                           text)
    return path


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, VISITATIE_WACHTWOORD=""))
    if result.returncode != 0:
        raise SystemExit(f"{cmd[2:4]} faalde: {result.stderr[-600:]}")
    return time.perf_counter() - t0


def main() -> dict:
    out = {}
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        floor_script = tmp / "vloer.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        for n in (60, 400):
            path = make_file(tmp, n)
            app_t, floor_t = [], []
            for i in range(RUNS):  # in turn
                target = tmp / f"pakket-{n}-{i}.rodedraden"
                app_t.append(_run([sys.executable, "-m", "visitor_app", "export-central", str(path),
                                   "--out", str(target)]))
                floor_t.append(_run([sys.executable, str(floor_script), str(path), str(tmp / f"vloer-{n}-{i}.json")]))
            app_s, floor_s = statistics.median(app_t), statistics.median(floor_t)
            out[n] = {"app_s": app_s, "floor_s": floor_s, "ratio": app_s / floor_s}
            goal = f" (doel < {GOAL_S:.0f} s)" if n == 60 else ""
            print(f"export-central, {n} bevindingen, nieuw proces: {app_s * 1000:.0f} ms{goal}; "
                  f"zelfde bestand lezen en als JSON schrijven zonder de-identificatie "
                  f"{floor_s * 1000:.0f} ms -> ratio {app_s / floor_s:.2f}x")
    return out


if __name__ == "__main__":
    main()
