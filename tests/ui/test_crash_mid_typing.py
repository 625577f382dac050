"""Issue 14: the app is killed (SIGKILL) in the middle of continuous typing, without a
single pause. The real app runs in a process of its own (offscreen, as `visitor-app`
starts: ui.app.run_window on the last file, on a temporary data folder); a timer inside
it types into the capture pane of a conversation, after choosing theme, subtheme and
kind with the keyboard. Started again, the app must come back on that conversation in
Gesprek, with all but the last second of the text and the same choices."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, closed_visitation
from visitor_app.services import Visitation
from visitor_app.ui.autosave import MAX_WAIT_MS

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

# Fictional text; typed over and over, one key every KEY_MS, never pausing.
TEXT = ("De afdeling handhaving werkt met een risicomodel dat niemand kan uitleggen. "
        "Het team wil vaker terugkoppeling van de directie. ")
KEY_MS = 25
KILL_AFTER_KEYS = 130  # about 3.3 s of typing: four times the longest wait of the autosave
LOSS_ALLOWED_S = 1.2   # "at most about a second" behind (MAX_WAIT_MS, the worker's write, slack)

CHILD = r"""
import json, sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from visitor_app.ui.app import run_window

mode, text, key_ms = sys.argv[1], sys.argv[2], int(sys.argv[3])


def window():
    from visitor_app.ui.main_window import MainWindow
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def conversation(w):
    from visitor_app.ui.views.conversation import ConversationView
    return w.view(ConversationView)


def state(w):
    conv = conversation(w)
    pane = conv.capture
    return {"view": type(w.stack.currentWidget()).__name__, "session_id": conv.current_session_id(),
            "text": pane.text.toPlainText(), "theme": pane.theme.currentData(),
            "subtheme": pane.subtheme.currentData(), "kind": pane.kind.currentData(),
            "focus": QApplication.focusWidget() is pane.text}


def report():
    w = window()
    print("STATE " + json.dumps(state(w)), flush=True)
    QApplication.quit()


def start_typing():
    w = window()
    w.activateWindow()
    w.nav.setCurrentRow(0)  # the member goes to Programma, then to Gesprek (Alt+Shift+2)
    QTest.keyClick(w, Qt.Key_2, Qt.AltModifier | Qt.ShiftModifier)
    conv = conversation(w)
    conv.sessions.setCurrentRow(2)  # the second conversation of the programme
    pane = conv.capture
    pane.text.setFocus()
    QTest.keyClick(pane.text, Qt.Key_2, Qt.ControlModifier)  # the second theme
    QTest.keyClick(pane.text, Qt.Key_1, Qt.AltModifier)  # its first subtheme
    letter = w.visit.framework.observation_kinds[1]["key"].upper()  # the second kind, by its letter
    QTest.keyClick(pane.text, getattr(Qt, f"Key_{letter}"), Qt.AltModifier)
    print("CHOSEN " + json.dumps(state(w)), flush=True)
    typed = {"n": 0}

    def key():
        QTest.keyClicks(pane.text, text[typed["n"] % len(text)])
        typed["n"] += 1
        print(f"TYPED {typed['n']} {time.monotonic():.4f}", flush=True)

    timer = QTimer(w)
    timer.setInterval(key_ms)
    timer.timeout.connect(key)
    timer.start()
    w.typist = timer


def after_shown():
    QTimer.singleShot(300, report if mode == "report" else start_typing)


sys.exit(run_window(after_shown=after_shown))
"""


def _start(mode: str, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, mode, TEXT, str(KEY_MS)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=log, text=True)


def _lines_until(proc, done, timeout_s: float = 90) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if done(lines[-1]):
            return lines
    proc.kill()
    raise AssertionError(f"the app stopped or hung before it was done: {lines[-5:]}")


def test_a_kill_mid_typing_loses_at_most_a_second_and_reopens_on_the_conversation(tmp_path, each_framework):
    framework = each_framework
    path = closed_visitation(tmp_path / "bezoek.visitatie", framework)
    with Visitation.open(path) as v:
        vid, member = v.details()["id"], v.members.list()[1]["id"]
        sessions = [s["id"] for s in v.programme.sessions()]
    from visitor_app.ui.settings import Settings
    data = tmp_path / "data"
    settings = Settings(data / "instellingen.ini")  # as a member who used the app before: last file, who I am
    settings.add_recent(path)
    settings.set_member_for(vid, member)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VISITOR_APP_DATA=str(data), TMPDIR=str(tmp_path))

    with open(tmp_path / "stderr.txt", "w") as log:
        typist = _start("type", env, log)
        lines = _lines_until(typist, lambda line: line.startswith("TYPED") and
                             int(line.split()[1]) >= KILL_AFTER_KEYS)
        typist.send_signal(signal.SIGKILL)  # no pause, no flush, no close
        rest = typist.stdout.read()
        typist.wait(30)
    assert typist.returncode == -signal.SIGKILL
    lines += rest.splitlines()
    chosen = json.loads(next(line for line in lines if line.startswith("CHOSEN"))[len("CHOSEN "):])
    keys = [(int(n), float(t)) for _, n, t in (line.split() for line in lines if line.startswith("TYPED"))]
    typed = (TEXT * 10)[:keys[-1][0]]
    assert chosen["session_id"] == sessions[1] and chosen["view"] == "ConversationView"
    assert chosen["theme"] == framework.themes[1]["id"]
    assert chosen["subtheme"] == framework.subthemes(chosen["theme"])[0]["id"]
    assert chosen["kind"] == framework.observation_kinds[1]["id"]

    # what the file holds, read as another program would (the app is gone)
    with Visitation.open(path) as v:
        kept = v.drafts.all()
    saved = next((text for k, text in kept.items() if sessions[1] in k), "")
    assert saved, f"none of the {len(typed)} keys typed in {keys[-1][1] - keys[0][1]:.1f} s was kept"
    assert typed.startswith(saved), (saved, typed)
    typed_at = dict(keys)
    lost_s = keys[-1][1] - typed_at[len(saved)]
    assert lost_s <= LOSS_ALLOWED_S, f"{len(typed) - len(saved)} keys ({lost_s:.2f} s of typing) lost"
    print(f"typed {len(typed)} keys in {keys[-1][1] - keys[0][1]:.2f} s; lost {len(typed) - len(saved)} "
          f"({lost_s:.2f} s, the autosave waits at most {MAX_WAIT_MS} ms)")

    with open(tmp_path / "stderr-2.txt", "w") as log:
        again = _start("report", env, log)
        lines = _lines_until(again, lambda line: line.startswith("STATE"))
        again.wait(60)
    assert again.returncode == 0, (tmp_path / "stderr-2.txt").read_text()[-800:]
    shown = json.loads(lines[-1][len("STATE "):])
    assert shown == {**chosen, "text": saved, "focus": shown["focus"]}
