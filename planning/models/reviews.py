"""The management review (xem xét của lãnh đạo: ISO 9001:2008 5.6, 2015 9.3).

A meeting record: date, chair, participants and the period reviewed. Its
inputs are gathered from the records into ``inputs`` (planning.review_inputs)
as a draft, refreshed until the minutes are signed; the chair records the
decisions (ReviewDecision, each tracked to closure and reminded) and signs
the minutes by re-entering the password: the inputs, conclusions and
decisions are then frozen with their SHA-256. A signed review is never
changed; its decisions still move to closure.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms import roles
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet, RecordKept
from qms.text_limits import LONG_TEXT


class ManagementReview(NeverDeleted):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("minutes signed")

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="management_reviews"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The head of the agency (an approver), who signs the minutes."),
    )
    participants = models.TextField(_("participants"), max_length=LONG_TEXT)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    gathered_at = models.DateTimeField(_("inputs gathered at"), null=True, editable=False)
    conclusions = models.TextField(
        _("conclusions"),
        blank=True,
        max_length=LONG_TEXT,
        help_text=_("Opportunities for improvement, changes needed in the QMS, resources needed (9.3.3)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, editable=False)
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64, blank=True, editable=False)

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")

    def __str__(self):
        return _("Management review of %(date)s") % {"date": f"{self.held_on:%d/%m/%Y}"}

    @property
    def is_signed(self):
        return self.status == self.Status.SIGNED

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The period ends before it begins.")})

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.SIGNED:
                raise RecordKept(_("Signed minutes are never changed."))
        super().save(*args, **kwargs)

    def frozen_content(self):
        decisions = [
            {"text": d.text, "owner": d.owner_id, "due": d.due_date.isoformat()} for d in self.decisions.order_by("pk")
        ]
        return {
            "agency_id": self.agency_id,
            "held_on": self.held_on.isoformat(),
            "chair": self.chair_id,
            "participants": self.participants,
            "period": [self.period_start.isoformat(), self.period_end.isoformat()],
            "inputs": self.inputs,
            "conclusions": self.conclusions,
            "decisions": decisions,
        }

    def compute_sha256(self):
        canonical = json.dumps(self.frozen_content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def sign(self, user):
        """The chair signs the minutes (the password was checked by the form); inputs and decisions freeze."""
        if user.pk != self.chair_id or not roles.has_role(user, roles.APPROVER, agency=self.agency_id):
            raise PermissionDenied(_("Only the chair of the review, an approver of the agency, signs its minutes."))
        with transaction.atomic():
            review = type(self).objects.select_for_update().get(pk=self.pk)
            if review.is_signed:
                raise ValidationError(_("These minutes have already been signed."))
            if not review.inputs:
                raise ValidationError(_("Gather the review's inputs before signing its minutes."))
            review.status = self.Status.SIGNED
            review.signed_by = user
            review.signed_at = timezone.now()
            review.content_sha256 = review.compute_sha256()
            review._change_reason = "signed"
            review._history_user = user
            type(review).save(review)
        return review


class ReviewDecision(NeverDeleted):
    """A decision or action of a management review (9.3.3), tracked to closure."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        ManagementReview, verbose_name=_("management review"), on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("decision or action"), max_length=LONG_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False)
    outcome = models.TextField(_("outcome"), blank=True, max_length=LONG_TEXT, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.agency_id is None and self.review_id:
            self.agency_id = self.review.agency_id
        if self._state.adding and self.review_id and self.review.is_signed:
            raise RecordKept(_("Signed minutes are never changed."))
        super().save(*args, **kwargs)

    def is_overdue(self, today=None):
        return self.status == self.Status.OPEN and self.due_date < (today or timezone.localdate())

    def close(self, user, outcome):
        """The owner, the ISO secretary or the chair records the decision carried out."""
        allowed = user.pk in (self.owner_id, self.review.chair_id) or roles.has_role(
            user, roles.ISO_SECRETARY, agency=self.agency_id
        )
        if not allowed:
            raise PermissionDenied(_("Only the owner, the chair or the ISO secretary closes this decision."))
        if not (outcome or "").strip():
            raise ValidationError({"outcome": _("Say what was done.")})
        with transaction.atomic():
            decision = type(self).objects.select_for_update().get(pk=self.pk)
            if decision.status != self.Status.OPEN:
                raise ValidationError(_("This decision is already closed."))
            decision.status = self.Status.DONE
            decision.outcome = outcome
            decision.closed_by = user
            decision.closed_at = timezone.now()
            decision._history_user = user
            decision.save()
        return decision
