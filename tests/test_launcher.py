"""Which invocations open the window and which run a command."""

from visitor_app.cli import build_parser
from visitor_app.launcher import COMMANDS, no_display, wants_window


def test_command_list_matches_the_parser():
    parser = build_parser()
    assert set(COMMANDS) == set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001


def test_window_or_command():
    assert wants_window([]) and wants_window(["--demo"])
    assert wants_window(["lindewaard.visitatie"])
    assert not wants_window(["info", "x.visitatie"])
    assert not wants_window(["check"])  # a command name, even without arguments
    assert not wants_window(["--help"])


def test_no_display_is_detected(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert no_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert not no_display()


def test_rode_draden_opens_the_analysts_window():
    assert wants_window(["--rode-draden"]) and wants_window(["--rode-draden", "centraal.db"])
    assert not wants_window(["central", "matrix", "centraal.db"])
