"""Issue 11, proof: SIGKILL a capturing process, a CSV import and a merge at random moments.

Each trial starts a child process and kills it (SIGKILL: no clean-up of any kind) after a
random delay, seeded. After every kill:
- the file opens (a write cut off halfway is rolled back, docs/reliability.md defect 1);
- ``visitor-app check`` passes (exit 0);
- capture: every observation whose acknowledgement line the child printed (after the call
  returned) is there, with its text;
- import and merge: all or nothing: the observations are exactly the old ones or exactly
  the old ones plus all new ones (the outcome of an uninterrupted run);
- no temp file of ours (``.NAME.*.tmp``) stays beside the file or in its backup folder.

Bounded in the suite (KILLS below, about 20 kills); ``make stress`` (VISITATIE_STRESS=1)
runs STRESS_FACTOR times as many. VISITATIE_STRESS_SEED picks another seed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import MEMBERS, ROOT, closed_visitation
from visitor_app.cli import main
from visitor_app.services import Visitation

STRESS = bool(os.environ.get("VISITATIE_STRESS"))
STRESS_FACTOR = 15
SEED = int(os.environ.get("VISITATIE_STRESS_SEED", "1111"))
KILLS = {"capture": 8, "import": 6, "merge": 6}
IMPORT_ROWS = 1500
COPY_ROWS = 400  # observations each member adds in a copy

pytestmark = [pytest.mark.stress,
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


def kills(kind: str) -> int:
    return KILLS[kind] * (STRESS_FACTOR if STRESS else 1)


def child_env(tmp_path: Path) -> dict:
    env = os.environ.copy()
    env["VISITOR_APP_DATA"] = str(tmp_path / "gebruikersgegevens")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class Child:
    """A child process whose stdout lines are collected as they come (complete lines only)."""

    def __init__(self, args: list[str], env: dict, cwd: Path):
        self.proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a line cut off by the kill was not acknowledged
                line = raw.decode("utf-8").rstrip("\n")
                self.lines.append(line)
                if line == "READY":
                    self.ready.set()
        self.ready.set()

    def kill_after(self, delay: float) -> int | None:
        """SIGKILL after ``delay`` seconds (unless it ended before); its exit code, or None
        when it was killed."""
        time.sleep(delay)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait()
        self._reader.join()
        self.proc.stderr.close()
        return None if code == -signal.SIGKILL else code


def observations(path: Path) -> dict[str, str]:
    """id -> text of every observation (tombstones too), read after the kill."""
    with Visitation.open(path) as visit:  # must open: this is the first check
        return {r["id"]: r["text"] for r in visit.store.rows("observations", include_deleted=True)}


def assert_sound(path: Path, capsys, context: str) -> None:
    code = main(["check", str(path)])
    out = capsys.readouterr()
    assert code == 0, f"{context}: check exit {code}: {out.err}"
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    backups = path.with_name(f"{path.stem}-backups")
    if backups.is_dir():
        leftovers += [p.name for p in backups.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [], f"{context}: temp files left: {leftovers}"


@pytest.fixture
def made(tmp_path, framework):
    return closed_visitation(tmp_path / "kill.visitatie", framework, "Omgevingsdienst Veenland")


def fixed_rng(kind: str) -> random.Random:
    return random.Random(f"{SEED}-{kind}")


def spread(rng: random.Random, full: float) -> float:
    """A moment in a run of ``full`` seconds: half the kills anywhere (start-up included),
    half in its last part, where the transaction is written and committed."""
    return full * (rng.uniform(0.0, 1.1) if rng.random() < 0.5 else rng.uniform(0.6, 1.05))


def cut_off(path: Path) -> bool:
    """A journal beside the file after the kill: a write was under way."""
    return path.with_name(path.name + "-journal").exists()


# -- capture ---------------------------------------------------------------------------------
CAPTURE = r"""
import sys
from visitor_app.services import Visitation
path, theme, kind = sys.argv[1:4]
with Visitation.open(path, exclusive=True, take_over=True) as visit:
    print("READY", flush=True)
    i = int(sys.argv[4])
    while True:
        oid = visit.observations.add(theme=theme, kind=kind, text=f"waarneming {i} " + "x" * (i % 9 * 400 + 1)).id
        print(f"ACK {oid} {i}", flush=True)
        i += 1
"""


def expected_text(i: int) -> str:
    return f"waarneming {i} " + "x" * (i % 9 * 400 + 1)


def test_killed_while_capturing_loses_no_acknowledged_observation(made, tmp_path, framework, capsys):
    rng = fixed_rng("capture")
    theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
    acked: dict[str, str] = {}
    counter = mid_write = 0
    for trial in range(kills("capture")):
        child = Child([sys.executable, "-c", CAPTURE, str(made), theme, kind, str(counter)],
                      child_env(tmp_path), tmp_path)
        assert child.ready.wait(60), "the capturing child did not start"
        delay = rng.uniform(0.0, 0.4)
        assert child.kill_after(delay) is None, child.proc.stderr
        mid_write += cut_off(made)
        for line in child.lines:
            if line.startswith("ACK "):
                _, oid, i = line.split()
                acked[oid] = expected_text(int(i))
                counter = max(counter, int(i) + 1)
        counter += 1000  # a write in flight may have committed without its acknowledgement
        context = f"capture trial {trial} (seed {SEED}, delay {delay:.3f}s)"
        stored = observations(made)
        missing = [oid for oid, text in acked.items() if stored.get(oid) != text]
        assert missing == [], f"{context}: acknowledged but lost: {missing[:5]}"
        assert_sound(made, capsys, context)
    assert len(acked) > kills("capture"), "the kills came too early to test anything"
    print(f"capture kills: {kills('capture')}, {len(acked)} acknowledged, {mid_write} mid-write")


# -- CSV import ------------------------------------------------------------------------------
def run_and_kill(args: list[str], tmp_path: Path, delay: float) -> int | None:
    child = Child(args, child_env(tmp_path), tmp_path)
    return child.kill_after(delay)


def timed(args: list[str], tmp_path: Path) -> float:
    """How long one uninterrupted run takes here, now (to spread the kills over it)."""
    start = time.monotonic()
    result = subprocess.run(args, env=child_env(tmp_path), cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return time.monotonic() - start


def kill_trials(kind: str, args: list[str], made: Path, pristine: Path, full: float,
                tmp_path: Path, capsys, rng: random.Random, outcome) -> None:
    """Run ``args`` on a fresh copy of ``pristine`` and kill it at a random moment, kills(kind)
    times; after each ``outcome(context)`` asserts all or nothing and says which ("nothing"
    or "all"), and the file must be sound."""
    outcomes = {"nothing": 0, "all": 0, "mid-write": 0}
    for trial in range(kills(kind)):
        shutil.copy2(pristine, made)
        delay = spread(rng, full)
        code = run_and_kill(args, tmp_path, delay)
        outcomes["mid-write"] += cut_off(made)
        context = f"{kind} trial {trial} (seed {SEED}, delay {delay:.3f}s of {full:.3f}s)"
        assert code in (None, 0), context
        outcomes[outcome(context)] += 1
        assert_sound(made, capsys, context)
    print(f"{kind} kills: {outcomes}")


def test_a_killed_csv_import_leaves_all_or_nothing(made, tmp_path, framework, capsys):
    rng = fixed_rng("import")
    theme, kind = framework.themes[0]["name"], framework.observation_kinds[0]["name"]
    csv = tmp_path / "notities.csv"
    csv.write_text("thema,soort,tekst\n" + "".join(
        f"{theme},{kind},Geïmporteerde waarneming {i} {'y' * (i % 5 * 200)}\n"
        for i in range(IMPORT_ROWS)), encoding="utf-8")
    args = [sys.executable, "-m", "visitor_app", "import-notes", str(made), str(csv)]
    pristine = tmp_path / "voor.visitatie"
    shutil.copy2(made, pristine)
    reference = tmp_path / "referentie.visitatie"
    shutil.copy2(made, reference)
    full = timed([*args[:4], str(reference), str(csv)], tmp_path)
    old, new = len(observations(pristine)), len(observations(reference))
    assert new == old + IMPORT_ROWS

    def outcome(context: str) -> str:
        count = len(observations(made))
        assert count in (old, new), f"{context}: {count} observations, not {old} or {new}"
        return "nothing" if count == old else "all"

    kill_trials("import", args, made, pristine, full, tmp_path, capsys, rng, outcome)


# -- merge -----------------------------------------------------------------------------------
def test_a_killed_merge_leaves_all_or_nothing(made, tmp_path, framework, capsys):
    rng = fixed_rng("merge")
    theme, kind = framework.themes[0]["id"], framework.observation_kinds[0]["id"]
    copies = []
    with Visitation.open(made) as visit:
        for name, _role in MEMBERS[:2]:
            out = tmp_path / f"kopie-{name.split()[0].lower()}.visitatie"
            visit.team.hand_out(name, out)
            copies.append(out)
    for n, copy in enumerate(copies):
        with Visitation.open(copy) as member:
            member.observations.add_many([{"theme": theme, "kind": kind,
                                           "text": f"kopie {n} waarneming {i} {'z' * (i % 4 * 300)}"}
                                          for i in range(COPY_ROWS)])
    pristine = tmp_path / "voor.visitatie"
    shutil.copy2(made, pristine)
    reference = tmp_path / "referentie.visitatie"
    shutil.copy2(made, reference)
    merge = [sys.executable, "-m", "visitor_app", "merge"]
    full = timed([*merge, str(reference), *map(str, copies)], tmp_path)
    before, after = set(observations(pristine)), set(observations(reference))
    assert len(after) == len(before) + 2 * COPY_ROWS

    def outcome(context: str) -> str:
        ids = set(observations(made))
        assert ids in (before, after), f"{context}: {len(ids)} observations, neither before nor after"
        return "nothing" if ids == before else "all"

    kill_trials("merge", [*merge, str(made), *map(str, copies)], made, pristine, full, tmp_path,
                capsys, rng, outcome)
