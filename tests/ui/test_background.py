"""The worker: every edit reaches the file in order, and waiting for it means everything
submitted has run and its result has arrived (closing the window relies on it)."""

from __future__ import annotations

import time

from visitor_app.ui.background import Worker


def test_wait_covers_a_job_submitted_by_a_result_handler(qapp):
    worker = Worker()
    done = []
    worker.submit(lambda: time.sleep(0.05) or "eerste",
                  on_done=lambda r: (done.append(r), worker.submit(lambda: "tweede", on_done=done.append)))
    assert worker.wait()
    assert done == ["eerste", "tweede"] and worker.idle


def test_a_result_handler_may_itself_wait(qapp):
    worker = Worker()
    seen = []

    def handler(result):
        seen.append(result)
        assert worker.wait(2000)  # e.g. closing a file whose check failed
        seen.append("na wachten")

    worker.submit(lambda: "klaar", on_done=handler)
    assert worker.wait(5000)
    assert seen == ["klaar", "na wachten"]


def test_errors_without_a_handler_reach_the_window(qapp):
    worker = Worker()
    errors = []
    worker.error.connect(errors.append)
    worker.submit(lambda: 1 / 0)
    assert worker.wait()
    assert len(errors) == 1 and isinstance(errors[0], ZeroDivisionError) and worker.idle
