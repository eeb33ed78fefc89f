"""The demo builds the Sở Nội vụ's planning records once; the core knows planning only through its registry."""

from io import StringIO

from django.core.management import call_command

from planning import demo
from planning.models import (
    DossierStatistic,
    ManagementReview,
    Nonconformity,
    ObjectiveResult,
    QualityObjective,
    ReviewDecision,
    Risk,
)
from qms import registry

MODELS = [QualityObjective, ObjectiveResult, DossierStatistic, Risk, Nonconformity, ManagementReview, ReviewDecision]


def test_planning_plugs_into_the_core():
    assert "planning.sources.reviews_held" in registry.management_review_sources()
    assert "planning.reminders.remind_owners" in registry.daily_duties()
    assert "planning.demo.build" in registry.demo_builders()
    assert {"planning.DossierStatistic", "planning.OneStopImport"} <= set(registry.tracked_models())


def test_the_demo_builds_once(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = {model.__name__: model.objects.count() for model in MODELS}
    demo.build(StringIO())
    assert {model.__name__: model.objects.count() for model in MODELS} == first
    assert first["QualityObjective"] == 5 and first["Risk"] == 10 and first["ReviewDecision"] == 3
    months = set(DossierStatistic.objects.values_list("month__month", flat=True))
    assert months == set(range(1, 13))
    review = ManagementReview.objects.get()
    assert review.is_signed and review.chair.username == "lanhdao" and review.inputs["objectives"]
    assert Nonconformity.objects.exclude(corrective_action=None).count() == 1
    assert Nonconformity.objects.filter(source="late_dossiers").exclude(statistic=None).exists()
    # Every planning record and its history is in the trail, as written.
    out = StringIO()
    call_command("verify_integrity", stdout=out)
    assert "intact" in out.getvalue()
