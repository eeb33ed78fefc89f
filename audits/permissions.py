"""Who may do what with audit records, checked on the server by every view and
every state change. Model permissions (qms/roles.py) open the admin screens;
these rules narrow them down to the records a person may touch."""

from qms import roles, scope


def in_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_audit_role_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._audit_role_cache = cache
    return role in cache


def is_auditor(user):
    return in_role(user, roles.INTERNAL_AUDITOR)


def is_secretary(user):
    return in_role(user, roles.ISO_SECRETARY)


def can_read_all(user):
    """Auditors and the ISO secretary read every audit record."""
    return is_auditor(user) or is_secretary(user)


def can_print(user):
    """Reports and logs are printed by the ISO secretary and the auditors."""
    return can_read_all(user)


def can_approve_programme(user):
    return user.is_authenticated and user.has_perm("audits.approve_auditprogramme")


def can_view_audit(user, audit):
    """Audits are scoped by their departments (audits.models.AuditQuerySet)."""
    return type(audit).objects.filter(pk=audit.pk).visible_to(user).exists()


def is_audit_team_member(user, audit):
    if not is_auditor(user):
        return False
    return user.is_superuser or audit.lead_auditor_id == user.pk or audit.team.filter(pk=user.pk).exists()


def can_record(user, audit):
    """Checklist results and findings are recorded by the audit's own team."""
    return is_audit_team_member(user, audit)


def can_view_action(user, action):
    return type(action).objects.filter(pk=action.pk).visible_to(user).exists()


def can_answer(user, action):
    """The owner and the head of the concerned department answer an action."""
    if not user.is_authenticated:
        return False
    return action.owner_id == user.pk or action.department_id in scope.headed_departments(user)


def can_verify(user, action):
    """An auditor who is not the owner verifies effectiveness."""
    return is_auditor(user) and action.owner_id != user.pk


def can_close(user, action):
    return is_auditor(user) and action.owner_id != user.pk


def can_raise_action(user):
    return is_auditor(user)
