"""Production: everything sensitive comes from the environment.

Required: SECRET_KEY, QMS_INTEGRITY_KEY, ALLOWED_HOSTS, DATABASE_URL. See docs/operations.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
SECRET_KEY = os.environ["SECRET_KEY"]
if len(os.environ.get("QMS_INTEGRITY_KEY", "")) < 32 or os.environ["QMS_INTEGRITY_KEY"] == DEV_INTEGRITY_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "QMS_INTEGRITY_KEY must be set in the environment for production (32 characters or more, not the dev key)."
    )
QMS_INTEGRITY_KEY = os.environ["QMS_INTEGRITY_KEY"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Load balancers probe the app servers over plain http: the health check answers there.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

TASKS = {"default": {"BACKEND": "qms.task_backend.DatabaseBackend"}}
