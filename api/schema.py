"""How the OpenAPI schema describes the bearer token (drf-spectacular finds this extension by its class)
and the groups of operations (tags), named and described in the reader's language."""

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension

# The tags group the operations on the documentation page. They are translated like every other
# text of the schema: drf-spectacular resolves them in the language of the request.
DOCUMENTS = pgettext_lazy("API tag", "Documents")
REGISTERS = pgettext_lazy("API tag", "Registers")
AUDITS = pgettext_lazy("API tag", "Audits")
TAGS = (
    (DOCUMENTS, gettext_lazy("Current documents, their editions, and a signed-in person's confirmation of reading.")),
    (REGISTERS, gettext_lazy("The internal document register and the register of external documents.")),
    (AUDITS, gettext_lazy("Internal audits, their findings and the corrective actions, for authorised clients.")),
)


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


def describe_tags(result, **kwargs):
    """The schema's tags in the order of the page, each with its description (translated when the
    schema is normalised, in the request's language)."""
    result["tags"] = [{"name": name, "description": description} for name, description in TAGS]
    return result
