"""Full-text search over 14,000 observations through the app, against the bare FTS5 query.

Goal: under 20 ms per search. The floor is the same MATCH query on the same file
with plain sqlite3, measured in the same run, so the ratio shows our overhead.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, p95_ms, scratch_dir, synthetic_observations, timed  # noqa: E402
from visitor_app.services import Visitation
from visitor_app.services.common import fts_query  # noqa: E402

N = 14_000
QUERIES = ["mandaat", "beinvloeding", "politie", "kalibreer", "robuust", "zaaksysteem", "bestuur AB",
           "ketenpartners informatie", "capaciteit", "innovatie budget", "GGD", "risicoanalyse",
           "accounthouder", "LHSO", "asbest", "waterschap lozingen", "cultuur", "vertrouwen"]
ROUNDS = 5


def main() -> dict:
    with scratch_dir() as tmp:
        path = Path(tmp) / "search.visitatie"
        visit = Visitation.create(path, "OD Bench", "2026-03-10", "2026-03-11")
        visit.observations.add_many(synthetic_observations(N))
        floor = sqlite3.connect(path)
        sql = ("SELECT observations.* FROM observations_fts JOIN observations ON "
               "observations.rowid = observations_fts.rowid WHERE observations_fts MATCH ? "
               "AND observations.deleted = 0 ORDER BY observations_fts.rank LIMIT 200")
        app_t, floor_t, hits = [], [], 0
        for _ in range(ROUNDS):
            for q in QUERIES:
                app_t.append(timed(lambda q=q: visit.observations.search(q)))
                floor_t.append(timed(lambda q=q: floor.execute(sql, (fts_query(q), )).fetchall()))
                hits += len(visit.observations.search(q))
        visit.close()
        floor.close()
    r = {"app_ms": median_ms(app_t), "app_p95_ms": p95_ms(app_t), "floor_ms": median_ms(floor_t)}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    print(f"Zoeken in {N:,} waarnemingen: app mediaan {r['app_ms']:.2f} ms, p95 {r['app_p95_ms']:.2f} ms "
          f"(doel < 20 ms); kale FTS5-query {r['floor_ms']:.2f} ms -> ratio {r['ratio']:.2f}x "
          f"({len(QUERIES) * ROUNDS} zoekvragen, gem. {hits / (len(QUERIES) * ROUNDS):.0f} treffers)")
    return r


if __name__ == "__main__":
    main()
