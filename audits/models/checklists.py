import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.permissions import can_record
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted
from qms.text_limits import LONG_TEXT

from .transitions import require_status


class Question(NeverDeleted):
    """A reusable audit question, filed under the clause it examines."""

    clause = models.ForeignKey("qms.IsoClause", verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"), max_length=LONG_TEXT)
    guidance = models.TextField(_("guidance for the auditor"), blank=True, max_length=LONG_TEXT)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["clause__edition", "clause__sort_key", "pk"]
        verbose_name = _("audit question")
        verbose_name_plural = _("audit question library")

    def __str__(self):
        return f"{self.clause.number} – {self.text[:80]}"


class ChecklistItem(NeverDeleted):
    """One line of an audit's checklist (phiếu ghi chép đánh giá) and what was found."""

    class Result(models.TextChoices):
        CONFORMS = "conforms", _("conforms")
        NONCONFORMITY = "nonconformity", _("nonconformity")
        OBSERVATION = "observation", _("observation")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    audit = models.ForeignKey("audits.Audit", verbose_name=_("audit"), on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    clause = models.ForeignKey(
        "qms.IsoClause", verbose_name=_("clause"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"), max_length=LONG_TEXT)
    source = models.ForeignKey(
        Question, verbose_name=_("from the library"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=LONG_TEXT)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["audit", "position"], name="unique_checklist_position")]

    def __str__(self):
        return f"{self.audit.number} #{self.position}"

    def save(self, *args, **kwargs):
        if self.position is None:
            with transaction.atomic():
                # Lock the audit so two auditors adding items at once get distinct positions.
                type(self.audit).objects.select_for_update().filter(pk=self.audit_id).first()
                last = ChecklistItem.objects.filter(audit_id=self.audit_id).aggregate(m=Max("position"))["m"]
                self.position = (last or 0) + 1
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    def record(self, user, result, evidence=None, department=None):
        """Record the result (and evidence) of this item, with who and when."""
        if not can_record(user, self.audit):
            raise PermissionDenied(_("Only the audit team may record checklist results."))
        require_status(self.audit, [self.audit.Status.IN_PROGRESS], _("record a result"))
        if result not in self.Result.values:
            raise ValueError(result)
        self.result = result
        if evidence is not None:
            self.evidence = evidence
        if department is not None:
            self.department = department
        self.recorded_by = user
        self.recorded_at = timezone.now()
        self.save()

    def proposed_finding(self):
        """The finding a nonconformity or observation on this item suggests, pre-filled."""
        kind = "minor_nc" if self.result == self.Result.NONCONFORMITY else "observation"
        return {
            "kind": kind,
            "clause": self.clause,
            "department": self.department,
            "description": self.question,
            "evidence": self.evidence,
            "checklist_item": self,
        }


class StoredEvidence(NeverDeleted):
    """A photo or file kept as evidence: its type and size (checked by audits.uploads), its SHA-256 taken when
    stored (verify_integrity re-hashes the file against it), who uploaded it and when."""

    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if not self.sha256 and self.file:
            digest = hashlib.sha256()
            for chunk in self.file.chunks():
                digest.update(chunk)
            self.file.seek(0)
            self.sha256 = digest.hexdigest()
        super().save(*args, **kwargs)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class EvidenceFile(StoredEvidence):
    """A photo or file backing a checklist item, checked by content type and size."""

    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="audits/evidence/%Y/%m/")

    history = HistoricalRecords()

    class Meta(StoredEvidence.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
