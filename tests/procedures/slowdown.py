"""A test-only app for the server processes of tests/procedures/test_scale_out.py
and test_worker_killed.py (qms.settings.test_servers), so that a test can act
while a worker is in the middle of a job. Every PDF copy a process obtains:

- takes QMS_TEST_COPY_DELAY seconds longer, if set;
- waits while the file named by QMS_TEST_COPY_GATE exists, if set (at most
  five minutes), until the test removes it.

Production code has no such hook.
"""

import os
import time

from django.apps import AppConfig

GATE_LIMIT = 300


class SlowdownConfig(AppConfig):
    name = "tests.procedures.slowdown"
    label = "tests_slowdown"

    def ready(self):
        delay = float(os.environ.get("QMS_TEST_COPY_DELAY", "0") or 0)
        gate = os.environ.get("QMS_TEST_COPY_GATE", "")
        if not delay and not gate:
            return
        from procedures.copies import printing

        original = printing.get_or_render

        def slow_get_or_render(*args, **kwargs):
            time.sleep(delay)
            deadline = time.monotonic() + GATE_LIMIT
            while gate and os.path.exists(gate) and time.monotonic() < deadline:
                time.sleep(0.1)
            return original(*args, **kwargs)

        printing.get_or_render = slow_get_or_render
