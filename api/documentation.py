"""The schema (/api/schema/) and its interactive page (/api/docs/), in the reader's language.

drf-spectacular builds the schema for each request in the active language
(the VI/EN switch's cookie, qms/locale_middleware.py), so every summary,
description and field help text given with gettext_lazy reaches the reader
translated. The page names its language in the schema's address (``lang``):
a browser keeps one copy of the schema per language.

Swagger UI writes its own labels in English and has no translations of its
own: the page carries them translated (:data:`LABELS`, gettext context "Swagger
UI") in a JSON script element, and api/static/api/swagger-ui-labels.js, served
from the project's static files like Swagger UI itself (no CDN), puts them in
place as the interface draws itself. In English the map is empty.

A browser that is not signed in is sent to the sign-in page and back; an API
client without a token still gets the JSON 401.
"""

from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.translation import pgettext_lazy
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.utils import extend_schema
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


# Swagger UI's labels as it writes them (each a whole text, an attribute's value or a text around a
# <code> element), and what the reader sees instead.
LABELS = {
    "Authorize": pgettext_lazy("Swagger UI", "Authorize"),
    "Available authorizations": pgettext_lazy("Swagger UI", "Available authorizations"),
    "Authorized": pgettext_lazy("Swagger UI", "Authorized"),
    "Logout": pgettext_lazy("Swagger UI", "Logout"),
    "Close": pgettext_lazy("Swagger UI", "Close"),
    "Value:": pgettext_lazy("Swagger UI", "Value:"),
    "Scopes:": pgettext_lazy("Swagger UI", "Scopes:"),
    "Servers": pgettext_lazy("Swagger UI", "Servers"),
    "Parameters": pgettext_lazy("Swagger UI", "Parameters"),
    "No parameters": pgettext_lazy("Swagger UI", "No parameters"),
    "Try it out": pgettext_lazy("Swagger UI", "Try it out"),
    "Cancel": pgettext_lazy("Swagger UI", "Cancel"),
    "Reset": pgettext_lazy("Swagger UI", "Reset"),
    "Execute": pgettext_lazy("Swagger UI", "Execute"),
    "Clear": pgettext_lazy("Swagger UI", "Clear"),
    "Responses": pgettext_lazy("Swagger UI", "Responses"),
    "Response body": pgettext_lazy("Swagger UI", "Response body"),
    "Response headers": pgettext_lazy("Swagger UI", "Response headers"),
    "Request URL": pgettext_lazy("Swagger UI", "Request URL"),
    "Server response": pgettext_lazy("Swagger UI", "Server response"),
    "Code": pgettext_lazy("Swagger UI", "Code"),
    "Description": pgettext_lazy("Swagger UI", "Description"),
    "Name": pgettext_lazy("Swagger UI", "Name"),
    "Links": pgettext_lazy("Swagger UI", "Links"),
    "No links": pgettext_lazy("Swagger UI", "No links"),
    "Details": pgettext_lazy("Swagger UI", "Details"),
    "Media type": pgettext_lazy("Swagger UI", "Media type"),
    "Media Type": pgettext_lazy("Swagger UI", "Media Type"),
    "Controls": pgettext_lazy("Swagger UI", "Controls"),
    "header.": pgettext_lazy("Swagger UI", "header."),
    "Example Value": pgettext_lazy("Swagger UI", "Example Value"),
    "Examples": pgettext_lazy("Swagger UI", "Examples"),
    "Example Description": pgettext_lazy("Swagger UI", "Example Description"),
    "Edit Value": pgettext_lazy("Swagger UI", "Edit Value"),
    "Schema": pgettext_lazy("Swagger UI", "Schema"),
    "Schemas": pgettext_lazy("Swagger UI", "Schemas"),
    "Request body": pgettext_lazy("Swagger UI", "Request body"),
    "Send empty value": pgettext_lazy("Swagger UI", "Send empty value"),
    "required": pgettext_lazy("Swagger UI", "required"),
    "Download": pgettext_lazy("Swagger UI", "Download"),
    "Download file": pgettext_lazy("Swagger UI", "Download file"),
    "Expand all": pgettext_lazy("Swagger UI", "Expand all"),
    "Collapse all": pgettext_lazy("Swagger UI", "Collapse all"),
    "Expand operation": pgettext_lazy("Swagger UI", "Expand operation"),
    "Collapse operation": pgettext_lazy("Swagger UI", "Collapse operation"),
    "Name:": pgettext_lazy("Swagger UI", "Name:"),
    "In:": pgettext_lazy("Swagger UI", "In:"),
    "Apply credentials": pgettext_lazy("Swagger UI", "Apply credentials"),
    "Remove authorization": pgettext_lazy("Swagger UI", "Remove authorization"),
    "authorization button unlocked": pgettext_lazy("Swagger UI", "authorization button unlocked"),
    "authorization button locked": pgettext_lazy("Swagger UI", "authorization button locked"),
    "Copy path to clipboard": pgettext_lazy("Swagger UI", "Copy path to clipboard"),
    "Copy cURL command to clipboard": pgettext_lazy("Swagger UI", "Copy cURL command to clipboard"),
    "Copy code to clipboard": pgettext_lazy("Swagger UI", "Copy code to clipboard"),
    "Copy request snippet to clipboard": pgettext_lazy("Swagger UI", "Copy request snippet to clipboard"),
    "Parameter content type": pgettext_lazy("Swagger UI", "Parameter content type"),
    "Request content type": pgettext_lazy("Swagger UI", "Request content type"),
    "Response content type": pgettext_lazy("Swagger UI", "Response content type"),
    "Headers:": pgettext_lazy("Swagger UI", "Headers:"),
    "Enum:": pgettext_lazy("Swagger UI", "Enum:"),
    "Failed to load API definition.": pgettext_lazy("Swagger UI", "Failed to load API definition."),
    "Fetch error": pgettext_lazy("Swagger UI", "Fetch error"),
    "Please correct the following validation errors and try again.": pgettext_lazy(
        "Swagger UI", "Please correct the following validation errors and try again."
    ),
    "Required field is not provided": pgettext_lazy("Swagger UI", "Required field is not provided"),
    "Unrecognized response type; displaying content as text.": pgettext_lazy(
        "Swagger UI", "Unrecognized response type; displaying content as text."
    ),
}


def interface_labels():
    """Swagger UI's labels in the active language: only those that read differently (none in English)."""
    labels = {english: str(label) for english, label in LABELS.items()}
    return {english: label for english, label in labels.items() if label != english}


class SchemaView(BrowserSignIn, SpectacularAPIView):
    pass


class DocsView(BrowserSignIn, SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    # A client asking for JSON is answered in JSON (its 401), not refused as not acceptable.
    renderer_classes = [TemplateHTMLRenderer, JSONRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            # The page itself (not its script): Swagger UI's labels for swagger-ui-labels.js.
            response.data["interface"] = {"lang": translation.get_language(), "labels": interface_labels()}
        return response

    def _get_schema_url(self, request):
        url = super()._get_schema_url(request)
        if request.GET.get("lang"):
            return url
        return set_query_parameters(url=url, lang=translation.get_language())
