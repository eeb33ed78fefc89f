"""Objectives: results per period, achievement computed, on-time objectives computed from the statistics."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from planning import onestop_import, performance
from planning.models import ObjectiveResult, OneStopImport
from planning.models.objectives import achievement_percent
from tests.planning.conftest import YEAR, csv_bytes, year_of_rows
from tests.procedures.test_integrity import verify


def test_achievement_of_a_ceiling_and_a_floor():
    assert achievement_percent(Decimal("96"), Decimal("95"), "at_least") == Decimal("101.1")
    assert achievement_percent(Decimal("4"), Decimal("2"), "at_most") == Decimal("50.0")
    assert achievement_percent(None, Decimal("2"), "at_most") is None


def test_entered_results_give_the_latest_achievement(org, entered_objective):
    for month, value in ((1, "1"), (4, "3")):
        ObjectiveResult.objects.create(
            objective=entered_objective,
            period_start=datetime.date(YEAR, month, 1),
            value=Decimal(value),
            entered_by=org["secretary"],
        )
    (status,) = performance.objectives_status(org["ccvc"].agency_id, YEAR, today=datetime.date(YEAR, 6, 30))
    assert [(label, met) for label, _value, met in status.periods] == [
        ("Q1/2026", True),
        ("Q2/2026", False),
        ("Q3/2026", None),
        ("Q4/2026", None),
    ]
    assert status.latest == Decimal("3") and status.met is False
    assert status.achievement == Decimal("66.7")
    assert ObjectiveResult.objects.first().agency_id == org["ccvc"].agency_id
    # Decimals are chained as the database keeps them: the trail verifies.
    assert "intact" in verify()


def test_a_result_outside_the_objectives_periods_is_refused(org, entered_objective):
    result = ObjectiveResult(
        objective=entered_objective, period_start=datetime.date(YEAR, 2, 1), value=1, entered_by=org["secretary"]
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "period_start" in error.value.message_dict


def test_an_on_time_objective_is_computed_from_the_statistics(org, procedures, on_time_objective):
    upload = OneStopImport(agency=org["ccvc"].agency, uploaded_by=org["secretary"], original_name="a.csv", sha256="x")
    upload.file.save("a.csv", ContentFile(csv_bytes(year_of_rows())), save=False)
    upload.save()
    onestop_import.confirm(upload, org["secretary"])
    (status,) = performance.objectives_status(org["ccvc"].agency_id, YEAR, today=datetime.date(YEAR, 12, 31))
    values = {label: value for label, value, _met in status.periods}
    assert values["03/2026"] == Decimal("100.0")
    assert values["04/2026"] == Decimal(str(round(100 * 51 / 54, 1)))
    assert values["12/2026"] == Decimal("100.0") and status.met is True
