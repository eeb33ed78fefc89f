"""The monthly dossier statistics of the one-stop shop (bộ phận một cửa), imported from its software.

An import keeps the uploaded file (with its SHA-256) and, once confirmed,
one DossierStatistic per procedure and month: dossiers received, settled on
time, settled late and pending. A file with any bad row imports nothing
(planning.onestop_import).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet


class OneStopImport(NeverDeleted):
    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", _("dossier statistics")
        SATISFACTION = "satisfaction", _("citizens' satisfaction survey")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded, not yet imported")
        IMPORTED = "imported", _("imported")
        REJECTED = "rejected", _("rejected")

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("content"), max_length=12, choices=Kind.choices, default=Kind.DOSSIERS)
    file = models.FileField(_("file"), upload_to="planning/one-stop/%Y/")
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED, editable=False
    )
    rows = models.PositiveIntegerField(_("rows imported"), default=0, editable=False)
    errors = models.TextField(_("errors"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True, editable=False)

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("one-stop statistics import")
        verbose_name_plural = _("one-stop statistics imports")

    def __str__(self):
        return f"{self.original_name} ({self.uploaded_at:%d/%m/%Y})" if self.uploaded_at else self.original_name


class DossierStatistic(NeverDeleted):
    """One procedure's dossiers in one month, as the one-stop software counted them."""

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        OneStopImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="statistics"
    )
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossier_statistics",
    )
    department = models.ForeignKey(
        "qms.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    received = models.PositiveIntegerField(_("received"))
    on_time = models.PositiveIntegerField(_("settled on time"))
    late = models.PositiveIntegerField(_("settled late"))
    pending = models.PositiveIntegerField(_("pending"))

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "document"]
        verbose_name = _("dossier statistic")
        verbose_name_plural = _("dossier statistics")
        constraints = [models.UniqueConstraint(fields=["document", "month"], name="one_statistic_per_procedure_month")]
        indexes = [models.Index(fields=["agency", "month"], name="planning_stat_agency_month")]

    def __str__(self):
        return f"{self.document.code} {self.month:%m/%Y}"

    @property
    def on_time_rate(self):
        settled = self.on_time + self.late
        return round(100 * self.on_time / settled, 1) if settled else None
