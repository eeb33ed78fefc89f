"""How the OpenAPI schema describes the bearer token (drf-spectacular finds this extension by its class)."""

from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": gettext("The token the ISO secretary was shown once, when the API client was created."),
        }


def only_the_api(endpoints, **kwargs):
    """The schema describes /api/v1/ only (Wagtail's own admin API is no part of it)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
