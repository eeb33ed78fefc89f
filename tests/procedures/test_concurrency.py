"""Two people acting at the same moment: exactly one effect (PostgreSQL)."""

import pytest
from django.utils import timezone

from procedures.lifecycle.signing import SignatureRefused, complete_signing
from procedures.models import ControlledDocumentPage, Issue, Signature
from tests.concurrent import run_together
from tests.procedures.workflow import sign, submit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_final_approvals_create_exactly_one_issue(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    assert sign(client, org["secretary"], document).status_code == 302
    task_state = ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_task_state
    data = {"comment": "", "effective_date": timezone.localdate()}

    results = run_together(
        lambda: complete_signing(org["approver"], task_state.pk, data),
        lambda: complete_signing(org["approver2"], task_state.pk, data),
    )

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, SignatureRefused)
    assert "đã hoàn thành" in str(loser) or "already been completed" in str(loser)
    assert Issue.objects.filter(document=document).count() == 1
    assert Signature.objects.filter(meaning="approved").count() == 1
