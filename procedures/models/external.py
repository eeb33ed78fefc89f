from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted
from qms.text_limits import LONG_TEXT
from qms.uploads import validate_text_document_upload

from .change_requests import validate_attachment_size

# Sent when an external document stops being in force (replaced, repealed, expired).
external_document_lapsed = Signal()


class ExternalDocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("In force, amended")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


NO_LONGER_IN_FORCE = {ExternalDocumentStatus.REPLACED, ExternalDocumentStatus.EXPIRED}


class ExternalDocument(NeverDeleted):
    """A document of external origin (tài liệu có nguồn gốc bên ngoài): a law, decree, circular, standard."""

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number and symbol"), max_length=100, help_text=_("As published, e.g. 19/2014/QĐ-TTg"))
    kind = models.CharField(_("kind"), max_length=100, blank=True, help_text=_("e.g. Law, Decree, Circular"))
    title = models.CharField(_("title (summary)"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExternalDocumentStatus.choices, default=ExternalDocumentStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    amended_by = models.CharField(_("amended by"), max_length=255, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="external-documents/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "doc", "docx", "odt"]),
            validate_attachment_size,
            validate_text_document_upload,
        ],
    )
    link = models.URLField(_("link"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issue_date", "number"]
        verbose_name = _("external document")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="unique_external_number_per_agency")]
        verbose_name_plural = _("external documents")

    def __str__(self):
        return f"{self.number} – {self.title}"

    def save(self, *args, **kwargs):
        previous = None
        if self.pk:
            previous = ExternalDocument.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.status in NO_LONGER_IN_FORCE and previous not in NO_LONGER_IN_FORCE:
                # In the same transaction: document control flags the citing documents
                # (procedures.control.external_documents, connected in procedures/apps.py).
                external_document_lapsed.send(sender=ExternalDocument, external=self)

    def clean(self):
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A document cannot replace itself.")})
        if self.status == ExternalDocumentStatus.REPLACED and not self.replaced_by_id:
            raise ValidationError({"replaced_by": _("Say which document replaces it.")})

    @property
    def in_force(self):
        return self.status not in NO_LONGER_IN_FORCE


class Citation(models.Model):
    """A controlled document relies on an external document (its legal basis)."""

    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="citations",
    )
    external_document = models.ForeignKey(
        ExternalDocument, verbose_name=_("external document"), on_delete=models.PROTECT, related_name="citations"
    )
    note = models.CharField(_("note"), max_length=255, blank=True, help_text=_("e.g. Article 5, clause 2"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "external_document__number"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [models.UniqueConstraint(fields=["document", "external_document"], name="one_citation_per_pair")]

    def __str__(self):
        return f"{self.document.code} → {self.external_document.number}"
