from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class IsoEdition(models.TextChoices):
    ISO_9001_2008 = "2008", _("TCVN ISO 9001:2008")
    ISO_9001_2015 = "2015", _("TCVN ISO 9001:2015")


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """Who the agency is, as printed on every controlled document of its site."""

    agency_name = models.CharField(_("agency name"), max_length=255, default="SỞ NỘI VỤ")
    superior_body = models.CharField(
        _("superior body"), max_length=255, blank=True, default="", help_text=_("e.g. UBND TỈNH VĨNH LONG")
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
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

    panels = [
        MultiFieldPanel(
            [FieldPanel("agency_name"), FieldPanel("superior_body"), FieldPanel("address"), FieldPanel("logo")],
            heading=_("Agency"),
        ),
        FieldPanel("iso_edition"),
        MultiFieldPanel(
            [FieldPanel("stamp_controlled"), FieldPanel("stamp_uncontrolled"), FieldPanel("stamp_obsolete")],
            heading=_("Stamp wordings"),
        ),
    ]

    class Meta:
        verbose_name = _("agency settings")
        verbose_name_plural = _("agency settings")

    def __str__(self):
        return self.agency_name
