"""Saving one observation through the app against a bare sqlite3 insert+commit.

Both write the same row into a file with the same schema and the same pragmas
(journal_mode=DELETE, synchronous=EXTRA). Samples are interleaved so that disk
noise hits both alike. Goal: ratio at most 2x. Also prints the per-commit cost of
the durability choices we considered (informational).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, scratch_dir, synthetic_observations, timed, timed_in_turn  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402
from visitor_app.store.visitation_file import PRAGMAS, now_iso  # noqa: E402

N = 300


def bare_insert(conn, row):
    stamp = now_iso()
    conn.execute(
        "INSERT INTO observations (id, author, created, updated, updated_by, revision, deleted, theme,"
        " subtheme, kind, text, session_id, case_file_id, partner_interview_id, evidence, pinned)"
        " VALUES (?, ?, ?, ?, ?, 1, 0, ?, NULL, ?, ?, ?, NULL, NULL, NULL, 0)",
        (uuid.uuid4().hex, None, stamp, stamp, None, row["theme"], row["kind"], row["text"], None))
    conn.commit()


def run(tmp: Path) -> dict:
    app_path = tmp / "app.visitatie"
    visit = Visitation.create(app_path, "OD Bench", "2026-03-10", "2026-03-11")
    session = visit.programme.sessions()[0]["id"]
    visit.close()
    floor_path = tmp / "floor.visitatie"
    shutil.copy2(app_path, floor_path)
    floor = sqlite3.connect(floor_path)
    for pragma in PRAGMAS:
        floor.execute(pragma)
    visit = Visitation.open(app_path)
    rows = synthetic_observations(N)
    app_t, floor_t = [], []
    for i, row in enumerate(rows):
        def app():
            visit.observations.add(row["theme"], row["kind"], row["text"], session_id=session)

        def bare():
            bare_insert(floor, {**row, "session": session})

        timed_in_turn(i, app, bare, app_t, floor_t)
    visit.close()
    floor.close()
    result = {"app_ms": median_ms(app_t), "floor_ms": median_ms(floor_t)}
    result["ratio"] = result["app_ms"] / result["floor_ms"]

    modes = {}
    for journal, sync in (("DELETE", "EXTRA"), ("DELETE", "FULL"), ("WAL", "FULL"), ("WAL", "NORMAL")):
        path = tmp / f"mode-{journal}-{sync}.visitatie"
        shutil.copy2(app_path, path)
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA journal_mode={journal}")
        conn.execute(f"PRAGMA synchronous={sync}")
        samples = [timed(lambda r=r: bare_insert(conn, r)) for r in rows[:150]]
        conn.close()
        modes[f"{journal}/{sync}"] = median_ms(samples)
    result["modes_ms"] = modes
    return result


def main() -> dict:
    with scratch_dir() as tmp:
        r = run(Path(tmp))
    print(f"Opslaan van één waarneming: app {r['app_ms']:.2f} ms, kale sqlite3 insert+commit "
          f"{r['floor_ms']:.2f} ms (mediaan van {N}) -> ratio {r['ratio']:.2f}x (doel <= 2x)")
    print("  kosten per commit (kale insert, mediaan): " +
          ", ".join(f"{k} {v:.2f} ms" for k, v in r["modes_ms"].items()) +
          "   [gekozen: DELETE/EXTRA]")
    return r


if __name__ == "__main__":
    main()
