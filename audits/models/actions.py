from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.permissions import can_answer, can_close, can_verify
from qms import roles
from qms.history import HistoricalRecords
from qms.immutable import AppendOnly, NeverDeleted, NeverDeletedQuerySet
from qms.models import IsoEdition
from qms.scope import DepartmentScopedQuerySet
from qms.text_limits import LONG_TEXT

from .checklists import StoredEvidence
from .programme import default_edition
from .transitions import require_status, save_with_reason


class CorrectiveActionQuerySet(DepartmentScopedQuerySet, NeverDeletedQuerySet):
    """Auditors and the ISO secretary see every action; a head those of the
    departments they head; everyone the actions they own."""

    department_field = "department"
    agency_field = "agency"
    seen_by_all = (roles.INTERNAL_AUDITOR, roles.ISO_SECRETARY, roles.OVERSEER)

    def own_records(self, user):
        return models.Q(owner=user)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=CorrectiveAction.OPEN_STATUSES, due_date__lt=today)


class CorrectiveAction(NeverDeleted):
    """A corrective action request (phiếu yêu cầu hành động khắc phục) and its follow-up."""

    class Source(models.TextChoices):
        AUDIT = "audit", _("internal audit finding")
        COMPLAINT = "complaint", _("complaint")
        LATE_PROCEDURE = "late_procedure", _("late handling of an administrative procedure")
        MONITORING = "monitoring", _("process monitoring")
        MANAGEMENT_REVIEW = "management_review", _("management review")
        EXTERNAL_AUDIT = "external_audit", _("external audit finding")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PLANNED = "planned", _("planned")
        IMPLEMENTED = "implemented", _("implemented")
        VERIFIED_EFFECTIVE = "verified_effective", _("verified effective")
        CLOSED = "closed", _("closed")

    # States in which the owner still owes work, and so can be overdue.
    OPEN_STATUSES = [Status.OPEN, Status.PLANNED]

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        editable=False,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    number = models.CharField(_("number"), max_length=32, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveSmallIntegerField(editable=False)
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    finding = models.OneToOneField(
        "audits.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_action",
    )
    edition = models.CharField(_("ISO 9001 edition"), max_length=4, choices=IsoEdition.choices, editable=False)
    department = models.ForeignKey(
        "qms.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="corrective_actions"
    )
    nonconformity = models.TextField(_("nonconformity"), max_length=LONG_TEXT)
    correction = models.TextField(
        _("correction"), blank=True, max_length=LONG_TEXT, help_text=_("What was done at once to contain it.")
    )
    root_cause = models.TextField(_("root cause"), blank=True, max_length=LONG_TEXT)
    action_plan = models.TextField(_("corrective action plan"), blank=True, max_length=LONG_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="corrective_actions"
    )
    due_date = models.DateField(_("due date"))
    implementation = models.TextField(_("implementation evidence"), blank=True, max_length=LONG_TEXT)
    similar_checked = models.TextField(
        _("similar nonconformities checked"),
        blank=True,
        max_length=LONG_TEXT,
        help_text=_("Where else could this happen, and what was found (ISO 9001:2015 10.2.1 b)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = CorrectiveActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="unique_action_sequence_per_agency_year"
            )
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.agency_id is None:
            from audits.models.numbering import agency_of_action

            self.agency_id = agency_of_action(self)
        if not self.edition:
            self.edition = default_edition(self.agency)
        if self._state.adding and not self.number:
            from audits.models.numbering import save_with_action_number

            save_with_action_number(self, lambda: super(CorrectiveAction, self).save(*args, **kwargs))
            return
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.source == self.Source.AUDIT and not self.finding_id:
            raise ValidationError({"finding": _("An action raised by an audit names its finding.")})

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.due_date < today

    @property
    def needs_similar_check(self):
        return self.edition == IsoEdition.ISO_9001_2015

    # Transitions -----------------------------------------------------------

    def plan(self, user, *, correction, root_cause, action_plan, reason=""):
        """The owner (or their head) answers: correction, root cause and plan."""
        if not can_answer(user, self):
            raise PermissionDenied(_("Only the owner or the head of the department may answer this action."))
        errors = {}
        if not (root_cause or "").strip():
            errors["root_cause"] = _("Give the root cause.")
        if not (action_plan or "").strip():
            errors["action_plan"] = _("Give the corrective action plan.")
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            self._lock_and_require([self.Status.OPEN, self.Status.PLANNED], _("plan the action"))
            self.correction, self.root_cause, self.action_plan = correction, root_cause, action_plan
            self.status = self.Status.PLANNED
            save_with_reason(self, reason, user)

    def implement(self, user, *, implementation, similar_checked="", reason=""):
        """The owner reports the plan carried out, with evidence."""
        if not can_answer(user, self):
            raise PermissionDenied(_("Only the owner or the head of the department may answer this action."))
        errors = {}
        if not (implementation or "").strip():
            errors["implementation"] = _("Describe what was done and where the evidence is.")
        if self.needs_similar_check and not (similar_checked or "").strip():
            errors["similar_checked"] = _("Say whether similar nonconformities exist elsewhere (ISO 9001:2015).")
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            self._lock_and_require([self.Status.PLANNED], _("report the action implemented"))
            self.implementation, self.similar_checked = implementation, similar_checked
            self.status = self.Status.IMPLEMENTED
            save_with_reason(self, reason, user)

    def verify(self, user, *, effective, verified_on, evidence, comment=""):
        """An auditor other than the owner judges effectiveness. Each verification is
        kept; a not effective one sends the action back to planning for a new plan."""
        if self.owner_id == user.pk:
            raise PermissionDenied(_("Nobody verifies their own corrective action."))
        if not can_verify(user, self):
            raise PermissionDenied(_("Only an internal auditor may verify a corrective action."))
        errors = {}
        if verified_on is None:
            errors["verified_on"] = _("Give the date of the verification.")
        elif verified_on > timezone.localdate():
            errors["verified_on"] = _("The verification date cannot be in the future.")
        if not (evidence or "").strip():
            errors["evidence"] = _("Give the evidence of the verification.")
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            self._lock_and_require([self.Status.IMPLEMENTED], _("verify the action"))
            verification = Verification.objects.create(
                action=self,
                verifier=user,
                verified_on=verified_on,
                effective=effective,
                evidence=evidence,
                comment=comment,
            )
            self.status = self.Status.VERIFIED_EFFECTIVE if effective else self.Status.PLANNED
            save_with_reason(self, comment, user)
        return verification

    def close(self, user, reason=""):
        """Close, only after an auditor who is not the owner verified it effective."""
        if not can_close(user, self):
            raise PermissionDenied(_("Only an internal auditor who is not the owner may close this action."))
        with transaction.atomic():
            self._lock_and_require([self.Status.VERIFIED_EFFECTIVE], _("close the action"))
            last = self.verifications.order_by("-pk").first()
            if not last or not last.effective or last.verifier_id == self.owner_id or not last.evidence.strip():
                raise ValidationError(_("The action has not been verified effective by an independent auditor."))
            self.status = self.Status.CLOSED
            self.closed_by = user
            self.closed_at = timezone.now()
            save_with_reason(self, reason, user)

    def _lock_and_require(self, allowed, action):
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        require_status(locked, allowed, action)


class Verification(AppendOnly):
    """One verification of effectiveness (đánh giá hiệu lực): who, when, the verdict and why."""

    action = models.ForeignKey(
        CorrectiveAction, verbose_name=_("corrective action"), on_delete=models.PROTECT, related_name="verifications"
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verifier"), on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(_("verified on"))
    effective = models.BooleanField(_("effective"))
    evidence = models.TextField(_("evidence"), max_length=LONG_TEXT)
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "pk"]
        verbose_name = _("verification of effectiveness")
        verbose_name_plural = _("verifications of effectiveness")

    def __str__(self):
        return f"{self.action.number} {self.verified_on:%d/%m/%Y}"


class ActionEvidenceFile(StoredEvidence):
    """A photo or file the owner attaches when reporting the action implemented (or the verifier when
    verifying it): the minutes of a meeting, the corrected register, a photo of the notice board."""

    action = models.ForeignKey(
        CorrectiveAction, verbose_name=_("corrective action"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="audits/actions/%Y/%m/")
    # The step it backs: the action's status when it was attached ("implemented", "verified_effective" …).
    stage = models.CharField(_("step"), max_length=30, editable=False)

    history = HistoricalRecords()

    class Meta(StoredEvidence.Meta):
        verbose_name = _("evidence file of a corrective action")
        verbose_name_plural = _("evidence files of corrective actions")


class ReminderSent(models.Model):
    """An overdue reminder mailed to an owner on a day, by the former direct mail.

    Kept as a record; no longer written: overdue reminders are notifications now
    (audits/reminders.py), sent once a day in each person's digest.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))
    actions = models.TextField(_("actions reminded"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("overdue reminder")
        verbose_name_plural = _("overdue reminders")
        constraints = [models.UniqueConstraint(fields=["owner", "sent_on"], name="one_reminder_per_owner_per_day")]

    def __str__(self):
        return f"{self.owner} {self.sent_on:%d/%m/%Y}"
