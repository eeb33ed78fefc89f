import logging

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)

# Paths that answer without a session. The Wagtail admin checks access on
# every one of its views and sends strangers to the same sign-in page. The
# public procedures (/cong-khai/, docs/public.md), their sitemap and robots.txt
# are for everyone. The read API (/api/) answers 401 itself: a client has a
# token, not a session.
PUBLIC_PREFIXES = ("/healthz/", "/verify/", "/static/", "/admin/", "/cong-khai/", "/api/")
PUBLIC_PATHS = ("/sitemap.xml", "/robots.txt")
ADMIN_PREFIX = "/admin/"
# The admin's own sign-in, sign-out and password pages answer anyone.
ADMIN_OPEN_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's login-required middleware, with the public paths above exempt.

    A signed-in person without access to the administration (staff) who opens
    an admin address gets the translated 403 page with a way back to the
    documents. Wagtail itself would send them to the sign-in page, which sends
    a signed-in person back to the admin: a redirect loop, and one English
    "You do not have permission" message per turn.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if path.startswith(ADMIN_PREFIX) and not path.startswith(ADMIN_OPEN_PREFIXES):
            user = request.user
            if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
        if path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivatePagesMiddleware:
    """Nothing sent to a signed-in person is kept by a shared cache or the browser.

    Every answer to a signed-in request (portal pages, the admin, PDFs,
    downloads, even public pages whose content then names the person) gets
    ``Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private``:
    a proxy never serves it to someone else, and the browser's back button or
    a shared computer never shows it after signing out. The pages that carry a
    validator (``response.private_revalidation``: the staff reading page, its
    PDF) get ``private, no-cache`` instead: kept by the browser, never shown
    without asking the server (a 304 when nothing changed), and cleared by the
    ``Clear-Site-Data`` header of signing out. Static files
    (WhiteNoise answers before this) and anonymous pages keep their own rules.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.signed_in(request):
            if getattr(response, "private_revalidation", False):
                # A page with a validator (ETag): the browser may keep it but asks every time
                # (a 304 when nothing changed); signing out clears its cache (qms.views.SignOutView).
                patch_cache_control(response, private=True, no_cache=True, max_age=0, must_revalidate=True)
            else:
                add_never_cache_headers(response)
        return response

    @staticmethod
    def signed_in(request):
        from django.db import DatabaseError

        user = getattr(request, "user", None)
        try:
            return user is not None and user.is_authenticated
        except DatabaseError:
            # The session could not be read (the database is down): keep the answer out of caches.
            return True


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is too large, before anything reads it.

    The limit comes from the Content-Length header alone, so a 100 MB upload is
    answered 413 without receiving it (Django reads no more than Content-Length,
    and nothing before this middleware reads the body). People signed in may
    send up to QMS_REQUEST_MAX_BYTES (an upload at its limit plus the form);
    anonymous requests and every request to /verify/ (the public PDF check) up
    to QMS_ANONYMOUS_REQUEST_MAX_BYTES. The reverse proxy's limit
    (nginx ``client_max_body_size``) matches the larger one: docs/operations.md.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def limit_for(self, request):
        from django.conf import settings

        if request.path_info.startswith("/verify/") or not request.user.is_authenticated:
            return settings.QMS_ANONYMOUS_REQUEST_MAX_BYTES
        return settings.QMS_REQUEST_MAX_BYTES

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then either
        if length > 0:
            limit = self.limit_for(request)
            if length > limit:
                from django.shortcuts import render
                from django.template.defaultfilters import filesizeformat

                logger.warning("Refused a request of %s bytes to %s (limit %s)", length, request.path_info, limit)
                return render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """A strict policy on the pages we write; the Wagtail admin keeps its own needs."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """When the database goes away mid-request, answer 503 with a page, not a 500.

    With ATOMIC_REQUESTS the request's writes are rolled back, so nothing is
    half-written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.shortcuts import render

        if isinstance(exception, OperationalError | InterfaceError):
            logger.exception("Database unavailable")
            return render(request, "503.html", status=503)
        return None


class QueryStringCleanupMiddleware:
    """Drop NUL characters from query-string parameters.

    Query strings are not stored, only read (searches, filters, page numbers);
    PostgreSQL refuses any text holding a NUL character (a 500 error), so no
    view ever sees one. Posted form data is left alone: forms refuse NUL
    characters with a message (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
