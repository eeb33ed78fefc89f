"""Declarations of conformity (công bố Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001).

An agency declares, by a decision of its head, that its quality management
system conforms to TCVN ISO 9001, publishes the notice, and declares again
when the scope of the system changes. The new declaration supersedes the
previous one in the same transaction; nothing is ever deleted.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qms import uploads
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.models import IsoEdition
from qms.text_limits import LONG_TEXT

NOTICE_MAX_BYTES = 10 * 1024 * 1024
# Django's message for a wrong file extension has no Vietnamese translation of its own:
# marked here so that this app's catalogue keeps one.
EXTENSION_MESSAGE = gettext_noop(
    "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
)


def validate_notice_file(value):
    """A newly uploaded notice must be a whole PDF without active content, of at most 10 MB."""
    if not value or getattr(value, "_committed", False):
        return  # a stored file was checked when it came in
    uploads.check_upload(value, {uploads.PDF}, max_bytes=NOTICE_MAX_BYTES)


class DeclarationStatus(models.TextChoices):
    DECLARED = "declared", _("Declared")
    SUPERSEDED = "superseded", _("Superseded")


class DeclarationQuerySet(NeverDeletedQuerySet):
    def declared(self):
        return self.filter(status=DeclarationStatus.DECLARED)


class Declaration(NeverDeleted):
    """One declaration of conformity of an agency's QMS to TCVN ISO 9001."""

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="declarations"
    )
    decision_number = models.CharField(_("decision number"), max_length=100, help_text=_("As signed, e.g. 125/QĐ-SNV"))
    decision_date = models.DateField(_("decision date"))
    scope = models.TextField(_("scope"), max_length=LONG_TEXT, help_text=_("The processes and services covered."))
    iso_edition = models.CharField(
        _("ISO 9001 edition"), max_length=4, choices=IsoEdition.choices, default=IsoEdition.ISO_9001_2015
    )
    notice_file = models.FileField(
        _("published notice (PDF)"),
        upload_to="declarations/%Y/",
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["pdf"]), validate_notice_file],
        help_text=_("The notice as published: a PDF of at most 10 MB."),
    )
    notice_url = models.URLField(
        _("public address of the notice"), max_length=500, blank=True, help_text=_("Where the notice is published.")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DECLARED,
        editable=False,
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = DeclarationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("declaration of conformity")
        verbose_name_plural = _("declarations of conformity")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(status="declared"), name="one_declared_declaration_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"

    def clean(self):
        super().clean()
        if not self.notice_file and not self.notice_url:
            raise ValidationError(
                {"notice_url": _("Upload the published notice or give the address where it is published.")}
            )

    def save(self, *args, **kwargs):
        """A new declaration supersedes the agency's declared one, in the same transaction."""
        if self.pk is not None or self.agency_id is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            previous = Declaration.objects.select_for_update().declared().filter(agency_id=self.agency_id).first()
            if previous is not None:
                previous.status = DeclarationStatus.SUPERSEDED
                previous._change_reason = "Superseded by a new declaration."
                previous.save()
                self.supersedes = previous
            super().save(*args, **kwargs)

    @property
    def is_declared(self):
        return self.status == DeclarationStatus.DECLARED
