"""Daily duty: remind the owners of overdue corrective actions, every day while overdue.

Each overdue action becomes one notification a day for its owner (in the portal
list, linking to the action) and goes out in that person's one daily digest.
"""

from django.utils.text import Truncator

from audits.models import CorrectiveAction
from audits.notices import ACTION_OVERDUE
from qms.notifications import notify


def remind_overdue_owners(today, stdout):
    overdue = CorrectiveAction.objects.overdue(today).select_related("owner").order_by("owner_id", "due_date")
    reminded = 0
    for action in overdue:
        reminded += len(
            notify(
                [action.owner],
                ACTION_OVERDUE,
                {
                    "action": action.pk,
                    "number": action.number,
                    "due": action.due_date.strftime("%d/%m/%Y"),
                    "nonconformity": Truncator(action.nonconformity).chars(120),
                },
                key=f"{ACTION_OVERDUE}:{action.pk}:{today.isoformat()}",
                email=False,
            )
        )
    stdout.write(f"  audits: {reminded} overdue reminder(s)")
