"""The back office's dashboard: short panels of what waits for the person signed in.

Each app adds its panels with Wagtail's ``construct_homepage_panels`` hook
(its wagtail_hooks.py), as subclasses of :class:`DashboardPanel`: a heading, at
most ``limit`` rows each with a link, a sentence when there is nothing, and a
link to the full list. A panel is shown only to the roles it is for
(:meth:`DashboardPanel.is_shown`) and reads its rows in a fixed number of
queries, whatever the number of records. Wagtail's own panels (pages locked,
edited, in moderation) are replaced: the documents waiting for a signature
are the apps' panel, and the others say nothing a QMS user looks for.
"""

from dataclasses import dataclass

from django.forms import Media
from wagtail.admin.ui.components import Component

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


class DashboardPanel(Component):
    """One panel of the dashboard. Subclasses set the texts and write :meth:`rows`."""

    template_name = "wagtailadmin/home/qms_panel.html"
    name = ""
    heading = ""
    empty_text = ""
    more_label = ""
    limit = 5
    order = 100

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return Media(css={"all": ["css/dashboard.css"]})

    def is_shown(self):
        raise NotImplementedError

    def rows(self):
        """At most ``limit`` rows, in a fixed number of queries."""
        raise NotImplementedError

    def more_url(self):
        return ""

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


def construct_panels(request, panels):
    """Drop Wagtail's panels that the apps' panels replace (the ``construct_homepage_panels`` hook)."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED_WAGTAIL_PANELS]
