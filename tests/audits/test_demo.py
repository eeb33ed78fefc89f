"""The demo builds the 2025 programme with actions in every state, and a second load creates nothing."""

from io import StringIO

from django.core.management import call_command

from audits.models import (
    Audit,
    AuditProgramme,
    ChecklistItem,
    CorrectiveAction,
    Finding,
    Question,
    ReminderSent,
    Verification,
)

MODELS = [AuditProgramme, Audit, ChecklistItem, Finding, CorrectiveAction, Verification, Question, ReminderSent]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_twice_gives_the_same_counts(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    # The Sở Nội vụ's last-year programme has two audits; the city's 2026 programme one more.
    assert Audit.objects.filter(programme__agency__code="so-noi-vu").count() == 2
    assert first["Audit"] == 3 and 8 <= first["Finding"] <= 10
    assert set(Finding.objects.values_list("kind", flat=True)) == set(Finding.Kind.values)
    states = set(CorrectiveAction.objects.values_list("status", flat=True))
    assert states == set(CorrectiveAction.Status.values)
    assert CorrectiveAction.objects.overdue().count() == 1
    not_effective = Verification.objects.get(effective=False)
    assert not_effective.action.status == CorrectiveAction.Status.PLANNED
    assert all(v.verifier_id != v.action.owner_id for v in Verification.objects.all())
    assert AuditProgramme.objects.get(year=2025).approved_by.username == "lanhdao"
