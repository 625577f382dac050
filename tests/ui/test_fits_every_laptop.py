"""Every view fits the laptops members have: 1366x768 at 100 %, 1920x1080 at 150 %
(1280x720 logical pixels) and at 200 % (960x540), minus a task bar and the title bar.
Long drop-down texts elide (the list shows them in full); headings above lists wrap."""

from __future__ import annotations

import pytest

# (name, logical width, logical height available to the window's frame: the screen minus
# a task bar of 48 and a title bar of 32 logical pixels)
SCREENS = [("1366x768 at 100 %", 1366, 768 - 80), ("1920x1080 at 150 %", 1280, 720 - 80),
           ("1920x1080 at 200 %", 960, 540 - 80)]


@pytest.fixture
def every_view(make_window, demo_path, qtbot):
    """The demo, with every view shown once (a view's minimum size counts once it is built)."""
    window = make_window(demo_path)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.wait(10)
    return window


@pytest.mark.parametrize("screen, width, _height", SCREENS, ids=[s[0] for s in SCREENS])
def test_every_view_fits_the_width(every_view, screen, width, _height):
    wide = {}
    for row in range(every_view.nav.count()):
        view = every_view.view_at(row)
        wide[every_view.nav.item(row).text()] = view.minimumSizeHint().width()
    assert every_view.minimumSizeHint().width() <= width, (screen, wide)


@pytest.mark.parametrize("screen, _width, height", SCREENS[:2], ids=[s[0] for s in SCREENS[:2]])
def test_every_view_fits_the_height(every_view, screen, _width, height):
    assert every_view.minimumSizeHint().height() <= height, screen


@pytest.mark.xfail(strict=True, reason="issue 14: at 200 % (540 logical pixels) the Team and Rapport "
                                       "views are still too tall (the window needs 525 of 460)")
def test_every_view_fits_the_height_at_200_percent(every_view):
    assert every_view.minimumSizeHint().height() <= SCREENS[2][2]
