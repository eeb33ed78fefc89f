"""The back office's dashboard: short panels of what waits for the person signed in.

Each app adds its panels with Wagtail's ``construct_homepage_panels`` hook
(its wagtail_hooks.py, the hook made by :func:`panels_hook`), as subclasses of
:class:`DashboardPanel`: a heading, at most ``limit`` rows each with a link, a
sentence when there is nothing, and a link to the full list. A panel is shown
only to the roles it is for (``shown_to``, ``shown_to_heads``) and reads its
rows in a fixed number of queries, whatever the number of records. Wagtail's
own panels (pages locked, edited, in moderation) are replaced: the documents
waiting for a signature are the apps' panel, and the others say nothing a QMS
user looks for.
"""

from dataclasses import dataclass

from django.forms import Media
from django.urls import reverse
from django.utils import formats
from wagtail.admin.ui.components import Component

from qms import roles, scope

# Wagtail's panels that the QMS dashboard does not show (see the module docstring).
REPLACED_WAGTAIL_PANELS = frozenset(
    {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation", "recent_edits", "locked_pages"}
)


@dataclass
class Row:
    label: str
    url: str
    detail: str = ""
    warning: bool = False


def short_date(value):
    """A date as the panels write it: the language's short format."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class DashboardPanel(Component):
    """One panel of the dashboard. Subclasses set the texts, who it is for and the URL name of the
    full list (if any), and write :meth:`rows`."""

    template_name = "wagtailadmin/home/qms_panel.html"
    name = ""
    heading = ""
    empty_text = ""
    more_label = ""
    more_url_name = ""
    shown_to = ()  # the roles (qms.roles) the panel is for
    shown_to_heads = False  # and the heads of departments
    limit = 5
    order = 100

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return Media(css={"all": ["css/dashboard.css"]})

    def is_shown(self):
        user = self.request.user
        return roles.has_role(user, *self.shown_to) or (self.shown_to_heads and bool(scope.headed_departments(user)))

    def rows(self):
        """At most ``limit`` rows, in a fixed number of queries."""
        raise NotImplementedError

    def more_url(self):
        return reverse(self.more_url_name) if self.more_url_name else ""

    def get_context_data(self, parent_context=None):
        return {
            "panel": self,
            "panel_id": f"qms-dashboard-{self.name}",
            "rows": self.rows()[: self.limit],
            "more_url": self.more_url(),
        }

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


def panels_hook(*panel_classes):
    """The ``construct_homepage_panels`` hook that adds these panels."""

    def add_panels(request, panels):
        panels.extend(panel(request) for panel in panel_classes)

    return add_panels


def construct_panels(request, panels):
    """Drop Wagtail's panels that the apps' panels replace (the ``construct_homepage_panels`` hook)."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED_WAGTAIL_PANELS]
