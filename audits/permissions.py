"""Who may do what with audit records, checked on the server by every view and
every state change. Model permissions (qms/roles.py) open the admin screens;
these rules narrow them down to the records a person may touch."""

from qms import roles, scope


def in_role(user, role, agency=None):
    """The role held (in this agency, if one is given); a superuser holds every audit role."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return roles.has_role(user, role, agency=agency)


def is_auditor(user, agency=None):
    return in_role(user, roles.INTERNAL_AUDITOR, agency)


def is_secretary(user, agency=None):
    return in_role(user, roles.ISO_SECRETARY, agency)


def can_read_all(user, agency=None):
    """Auditors and the ISO secretary read every audit record of their agencies; the overseer every agency's."""
    return is_auditor(user, agency) or is_secretary(user, agency) or in_role(user, roles.OVERSEER, agency)


def can_print(user, agency=None):
    """Reports and logs are printed by the ISO secretary and the auditors (and read by the overseer)."""
    return can_read_all(user, agency)


def can_approve_programme(user, programme=None):
    if not (user.is_authenticated and user.has_perm("audits.approve_auditprogramme")):
        return False
    return programme is None or user.is_superuser or roles.has_role(user, roles.APPROVER, agency=programme.agency_id)


def can_view_audit(user, audit):
    """Audits are scoped by their departments (audits.models.AuditQuerySet)."""
    return type(audit).objects.filter(pk=audit.pk).visible_to(user).exists()


def is_audit_team_member(user, audit):
    if not is_auditor(user, audit.programme.agency_id):
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
    """An auditor of the action's agency who is not the owner verifies effectiveness."""
    return is_auditor(user, action.agency_id) and action.owner_id != user.pk


def can_close(user, action):
    return is_auditor(user, action.agency_id) and action.owner_id != user.pk


def can_raise_action(user, agency=None):
    return is_auditor(user, agency)
