"""`make bench`: every benchmark, each figure a ratio against a floor measured in the same run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import (  # noqa: E402
    bench_backup, bench_central, bench_central_report, bench_encryption, bench_installer, bench_merge,
    bench_privacy, bench_report, bench_search, bench_store, bench_ui,
)
from bench._common import results_dir  # noqa: E402


def main() -> None:
    results = {"store": bench_store.main(), "search": bench_search.main(), "ui": bench_ui.main(),
               "report": bench_report.main(), "central": bench_central.main(),
               "central_report": bench_central_report.main(),
               "merge": bench_merge.main(), "backup": bench_backup.main(),
               "encryption": bench_encryption.main(), "privacy": bench_privacy.main(),
               "installer": bench_installer.main()}
    out = results_dir() / "latest.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"Cijfers bewaard in {out}")


if __name__ == "__main__":
    main()
