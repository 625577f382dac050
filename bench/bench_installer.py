"""The installer: size of the one-folder build and start of the built app to a usable
window, each against a bare PySide6 hello-world frozen by the same PyInstaller (same
options: one folder, stripped on Linux) in the same run. Everything is built in the
system temp folder; dist/ of the project is not touched."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import scratch_dir  # noqa: E402
from bench.bench_ui import BARE, SHELL, make_file  # noqa: E402

RUNS = 7
SIZE_GOAL, START_GOAL = 1.3, 1.5


def _pyinstaller(args: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                             *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"PyInstaller faalde: {result.stderr[-800:]}")
    return time.perf_counter() - t0


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def _ready_after(cmd: list[str], env: dict) -> float:
    t0 = time.time()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    ready = [line for line in result.stdout.splitlines() if line.startswith("READY_AT ")]
    if result.returncode != 0 or not ready:
        raise SystemExit(f"start faalde ({cmd[0]}): {result.stderr[-500:]}")
    return float(ready[0].split()[1]) - t0


def main() -> dict:
    with scratch_dir() as tmp:
        tmp = Path(tmp)
        strip = ["--strip"] if sys.platform.startswith("linux") else []
        built = {}
        for name, source in (("hallo", BARE), ("schil", SHELL)):
            script = tmp / f"{name}.py"
            script.write_text(source, encoding="utf-8")
            built[name] = _pyinstaller(["--onedir", *strip, "--distpath", str(tmp / "dist"),
                                        "--workpath", str(tmp / f"build-{name}"), "--specpath", str(tmp),
                                        str(script)], cwd=tmp)
        hello_s = built["hallo"]
        app_s = _pyinstaller(["--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build-app"),
                              "build_installer.spec"], cwd=ROOT)
        hello_dir, app_dir = tmp / "dist" / "hallo", tmp / "dist" / "visitatie-app"
        suffix = ".exe" if os.name == "nt" else ""
        r = {"app_mb": _size_mb(app_dir), "hello_mb": _size_mb(hello_dir),
             "app_build_s": app_s, "hello_build_s": hello_s}
        r["size_ratio"] = r["app_mb"] / r["hello_mb"]

        path = make_file(tmp, 2000)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VISITOR_APP_STARTUP_PROBE="1",
                   VISITOR_APP_DATA=str(tmp / "data"))
        shell_dir = tmp / "dist" / "schil"
        app_t, hello_t, shell_t = [], [], []
        for _ in range(RUNS):  # in turn, so that a busy moment of the machine hits all three
            hello_t.append(_ready_after([str(hello_dir / f"hallo{suffix}")], env))
            shell_t.append(_ready_after([str(shell_dir / f"schil{suffix}")], env))
            app_t.append(_ready_after([str(app_dir / f"visitatie-app{suffix}"), str(path)], env))
        r["app_start_ms"] = statistics.median(app_t) * 1000
        r["hello_start_ms"] = statistics.median(hello_t) * 1000
        r["shell_start_ms"] = statistics.median(shell_t) * 1000
        r["start_ratio"] = r["app_start_ms"] / r["hello_start_ms"]
        r["shell_ratio"] = r["app_start_ms"] / r["shell_start_ms"]
    print(f"Installer: map {r['app_mb']:.0f} MB, PySide6-hallo-wereld met dezelfde PyInstaller "
          f"{r['hello_mb']:.0f} MB -> ratio {r['size_ratio']:.2f}x (doel <= {SIZE_GOAL}x); "
          f"bouwen {r['app_build_s']:.0f} s tegen {r['hello_build_s']:.0f} s")
    print(f"Start van de gebouwde app tot bruikbaar venster (2.000 waarnemingen): "
          f"{r['app_start_ms']:.0f} ms, gebouwde hallo-wereld {r['hello_start_ms']:.0f} ms "
          f"(mediaan van {RUNS}) -> ratio {r['start_ratio']:.2f}x (doel <= {START_GOAL}x)")
    print(f"  ter vergelijking: gebouwde lege schil met menu, lijst en tekstvelden (bench_ui.SHELL) "
          f"{r['shell_start_ms']:.0f} ms -> ratio {r['shell_ratio']:.2f}x")
    return r


if __name__ == "__main__":
    main()
