"""Who may do what in document control. Every view asks these on the server."""

from qms import roles, scope


def reads_all_control_records(user):
    """The secretary, approvers and auditors see every request, review and register of their agencies."""
    return bool(roles.agencies_with_role(user, *scope.SEEN_BY_ALL))


def manages(user, document):
    """The secretary manages every document's control records; a head those of the departments they head."""
    return scope.covers(user, document.owner_department_id, scope.MANAGED_BY_ALL)


def sees(user, document):
    return scope.covers(user, document.owner_department_id, scope.SEEN_BY_ALL)


def can_decide_change_request(user, change_request):
    return user.has_perm("procedures.change_changerequest") and (manages(user, change_request.document))


def can_see_change_request(user, change_request):
    return change_request.raised_by_id == user.pk or sees(user, change_request.document)


def can_take_into_draft(user, document):
    """The draft's editors: whoever may edit the document's page."""
    return document.permissions_for_user(user).can_edit()


def distribution_agencies(user, document):
    """The ids of the agencies whose part of the document's distribution the user edits, in order.

    The document's own agency when the user manages the document (its departments and its roles);
    then each agency that adopted the shared document where the user is the ISO secretary (its
    departments only).
    """
    from procedures.control.adoptions import adoptions_managed_by

    agencies = [document.agency_id] if manages(user, document) else []
    agencies += [a.agency_id for a in adoptions_managed_by(user, document) if a.agency_id not in agencies]
    return agencies


def distribution_agency(user, document, wanted=None):
    """The agency whose part of the distribution the user edits (``wanted`` if allowed), or None."""
    if not user.has_perm("procedures.change_distribution"):
        return None
    agencies = distribution_agencies(user, document)
    if wanted in agencies:
        return wanted
    return agencies[0] if agencies else None


def can_manage_distribution(user, document):
    """The secretary and the owner's head; and the ISO secretary of an agency that adopted the shared document."""
    return distribution_agency(user, document) is not None


def can_manage_citations(user, document):
    return user.has_perm("procedures.change_citation") and manages(user, document)


def sees_reviews_of(user, document):
    return sees(user, document)


def can_record_review(user, document, outcome):
    """Approvers sign every outcome; the owner's head and the secretary may also decide to revise."""
    from procedures.models import ReviewOutcome

    if not user.has_perm("procedures.add_periodicreview"):
        return False
    if roles.has_role(user, roles.APPROVER, agency=document.agency_id):
        return True
    return outcome == ReviewOutcome.REVISE and manages(user, document)


def can_follow_reading(user):
    """Reading completion reports: the secretary, approvers, auditors and department heads (their own staff)."""
    return reads_all_control_records(user) or bool(scope.headed_departments(user))
