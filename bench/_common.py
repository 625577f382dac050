"""Helpers for the benchmarks: timing, medians, and realistic observation texts."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def scratch_dir() -> tempfile.TemporaryDirectory:
    """A folder in the system temp folder for one bench's files (never inside the repo)."""
    return tempfile.TemporaryDirectory(prefix="visitatie-bench-", ignore_cleanup_errors=True)


def results_dir() -> Path:
    """Where `make bench` leaves its figures: the system temp folder, not the repo."""
    out = Path(tempfile.gettempdir()) / "visitatie-bench"
    out.mkdir(exist_ok=True)
    return out


def demo_texts() -> list[dict]:
    data = yaml.safe_load((ROOT / "resources/demo/demo_visitatie.yaml").read_text(encoding="utf-8"))
    return [{"theme": o["theme"], "kind": o["kind"], "text": o["text"]} for o in data["observations"]]


def synthetic_observations(n: int, seed: int = 7) -> list[dict]:
    """n observations made by recombining sentences of the demo (same vocabulary, varied)."""
    rnd = random.Random(seed)
    base = demo_texts()
    words = [w for o in base for w in o["text"].split()]
    out = []
    for i in range(n):
        o = rnd.choice(base)
        extra = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 12)))
        out.append({"theme": o["theme"], "kind": o["kind"], "text": f"{o['text']} {extra}"})
    return out


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def timed_in_turn(turn: int, first, second, first_t: list[float], second_t: list[float]) -> None:
    """Time ``first`` and ``second`` once each, into ``first_t`` and ``second_t``; which runs
    first alternates with ``turn``, so that neither side always meets a warm cache."""
    pairs = [(first_t, first), (second_t, second)]
    for samples, fn in (pairs if turn % 2 else pairs[::-1]):
        samples.append(timed(fn))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1] * 1000
