"""Test settings: fast hashing, in-memory email, tasks run immediately."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
QMS_INTEGRITY_KEY = os.environ.get("QMS_INTEGRITY_KEY") or DEV_INTEGRITY_KEY  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# MEDIA_ROOT in the environment: a process started by a test on a directory of its own (the restore drill).
_TEST_MEDIA = Path(os.environ.get("TEST_MEDIA_ROOT", tempfile.gettempdir())) / "qms-test-media"  # noqa: F405
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"]) if os.environ.get("MEDIA_ROOT") else _TEST_MEDIA  # noqa: F405
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
QMS_SIGNING_DIR = Path(os.environ.get("TEST_MEDIA_ROOT", tempfile.gettempdir())) / "qms-test-signing"  # noqa: F405
