import os

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms import uploads
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted


def validate_scan(value):
    """A new upload must be a PDF, judged by its bytes (qms.uploads)."""
    if value and not getattr(value, "_committed", False):
        uploads.check_upload(value, {uploads.PDF})


def scan_path(instance, filename):
    return os.path.join("legacy-scans", str(timezone.localdate().year), filename)


class LegacyRecord(NeverDeleted):
    """A document already in force on paper before the agency moved in (bản giấy đã ban hành).

    Kept beside the page rather than as page fields: the paper edition, its
    signers and its amendment history are a record of the past, written when
    the Word file is imported, never part of a revision. The first electronic
    issue continues its numbering (procedures.lifecycle.issuing.next_number).
    """

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="legacy",
    )
    in_force = models.BooleanField(
        _("already in force on paper"),
        default=True,
        help_text=_("The first electronic issue continues the paper edition's numbering."),
    )
    edition = models.PositiveSmallIntegerField(_("edition on paper"), default=1)
    amendment = models.PositiveSmallIntegerField(_("amendment on paper"), default=0)
    effective_date = models.DateField(_("effective date on paper"), null=True, blank=True)
    scanned_pdf = models.FileField(
        _("scanned paper original"),
        upload_to=scan_path,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["pdf"]), validate_scan],
        help_text=_("Optional: the signed paper original, scanned as PDF, as the record of its approval."),
    )
    # [{"role": "prepared|reviewed|approved", "name": ..., "title": ..., "date": ...}]
    signers = models.JSONField(_("signed on paper by"), default=list, blank=True)
    # [{"date": ..., "edition": ..., "location": ..., "content": ...}] as the paper's amendment table had them
    amendments = models.JSONField(_("amendment history on paper"), default=list, blank=True)
    source_file = models.CharField(_("imported from"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper original")
        verbose_name_plural = _("paper originals")

    def __str__(self):
        return f"{self.document} ({self.edition}/{self.amendment})"

    def signers_by_role(self):
        labels = {"prepared": _("Prepared by"), "reviewed": _("Reviewed by"), "approved": _("Approved by")}
        return [(labels[role], [s for s in self.signers if s.get("role") == role]) for role in labels]

    def amendment_rows(self):
        """The paper amendment history, dates written as on paper (dd/mm/yyyy)."""
        rows = []
        for row in self.amendments:
            when = row.get("date", "")
            if len(when) == 10 and when[4] == "-":
                when = f"{when[8:10]}/{when[5:7]}/{when[:4]}"
            rows.append({**row, "date": when})
        return rows
