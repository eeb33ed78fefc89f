import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


def validate_pattern(value):
    if "{number" not in value:
        raise ValidationError(_("The pattern must contain {number}, e.g. QT-{number:02d}."))
    try:
        value.format(number=1, prefix="X")
    except (KeyError, ValueError, IndexError) as exc:
        raise ValidationError(_("The pattern is not valid: %(error)s"), params={"error": exc}) from exc


class DocumentType(models.Model):
    """Quality manual, policy, procedure, form ...: how documents of a kind are numbered and reviewed."""

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="document_types"
    )
    name = models.CharField(_("name"), max_length=255)
    prefix = models.CharField(_("code prefix"), max_length=20, help_text=_("e.g. QT, HD, BM, STCL"))
    numbering_pattern = models.CharField(
        _("numbering pattern"),
        max_length=50,
        default="{prefix}-{number:02d}",
        validators=[validate_pattern],
        help_text=_("Python format with {prefix} and {number}, e.g. {prefix}-{number:02d} gives QT-01."),
    )
    review_interval_months = models.PositiveSmallIntegerField(_("default review interval (months)"), default=12)
    public = models.BooleanField(
        _("published to the public"),
        default=False,
        help_text=_(
            "The current issues of documents of this type are shown without signing in at /cong-khai/ "
            "(e.g. the internal procedures for administrative procedures, which the law requires to be public). "
            "A document may override this."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("document type")
        constraints = [models.UniqueConstraint(fields=["agency", "prefix"], name="unique_prefix_per_agency")]
        verbose_name_plural = _("document types")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def format_code(self, number):
        return self.numbering_pattern.format(prefix=self.prefix, number=number)

    def propose_code(self, library):
        """The type's code with the next number not yet used in this library."""
        from .pages import ControlledDocumentPage

        used = set(ControlledDocumentPage.objects.filter(library=library).values_list("code", flat=True))
        pattern = re.compile(re.escape(self.format_code(999999)).replace("999999", r"(\d+)"))
        highest = 0
        for code in used:
            match = pattern.fullmatch(code)
            if match:
                highest = max(highest, int(match.group(1)))
        number = highest + 1
        while self.format_code(number) in used:
            number += 1
        return self.format_code(number)
