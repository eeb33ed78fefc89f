"""The agencies of a province on one installation, and the roles granted across them.

An agency (a provincial department, a district or commune People's Committee)
runs its own QMS: it owns its departments, people, library, numbering,
audits and registers. A person belongs to one agency, where their role groups
hold; :class:`RoleGrant` gives them a role in another agency as well (a
district ISO secretary helping a commune).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms import roles
from qms.history import HistoricalRecords


class IsoEdition(models.TextChoices):
    ISO_9001_2008 = "2008", _("TCVN ISO 9001:2008")
    ISO_9001_2015 = "2015", _("TCVN ISO 9001:2015")


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Provincial department (sở)")
    DISTRICT = "district", _("District People's Committee")
    COMMUNE = "commune", _("Commune People's Committee")
    OTHER = "other", _("Other agency")


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """One agency's QMS: who it is, as printed on every controlled document it issues."""

    agency_name = models.CharField(_("agency name"), max_length=255, default="SỞ NỘI VỤ")
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Short and unique in the province, e.g. so-noi-vu")
    )
    level = models.CharField(_("level"), max_length=16, choices=AgencyLevel.choices, default=AgencyLevel.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    superior_body = models.CharField(
        _("superior body"), max_length=255, blank=True, default="", help_text=_("e.g. UBND TỈNH VĨNH LONG")
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    public_url = models.URLField(_("public address"), blank=True, help_text=_("The agency's public web address."))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    iso_edition = models.CharField(
        _("ISO 9001 edition"), max_length=4, choices=IsoEdition.choices, default=IsoEdition.ISO_9001_2015
    )
    stamp_controlled = models.CharField(_("controlled copy stamp"), max_length=100, default="BẢN KIỂM SOÁT")
    stamp_uncontrolled = models.CharField(_("uncontrolled copy stamp"), max_length=100, default="BẢN KHÔNG KIỂM SOÁT")
    stamp_obsolete = models.CharField(_("obsolete document stamp"), max_length=100, default="TÀI LIỆU HẾT HIỆU LỰC")
    shares_documents = models.BooleanField(
        _("issues province-wide documents"),
        default=False,
        help_text=_("Its current documents are read by every agency of the province, which adopt them by reference."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The files and images of this agency."),
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency_name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.agency_name

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An agency cannot be placed under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def district(self):
        """The district People's Committee this agency is part of (itself for a district), or None."""
        agency = self
        while agency is not None:
            if agency.level == AgencyLevel.DISTRICT:
                return agency
            agency = agency.parent
        return None


class RoleGrant(models.Model):
    """A role a person holds in an agency other than their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_grants"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=40, choices=list(roles.ROLE_LABELS.items()))
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role in another agency")
        verbose_name_plural = _("roles in other agencies")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="one_grant_per_role_and_agency")]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.agency}"

    def clean(self):
        super().clean()
        if self.user_id and self.agency_id and self.user.agency_id == self.agency_id:
            raise ValidationError({"agency": _("This is the person's own agency: give the role through their groups.")})


class AgencyGroup(models.Model):
    """The group that carries one role's page and file rights inside one agency.

    Role groups (qms.roles) say what a role may do; Wagtail grants pages and
    collections to groups, so each agency has one group per role holding its
    rights on that agency's library and collection only. Membership follows
    the person's agency, role groups and grants (qms.agencies.sync_user).
    """

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, primary_key=True, related_name="agency_role")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="groups")
    role = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "role"], name="one_group_per_agency_role")]

    def __str__(self):
        return self.group.name
