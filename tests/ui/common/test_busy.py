"""A long job on a worker behind a busy dialog: its result, its exception, its thread."""

from __future__ import annotations

import threading

import pytest

from ui.common.busy import run_busy


def test_the_job_runs_on_its_worker_and_hands_its_result_to_the_gui_thread(qtbot):
    seen = []

    def job():
        seen.append(threading.current_thread().name)
        return 42

    assert run_busy(job, "Working…", "Cancel", "Job", thread_name="the-job") == (True, 42)
    assert seen == ["the-job"]


def test_what_the_job_raised_is_raised_on_the_gui_thread(qtbot):
    def job():
        raise ValueError("no plan in the store")

    with pytest.raises(ValueError, match="no plan"):
        run_busy(job, "Working…", None, "Job")
