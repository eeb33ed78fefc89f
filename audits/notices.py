"""The notifications internal audits send, declared to the core from AuditsConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from qms.notifications import notify, register_kind

ACTION_OVERDUE = "action_overdue"
ACTION_ASSIGNED = "action_assigned"


def action_link(params):
    return reverse("audits:action_detail", args=[params["action"]])


def register():
    register_kind(
        ACTION_OVERDUE,
        label=_("A corrective action is overdue"),
        text=_("Corrective action %(number)s, due %(due)s, is overdue: %(nonconformity)s"),
        link=action_link,
    )
    register_kind(
        ACTION_ASSIGNED,
        label=_("A corrective action was assigned to you"),
        text=_("Corrective action %(number)s was assigned to you, due %(due)s: %(nonconformity)s"),
        link=action_link,
    )
    post_save.connect(tell_the_owner, sender="audits.CorrectiveAction", dispatch_uid="audits.tell_the_owner")


def tell_the_owner(sender, instance, created, raw=False, **kwargs):
    """The owner of a corrective action hears of it at once (portal and mail), and again if it is handed over.

    Once per (action, owner): saving the action again tells nobody twice.
    """
    if raw:
        return
    action = instance
    params = {
        "action": action.pk,
        "number": action.number,
        "due": date_format(action.due_date, "d/m/Y"),
        "nonconformity": Truncator(action.nonconformity).chars(200),
    }
    key = f"action-assigned-{action.pk}-{action.owner_id}"
    transaction.on_commit(lambda: notify([action.owner], ACTION_ASSIGNED, params, key=key))
