from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import AppendOnly
from qms.text_limits import LONG_TEXT


class SignatureMeaning(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Signature(AppendOnly):
    """An electronic signature: who, as whom, meaning what, on exactly which content.

    The printed name and job title are copied at signing, so a later change of
    title does not rewrite what was signed. Review and approval signatures are
    given with the signer's password re-entered; "prepared" records each
    author of the round (procedures.models.authorship), without a password.
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

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One review and one approval per revision of an approval round: a double
            # click or two approvers at once cannot sign the same step twice. A save
            # during the round voids the old revision's signatures (SignatureVoid) and
            # the round starts again on the new revision.
            models.UniqueConstraint(
                fields=["workflow_state", "meaning", "revision"],
                condition=models.Q(workflow_state__isnull=False) & ~models.Q(meaning="prepared"),
                name="one_signature_per_meaning_per_revision_of_a_round",
            ),
            # Every author of the round is a preparer, once.
            models.UniqueConstraint(
                fields=["workflow_state", "revision", "signer"],
                condition=models.Q(workflow_state__isnull=False, meaning="prepared"),
                name="one_prepared_signature_per_author_per_revision",
            ),
        ]

    def __str__(self):
        return f"{self.get_meaning_display()}: {self.printed_name} ({self.signed_at:%d/%m/%Y})"

    @property
    def short_hash(self):
        return self.content_sha256[:12]


class SignatureVoidReason(models.TextChoices):
    CHANGED_AFTER_SIGNING = "changed_after_signing", _("the draft was changed after it was signed")


class SignatureVoid(AppendOnly):
    """A signature that no longer counts, and why: recorded beside it, never by changing it.

    Written when a new revision is saved while the round is being signed
    (procedures.models.authorship.on_new_revision); the signature itself stays as it was.
    """

    signature = models.ForeignKey(
        Signature, verbose_name=_("signature"), on_delete=models.PROTECT, related_name="voids"
    )
    reason = models.CharField(_("reason"), max_length=40, choices=SignatureVoidReason.choices)
    voided_at = models.DateTimeField(_("voided at"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("new revision"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The revision whose saving voided the signature."),
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voided by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["voided_at"]
        verbose_name = _("voided signature")
        verbose_name_plural = _("voided signatures")
        constraints = [models.UniqueConstraint(fields=["signature"], name="one_void_per_signature")]

    def __str__(self):
        return f"{self.signature}: {self.get_reason_display()}"
