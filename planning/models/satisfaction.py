"""Citizens' satisfaction surveys (khảo sát sự hài lòng của người dân, tổ chức): per procedure
(the service) and month, the survey forms collected and how many said they were satisfied.

Entered one by one, or imported from the survey's .xlsx/.csv through the one-stop imports
(planning.satisfaction_import: the same upload, preview and all-or-nothing confirmation).
A quality objective may be computed from them (DataSource.SURVEY).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.text_limits import LONG_TEXT


def satisfaction_rate(responses, satisfied):
    return round(100 * satisfied / responses, 1) if responses else None


class SatisfactionResult(NeverDeleted):
    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("procedure (service)"),
        on_delete=models.PROTECT,
        related_name="satisfaction_results",
    )
    department = models.ForeignKey(
        "qms.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month surveyed: the month is kept."))
    responses = models.PositiveIntegerField(_("survey forms collected"))
    satisfied = models.PositiveIntegerField(_("satisfied"))
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    source = models.ForeignKey(
        "planning.OneStopImport",
        verbose_name=_("import"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="satisfaction_results",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "document"]
        verbose_name = _("satisfaction survey result")
        verbose_name_plural = _("satisfaction survey results")
        constraints = [
            models.UniqueConstraint(fields=["document", "month"], name="one_satisfaction_per_procedure_month")
        ]
        indexes = [models.Index(fields=["agency", "month"], name="planning_satis_agency_month")]

    def __str__(self):
        return f"{self.document.code} {self.month:%m/%Y}"

    def _rate(self):
        return satisfaction_rate(self.responses, self.satisfied)

    _rate.short_description = _("satisfied (%)")  # the heading of its column in an export
    rate = property(_rate)

    def clean(self):
        super().clean()
        if self.month:
            self.month = self.month.replace(day=1)
        if self.responses is not None and self.satisfied is not None and self.satisfied > self.responses:
            raise ValidationError({"satisfied": _("More satisfied answers than survey forms collected.")})
        if self.document_id and self.month:
            taken = type(self).objects.filter(document_id=self.document_id, month=self.month).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"month": _("This procedure already has a survey result for that month.")})

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        if self.document_id and not self.department_id:
            self.department_id = self.document.owner_department_id
        super().save(*args, **kwargs)
