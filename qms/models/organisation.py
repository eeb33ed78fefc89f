from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


class Department(models.Model):
    """A unit of the agency (phòng, ban, bộ phận) that owns documents and is audited."""

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=32, allow_unicode=False, help_text=_("Unique within the agency."))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_department_code_per_agency")]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id and self.agency_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("The parent unit belongs to another agency.")})


class User(AbstractUser):
    """A person of the agency. The job title is printed under their signatures."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The agency the person works for: their roles hold there."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    # Who may sign, approve or read what: every change of a person, of their
    # password and of their groups is recorded, and chained.
    history = HistoricalRecords(m2m_fields=["groups"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Vietnamese names are written family name first; keep the full name as typed.
        return self.full_name or super().get_full_name()

    def clean(self):
        super().clean()
        if self.department_id and self.agency_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("The department belongs to another agency.")})

    def get_short_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else super().get_short_name()
