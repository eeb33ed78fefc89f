from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.text_limits import LONG_TEXT

from .retention import AppendOnlyQuerySet


class SignatureMeaning(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Signature(models.Model):
    """An electronic signature: who, as whom, meaning what, on exactly which content.

    The printed name and job title are copied at signing, so a later change of
    title does not rewrite what was signed. Review and approval signatures are
    given with the signer's password re-entered; "prepared" records who
    submitted the draft.
    """

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="signatures"
    )
    printed_name = models.CharField(_("printed name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    meaning = models.CharField(_("meaning"), max_length=20, choices=SignatureMeaning.choices)
    signed_at = models.DateTimeField(_("signed at"))
    password_confirmed = models.BooleanField(_("password re-entered"), default=True)
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage", on_delete=models.PROTECT, related_name="signatures"
    )
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.PROTECT, related_name="+")
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, on_delete=models.PROTECT, related_name="+"
    )
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One signature of each meaning per approval round: a double click or
            # two approvers at once cannot sign the same step twice.
            models.UniqueConstraint(
                fields=["workflow_state", "meaning"],
                condition=models.Q(workflow_state__isnull=False),
                name="one_signature_per_meaning_per_round",
            )
        ]

    def __str__(self):
        return f"{self.get_meaning_display()}: {self.printed_name} ({self.signed_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            raise PermissionDenied("A signature is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Signatures are never deleted.")

    @property
    def short_hash(self):
        return self.content_sha256[:12]
