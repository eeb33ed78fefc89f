from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import AppendOnly, AppendOnlyQuerySet, NeverDeleted, NeverDeletedQuerySet
from qms.scope import DepartmentScopedQuerySet


class Distribution(models.Model):
    """Who must read a document: a department or a role group (danh sách phân phối).

    Kept outside the page's revisions, so changing it needs no new approval.
    """

    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="distribution",
    )
    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(
        "auth.Group", verbose_name=_("role"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "department__name", "group__name"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False, group__isnull=True)
                | models.Q(department__isnull=True, group__isnull=False),
                name="distribution_to_a_department_or_a_role",
            ),
            models.UniqueConstraint(
                fields=["document", "department"],
                condition=models.Q(department__isnull=False),
                name="unique_distribution_department",
            ),
            models.UniqueConstraint(
                fields=["document", "group"], condition=models.Q(group__isnull=False), name="unique_distribution_group"
            ),
        ]

    def __str__(self):
        return str(self.department or self.group)

    def clean(self):
        if bool(self.department_id) == bool(self.group_id):
            raise ValidationError(_("Choose either a department or a role."))

    def members(self):
        from qms.models import User

        users = User.objects.filter(is_active=True)
        if self.department_id:
            return users.filter(department_id=self.department_id)
        return users.filter(groups=self.group_id)


class ReadingAssignmentQuerySet(DepartmentScopedQuerySet, NeverDeletedQuerySet):
    department_field = "user__department"
    agency_field = "user__agency"

    def required(self):
        """Assignments the person must still honour: not ended (e.g. by the end of an adoption)."""
        return self.filter(ended_at__isnull=True)


class ReadingAssignment(NeverDeleted):
    """A person must read one issue; records when they first opened it."""

    issue = models.ForeignKey(
        "procedures.Issue", verbose_name=_("issue"), on_delete=models.PROTECT, related_name="reading_assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.PROTECT, related_name="reading_assignments"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    first_opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    # Set when the person no longer has to read the document (their agency ended its adoption of a shared
    # document) before confirming; the row stays, and is required again if the document comes back to them.
    ended_at = models.DateTimeField(_("no longer required since"), null=True, blank=True)

    history = HistoricalRecords()

    objects = ReadingAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at"]
        verbose_name = _("reading assignment")
        verbose_name_plural = _("reading assignments")
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="one_reading_assignment_per_issue")]

    def __str__(self):
        return f"{self.issue} – {self.user}"


class AcknowledgementQuerySet(DepartmentScopedQuerySet, AppendOnlyQuerySet):
    department_field = "user__department"
    agency_field = "user__agency"

    def own_records(self, user):
        return models.Q(user=user)


class Acknowledgement(AppendOnly):
    """ "I have read and understood this issue": one per person and issue, never changed."""

    issue = models.ForeignKey(
        "procedures.Issue", verbose_name=_("issue"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"))

    history = HistoricalRecords()

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("read-and-understood confirmation")
        verbose_name_plural = _("read-and-understood confirmations")
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="one_acknowledgement_per_issue")]

    def __str__(self):
        return f"{self.issue} – {self.user} ({self.acknowledged_at:%d/%m/%Y})"


class ReadingDutyMark(models.Model):
    """How far the daily reading duty (procedures.control.acknowledging.assign_current_issues) has looked:
    the latest history id of each kind of record it follows, when it last ran. The next run looks only at
    what changed after them (one row, rewritten by each run; its history keeps the runs)."""

    marks = models.JSONField(_("latest history ids seen"), default=dict)
    full_walk_on = models.DateField(_("last full walk on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reading duty mark")
        verbose_name_plural = _("reading duty marks")

    def __str__(self):
        return str(self.updated_at)
