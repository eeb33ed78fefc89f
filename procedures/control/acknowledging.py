"""Read-and-understood: who must read each issue, who opened it, who confirmed.

When an issue takes effect each person in the document's distribution (its
owner department when it has none) gets a reading assignment; they confirm on the reading page after opening it. A new
issue asks again; a superseded issue can no longer be confirmed.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.control import access
from procedures.documents import readers
from procedures.models import Acknowledgement, Distribution, Issue, IssueStatus, ReadingAssignment
from procedures.notices import Notice
from qms.models import User
from qms.notifications import notify


def distribution_members(document):
    """Active people who must read the document, through a department or a role (of the document's agency).

    A document with no distribution list goes to its owner department, the
    "Nơi nhận" every procedure has at least: a new issue always reaches
    someone's reading list.
    """
    from django.db.models import Q

    entries = list(Distribution.objects.filter(document=document))
    department_ids = [e.department_id for e in entries if e.department_id]
    group_ids = [e.group_id for e in entries if e.group_id]
    if not entries:
        if document.owner_department_id is None:
            return User.objects.none()
        department_ids = [document.owner_department_id]

    return (
        User.objects.filter(is_active=True)
        .filter(Q(department_id__in=department_ids) | Q(groups__in=group_ids, agency=document_agency(document)))
        .distinct()
        .order_by("full_name", "username")
    )


def document_agency(document):
    """The id of the agency whose library holds the document (its owner department's otherwise)."""
    agency_id, _shared = readers.page_agency(document)
    return agency_id if agency_id is not None else document.owner_department.agency_id


def assign_readers(issue, notify_readers=True):
    """Give each distribution member a pending assignment for this current issue. Safe to repeat."""
    if issue.status != IssueStatus.CURRENT:
        return []
    existing = dict(ReadingAssignment.objects.filter(issue=issue).values_list("user_id", "ended_at"))
    members = list(distribution_members(issue.document))
    new_readers = [user for user in members if user.pk not in existing]
    returning = [user.pk for user in members if existing.get(user.pk) is not None]
    for assignment in ReadingAssignment.objects.filter(issue=issue, user_id__in=returning):
        assignment.ended_at = None  # the document is theirs to read again (history keeps the change)
        assignment.save(update_fields=["ended_at"])
    created = []
    for user in new_readers:
        try:
            with transaction.atomic():
                created.append(ReadingAssignment.objects.create(issue=issue, user=user))
        except IntegrityError:
            continue  # assigned by a concurrent run
    if notify_readers and created:
        notify(
            [a.user for a in created],
            Notice.DOCUMENT_ISSUED,
            issue_params(issue),
            url=issue.document.url,
            key=f"issued:{issue.pk}",
        )
    return created


def issue_params(issue):
    return {"code": issue.code, "title": issue.title, "edition": f"{issue.edition}/{issue.amendment}"}


def assign_current_issues(today=None, stdout=None):
    """Daily duty: people who joined a department or role since the issue took effect get it to read too."""
    count = 0
    for issue in Issue.objects.current().select_related("document"):
        count += len(assign_readers(issue))
    if stdout is not None:
        stdout.write(f"  reading assignments added: {count}")
    return count


def pending_assignments(user):
    """The current issues this person must still confirm (of the documents they read)."""
    return (
        ReadingAssignment.objects.required()
        .filter(user=user, issue__status=IssueStatus.CURRENT)
        .filter(readers.document_condition(user, "issue__document"))
        .annotate(done=Exists(Acknowledgement.objects.filter(issue=OuterRef("issue"), user=OuterRef("user"))))
        .filter(done=False)
        .select_related("issue", "issue__document")
        .order_by("assigned_at")
    )


def followed_assignments(user):
    """Assignments on current issues this person may follow: all, or their department's staff for a head."""
    assignments = (
        ReadingAssignment.objects.required()
        .filter(issue__status=IssueStatus.CURRENT)
        .annotate(done=Exists(Acknowledgement.objects.filter(issue=OuterRef("issue"), user=OuterRef("user"))))
    )
    if not access.can_follow_reading(user):
        raise PermissionDenied
    return assignments.visible_to(user)


def reading_list(request):
    """Context for templates/procedures/includes/reading_list.html (the portal home)."""
    user = request.user
    if not user.is_authenticated:
        return {"reading_list": []}
    return {"reading_list": list(pending_assignments(user))}


def reading_state(user, issue):
    """On the reading page: record the first opening and say whether the reader may confirm."""
    if not user.is_authenticated:
        return {}
    # The assignment and the confirmation in one query.
    confirmation = Acknowledgement.objects.filter(issue=issue, user=user)
    assignment = (
        ReadingAssignment.objects.filter(issue=issue, user=user)
        .annotate(
            confirmation_pk=Subquery(confirmation.values("pk")[:1]),
            confirmation_at=Subquery(confirmation.values("acknowledged_at")[:1]),
            confirmation_opened_at=Subquery(confirmation.values("opened_at")[:1]),
        )
        .first()
    )
    if assignment is None or (assignment.ended_at is not None and assignment.confirmation_pk is None):
        return {}
    opened_now = assignment.first_opened_at is None and issue.status == IssueStatus.CURRENT
    if opened_now:
        assignment.first_opened_at = timezone.now()
        assignment.save(update_fields=["first_opened_at"])
    acknowledgement = None
    if assignment.confirmation_pk is not None:
        acknowledgement = Acknowledgement(
            pk=assignment.confirmation_pk,
            issue=issue,
            user=user,
            acknowledged_at=assignment.confirmation_at,
            opened_at=assignment.confirmation_opened_at,
        )
    return {"reading_assignment": assignment, "acknowledgement": acknowledgement, "opened_now": opened_now}


class AcknowledgementRefused(Exception):
    pass


def acknowledge(user, assignment):
    """Confirm read-and-understood; refuses someone else's, unopened or no longer current issues."""
    if assignment.user_id != user.pk:
        raise PermissionDenied(_("You can only confirm your own reading."))
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=assignment.issue_id)
        assignment = ReadingAssignment.objects.get(pk=assignment.pk)
        if issue.status != IssueStatus.CURRENT:
            raise AcknowledgementRefused(
                _("This edition is no longer current: read and confirm the current one instead.")
            )
        if assignment.ended_at is not None:
            raise AcknowledgementRefused(_("This document is no longer on your reading list."))
        if assignment.first_opened_at is None:
            raise AcknowledgementRefused(_("Open the document and read it before confirming."))
        if Acknowledgement.objects.filter(issue=issue, user=user).exists():
            raise AcknowledgementRefused(_("You have already confirmed reading this edition."))
        return Acknowledgement.objects.create(issue=issue, user=user, opened_at=assignment.first_opened_at)
