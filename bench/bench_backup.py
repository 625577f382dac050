"""One automatic snapshot of a file with 2,000 observations, against the bare backup API.

Goal: under 50 ms (it runs in the window's worker, so typing never waits for it either
way). The app's snapshot is the backup API into a temp file, fsync, rename and rotation;
the floor is the bare ``sqlite3`` backup API into a file on the same disk, without fsync,
measured in the same run.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, p95_ms, scratch_dir, synthetic_observations, timed  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402

N = 2_000
ROUNDS = 15


def _bare_backup(path: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(path), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def main() -> dict:
    with scratch_dir() as tmp:
        path = Path(tmp) / "backup.visitatie"
        visit = Visitation.create(path, "OD Bench", "2026-03-10", "2026-03-11")
        visit.observations.add_many(synthetic_observations(N))
        size = path.stat().st_size
        app_t = [timed(visit.backups.snapshot) for _ in range(ROUNDS)]
        floor_t = [timed(lambda: _bare_backup(path, Path(tmp) / "kaal.visitatie")) for _ in range(ROUNDS)]
        visit.close()
    r = {"app_ms": median_ms(app_t), "app_p95_ms": p95_ms(app_t), "floor_ms": median_ms(floor_t),
         "size_mb": size / 1e6}
    r["ratio"] = r["app_ms"] / r["floor_ms"]
    print(f"Reservekopie van {N:,} waarnemingen ({r['size_mb']:.1f} MB): app mediaan {r['app_ms']:.1f} ms, "
          f"p95 {r['app_p95_ms']:.1f} ms (doel < 50 ms); kale backup-API {r['floor_ms']:.1f} ms -> "
          f"ratio {r['ratio']:.2f}x")
    return r


if __name__ == "__main__":
    main()
