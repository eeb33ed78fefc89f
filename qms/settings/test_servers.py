"""Real server processes started by the tests (tests/procedures/processes.py):
gunicorn app servers and `manage.py db_worker`, on the test database of the
pytest run (DATABASE_URL) and one MEDIA_ROOT, or one S3 bucket (QMS_S3_BUCKET), shared
by all of them.

Tasks go through the database backend, as in production; mail is written to
files in QMS_MAIL_DIR so that a test can count what was sent. Refuses any
database whose name does not start with "test_".
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .test import *  # noqa: F403

if not DATABASES["default"]["NAME"].startswith("test_"):  # noqa: F405
    raise ImproperlyConfigured("qms.settings.test_servers runs on a test database (test_...) only.")
if not os.environ.get("MEDIA_ROOT"):
    raise ImproperlyConfigured("qms.settings.test_servers needs MEDIA_ROOT (the mail folder is beside it).")

MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])  # noqa: F405
# With QMS_S3_BUCKET (qms/settings/base.py) the stored files are in that bucket instead,
# shared by every process the same way (tests/procedures/test_scale_out.py).
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TASKS = {"default": {"BACKEND": "qms.task_backend.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("QMS_MAIL_DIR", str(MEDIA_ROOT.parent / "mail"))
INSTALLED_APPS = [*INSTALLED_APPS, "tests.procedures.slowdown.SlowdownConfig"]  # noqa: F405
