"""Internal audits' panels on the back office's dashboard (qms.dashboard).

- overdue corrective actions of the person's agencies, for the ISO secretary and the auditors;
- the audits the person leads or is on, not yet closed, for the auditors.

Each reads its rows in one query.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, CorrectiveAction
from qms import roles
from qms.dashboard import DashboardPanel, Row


class OverdueActionsPanel(DashboardPanel):
    name = "overdue_actions"
    heading = _("Overdue corrective actions")
    empty_text = _("No corrective action of your agency is overdue.")
    more_label = _("All corrective actions")
    order = 30

    def is_shown(self):
        return roles.has_role(self.request.user, roles.ISO_SECRETARY, roles.INTERNAL_AUDITOR)

    def more_url(self):
        return reverse("audits:action_list")

    def rows(self):
        user = self.request.user
        agencies = roles.agencies_with_role(user, roles.ISO_SECRETARY, roles.INTERNAL_AUDITOR)
        actions = CorrectiveAction.objects.visible_to(user).overdue()
        if agencies != roles.ALL:
            actions = actions.filter(agency__in=agencies)
        actions = actions.select_related("owner", "department").order_by("due_date", "pk")[: self.limit]
        return [
            Row(
                f"{action.number} – {action.department.name}",
                reverse("audits:action_detail", args=[action.pk]),
                _("%(owner)s, due %(date)s")
                % {
                    "owner": action.owner.get_full_name() or action.owner.get_username(),
                    "date": formats.date_format(action.due_date, "SHORT_DATE_FORMAT"),
                },
                warning=True,
            )
            for action in actions
        ]


class MyAuditsPanel(DashboardPanel):
    name = "my_audits"
    heading = _("My audits")
    empty_text = _("You lead or are on no audit that is still open.")
    more_label = _("All audits")
    order = 40

    def is_shown(self):
        return roles.has_role(self.request.user, roles.INTERNAL_AUDITOR)

    def more_url(self):
        return reverse("audits_audit:index")

    def rows(self):
        user = self.request.user
        mine = Audit.objects.filter(pk__in=Audit.objects.filter(Q(lead_auditor=user) | Q(team=user)).values("pk"))
        audits = mine.visible_to(user).exclude(status=Audit.Status.CLOSED).order_by("planned_start", "pk")[: self.limit]
        today = timezone.localdate()
        rows = []
        for audit in audits:
            role = _("you lead it") if audit.lead_auditor_id == user.pk else _("you are on its team")
            rows.append(
                Row(
                    str(audit),
                    reverse("audits_audit:detail", args=[audit.pk]),
                    _("%(status)s, %(start)s–%(end)s, %(role)s")
                    % {
                        "status": audit.get_status_display(),
                        "start": formats.date_format(audit.planned_start, "SHORT_DATE_FORMAT"),
                        "end": formats.date_format(audit.planned_end, "SHORT_DATE_FORMAT"),
                        "role": role,
                    },
                    warning=audit.status == Audit.Status.PLANNED and audit.planned_start <= today,
                )
            )
        return rows


def add_panels(request, panels):
    """The ``construct_homepage_panels`` hook."""
    panels.extend([OverdueActionsPanel(request), MyAuditsPanel(request)])
