from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.permissions import can_approve_programme, is_audit_team_member
from qms import roles
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.models import IsoEdition
from qms.scope import DepartmentScopedQuerySet
from qms.text_limits import LONG_TEXT

from .transitions import require_status, save_with_reason


def default_edition(agency=None):
    """The edition the agency runs, which its audits cite by default."""
    return agency.iso_edition if agency is not None else IsoEdition.ISO_9001_2015


class AuditProgramme(NeverDeleted):
    """The yearly internal audit programme (chương trình đánh giá nội bộ)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="audit_programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    objectives = models.TextField(_("objectives"), max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        permissions = [("approve_auditprogramme", _("Can approve the audit programme"))]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_audit_programme_per_agency_year")]

    def __str__(self):
        return str(_("Internal audit programme %(year)s") % {"year": self.year})

    def approve(self, user, reason=""):
        """An approver approves the programme; who and when are recorded."""
        if not can_approve_programme(user, self):
            raise PermissionDenied(_("Only an approver may approve the audit programme."))
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            require_status(locked, [self.Status.DRAFT], _("approve the programme"))
            self.status = self.Status.APPROVED
            self.approved_by = user
            self.approved_at = timezone.now()
            save_with_reason(self, reason)

    def progress(self):
        """Planned against done for the year: done means reported or closed."""
        audits = list(self.audits.all())
        done = [a for a in audits if a.status in (Audit.Status.REPORTED, Audit.Status.CLOSED)]
        return {"planned": len(audits), "done": len(done), "audits": audits}


class AuditQuerySet(DepartmentScopedQuerySet, NeverDeletedQuerySet):
    """Auditors, the ISO secretary and approvers see every audit; a head the
    audits of the departments they head."""

    department_field = "departments"
    agency_field = "programme__agency"
    distinct_rows = True
    seen_by_all = (roles.INTERNAL_AUDITOR, roles.ISO_SECRETARY, roles.APPROVER, roles.OVERSEER)


class Audit(NeverDeleted):
    """One planned internal audit (kế hoạch đánh giá) and its conduct."""

    objects = AuditQuerySet.as_manager()

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        REPORTED = "reported", _("reported")
        CLOSED = "closed", _("closed")

    programme = models.ForeignKey(
        AuditProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="audits"
    )
    # ĐGNB-2026-01: unique within the agency, through (programme, sequence).
    number = models.CharField(_("number"), max_length=32, editable=False, db_index=True)
    sequence = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(_("title"), max_length=255)
    scope = models.TextField(_("scope"), max_length=LONG_TEXT)
    criteria = models.TextField(
        _("criteria"), max_length=LONG_TEXT, help_text=_("e.g. TCVN ISO 9001:2015, the agency's procedures")
    )
    edition = models.CharField(_("ISO 9001 edition cited"), max_length=4, choices=IsoEdition.choices)
    departments = models.ManyToManyField("qms.Department", verbose_name=_("audited departments"), related_name="audits")
    processes = models.TextField(_("processes"), blank=True, max_length=LONG_TEXT)
    documents = models.ManyToManyField("wagtailcore.Page", verbose_name=_("documents"), blank=True, related_name="+")
    clauses = models.ManyToManyField("qms.IsoClause", verbose_name=_("clauses"), blank=True, related_name="+")
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead auditor"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("audit team"), blank=True, related_name="audit_teams"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-programme__year", "sequence"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        constraints = [
            models.UniqueConstraint(fields=["programme", "sequence"], name="unique_audit_sequence_per_programme")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if not self.edition:
            self.edition = default_edition(self.programme.agency if self.programme_id else None)
        if self._state.adding and not self.number:
            from audits.models.numbering import assign_audit_number

            with transaction.atomic():
                assign_audit_number(self)
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The planned end cannot be before the planned start.")})
        if self._state.adding and self.planned_start and self.programme_id:
            # The number (ĐGNB-<year>-NN) comes from the programme's year.
            year = self.programme.year
            if self.planned_start.year != year:
                raise ValidationError(
                    {
                        "planned_start": _(
                            "This audit starts in %(year)s but the programme chosen is the programme of "
                            "%(programme_year)s. Choose the programme of %(year)s (the ISO secretary starts it "
                            "under Audit programmes)."
                        )
                        % {"year": self.planned_start.year, "programme_year": year}
                    }
                )
        if self.pk and self.lead_auditor_id:
            check_independence([self.lead_auditor, *self.team.all()], self.departments.all())

    @property
    def auditors(self):
        return [self.lead_auditor, *[u for u in self.team.all() if u.pk != self.lead_auditor_id]]

    def start(self, user, reason=""):
        if not is_audit_team_member(user, self):
            raise PermissionDenied(_("Only the audit team may start the audit."))
        if self.programme.status != AuditProgramme.Status.APPROVED:
            raise ValidationError(_("The audit programme has not been approved yet."))
        self._move([self.Status.PLANNED], self.Status.IN_PROGRESS, _("start the audit"), reason)

    def report(self, user, reason=""):
        if not is_audit_team_member(user, self):
            raise PermissionDenied(_("Only the audit team may report the audit."))
        self._move([self.Status.IN_PROGRESS], self.Status.REPORTED, _("report the audit"), reason)

    def close(self, user, reason=""):
        if not is_audit_team_member(user, self):
            raise PermissionDenied(_("Only the audit team may close the audit."))
        require_status(self, [self.Status.REPORTED], _("close the audit"))
        missing = [f.number for f in self.findings.filter(kind__in=NONCONFORMITY_KINDS, corrective_action=None)]
        if missing:
            raise ValidationError(
                _("Each nonconformity needs a corrective action first: %(numbers)s."),
                params={"numbers": ", ".join(missing)},
            )
        self._move([self.Status.REPORTED], self.Status.CLOSED, _("close the audit"), reason)

    def _move(self, allowed, new_status, action, reason):
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            require_status(locked, allowed, action)
            self.status = new_status
            today = timezone.localdate()
            if new_status == self.Status.IN_PROGRESS:
                self.started_on = today
            elif new_status == self.Status.REPORTED:
                self.reported_on = today
            save_with_reason(self, reason)


NONCONFORMITY_KINDS = ["major_nc", "minor_nc"]


def check_independence(auditors, departments):
    """An auditor may not audit their own department: raise naming each conflict."""
    department_ids = {d.pk: d for d in departments}
    errors = []
    for auditor in auditors:
        if auditor is not None and auditor.department_id in department_ids:
            errors.append(
                ValidationError(
                    _("%(auditor)s may not audit their own department (%(department)s)."),
                    code="not_independent",
                    params={"auditor": auditor, "department": department_ids[auditor.department_id]},
                )
            )
    if errors:
        raise ValidationError(errors)


@receiver(m2m_changed, sender=Audit.departments.through)
def _refuse_departments_of_the_team(sender, instance, action, reverse, pk_set, **kwargs):
    """Enforce independence below the forms too: adding a department an auditor belongs to fails."""
    if action != "pre_add" or reverse:
        return
    from qms.models import Department

    wanted = set(instance.departments.values_list("pk", flat=True)) | set(pk_set or ())
    check_independence(instance.auditors, Department.objects.filter(pk__in=wanted))


@receiver(m2m_changed, sender=Audit.team.through)
def _refuse_auditors_of_the_departments(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "pre_add" or reverse:
        return
    from qms.models import User

    check_independence(User.objects.filter(pk__in=pk_set or ()), instance.departments.all())
