"""`make bench` (python -m bench): every benchmark, on a temporary SQLite database.

Speed targets are ratios against a baseline measured in the same run.
Results are recorded in docs/performance.md.
"""

import importlib
import sys
import time

from bench.setup_db import configure, migrate

MODULES = ["bench.pdf_render", "bench.pdf_export"]


def main(names=None):
    """Run every benchmark, or only those named (e.g. `python -m bench pdf_render`)."""
    modules = [f"bench.{name}" for name in names] if names else MODULES
    workdir = configure()
    migrate()
    print(f"benchmark database and media: {workdir}")
    for name in modules:
        start = time.perf_counter()
        lines = importlib.import_module(name).run()
        print(f"== {name} ({time.perf_counter() - start:.0f} s)")
        for line in lines:
            print(f"  {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
