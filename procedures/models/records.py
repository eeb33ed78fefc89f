from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted


class RecordType(NeverDeleted):
    """A kind of record the QMS keeps (danh mục hồ sơ): who keeps it, where, how long."""

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=255)
    form_code = models.CharField(_("form code"), max_length=50, blank=True, help_text=_("e.g. BM-01-02"))
    keeper_department = models.ForeignKey(
        "qms.Department", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    permanent = models.BooleanField(_("kept permanently"), default=False)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"), null=True, blank=True, help_text=_("Empty when kept permanently.")
    )
    disposal_method = models.CharField(_("disposal method"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("record type")
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_record_code_per_agency")]
        verbose_name_plural = _("records list")

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.permanent and self.retention_years:
            raise ValidationError({"retention_years": _("A record kept permanently has no number of years.")})
        if not self.permanent and not self.retention_years:
            raise ValidationError({"retention_years": _("Give the number of years, or tick 'kept permanently'.")})

    @property
    def retention_label(self):
        if self.permanent:
            return str(_("Permanent"))
        return str(_("%(years)s years")) % {"years": self.retention_years}
