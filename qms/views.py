import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qms import sso
from qms.forms import SignInForm

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """Liveness and readiness for the load balancer: the database must answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request):
    """Wagtail's /admin/failwhale/ raises on purpose to test error pages; here it is simply absent."""
    raise Http404


class SignInView(auth_views.LoginView):
    """The sign-in page; it never sends someone to an administration they cannot enter."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"sso_enabled": sso.enabled()}

    def get_success_url(self):
        url = super().get_success_url()
        if url.startswith(reverse("wagtailadmin_home")) and not self.request.user.has_perm("wagtailadmin.access_admin"):
            return resolve_url(settings.LOGIN_REDIRECT_URL)
        return url


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, which also asks the browser to drop what it kept of this site.

    Reading pages are kept by the browser to be revalidated (ETag, 304); on a
    shared computer nothing of them may outlive the session.

    A session opened with the province's account ends at the province too: the
    browser is sent to its end-session endpoint, which sends it back to the
    sign-in page (qms/sso.py, end_session_url).
    """

    def post(self, request, *args, **kwargs):
        province = sso.end_session_url(request)  # read before the session is flushed
        response = super().post(request, *args, **kwargs)
        if province is not None:
            response = HttpResponseRedirect(province)
        response["Clear-Site-Data"] = '"cache"'
        return response
