"""Publish -> Issue -> supersede, in one place and one transaction.

The workflow's last step calls :func:`finish_workflow` (settings
WAGTAIL_FINISH_WORKFLOW_ACTION). It refuses to publish a controlled document
without an approval signature, freezes the approved revision into an
:class:`Issue`, and makes it current at once or on its effective date
(:func:`make_due_issues_current`, run daily). A failure anywhere rolls the
whole step back and leaves the previous issue current.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail.workflows import publish_workflow_state

from procedures.models import ControlledDocumentPage, Issue, IssueStatus, LegacyRecord, Signature, SignatureMeaning
from procedures.models.issues import issue_became_current  # noqa: F401 (sent by Issue.make_current; apps connect here)
from procedures.models.pages import ChangeType

logger = logging.getLogger(__name__)

# Sent when a document is withdrawn.
document_withdrawn = Signal()


def sha256_text(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def revision_sha256(revision):
    """SHA-256 of the exact revision content, in a canonical JSON form."""
    canonical = json.dumps(revision.content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return sha256_text(canonical)


def render_body(page):
    # Frozen in the document's language, whatever language the approver uses.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("procedures/issue_body.html", {"page": page})


def next_number(document, change_type):
    last = document.issues.order_by("-edition", "-amendment").first()
    if last is None:
        # A document already in force on paper continues the paper's numbering (edition 3 -> 3/1 or 4/0).
        last = LegacyRecord.objects.filter(document=document, in_force=True).first()
    if last is None:
        return 1, 0
    if change_type == ChangeType.NEW_EDITION:
        return last.edition + 1, 0
    return last.edition, last.amendment + 1


def finish_workflow(workflow_state, user=None):
    content = workflow_state.content_object
    page = content.specific if hasattr(content, "specific") else content
    if not isinstance(page, ControlledDocumentPage):
        return publish_workflow_state(workflow_state, user=user)
    approval = Signature.objects.filter(workflow_state=workflow_state, meaning=SignatureMeaning.APPROVED).first()
    if approval is None:
        raise PermissionDenied(_("A controlled document is published only by an approver's signature."))
    issue_revision(page, approval)


@transaction.atomic
def issue_revision(page, approval):
    """Freeze the approved revision as a new issue; current now or on its date.

    The issue is made at the moment of the approval (its signature's signed_at):
    an approval recorded for a moment of its own (signing.complete_signing(at=...))
    issues at that moment.
    """
    revision = approval.revision
    if revision_sha256(revision) != approval.content_sha256:
        raise PermissionDenied(_("The revision changed after it was signed; it cannot be issued."))
    approved_page = revision.as_object()
    # Lock the document so that numbering and the current issue move one at a time.
    ControlledDocumentPage.objects.select_for_update().filter(pk=page.pk).first()
    if Issue.objects.filter(revision=revision).exists():
        raise PermissionDenied(_("This revision has already been issued."))

    revision.publish(user=approval.signer, skip_permission_checks=True, log_action=True)

    pending = page.issues.filter(status=IssueStatus.SCHEDULED).first()
    edition, amendment = next_number(page, approved_page.change_type)
    body_html = render_body(approved_page)
    now = approval.signed_at
    issue = Issue(
        document=page,
        revision=revision,
        workflow_state=approval.workflow_state,
        code=approved_page.code,
        title=approved_page.title,
        owner_department_name=approved_page.owner_department.name,
        document_type_name=approved_page.document_type.name,
        edition=edition,
        amendment=amendment,
        effective_date=approval.effective_date or timezone.localdate(now),
        change_summary=approved_page.change_summary or _("First issue"),
        body_html=body_html,
        body_sha256=sha256_text(body_html),
        content_sha256=approval.content_sha256,
        approved_by=approval.signer,
        approved_at=approval.signed_at,
    )
    issue._history_date = now  # simple-history's way to date the history row
    issue.save()
    if pending is not None:
        # A later approval replaces an edition that never took effect.
        pending.supersede(issue, at=now, user=approval.signer)
    if issue.effective_date <= timezone.localdate(now):
        make_current(issue, user=approval.signer, at=now)
    return issue


@transaction.atomic
def make_current(issue, user=None, *, at=None):
    """The issue takes effect (Issue.make_current) now or ``at``, unless it already has or was replaced."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != IssueStatus.SCHEDULED:
        return issue
    issue.make_current(user=user, at=at)
    return issue


def make_due_issues_current(today, stdout=None, *, at=None):
    """Daily duty: scheduled issues whose effective date has come take effect (now, or ``at``)."""
    due = Issue.objects.filter(status=IssueStatus.SCHEDULED, effective_date__lte=today).order_by("effective_date", "pk")
    count = 0
    for issue in due:
        if issue.document.withdrawn_at is None:
            make_current(issue, at=at)
            count += 1
    if stdout is not None:
        stdout.write(f"  issues made current: {count}")
    return count


@transaction.atomic
def withdraw(document, signature, reason, *, at=None):
    """The document is withdrawn (now, or ``at``): its current (and any scheduled) issue becomes obsolete."""
    document = ControlledDocumentPage.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at is not None:
        raise PermissionDenied(_("This document has already been withdrawn."))
    now = at or timezone.now()
    for issue in Issue.objects.select_for_update().filter(
        document=document, status__in=[IssueStatus.CURRENT, IssueStatus.SCHEDULED]
    ):
        issue.withdraw(reason, at=now, user=signature.signer)
    ControlledDocumentPage.objects.filter(pk=document.pk).update(withdrawn_at=now)
    for state in WorkflowState.objects.active().for_instance(document):
        state.cancel(user=signature.signer)
    transaction.on_commit(lambda: document_withdrawn.send(sender=ControlledDocumentPage, document=document))
    return document
