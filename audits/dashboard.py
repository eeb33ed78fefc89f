"""Internal audits' panels on the back office's dashboard (qms.dashboard).

- overdue corrective actions of the person's agencies, for the ISO secretary and the auditors;
- the audits the person leads or is on, not yet closed, for the auditors.

Each reads its rows in one query.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, CorrectiveAction
from qms import roles
from qms.dashboard import DashboardPanel, Row, panels_hook, short_date


class OverdueActionsPanel(DashboardPanel):
    name = "overdue_actions"
    heading = _("Overdue corrective actions")
    empty_text = _("No corrective action of your agency is overdue.")
    more_label = _("All corrective actions")
    more_url_name = "audits:action_list"
    shown_to = (roles.ISO_SECRETARY, roles.INTERNAL_AUDITOR)
    order = 30

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
                    "date": short_date(action.due_date),
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
    more_url_name = "audits_audit:index"
    shown_to = (roles.INTERNAL_AUDITOR,)
    order = 40

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
                        "start": short_date(audit.planned_start),
                        "end": short_date(audit.planned_end),
                        "role": role,
                    },
                    warning=audit.status == Audit.Status.PLANNED and audit.planned_start <= today,
                )
            )
        return rows


# The ``construct_homepage_panels`` hook.
add_panels = panels_hook(OverdueActionsPanel, MyAuditsPanel)
