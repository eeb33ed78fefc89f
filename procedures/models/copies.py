"""Copies of issues: the controlled-copy register, rendered PDFs and bulk exports.

A *controlled copy* is a numbered paper copy handed to a registered holder;
it must come back when its issue stops being current. A *rendered copy* is one
PDF file made from an issue (for a controlled copy, for anyone as an
uncontrolled copy, or stamped superseded/obsolete for the ISO roles), stored
once with its SHA-256 and a verification code printed on it.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet

# Crockford's base 32: no I, L, O or U, so a printed code reads back unambiguously.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 100 bits from `secrets`: cannot be guessed or enumerated


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """What a person typed -> the stored code (case, dashes, spaces, look-alikes)."""
    text = "".join(str(text).split()).replace("-", "").upper()
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def format_code(code):
    """The printed, typable form: groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ControlledCopyQuerySet(NeverDeletedQuerySet):
    def outstanding(self):
        """Copies still in a holder's hands."""
        return self.filter(withdrawn_at__isnull=True)

    def due_for_withdrawal(self):
        return self.filter(withdrawn_at__isnull=True, withdrawal_due_at__isnull=False)


class ControlledCopy(NeverDeleted):
    """A numbered controlled copy (bản kiểm soát) of an issue held by a person or a department."""

    issue = models.ForeignKey(
        "procedures.Issue", verbose_name=_("issue"), on_delete=models.PROTECT, related_name="controlled_copies"
    )
    number = models.PositiveSmallIntegerField(_("copy number"))
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="controlled_copies",
    )
    holder_department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("holder (department)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="controlled_copies",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_due_at = models.DateTimeField(_("to be withdrawn since"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ControlledCopyQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "number"]
        verbose_name = _("controlled copy")
        verbose_name_plural = _("controlled copies")
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_controlled_copy_number_per_issue"),
            models.CheckConstraint(
                condition=models.Q(holder_user__isnull=False, holder_department__isnull=True)
                | models.Q(holder_user__isnull=True, holder_department__isnull=False),
                name="controlled_copy_has_one_holder",
            ),
        ]

    def __str__(self):
        return _("%(issue)s, controlled copy no. %(number)02d") % {"issue": self.issue, "number": self.number}

    def clean(self):
        if bool(self.holder_user_id) == bool(self.holder_department_id):
            raise ValidationError(_("Choose either a person or a department as the holder, not both."))

    @property
    def holder(self):
        return self.holder_user or self.holder_department

    def record_withdrawal(self, user):
        """The secretary has the paper copy back."""
        if self.withdrawn_at is not None:
            raise PermissionDenied(_("This copy has already been withdrawn."))
        self.withdrawn_at = timezone.now()
        self.withdrawn_by = user
        self.save(update_fields=["withdrawn_at", "withdrawn_by"])


class CopyKind(models.TextChoices):
    CONTROLLED = "controlled", _("Controlled copy")
    UNCONTROLLED = "uncontrolled", _("Uncontrolled copy")
    SUPERSEDED = "superseded", _("Superseded issue (stamped)")
    OBSOLETE = "obsolete", _("Obsolete issue (stamped)")


class PdfSignature(models.TextChoices):
    UNSIGNED = "unsigned", _("Not signed (the agency has no signing certificate)")
    PENDING = "pending", _("Issued unsigned: to be signed when the key is back")
    SIGNED = "signed", _("Signed with the agency's certificate")


class RenderedCopy(NeverDeleted):
    """One PDF made from an issue, stored once; later downloads stream this file.

    ``variant`` says which copy it is, per issue: ``controlled:<copy id>``,
    ``uncontrolled:<print date>``, ``superseded`` or ``obsolete``.
    """

    issue = models.ForeignKey(
        "procedures.Issue", verbose_name=_("issue"), on_delete=models.PROTECT, related_name="rendered_copies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CopyKind.choices)
    variant = models.CharField(_("variant"), max_length=40)
    controlled_copy = models.OneToOneField(
        ControlledCopy,
        verbose_name=_("controlled copy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rendered",
    )
    print_date = models.DateField(_("printed on"))
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    signature = models.CharField(
        _("PDF signature"), max_length=10, choices=PdfSignature.choices, default=PdfSignature.UNSIGNED
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature_box = models.CharField(_("signature box"), max_length=100, blank=True, editable=False)
    signing_problem = models.CharField(_("why it is not signed"), max_length=255, blank=True)
    unsigned_sha256 = models.CharField(
        _("SHA-256 of the file before it was signed"), max_length=64, blank=True, db_index=True
    )
    file = models.FileField(_("file"), upload_to="copies/", max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)
    rendered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rendered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-rendered_at"]
        verbose_name = _("rendered copy")
        verbose_name_plural = _("rendered copies")
        constraints = [models.UniqueConstraint(fields=["issue", "variant"], name="one_rendered_copy_per_variant")]

    def __str__(self):
        return f"{self.issue} – {self.get_kind_display()} ({self.print_date:%d/%m/%Y})"

    @property
    def printed_code(self):
        return format_code(self.code)

    def get_verify_url(self):
        return verify_url_of(self.code)

    @property
    def filename(self):
        return f"{self.issue.code}_lan-{self.issue.edition}-{self.issue.amendment}_{self.kind}.pdf"


class RenderLock(models.Model):
    """A row per (issue, variant) that renderers lock, so a copy is rendered once.

    Pure machinery, without history: it says nothing about the documents.
    """

    issue = models.ForeignKey("procedures.Issue", on_delete=models.PROTECT, related_name="+")
    variant = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "variant"], name="one_render_lock_per_variant")]

    def __str__(self):
        return f"{self.issue_id}:{self.variant}"


class CopyExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CopyExport(models.Model):
    """A zip of the current issues' PDFs and the register, made in the background.

    Progress is written after each document; no history (it would record every step).
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_type = models.ForeignKey(
        "procedures.DocumentType",
        verbose_name=_("document type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CopyExportStatus.choices, default=CopyExportStatus.PENDING
    )
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("documents done"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", max_length=255, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("copy export")
        verbose_name_plural = _("copy exports")

    def __str__(self):
        return _("Export of %(date)s") % {"date": timezone.localtime(self.requested_at).strftime("%d/%m/%Y %H:%M")}

    @property
    def is_finished(self):
        return self.status in (CopyExportStatus.DONE, CopyExportStatus.FAILED)


class UploadThrottle(models.Model):
    """Counts verification uploads per client address in a time window (shared by all servers)."""

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.count}"


def verify_url_of(code):
    """Absolute, so that it works from paper: built from WAGTAILADMIN_BASE_URL."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("verify_copy", args=[code])
