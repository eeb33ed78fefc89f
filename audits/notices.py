"""The notifications internal audits send, declared to the core from AuditsConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.notifications import register_kind

ACTION_OVERDUE = "action_overdue"


def action_link(params):
    return reverse("audits:action_detail", args=[params["action"]])


def register():
    register_kind(
        ACTION_OVERDUE,
        label=_("A corrective action is overdue"),
        text=_("Corrective action %(number)s, due %(due)s, is overdue: %(nonconformity)s"),
        link=action_link,
    )
