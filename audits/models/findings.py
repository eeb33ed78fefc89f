from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from audits.permissions import can_raise_action
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted
from qms.text_limits import LONG_TEXT


class Finding(NeverDeleted):
    """An audit finding, numbered within its audit (ĐGNB-2026-01/NC-03)."""

    class Kind(models.TextChoices):
        MAJOR_NC = "major_nc", _("major nonconformity")
        MINOR_NC = "minor_nc", _("minor nonconformity")
        OBSERVATION = "observation", _("observation")
        OFI = "ofi", _("opportunity for improvement")

    # Major and minor nonconformities share one series; the prefixes are the
    # common English abbreviations auditors use on Vietnamese forms too.
    SERIES = {Kind.MAJOR_NC: "NC", Kind.MINOR_NC: "NC", Kind.OBSERVATION: "OBS", Kind.OFI: "OFI"}

    audit = models.ForeignKey(
        "audits.Audit", verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    series = models.CharField(max_length=8, editable=False)
    sequence = models.PositiveSmallIntegerField(editable=False)
    # Unique within the agency, through (audit, series, sequence).
    number = models.CharField(_("number"), max_length=48, editable=False, db_index=True)
    clause = models.ForeignKey(
        "qms.IsoClause", verbose_name=_("clause"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "qms.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="findings"
    )
    document = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("document concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), max_length=LONG_TEXT)
    evidence = models.TextField(_("evidence"), blank=True, max_length=LONG_TEXT)
    checklist_item = models.ForeignKey(
        "audits.ChecklistItem",
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "series", "sequence"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["audit", "series", "sequence"], name="unique_finding_sequence_per_audit")
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.series = self.SERIES[self.kind]
        if self._state.adding and not self.number:
            from audits.models.numbering import assign_finding_number

            with transaction.atomic():
                assign_finding_number(self)
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def is_nonconformity(self):
        return self.kind in (self.Kind.MAJOR_NC, self.Kind.MINOR_NC)

    @property
    def corrective_action_or_none(self):
        try:
            return self.corrective_action
        except models.ObjectDoesNotExist:
            return None

    def raise_corrective_action(self, user, owner, due_date, reason=""):
        """Open the corrective action request (phiếu yêu cầu HĐKP) for this finding."""
        from .actions import CorrectiveAction

        if not can_raise_action(user, self.audit.programme.agency_id):
            raise PermissionDenied(_("Only an internal auditor may raise a corrective action."))
        action = CorrectiveAction(
            source=CorrectiveAction.Source.AUDIT,
            finding=self,
            department=self.department,
            nonconformity=self.description,
            owner=owner,
            due_date=due_date,
            raised_by=user,
        )
        action.full_clean()
        if reason:
            action._change_reason = reason
        action.save()
        return action
