"""Electronic signatures: the signer re-enters their password on this page.

The password is her signing password if she has set one, else her sign-in
password (qms/signing_password.py); someone who signs in with the province's
account has only the signing password.

Review and approval steps of the workflow, and withdrawal, are signed here.
A wrong password signs nothing; repeated wrong passwords lock the account
exactly as at sign-in (django-axes counts them) and end the session. The right
password always signs: the lock-out guards the sign-in page against guessing,
and other people's failures (even with the signer's username) never stop a
signer who holds her session and proves her password.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import TaskState, WorkflowState

from procedures.lifecycle import issuing
from procedures.models import Signature, SignatureMeaning, authorship
from procedures.models.tasks import steps_starting_at
from qms import signing_password
from qms.text_limits import LONG_TEXT


def closed_step_message(task_state):
    """Why a step that is no longer running cannot be signed."""
    restarted = (
        task_state.status == TaskState.STATUS_CANCELLED
        and TaskState.objects.filter(workflow_state_id=task_state.workflow_state_id, pk__gt=task_state.pk).exists()
    )
    if restarted:
        # procedures.models.authorship: a save during the round started it again on the new revision.
        return _("The draft was changed after this step began: nothing was signed. Sign the new revision.")
    return _("This step has already been completed; nothing was signed.")


class SignForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Re-enter your password to sign."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        user = request.user
        if user.is_authenticated and signing_password.signing_password_of(user) is not None:
            self.fields["password"].label = gettext_lazy("Your signing password")
            self.fields["password"].help_text = gettext_lazy("Enter your signing password to sign.")
        elif user.is_authenticated and not user.has_usable_password():
            self.fields["password"].help_text = signing_password.no_password_message()

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if not signing_password.can_sign_with_a_password(user):
            raise forms.ValidationError(signing_password.no_password_message(user), code="no_signing_password")
        if signing_password.password_signs(user, password):
            return password
        # A failed sign-in, as django.contrib.auth.authenticate reports one:
        # django-axes counts it against this username from this address.
        signing_password.count_failure(self.request)
        raise forms.ValidationError(_("Wrong password: nothing was signed."), code="wrong_password")


class ApproveForm(SignForm):
    effective_date = forms.DateField(
        label=gettext_lazy("Effective date"),
        help_text=gettext_lazy("Today, or a later date on which the new issue takes effect."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_effective_date(self):
        date = self.cleaned_data["effective_date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the past."))
        return date


class WithdrawForm(SignForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )

    field_order = ["reason", "password"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["comment"]


# Raised by SignForm.is_valid() when wrong passwords lock the account; answered by locked_out().
AccountLocked = signing_password.AccountLocked
locked_out = signing_password.locked_out


def record_signature(
    *,
    user,
    document,
    meaning,
    revision=None,
    workflow_state=None,
    comment="",
    effective_date=None,
    password_confirmed=True,
    when=None,
    at=None,
):
    """Record a signature ``at`` a moment (default now) that states ``when`` it was given (default: at)."""
    at = at or timezone.now()
    signature = Signature(
        signer=user,
        printed_name=user.get_full_name() or user.get_username(),
        job_title=user.job_title,
        meaning=meaning,
        signed_at=when or at,
        password_confirmed=password_confirmed,
        document=document,
        revision=revision,
        workflow_state=workflow_state,
        content_sha256=issuing.revision_sha256(revision) if revision else document_sha256(document),
        comment=comment,
        effective_date=effective_date,
    )
    signature._history_date = at  # simple-history's way to date the history row
    signature.save()
    return signature


def document_sha256(document):
    current = document.current_issue
    return current.content_sha256 if current else issuing.sha256_text(f"{document.pk}:{document.code}")


class SignatureRefused(Exception):
    pass


def complete_signing(user, task_state_id, data, *, at=None):
    """Sign and complete a step, once, even when two signers press at the same moment.

    ``at``: the moment of signing, default now; the signatures, the issue an approval
    makes (procedures.lifecycle.issuing dates it by the approval) and the notifications of the
    next step are dated at it. Wagtail's own rows (task states, log entries) are not.
    """
    with transaction.atomic():
        task_state = TaskState.objects.select_for_update().get(pk=task_state_id).specific
        workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise SignatureRefused(closed_step_message(task_state))
        task = task_state.task.specific
        page = workflow_state.content_object.specific
        refusal = task.refusal_reason(page, user, workflow_state)
        if refusal is not None:
            raise SignatureRefused(refusal)
        revision = task_state.revision
        now = at or timezone.now()
        prepared = Signature.objects.filter(
            workflow_state=workflow_state, meaning=SignatureMeaning.PREPARED, revision=revision, voids__isnull=True
        )
        if not prepared.exists():
            # Every author of the round is named as preparer, without a password.
            for preparer in authorship.preparers_of(page, revision, workflow_state):
                record_signature(
                    user=preparer.user,
                    document=page,
                    meaning=SignatureMeaning.PREPARED,
                    revision=revision,
                    workflow_state=workflow_state,
                    password_confirmed=False,
                    when=preparer.revision.created_at,
                    at=now,
                )
        record_signature(
            user=user,
            document=page,
            meaning=task.meaning,
            revision=revision,
            workflow_state=workflow_state,
            comment=data.get("comment", ""),
            effective_date=data.get("effective_date"),
            at=now,
        )
        with steps_starting_at(at):
            task_state.approve(user=user, comment=data.get("comment", ""))
