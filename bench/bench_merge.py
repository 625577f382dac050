"""The window during a merge: longest GUI-thread stall while three 10 MB copies are merged.

The secretary's window shows a conversation; every 20 ms the capture pane reads its list
again (as it does after each stored observation) while the worker merges three members'
copies of about 10 MB each. A 1 ms heartbeat measures the longest gap in the GUI thread's
event loop. The floor is the same heartbeat and the same reads without a merge, in the
same run. Goal: under 50 ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench._common import synthetic_observations  # noqa: E402

COPY_MB = 10
MEMBERS = [("Ilse Voorthuis", "voorzitter"), ("Ruben Kasteleijn", "lid"),
           ("Femke Ouwerling", "lid"), ("Joost Brandsema", "secretaris")]


def make_copies(tmp: Path) -> tuple[Path, list[Path]]:
    from visitor_app.services import Visitation
    main = tmp / "secretaris.visitatie"
    with Visitation.create(main, "OD Bench", "2026-03-10", "2026-03-11", members=MEMBERS) as v:
        v.observations.add_many(synthetic_observations(200, seed=1))
        copies = []
        for i, (name, _role) in enumerate(MEMBERS[:3]):
            path = tmp / f"kopie-{i}.visitatie"
            v.team.hand_out(name, path)
            copies.append(path)
    for i, path in enumerate(copies):
        with Visitation.open(path) as copy:
            seed = 100 + i
            while path.stat().st_size < COPY_MB * 1024 * 1024:
                rows = synthetic_observations(2000, seed=seed)
                for r in rows:
                    r["text"] = (r["text"] + " ") * 3
                copy.observations.add_many(rows)
                seed += 10
    return main, copies


def stall(tmp: Path) -> dict:
    from bench._gui import measure_stalls, open_window
    from visitor_app.ui.views.conversation import ConversationView
    from visitor_app.ui.views.team import TeamView

    main, copies = make_copies(tmp)
    sizes = [p.stat().st_size / 1e6 for p in copies]
    window = open_window(tmp, main)
    team = window.view(TeamView)
    conv = window.show_view(ConversationView)
    conv.select_session(window.visit.programme.sessions()[0]["id"])
    reads = [0]

    def measure(with_merge: bool) -> dict:
        """Every 20 ms the capture pane reads its list again; with a merge started at 100 ms."""
        started = [False]

        def step():
            reads[0] += 1
            if reads[0] % 4 == 0:
                conv.capture.refresh_list()
            if with_merge and not started[0]:
                started[0] = True
                team.merge([str(p) for p in copies])

        def finished(ms: float) -> bool:
            return window.worker.idle and ms > (300 if with_merge else 1500)

        return measure_stalls(step, finished)

    floor = measure(False)
    during = measure(True)
    merged = len(window.visit.observations.list())
    window.close()
    return {"stall_ms": during["max"], "p99_ms": during["p99"], "merge_s": during["seconds"],
            "floor_ms": floor["max"], "ratio": during["max"] / floor["max"],
            "copies_mb": sizes, "observations_after": merged}


def main() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-samenvoegen-") as tmp:
        r = stall(Path(tmp))
    print(f"Langste hapering GUI-thread tijdens samenvoegen van 3 kopieën "
          f"({', '.join(f'{s:.1f}' for s in r['copies_mb'])} MB, {r['merge_s']:.1f} s): "
          f"{r['stall_ms']:.1f} ms (p99 {r['p99_ms']:.1f} ms; doel < 50 ms); zelfde lezen zonder "
          f"samenvoegen {r['floor_ms']:.1f} ms -> ratio {r['ratio']:.1f}x; "
          f"{r['observations_after']} waarnemingen na afloop")
    return r


if __name__ == "__main__":
    main()
