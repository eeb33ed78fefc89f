"""Local development: DEBUG on, a throw-away key, localhost only."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
QMS_INTEGRITY_KEY = os.environ.get("QMS_INTEGRITY_KEY") or DEV_INTEGRITY_KEY  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
