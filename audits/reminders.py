"""Daily duty: remind the owners of overdue corrective actions, once per owner per day."""

from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from audits.models import CorrectiveAction, ReminderSent


def remind_overdue_owners(today, stdout):
    """Email each owner the list of their overdue actions, unless already done today."""
    overdue = CorrectiveAction.objects.overdue(today).select_related("owner").order_by("owner_id", "due_date")
    sent = 0
    for owner, actions in groupby(overdue, key=lambda a: a.owner):
        actions = list(actions)
        if not owner.email or ReminderSent.objects.filter(owner=owner, sent_on=today).exists():
            continue
        try:
            with transaction.atomic():
                # Recorded first: a second run (even a concurrent one) finds it and sends nothing.
                ReminderSent.objects.create(owner=owner, sent_on=today, actions=", ".join(a.number for a in actions))
                with translation.override(settings.LANGUAGE_CODE):
                    body = render_to_string(
                        "audits/email/overdue_reminder.txt",
                        {
                            "owner": owner,
                            "actions": actions,
                            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("audits:action_list"),
                        },
                    )
                    subject = _("Overdue corrective actions: %(count)s") % {"count": len(actions)}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
        except IntegrityError:
            continue
        sent += 1
    stdout.write(f"  audits: {sent} overdue reminder(s) sent")
