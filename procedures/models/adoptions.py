from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.text_limits import NOTE


class AdoptionQuerySet(NeverDeletedQuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Adoption(NeverDeleted):
    """An agency applies a shared provincial document as its own (áp dụng văn bản của tỉnh).

    The document stays in the issuing agency's library and is read there; the
    adopting agency distributes it to its own departments. Ending an adoption
    keeps the row (and its history); the same document may be adopted again.
    """

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("adopting agency"), on_delete=models.PROTECT, related_name="adoptions"
    )
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    decision_reference = models.CharField(
        _("adoption decision"),
        max_length=200,
        blank=True,
        help_text=_("Number of the decision applying the document in your agency, e.g. 123/QĐ-SNV."),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("adoption ended at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adoption ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for ending the adoption"), max_length=NOTE, blank=True)

    history = HistoricalRecords()

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-adopted_at"]
        verbose_name = _("adoption of a shared document")
        verbose_name_plural = _("adoptions of shared documents")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "document"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_adoption_per_agency_and_document",
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.document}"

    @property
    def is_active(self):
        return self.withdrawn_at is None

    def clean(self):
        check_adoptable(self.agency, self.document)


def check_adoptable(agency, document):
    """Raise ValidationError unless ``agency`` may adopt ``document``: a shared document of another agency."""
    from qms.models import Agency

    owner = Agency.objects.filter(library__pk=document.library_id).first()
    if owner is None or not owner.shares_documents:
        raise ValidationError(_("Only documents shared province-wide can be adopted."))
    if owner.pk == agency.pk:
        raise ValidationError(_("This document is your own agency's: it needs no adoption."))
