"""Who may do what in document control. Every view asks these on the server."""

from qms import roles


def is_secretary(user):
    return user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY)


def heads_owner_department(user, document):
    return (
        roles.has_role(user, roles.DEPARTMENT_HEAD)
        and user.department_id is not None
        and user.department_id == document.owner_department_id
    )


def reads_all_control_records(user):
    """The secretary, approvers and auditors see every request, review and register."""
    return user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY, roles.APPROVER, roles.INTERNAL_AUDITOR)


def can_decide_change_request(user, change_request):
    return user.has_perm("procedures.change_changerequest") and (
        is_secretary(user) or heads_owner_department(user, change_request.document)
    )


def can_see_change_request(user, change_request):
    return (
        change_request.raised_by_id == user.pk
        or reads_all_control_records(user)
        or heads_owner_department(user, change_request.document)
    )


def can_take_into_draft(user, document):
    """The draft's editors: whoever may edit the document's page."""
    return document.permissions_for_user(user).can_edit()


def can_manage_distribution(user, document):
    return user.has_perm("procedures.change_distribution") and (
        is_secretary(user) or heads_owner_department(user, document)
    )


def can_manage_citations(user, document):
    return user.has_perm("procedures.change_citation") and (
        is_secretary(user) or heads_owner_department(user, document)
    )


def sees_reviews_of(user, document):
    return reads_all_control_records(user) or heads_owner_department(user, document)


def can_record_review(user, document, outcome):
    """Approvers sign every outcome; the owner's head and the secretary may also decide to revise."""
    from procedures.models import ReviewOutcome

    if not user.has_perm("procedures.add_periodicreview"):
        return False
    if roles.has_role(user, roles.APPROVER):
        return True
    return outcome == ReviewOutcome.REVISE and (is_secretary(user) or heads_owner_department(user, document))


def can_follow_reading(user):
    """Reading completion reports: the secretary, approvers, auditors and department heads (their own staff)."""
    return reads_all_control_records(user) or roles.has_role(user, roles.DEPARTMENT_HEAD)
