"""The two steps of the "document approval" workflow: review (xem xét) and
approval (phê duyệt). Each is signed on its own page (procedures.lifecycle.signing),
where the signer re-enters their password; the tasks decide who may sign."""

import contextlib
from contextvars import ContextVar

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from qms import roles, scope

# Wagtail starts the next step itself (Workflow.start, TaskState.approve) and
# announces it (its task_submitted signal) with no moment: a caller recording a
# round for a moment of its own (procedures.lifecycle.signing.complete_signing(at=...), the
# demo's past rounds) names it here, for the steps that start inside. Only that
# signal's receiver reads it (procedures.control.signals.on_task_submitted).
_steps_start_at = ContextVar("procedures_steps_start_at", default=None)


@contextlib.contextmanager
def steps_starting_at(moment):
    """The steps Wagtail starts inside this block are announced as of ``moment`` (None: now)."""
    token = _steps_start_at.set(moment)
    try:
        yield
    finally:
        _steps_start_at.reset(token)


def step_start_moment():
    """The moment named by the innermost steps_starting_at(), or None (now)."""
    return _steps_start_at.get()


def reviewer_of(workflow_state, revision=None):
    """Who signed the review of this round (a voided review does not count)."""
    from .signatures import Signature, SignatureMeaning

    reviews = Signature.objects.filter(
        workflow_state=workflow_state, meaning=SignatureMeaning.REVIEWED, voids__isnull=True
    )
    if revision is not None:
        reviews = reviews.filter(revision=revision)
    signature = reviews.first()
    return signature.signer if signature else None


def authorship_refusal(page, user, workflow_state, approving):
    """The three-person rule on authors: who wrote any revision of the round neither reviews nor approves it."""
    from procedures.models import authorship

    revision = authorship.revision_in_progress(page, workflow_state)
    authors = authorship.authors_of_round(page, revision)
    authored = next((a for a in authors if a.user.pk == user.pk), None)
    if authored is not None:
        if approving:
            message = _(
                "You edited this draft (revision of %(date)s): someone else must approve it "
                "(preparer, reviewer and approver are three different people)."
            )
        else:
            message = _(
                "You edited this draft (revision of %(date)s): someone else must review it "
                "(preparer, reviewer and approver are three different people)."
            )
        return message % {"date": authored.when}
    if not authors and workflow_state.requested_by_id == user.pk:
        # Nobody changed the text: whoever submitted it is its preparer.
        if approving:
            return _(
                "You prepared this draft: someone else must approve it "
                "(preparer, reviewer and approver are three different people)."
            )
        return _(
            "You prepared this draft: someone else must review it "
            "(preparer, reviewer and approver are three different people)."
        )
    return None


class SigningTask(Task):
    """A workflow step completed by an electronic signature."""

    meaning = None
    sign_label = None

    class Meta:
        abstract = True

    def refusal_reason(self, page, user, workflow_state):
        """Why this user may not sign this step, or None if they may."""
        raise NotImplementedError

    def user_can_sign(self, page, user, workflow_state=None):
        workflow_state = workflow_state or page.current_workflow_state
        return workflow_state is not None and self.refusal_reason(page, user, workflow_state) is None

    def user_can_access_editor(self, obj, user):
        return self.user_can_sign(obj.specific, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_sign(obj.specific, user)

    def get_actions(self, obj, user):
        if self.user_can_sign(obj.specific, user):
            return [("sign", self.sign_label, False), ("reject", _("Request changes"), True)]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "sign":
            # The signature needs the password again: send the signer to the signing page,
            # which says why if they may not sign (e.g. they have just edited the draft).
            return reverse("procedures_sign", args=[task_state.pk])
        page = task_state.workflow_state.content_object.specific
        refusal = self.refusal_reason(page, user, task_state.workflow_state)
        if refusal is not None:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(refusal)
        if action_name == "reject":
            task_state.reject(user=user, comment=kwargs.get("comment", ""))
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("workflow_state")
        return TaskState.objects.filter(
            pk__in=[
                s.pk
                for s in states
                if self.user_can_sign(s.workflow_state.content_object.specific, user, s.workflow_state)
            ]
        )


class ReviewTask(SigningTask):
    """Review (xem xét) by the owner department's head or the ISO secretary."""

    meaning = "reviewed"
    sign_label = _("Review and sign")

    class Meta:
        verbose_name = _("review (xem xét)")
        verbose_name_plural = _("reviews")

    @classmethod
    def get_description(cls):
        return _("The head of the document's department or the ISO secretary reviews and signs.")

    def refusal_reason(self, page, user, workflow_state):
        if not user.is_active:
            return _("This account is inactive.")
        is_secretary = roles.has_role(user, roles.ISO_SECRETARY, agency=page.agency_id)
        is_owner_head = page.owner_department_id in scope.headed_departments(user)
        if not (is_secretary or is_owner_head):
            return _("Only the head of the owner department or the ISO secretary may review this document.")
        return authorship_refusal(page, user, workflow_state, approving=False)


class ApprovalTask(SigningTask):
    """Approval (phê duyệt) by an approver, who also sets the effective date."""

    meaning = "approved"
    sign_label = _("Approve and sign")

    class Meta:
        verbose_name = _("approval (phê duyệt)")
        verbose_name_plural = _("approvals")

    @classmethod
    def get_description(cls):
        return _("An approver approves, signs and sets the effective date.")

    def start(self, workflow_state, user=None):
        """Approval starts only on a revision whose review is signed; otherwise review starts again.

        Wagtail resumes a workflow sent back for changes at the step that asked for
        them: after the text changed, the review of the old text does not count.
        """
        from .signatures import Signature, SignatureMeaning

        revision = workflow_state.content_object.get_latest_revision()
        reviewed = Signature.objects.filter(
            workflow_state=workflow_state, meaning=SignatureMeaning.REVIEWED, revision=revision, voids__isnull=True
        ).exists()
        if not reviewed:
            review = next(
                (
                    task.specific
                    for task in workflow_state.workflow.tasks.filter(active=True)
                    if isinstance(task.specific, ReviewTask)
                ),
                None,
            )
            if review is not None:
                return review.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def refusal_reason(self, page, user, workflow_state):
        if not user.is_active:
            return _("This account is inactive.")
        if not roles.has_role(user, roles.APPROVER, agency=page.agency_id):
            return _("Only an approver of the document's agency may approve it.")
        refusal = authorship_refusal(page, user, workflow_state, approving=True)
        if refusal is not None:
            return refusal
        if reviewer_of(workflow_state) == user:
            return _(
                "You reviewed this draft: someone else must approve it "
                "(preparer, reviewer and approver are three different people)."
            )
        return None
