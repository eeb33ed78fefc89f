"""A test-only app for the server processes of tests/procedures/test_scale_out.py
and test_worker_killed.py (qms.settings.test_servers): with QMS_TEST_COPY_DELAY
set (seconds), every PDF copy a process obtains takes that long, so that a test
can kill a worker in the middle of a job. Production code has no such hook."""

import os
import time

from django.apps import AppConfig


class SlowdownConfig(AppConfig):
    name = "tests.procedures.slowdown"
    label = "tests_slowdown"

    def ready(self):
        delay = float(os.environ.get("QMS_TEST_COPY_DELAY", "0") or 0)
        if not delay:
            return
        from procedures import printing

        original = printing.get_or_render

        def slow_get_or_render(*args, **kwargs):
            time.sleep(delay)
            return original(*args, **kwargs)

        printing.get_or_render = slow_get_or_render
