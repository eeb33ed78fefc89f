"""The controlled-copy register (sổ theo dõi phân phối bản kiểm soát) and what moves it.

The ISO secretary issues numbered controlled copies of the current issue to
registered holders. When a newer issue takes effect (or the document is
withdrawn), every copy of the older issues still with a holder is flagged for
withdrawal; the secretary records each one as it comes back. Right after an
issue takes effect its uncontrolled copy is rendered in the background; if
that fails the issue is current all the same, and the daily duty tries again.
"""

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from procedures.models import ControlledCopy, CopyKind, Issue, IssueStatus, RenderedCopy

logger = logging.getLogger(__name__)


class CopyNotIssued(Exception):
    pass


@transaction.atomic
def issue_controlled_copy(issue, *, user, holder_user=None, holder_department=None):
    """Register the next numbered copy of the current issue for one holder."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != IssueStatus.CURRENT:
        raise CopyNotIssued(_("Controlled copies are issued only of the current issue."))
    if (holder_user is None) == (holder_department is None):
        raise CopyNotIssued(_("Choose either a person or a department as the holder, not both."))
    last = ControlledCopy.objects.filter(issue=issue).aggregate(n=Max("number"))["n"] or 0
    return ControlledCopy.objects.create(
        issue=issue,
        number=last + 1,
        holder_user=holder_user,
        holder_department=holder_department,
        issued_by=user,
    )


def flag_copies_of_older_issues(document_id, *, except_issue_id=None):
    """Copies of every other issue of the document must come back."""
    outstanding = ControlledCopy.objects.outstanding().filter(
        issue__document_id=document_id, withdrawal_due_at__isnull=True
    )
    if except_issue_id is not None:
        outstanding = outstanding.exclude(issue_id=except_issue_id)
    count = 0
    for copy in outstanding:  # one by one, so that history records each flag
        copy.withdrawal_due_at = timezone.now()
        copy.save(update_fields=["withdrawal_due_at"])
        count += 1
    return count


@task()
def render_uncontrolled_copy(issue_id):
    """Render today's uncontrolled copy of an issue that has just taken effect."""
    from procedures.copies import printing

    issue = Issue.objects.get(pk=issue_id)
    if issue.status == IssueStatus.CURRENT:
        printing.get_or_render(issue, CopyKind.UNCONTROLLED)


def on_issue_became_current(sender, issue, previous=None, **kwargs):
    flag_copies_of_older_issues(issue.document_id, except_issue_id=issue.pk)
    try:
        render_uncontrolled_copy.enqueue(issue.pk)
    except Exception:
        # The issue is current whatever happens to its PDF; the daily duty retries.
        logger.exception("Could not queue the PDF of issue %s", issue.pk)


def on_document_withdrawn(sender, document, **kwargs):
    flag_copies_of_older_issues(document.pk)


def render_missing_copies(today, stdout=None):
    """Daily duty: current issues whose background render failed get their copy now."""
    from procedures.copies import printing

    missing = Issue.objects.current().exclude(
        pk__in=RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).values("issue_id")
    )
    count = failed = 0
    for issue in missing.order_by("pk"):
        try:
            printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=today)
            count += 1
        except Exception:
            failed += 1
            logger.exception("Rendering the PDF of issue %s failed again", issue.pk)
    if stdout is not None:
        stdout.write(f"  PDF copies rendered: {count}, failed: {failed}")
    return count
