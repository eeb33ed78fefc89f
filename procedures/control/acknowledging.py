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


# Once a week (on Mondays) the daily duty walks every current issue, as a safety net; the other days it
# looks only at what changed since its last run.
FULL_WALK_WEEKDAY = 0


def followed_histories():
    """The kinds of record whose change can give someone a new issue to read, by history table."""
    from procedures.models import Adoption
    from qms.models import RoleGrant

    return {
        "issue": Issue.history.model,
        "distribution": Distribution.history.model,
        "adoption": Adoption.history.model,
        "user": User.history.model,
        "grant": RoleGrant.history.model,
    }


def latest_marks():
    from django.db.models import Max

    return {
        name: model.objects.aggregate(latest=Max("history_id"))["latest"] or 0
        for name, model in followed_histories().items()
    }


def changed_document_ids(marks):
    """The documents whose current issue may have a new reader since ``marks``: a new or changed issue,
    distribution list or adoption of the document, or a person who joined, moved, came back or changed
    roles, for the documents that person would read (by department, by role, by owner department)."""
    from django.db.models import Q

    from procedures.models import ControlledDocumentPage

    histories = followed_histories()
    documents = set()
    for name in ("issue", "distribution", "adoption"):
        documents.update(
            histories[name].objects.filter(history_id__gt=marks.get(name, 0)).values_list("document_id", flat=True)
        )
    people = set(histories["user"].objects.filter(history_id__gt=marks.get("user", 0)).values_list("id", flat=True))
    people.update(
        histories["grant"].objects.filter(history_id__gt=marks.get("grant", 0)).values_list("user_id", flat=True)
    )
    if people:
        departments = set(
            User.objects.filter(pk__in=people, department__isnull=False).values_list("department_id", flat=True)
        )
        groups = set(User.groups.through.objects.filter(user_id__in=people).values_list("group_id", flat=True))
        documents.update(
            Distribution.objects.filter(Q(department_id__in=departments) | Q(group_id__in=groups)).values_list(
                "document_id", flat=True
            )
        )
        documents.update(
            ControlledDocumentPage.objects.filter(
                owner_department_id__in=departments, distribution__isnull=True
            ).values_list("pk", flat=True)
        )
    return documents


def assign_current_issues(today=None, stdout=None, full=None):
    """Daily duty: people who joined a department or role since the issue took effect get it to read too.

    Looks only at the current issues of the documents something changed for since the last run
    (:func:`changed_document_ids`, from the marks kept in ``ReadingDutyMark``); every current issue on
    the first run, once a week and when ``full`` (``manage.py assign_current_issues --full``).
    Assigning is safe to repeat: nobody is ever assigned an issue twice. Each assignment is committed
    on its own (as before); the marks move only once the run has looked at everything, so a run that
    stops half-way is looked at again by the next one.
    """
    from procedures.models import ReadingDutyMark

    today = today or timezone.localdate()
    mark = ReadingDutyMark.objects.order_by("pk").first()
    if full is None:
        full = mark is None or today.weekday() == FULL_WALK_WEEKDAY and mark.full_walk_on != today
    # The marks are taken before looking: what changes meanwhile is looked at by the next run.
    marks = latest_marks()
    issues = Issue.objects.current().select_related("document")
    if not full:
        issues = issues.filter(document_id__in=sorted(changed_document_ids(mark.marks)))
    count = examined = 0
    for issue in issues.order_by("pk"):
        examined += 1
        count += len(assign_readers(issue))
    if mark is None:
        mark = ReadingDutyMark()
    mark.marks = marks
    if full:
        mark.full_walk_on = today
    mark.save()
    if stdout is not None:
        walk = "every current issue" if full else "changed since the last run"
        stdout.write(f"  reading assignments added: {count} ({examined} issues looked at, {walk})")
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


def listed(assignments):
    """Only what templates/procedures/includes/reading_list.html shows of each assignment (not the
    issue's frozen body nor the page's), for a list of hundreds."""
    return assignments.only(
        "assigned_at",
        "first_opened_at",
        "issue__code",
        "issue__title",
        "issue__edition",
        "issue__amendment",
        "issue__document__url_path",
    )


# The portal home shows the oldest documents to read and how many there are; the whole list is the
# "Documents to read" page (control:reading_list). A reader of a new agency has hundreds at once.
HOME_READING_PREVIEW = 10


def reading_list(request):
    """Context for templates/procedures/includes/reading_list.html on the portal home: the first
    HOME_READING_PREVIEW pending assignments, and their number when there are more."""
    user = request.user
    if not user.is_authenticated:
        return {"reading_list": [], "reading_count": 0}
    pending = listed(pending_assignments(user))
    first = list(pending[: HOME_READING_PREVIEW + 1])
    count = pending.count() if len(first) > HOME_READING_PREVIEW else len(first)
    return {"reading_list": first[:HOME_READING_PREVIEW], "reading_count": count}


def reading_state(user, issue, read=None):
    """On the reading page: record the first opening and say whether the reader may confirm.

    ``read``: (assignment, confirmation) of this reader and issue, each None if none, when the
    caller's own query already read them (procedures.portal.validators.document_issues_with_state).
    """
    if not user.is_authenticated:
        return {}
    assignment, acknowledgement = read if read is not None else assignment_and_confirmation(user, issue)
    if assignment is None or (assignment.ended_at is not None and acknowledgement is None):
        return {}
    opened_now = assignment.first_opened_at is None and issue.status == IssueStatus.CURRENT
    if opened_now:
        assignment.first_opened_at = timezone.now()
        assignment.save(update_fields=["first_opened_at"])
    return {"reading_assignment": assignment, "acknowledgement": acknowledgement, "opened_now": opened_now}


def assignment_and_confirmation(user, issue):
    """(the reader's assignment of the issue, their confirmation of it), each None if none: one query."""
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
    if assignment is None or assignment.confirmation_pk is None:
        return assignment, None
    acknowledgement = Acknowledgement(
        pk=assignment.confirmation_pk,
        issue=issue,
        user=user,
        acknowledged_at=assignment.confirmation_at,
        opened_at=assignment.confirmation_opened_at,
    )
    return assignment, acknowledgement


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
