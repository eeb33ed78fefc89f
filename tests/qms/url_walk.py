"""Walk every URL pattern of the project and request it as every role.

Used by tests/qms/test_url_permissions.py. The list of patterns comes from
django.urls.get_resolver() at run time, recursively through every include, so
a view added tomorrow is walked (and must be classified) without anyone
remembering to add it here.
"""

import re
from dataclasses import dataclass, field

from django.urls import get_resolver
from django.urls.resolvers import RegexPattern, URLResolver

# Project code lives in these packages; a view defined in one of them needs an
# explicit row in the matrix, whatever its URL.
PROJECT_PACKAGES = ("qms", "procedures", "audits", "province", "planning", "api")

# The Wagtail admin viewsets (generic Wagtail views) that show the project's
# own models: explicit rows too, since they show or change quality records.
PROJECT_NAMESPACES = (
    "api_clients",
    "audits_action",
    "audits_audit",
    "audits_finding",
    "audits_programme",
    "audits_question",
    "acknowledgements",
    "change_requests",
    "document_types",
    "external_documents",
    "issues",
    "periodic_reviews",
    "planning_decision",
    "planning_import",
    "planning_nonconformity",
    "planning_objective",
    "planning_result",
    "planning_review",
    "planning_risk",
    "planning_statistic",
    "province_declarations",
    "review_flags",
    "signing_certificates",
    "wagtailsnippets_procedures_recordtype",
    "wagtailsnippetchoosers_procedures_recordtype",
)

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Route:
    """One URL pattern with the full route from the root URLconf."""

    route: str
    name: str
    callback: object
    regex: bool = False
    namespaces: tuple = field(default_factory=tuple)

    @property
    def params(self):
        return [m.group("name") for m in PARAM.finditer(self.route)]

    @property
    def module(self):
        view = getattr(self.callback, "view_class", self.callback)
        return getattr(view, "__module__", "") or ""

    @property
    def model(self):
        initkwargs = getattr(self.callback, "view_initkwargs", {}) or {}
        model = initkwargs.get("model")
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        return model

    @property
    def is_project(self):
        return self.module.split(".")[0] in PROJECT_PACKAGES or (
            bool(self.namespaces) and self.namespaces[0] in PROJECT_NAMESPACES
        )

    def __str__(self):
        return f"{self.route} ({self.name or 'unnamed'})"


def iter_routes(urlconf=None):
    """Every URL pattern reachable from the root URLconf, includes flattened."""

    routes = []

    def walk(resolver, prefix, namespaces, regex):
        for entry in resolver.url_patterns:
            piece = str(entry.pattern)
            is_regex = regex or isinstance(entry.pattern, RegexPattern)
            if isinstance(entry, URLResolver):
                ns = namespaces + ((entry.namespace,) if entry.namespace else ())
                walk(entry, prefix + piece, ns, is_regex)
            else:
                name = ":".join(namespaces + (entry.name or "",)) if entry.name else ""
                routes.append(Route(prefix + piece, name, entry.callback, is_regex, namespaces))

    walk(get_resolver(urlconf), "", (), False)
    return routes


def build_path(route, values, literal_paths):
    """The URL to request for a route: its parameters filled from values."""

    if route.route in literal_paths:
        return literal_paths[route.route]
    if route.regex:
        raise LookupError(f"regular-expression pattern without a literal path: {route}")

    def fill(match):
        name = match.group("name")
        if name not in values:
            raise LookupError(f"no value for <{name}> in {route}")
        value = values[name]
        return str(value(route) if callable(value) else value)

    return "/" + PARAM.sub(fill, route.route)
