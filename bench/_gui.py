"""Helpers for the window benches: open the real window, and measure GUI-thread stalls."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def open_window(tmp: Path, path: Path):
    """The real main window on ``path``, with settings and data in ``tmp``."""
    from visitor_app.ui.app import make_app
    from visitor_app.ui.main_window import MainWindow
    from visitor_app.ui.settings import Settings
    os.environ["VISITOR_APP_DATA"] = str(tmp / "data")
    make_app()
    window = MainWindow(settings=Settings(tmp / "s.ini"), ask_member=False)
    window.show()
    window.open_file(path)
    return window


def measure_stalls(step: Callable[[], None], finished: Callable[[float], bool],
                   every_ms: int = 5) -> dict:
    """Run the real event loop with a 1 ms heartbeat; call ``step()`` every ``every_ms`` until
    ``finished(elapsed_ms)``. Returns the gaps between heartbeats (ms): p50, p99, max, and
    the seconds it ran. The loop's first 50 ms (its own start-up) are left out."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def beat():
        now = clock.nsecsElapsed() / 1e6
        if now > 50:
            gaps.append(now - last[0])
        last[0] = now

    loop = QEventLoop()

    def tick():
        if finished(clock.elapsed()):
            loop.quit()
        else:
            step()

    heartbeat, control = QTimer(), QTimer()
    heartbeat.setInterval(1)
    heartbeat.setTimerType(Qt.PreciseTimer)
    heartbeat.timeout.connect(beat)
    control.setInterval(every_ms)
    control.timeout.connect(tick)
    clock.start()
    heartbeat.start()
    control.start()
    loop.exec()
    control.stop()
    heartbeat.stop()
    ordered = sorted(gaps[1:])
    return {"p50": ordered[len(ordered) // 2], "p99": ordered[int(len(ordered) * .99)],
            "max": ordered[-1], "n": len(ordered), "seconds": clock.elapsed() / 1000}
