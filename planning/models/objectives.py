"""Quality objectives (mục tiêu chất lượng, TCVN ISO 9001:2015 6.2) and their results per period.

An objective belongs to one agency and year (and optionally a department): a
measurable indicator with a target and a direction (at least / at most),
measured monthly, quarterly or yearly. A result is entered per period with
its evidence, or computed from the one-stop statistics (planning.performance).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.text_limits import LONG_TEXT
from qms.uploads import validate_document_upload


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least (≥)")
    AT_MOST = "at_most", _("at most (≤)")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


class DataSource(models.TextChoices):
    ENTERED = "entered", _("entered per period")
    ONE_STOP = "one_stop", _("computed: on-time rate of the one-stop statistics (%)")
    SURVEY = "survey", _("computed: citizens' satisfaction rate of the surveys (%)")


def period_starts(year, frequency):
    """The first day of each measurement period of the year."""
    if frequency == Frequency.MONTHLY:
        return [datetime.date(year, month, 1) for month in range(1, 13)]
    if frequency == Frequency.QUARTERLY:
        return [datetime.date(year, month, 1) for month in (1, 4, 7, 10)]
    return [datetime.date(year, 1, 1)]


def period_end(start, frequency):
    """The last day of the period that begins on ``start``."""
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(frequency, 12)
    month = start.month - 1 + months
    following = datetime.date(start.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def period_label(start, frequency):
    if frequency == Frequency.MONTHLY:
        return f"{start:%m/%Y}"
    if frequency == Frequency.QUARTERLY:
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    return str(start.year)


CENTS = Decimal("0.01")


def as_stored(value):
    """The value as the database gives it back (2 decimal places): the integrity chain hashes the
    row as saved, and Decimal("98") and Decimal("98.00") would hash differently."""
    return None if value is None else Decimal(value).quantize(CENTS)


def is_met(value, target, direction):
    if value is None:
        return None
    return value >= target if direction == Direction.AT_LEAST else value <= target


def achievement_percent(value, target, direction):
    """How far the value reaches the target, in percent (100 = met exactly); None without a value."""
    if value is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if direction == Direction.AT_LEAST:
        if target == 0:
            return Decimal(100)
        return (value / target * 100).quantize(Decimal("0.1"))
    if value == 0:
        return Decimal(100) if target >= 0 else Decimal(0)
    return (target / value * 100).quantize(Decimal("0.1"))


class QualityObjective(NeverDeleted):
    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="quality_objectives"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quality_objectives",
        help_text=_("Leave empty for an objective of the whole agency."),
    )
    statement = models.TextField(_("objective"), max_length=LONG_TEXT)
    indicator = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=32, default="%")
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    frequency = models.CharField(_("measured"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    data_source = models.CharField(
        _("data source"), max_length=10, choices=DataSource.choices, default=DataSource.ENTERED
    )
    method = models.TextField(_("measurement method"), blank=True, max_length=LONG_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="quality_objectives"
    )
    documents = models.ManyToManyField(
        "procedures.ControlledDocumentPage",
        verbose_name=_("process documents"),
        blank=True,
        related_name="quality_objectives",
    )
    clauses = models.ManyToManyField("qms.IsoClause", verbose_name=_("clauses"), blank=True, related_name="+")

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")

    def __str__(self):
        return f"{self.year} – {self.indicator}"

    def clean(self):
        super().clean()
        if self.department_id and self.agency_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("Choose only from the agency's own records.")})
        if self.data_source == DataSource.ONE_STOP and self.unit != "%":
            raise ValidationError({"unit": _("An on-time rate is measured in %.")})
        if self.data_source == DataSource.SURVEY and self.unit != "%":
            raise ValidationError({"unit": _("A satisfaction rate is measured in %.")})

    def save(self, *args, **kwargs):
        self.target = as_stored(self.target)
        super().save(*args, **kwargs)

    @property
    def target_text(self):
        sign = "≥" if self.direction == Direction.AT_LEAST else "≤"
        return f"{sign} {self.target.normalize():f} {self.unit}".strip()

    def periods(self):
        return period_starts(self.year, self.frequency)


class ObjectiveResult(NeverDeleted):
    """The value of an objective's indicator for one period, with its evidence."""

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(
        QualityObjective, verbose_name=_("quality objective"), on_delete=models.PROTECT, related_name="results"
    )
    period_start = models.DateField(_("period"), help_text=_("The first day of the month, quarter or year measured."))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    evidence = models.FileField(
        _("evidence"), upload_to="planning/evidence/%Y/", blank=True, validators=[validate_document_upload]
    )
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = NeverDeletedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "period_start"]
        verbose_name = _("objective result")
        verbose_name_plural = _("objective results")
        constraints = [
            models.UniqueConstraint(fields=["objective", "period_start"], name="one_result_per_objective_period")
        ]

    def __str__(self):
        return f"{self.objective.indicator} {self.period}"

    @property
    def period(self):
        return period_label(self.period_start, self.objective.frequency)

    @property
    def met(self):
        return is_met(self.value, self.objective.target, self.objective.direction)

    @property
    def achievement(self):
        return achievement_percent(self.value, self.objective.target, self.objective.direction)

    def clean(self):
        super().clean()
        if self.objective_id and self.period_start:
            objective = self.objective
            if self.period_start not in objective.periods():
                raise ValidationError(
                    {
                        "period_start": _("Not a measurement period of this objective (%(year)s, %(frequency)s).")
                        % {"year": objective.year, "frequency": objective.get_frequency_display()}
                    }
                )

    def save(self, *args, **kwargs):
        if self.agency_id is None and self.objective_id:
            self.agency_id = self.objective.agency_id
        self.value = as_stored(self.value)
        super().save(*args, **kwargs)
