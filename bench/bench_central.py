"""The central side: 28 packages of 60 findings each imported into a fresh central database,
plus the matrix. Goal: under 3 s. Floor, in the same run: parsing and hashing the same 28
files and a bare sqlite3 executemany of the same rows (same pragmas, a transaction each)."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import scratch_dir, synthetic_observations  # noqa: E402
from visitor_app.rode_draden.database import CentralDb  # noqa: E402
from visitor_app.rode_draden.package import build_package, compute_digest  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402
from visitor_app.store.central_db import PRAGMAS  # noqa: E402

RUNS = 5
PACKAGES = 28
FINDINGS = 60


def make_packages(folder: Path) -> list[Path]:
    """One real visitation exported once; 28 fictional diensten made from it with varied texts."""
    with Visitation.create(folder / "bron.visitatie", "OD Bench", "2026-03-10", "2026-03-11") as v:
        themes = [(t["id"], [s["id"] for s in t["subthemes"]]) for t in v.framework.themes]
        kinds = [k["id"] for k in v.framework.finding_kinds]
        texts = [o["text"] for o in synthetic_observations(FINDINGS)]
        v.findings.add_many([{"theme": themes[i % len(themes)][0], "kind": kinds[i % len(kinds)],
                         "text": texts[i]} for i in range(FINDINGS)])
        template = build_package(v)
    rnd = random.Random(28)
    paths = []
    for n in range(PACKAGES):
        pkg = json.loads(json.dumps(template))
        pkg["visitation"]["id"] = f"{n:032x}"
        pkg["visitation"]["dienst"] = f"Omgevingsdienst Fictief {n + 1:02d}"
        for f in pkg["findings"]:
            theme, subs = rnd.choice(themes)
            f.update(theme=theme, subtheme=rnd.choice(subs + [None]) if subs else None,
                     kind=rnd.choice(kinds), text=f"{f['text']} ({n})")
        pkg["digest"] = compute_digest(pkg)
        path = folder / f"dienst{n:02d}.rodedraden"
        path.write_text(json.dumps(pkg, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def app(db_path: Path, paths: list[Path]) -> dict:
    with CentralDb.open(db_path, create=True) as db:
        results = db.import_packages(paths)
        matrix = db.matrix()
    assert all(r["status"] == "nieuw" for r in results) and matrix["visitations"] == PACKAGES
    return matrix


def floor(db_path: Path, paths: list[Path]) -> None:
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute("CREATE TABLE findings (visitation_id, position, theme, subtheme, kind, text)")
    for path in paths:
        raw = path.read_bytes()
        pkg = json.loads(raw)
        body = {k: v for k, v in pkg.items() if k != "digest"}
        hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False).encode("utf-8")).hexdigest()
        vid = pkg["visitation"]["id"]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)",
                         [(vid, i, f["theme"], f["subtheme"], f["kind"], f["text"])
                          for i, f in enumerate(pkg["findings"])])
        conn.execute("COMMIT")
    conn.close()


def main() -> dict:
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        paths = make_packages(tmp)
        app_t, floor_t = [], []
        for run in range(RUNS):
            t0 = time.perf_counter()
            app(tmp / f"app{run}.db", paths)
            app_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            floor(tmp / f"floor{run}.db", paths)
            floor_t.append(time.perf_counter() - t0)
    r = {"app_ms": statistics.median(app_t) * 1000, "floor_ms": statistics.median(floor_t) * 1000}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    print(f"Centraal ({PACKAGES} pakketten x {FINDINGS} bevindingen inlezen + matrix): app "
          f"{r['app_ms']:.0f} ms (doel < 3000 ms), JSON+sha256+executemany met dezelfde pragma's "
          f"{r['floor_ms']:.0f} ms -> ratio {r['ratio']:.2f}x")
    return r


if __name__ == "__main__":
    main()
