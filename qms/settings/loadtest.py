"""The load test only (`make loadtest`, bench/loadtest.py): the production
settings served over plain http on the loopback interface.

Everything is production.py except what plain http needs: no redirect to
https, no HSTS, and cookies without the Secure flag (a client does not send a
Secure cookie back over http, so no session or CSRF token would survive).
Mail stays in memory: there is no mail server on the loopback.

Never use this module for a real deployment: it refuses any host other than
the loopback addresses.
"""

from django.core.exceptions import ImproperlyConfigured

from .production import *  # noqa: F403

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
if not ALLOWED_HOSTS or not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("qms.settings.loadtest serves the loopback interface only (ALLOWED_HOSTS=127.0.0.1).")

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
