"""Who may do what with planning records, checked on the server by every view and action.

Model permissions (planning/roles.py) open the admin screens; these rules narrow
them to an agency: its ISO secretary keeps the objectives, statistics,
nonconformities, risks and prepares reviews; its approvers read everything and
the chair (an approver) records decisions and signs the minutes; its auditors
read; the overseer reads every agency's; staff have no access. Outside the admin,
a decision's owner closes it and a risk's owner re-rates it (records its residual
rating) on the record's own page, without any planning role.
"""

from qms import roles

READERS = (roles.ISO_SECRETARY, roles.APPROVER, roles.INTERNAL_AUDITOR, roles.OVERSEER)
MANAGERS = (roles.ISO_SECRETARY,)
# Who creates a management review: the secretary prepares it; the head of the agency (an approver,
# who will chair it) may create it too.
REVIEW_CREATORS = (roles.ISO_SECRETARY, roles.APPROVER)


def readable_agencies(user):
    return roles.agencies_with_role(user, *READERS)


def can_read(user, agency_id):
    agencies = readable_agencies(user)
    return agencies == roles.ALL or agency_id in agencies


def can_manage(user, agency_id):
    return roles.has_role(user, roles.ISO_SECRETARY, agency=agency_id)


def can_prepare_review(user, review):
    """The secretary gathers the inputs; the chair may too. Only while the minutes are not signed."""
    return not review.is_signed and (can_manage(user, review.agency_id) or is_chair(user, review))


def is_chair(user, review):
    return user.pk == review.chair_id and roles.has_role(user, roles.APPROVER, agency=review.agency_id)


def can_close_decision(user, decision, review):
    return user.pk in (decision.owner_id, review.chair_id) or can_manage(user, review.agency_id)


def can_see_decision(user, decision):
    """A decision's page: its owner sees it (even with no planning role: nothing else of planning),
    and whoever reads the agency's planning records."""
    return user.pk == decision.owner_id or can_read(user, decision.agency_id)


def is_risk_owner(user, risk):
    """The person named owner on the risk, while they belong to the risk's agency."""
    return user.pk == risk.owner_id and getattr(user, "agency_id", None) == risk.agency_id


def can_see_risk(user, risk):
    """A risk's page: its owner sees it (even with no planning role), and whoever reads the agency's
    planning records."""
    return is_risk_owner(user, risk) or can_read(user, risk.agency_id)


def can_rerate(user, risk):
    """Its owner records the residual rating of their own risk; so does the agency's ISO secretary."""
    return is_risk_owner(user, risk) or can_manage(user, risk.agency_id)
