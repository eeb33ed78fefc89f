"""Nonconformities from every source besides internal audits (complaints, citizens'
feedback, late dossiers, internal observations, external audits).

Each nonconformity is followed up by an audits.CorrectiveAction, opened from it
(``open_corrective_action``): the same life (plan, implement, verify, close),
the same numbering, the same portal and reminders as an audit finding's action.
Nothing of that life is copied here; the source of the action says where it came from.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from qms import roles
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.text_limits import LONG_TEXT


class Nonconformity(NeverDeleted):
    class Source(models.TextChoices):
        COMPLAINT = "complaint", _("complaint")
        FEEDBACK = "feedback", _("citizen feedback (phản ánh, kiến nghị)")
        LATE_DOSSIERS = "late_dossiers", _("late dossiers")
        OBSERVATION = "observation", _("internal observation")
        EXTERNAL_AUDIT = "external_audit", _("external audit finding")

    # The corrective action's source for each (audits.CorrectiveAction.Source values).
    ACTION_SOURCES = {
        Source.COMPLAINT: "complaint",
        Source.FEEDBACK: "complaint",
        Source.LATE_DOSSIERS: "late_procedure",
        Source.OBSERVATION: "monitoring",
        Source.EXTERNAL_AUDIT: "external_audit",
    }

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reported_on = models.DateField(_("reported on"))
    department = models.ForeignKey(
        "qms.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    statistic = models.ForeignKey(
        "planning.DossierStatistic",
        verbose_name=_("late dossiers (one-stop statistic)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    description = models.TextField(_("description"), max_length=LONG_TEXT)
    reporter = models.CharField(
        _("reported by"), max_length=255, blank=True, help_text=_("The citizen, organisation or body, if known.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    corrective_action = models.OneToOneField(
        "audits.CorrectiveAction",
        verbose_name=_("corrective action"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="planning_nonconformity",
    )

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")

    def __str__(self):
        return f"{self.get_source_display()} {self.reported_on:%d/%m/%Y}"

    def open_corrective_action(self, user, *, owner, due_date):
        """Raise the corrective action that follows this nonconformity (once), as the ISO secretary."""
        from audits.models import CorrectiveAction

        if not roles.has_role(user, roles.ISO_SECRETARY, agency=self.agency_id):
            raise PermissionDenied(_("Only the agency's ISO secretary opens a corrective action here."))
        if owner.agency_id != self.agency_id:
            raise ValidationError({"owner": _("Choose only from the agency's own records.")})
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.corrective_action_id:
                raise ValidationError(_("A corrective action was already opened for this nonconformity."))
            action = CorrectiveAction(
                agency_id=self.agency_id,
                source=self.ACTION_SOURCES[self.source],
                department=self.department,
                nonconformity=self.description,
                owner=owner,
                due_date=due_date,
                raised_by=user,
            )
            action._history_user = user
            action.save()
            self.corrective_action = action
            self._history_user = user
            self.save(update_fields=["corrective_action"])
        return action
