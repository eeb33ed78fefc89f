"""Numbers of audits (ĐGNB-2026-01), findings (ĐGNB-2026-01/NC-03) and
corrective actions (HĐKP-2026-001).

Each number is the next free sequence under a parent row. The parent row is
locked (select_for_update) while the number is taken, and a unique constraint
backs it up, so two people recording at the same moment get distinct numbers.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max

AUDIT_PREFIX = "ĐGNB"
ACTION_PREFIX = "HĐKP"
ACTION_ATTEMPTS = 5


def assign_audit_number(audit):
    """Give a new audit the next number of its programme's year. Call inside a transaction."""
    from audits.models import Audit, AuditProgramme

    programme = AuditProgramme.objects.select_for_update().get(pk=audit.programme_id)
    last = Audit.objects.filter(programme=programme).aggregate(m=Max("sequence"))["m"]
    audit.sequence = (last or 0) + 1
    audit.number = f"{AUDIT_PREFIX}-{programme.year}-{audit.sequence:02d}"


def assign_finding_number(finding):
    """Give a new finding the next number of its series within the audit. Call inside a transaction."""
    from audits.models import Audit, Finding

    audit = Audit.objects.select_for_update().get(pk=finding.audit_id)
    last = Finding.objects.filter(audit=audit, series=finding.series).aggregate(m=Max("sequence"))["m"]
    finding.sequence = (last or 0) + 1
    finding.number = f"{audit.number}/{finding.series}-{finding.sequence:02d}"


def agency_of_action(action):
    """The agency an action belongs to: its audit's, else its department's, else its owner's."""
    if action.finding_id:
        return action.finding.audit.programme.agency_id
    if action.department_id:
        return action.department.agency_id
    if action.owner_id:
        return action.owner.agency_id
    return None


def save_with_action_number(action, save):
    """Number a new corrective action within its year and save it.

    Actions have no parent row to lock (they come from audits, complaints,
    monitoring...), so a clash on the unique constraint is retried with the
    next number instead, each try in its own savepoint.
    """
    from django.utils import timezone

    from audits.models import CorrectiveAction

    action.year = timezone.localdate().year if action.year is None else action.year
    if action.agency_id is None:
        action.agency_id = agency_of_action(action)
    for attempt in range(ACTION_ATTEMPTS):
        last = CorrectiveAction.objects.filter(agency_id=action.agency_id, year=action.year).aggregate(
            m=Max("sequence")
        )["m"]
        action.sequence = (last or 0) + 1
        action.number = f"{ACTION_PREFIX}-{action.year}-{action.sequence:03d}"
        try:
            with transaction.atomic():
                save()
            return
        except IntegrityError:
            if attempt == ACTION_ATTEMPTS - 1:
                raise
            action.pk = None
            action._state.adding = True
