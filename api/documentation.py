"""The schema (/api/schema/) and its interactive page (/api/docs/), in the reader's language.

drf-spectacular builds the schema for each request in the active language
(the VI/EN switch's cookie, qms/locale_middleware.py), so every summary,
description and field help text given with gettext_lazy reaches the reader
translated. The page names its language in the schema's address (``lang``):
a browser keeps one copy of the schema per language.

A browser that is not signed in is sent to the sign-in page and back; an API
client without a token still gets the JSON 401.
"""

from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer


def wants_html(request):
    accept = request.META.get("HTTP_ACCEPT", "")
    return "text/html" in accept or "application/xhtml+xml" in accept


class BrowserSignIn:
    """Send a browser with neither session nor token to the sign-in page (?next= brings it back)."""

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.NotAuthenticated) and wants_html(self.request):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


class SchemaView(BrowserSignIn, SpectacularAPIView):
    pass


class DocsView(BrowserSignIn, SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    # A client asking for JSON is answered in JSON (its 401), not refused as not acceptable.
    renderer_classes = [TemplateHTMLRenderer, JSONRenderer]

    def _get_schema_url(self, request):
        url = super()._get_schema_url(request)
        if request.GET.get("lang"):
            return url
        return set_query_parameters(url=url, lang=translation.get_language())
