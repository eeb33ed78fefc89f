from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import AppendOnly, AppendOnlyQuerySet, NeverDeleted, NeverDeletedQuerySet
from qms.scope import DepartmentScopedQuerySet
from qms.text_limits import LONG_TEXT


class ReviewOutcome(models.TextChoices):
    STILL_VALID = "still_valid", _("Still valid, no change")
    REVISE = "revise", _("Revise")
    WITHDRAW = "withdraw", _("Withdraw")


class PeriodicReviewQuerySet(DepartmentScopedQuerySet, AppendOnlyQuerySet):
    department_field = "document__owner_department"


class PeriodicReview(AppendOnly):
    """The recorded, signed outcome of a document's periodic review (never changed)."""

    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="periodic_reviews",
    )
    issue = models.ForeignKey(
        "procedures.Issue", verbose_name=_("issue reviewed"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("review date"))
    reviewed_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    signature = models.ForeignKey(
        "procedures.Signature", verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+"
    )
    change_requests = models.ManyToManyField(
        "procedures.ChangeRequest", verbose_name=_("change requests"), blank=True, related_name="+"
    )

    history = HistoricalRecords()

    objects = PeriodicReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at"]
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")

    def __str__(self):
        return f"{self.document.code} {self.reviewed_on:%d/%m/%Y}: {self.get_outcome_display()}"


class ReviewFlagQuerySet(DepartmentScopedQuerySet, NeverDeletedQuerySet):
    department_field = "document__owner_department"

    def open(self):
        return self.filter(cleared_at__isnull=True)


class ReviewFlag(NeverDeleted):
    """A reason to review a document now, whatever its due date (e.g. a cited decree was replaced)."""

    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="review_flags",
    )
    reason = models.TextField(_("reason"), max_length=LONG_TEXT)
    external_document = models.ForeignKey(
        "procedures.ExternalDocument",
        verbose_name=_("external document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_flags",
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by_review = models.ForeignKey(
        PeriodicReview,
        verbose_name=_("cleared by review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cleared_flags",
    )

    history = HistoricalRecords()
    objects = ReviewFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("review flag")
        verbose_name_plural = _("review flags")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "external_document"],
                condition=models.Q(cleared_at__isnull=True, external_document__isnull=False),
                name="one_open_flag_per_external_document",
            )
        ]

    def __str__(self):
        return f"{self.document.code}: {self.reason}"

    def clear(self, review):
        with transaction.atomic():
            if ReviewFlag.objects.filter(pk=self.pk, cleared_at__isnull=False).exists():
                return
            self.cleared_at = timezone.now()
            self.cleared_by_review = review
            self.save(update_fields=["cleared_at", "cleared_by_review"])
