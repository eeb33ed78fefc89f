from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .agency import IsoEdition


class IsoClause(models.Model):
    """A clause of ISO 9001 in one edition; 2008 clauses point to their 2015 counterparts."""

    edition = models.CharField(_("edition"), max_length=4, choices=IsoEdition.choices)
    number = models.CharField(_("clause"), max_length=16)
    title_vi = models.CharField(_("Vietnamese title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255)
    sort_key = models.CharField(max_length=64, editable=False)
    corresponds_to = models.ManyToManyField(
        "self",
        verbose_name=_("counterparts in the other edition"),
        blank=True,
        symmetrical=True,
    )

    class Meta:
        ordering = ["edition", "sort_key"]
        verbose_name = _("ISO 9001 clause")
        verbose_name_plural = _("ISO 9001 clauses")
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="unique_clause_per_edition")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = self.make_sort_key(self.number)
        super().save(*args, **kwargs)

    @staticmethod
    def make_sort_key(number):
        return ".".join(part.zfill(3) for part in number.split("."))

    @property
    def title(self):
        return self.title_en if (get_language() or "vi").startswith("en") else self.title_vi

    @property
    def label(self):
        return f"ISO 9001:{self.edition} – {self}"
