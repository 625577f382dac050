"""Full-text search over 14,000 observations through the app, against the bare FTS5 query.

Goal: under 20 ms per search. The queries include parts of Dutch compounds ("besluit"
finds "mandaatbesluit", "handhavingsbesluiten"), which need the trigram index beside the
word index. The floor is the same SQL (store.search's, both indexes) on the same file with
plain sqlite3, measured in the same run, so the ratio shows our overhead. The file's size
with and without the trigram index shows what the index costs on disk.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, p95_ms, scratch_dir, synthetic_observations, timed  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402
from visitor_app.services.common import search_terms  # noqa: E402
from visitor_app.store.schema import TRIGRAM_INDEX  # noqa: E402

N = 14_000
# Parts of words (3 characters or more go through the trigram index as well)...
COMPOUNDS = ["besluit", "toezicht", "handhaving", "vergunning", "ketenpartners informatie", "kader"]
# ...and words, among them short ones (the word index only).
QUERIES = COMPOUNDS + ["mandaat", "beinvloeding", "politie", "kalibreer", "robuust", "zaaksysteem",
                       "bestuur AB", "capaciteit", "innovatie budget", "GGD", "risicoanalyse",
                       "accounthouder", "LHSO", "asbest", "waterschap lozingen", "cultuur", "vertrouwen"]
ROUNDS = 5


class Capture:
    """Records the SQL and parameters store.search sends, to run them bare on the floor."""

    def __init__(self, store):
        self.store, self.calls = store, []
        self._dicts = store._dicts

    def __call__(self, sql, params=()):
        self.calls.append((sql, params))
        return self._dicts(sql, params)


def bare_queries(visit) -> dict[str, tuple[str, tuple]]:
    capture = Capture(visit.store)
    visit.store._dicts = capture
    try:
        out = {}
        for q in QUERIES:
            visit.observations.search(q)
            out[q] = capture.calls[-1]
    finally:
        del visit.store._dicts
    return out


def size_without_trigrams(path: Path, out: Path) -> int:
    """The file's size once the trigram index is dropped (and the file vacuumed)."""
    conn = sqlite3.connect(path)
    conn.execute(f"VACUUM INTO '{out}'")
    conn.close()
    conn = sqlite3.connect(out)
    conn.execute(f"DROP TABLE {TRIGRAM_INDEX}")
    conn.execute("VACUUM")
    conn.close()
    return out.stat().st_size


def main() -> dict:
    with scratch_dir() as tmp:
        path = Path(tmp) / "search.visitatie"
        visit = Visitation.create(path, "OD Bench", "2026-03-10", "2026-03-11")
        visit.observations.add_many(synthetic_observations(N))
        sql_of = bare_queries(visit)
        assert all(search_terms(q) for q in QUERIES)
        floor = sqlite3.connect(path)
        app_t, floor_t, compound_t, hits = [], [], [], 0
        for _ in range(ROUNDS):
            for q in QUERIES:
                took = timed(lambda q=q: visit.observations.search(q))
                app_t.append(took)
                if q in COMPOUNDS:
                    compound_t.append(took)
                floor_t.append(timed(lambda q=q: floor.execute(*sql_of[q]).fetchall()))
                hits += len(visit.observations.search(q))
        compound_hits = {q: len(visit.observations.search(q, limit=N)) for q in COMPOUNDS[:1]}
        visit.close()
        floor.close()
        conn = sqlite3.connect(path)
        conn.execute(f"VACUUM INTO '{Path(tmp) / 'packed.visitatie'}'")
        conn.close()
        with_tri = (Path(tmp) / "packed.visitatie").stat().st_size
        without_tri = size_without_trigrams(path, Path(tmp) / "zonder.visitatie")
    r = {"app_ms": median_ms(app_t), "app_p95_ms": p95_ms(app_t), "floor_ms": median_ms(floor_t),
         "compound_ms": median_ms(compound_t), "compound_p95_ms": p95_ms(compound_t),
         "size_mb": with_tri / 1e6, "size_without_trigrams_mb": without_tri / 1e6}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    r["growth"] = with_tri / without_tri - 1
    print(f"Zoeken in {N:,} waarnemingen: app mediaan {r['app_ms']:.2f} ms, p95 {r['app_p95_ms']:.2f} ms "
          f"(doel < 20 ms); kale query {r['floor_ms']:.2f} ms -> ratio {r['ratio']:.2f}x "
          f"({len(QUERIES) * ROUNDS} zoekvragen, gem. {hits / (len(QUERIES) * ROUNDS):.0f} treffers)")
    print(f"Delen van samenstellingen ({', '.join(COMPOUNDS)}): mediaan {r['compound_ms']:.2f} ms, "
          f"p95 {r['compound_p95_ms']:.2f} ms (doel < 20 ms); 'besluit' vindt "
          f"{compound_hits['besluit']} waarnemingen")
    print(f"Bestand: {r['size_mb']:.1f} MB met trigramindex, {r['size_without_trigrams_mb']:.1f} MB zonder "
          f"(+{r['growth'] * 100:.0f} %)")
    return r


if __name__ == "__main__":
    main()
