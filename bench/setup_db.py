"""A throw-away SQLite database and media directory for the benchmarks.

Never db.sqlite3: DJANGO_SETTINGS_MODULE is the test settings and
DATABASE_URL points to a file in a temporary directory, migrated here.
"""

import os
import tempfile
from pathlib import Path


def configure():
    """Point Django at a fresh temporary database; call before importing Django models."""
    if os.environ.get("QMS_BENCH_DIR"):
        workdir = Path(os.environ["QMS_BENCH_DIR"])
    else:
        workdir = Path(tempfile.mkdtemp(prefix="qms-bench-"))
        os.environ["QMS_BENCH_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TEST_MEDIA_ROOT"] = str(workdir)
    import django

    django.setup()
    return workdir


def migrate():
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", interactive=False, stdout=StringIO())
