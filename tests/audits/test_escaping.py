"""Script and HTML typed into audit texts come out as text: escaped in the
admin screens, the auditor's runner and the staff portal, literal in the report PDF."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from audits.models import ChecklistItem
from tests.audits.factories import AuditFactory, ChecklistItemFactory, FindingFactory, ProgrammeFactory
from tests.hostile import PAYLOAD, assert_escaped_in_html, assert_literal_in_text


@pytest.fixture
def hostile(approver, auditor, second_auditor, audited, clause_92, owner, head):
    programme = ProgrammeFactory(year=2027, objectives=PAYLOAD, approved_by=approver)
    audit = AuditFactory(
        programme=programme,
        title=f"Đánh giá {PAYLOAD}",
        scope=PAYLOAD,
        criteria=PAYLOAD,
        processes=PAYLOAD,
        lead_auditor=auditor,
        departments=[audited],
        team=[second_auditor],
        started=True,
    )
    item = ChecklistItemFactory(audit=audit, clause=clause_92, question=PAYLOAD)
    item.record(auditor, ChecklistItem.Result.NONCONFORMITY, evidence=PAYLOAD)
    finding = FindingFactory(
        audit=audit, clause=clause_92, department=audited, description=PAYLOAD, evidence=PAYLOAD, recorded_by=auditor
    )
    action = finding.raise_corrective_action(auditor, owner=owner, due_date=datetime.date.today())
    action.plan(owner, correction=PAYLOAD, root_cause=PAYLOAD, action_plan=PAYLOAD)
    action.implement(owner, implementation=PAYLOAD, similar_checked=PAYLOAD)
    action.verify(second_auditor, effective=False, verified_on=datetime.date.today(), evidence=PAYLOAD, comment=PAYLOAD)
    return {"programme": programme, "audit": audit, "item": item, "finding": finding, "action": action}


def html_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_hostile_audit_texts_are_escaped_in_the_admin(client, auditor, hostile):
    for url in (
        reverse("audits_programme:detail", args=[hostile["programme"].pk]),
        reverse("audits_audit:index"),
        reverse("audits_audit:detail", args=[hostile["audit"].pk]),
        reverse("audits_finding:index"),
        reverse("audits_finding:edit", args=[hostile["finding"].pk]),
        reverse("audits_action:edit", args=[hostile["action"].pk]),
    ):
        assert_escaped_in_html(html_of(client, auditor, url), url)


def test_hostile_audit_texts_are_escaped_in_the_runner_and_the_portal(client, auditor, owner, hostile):
    audit, item, action = hostile["audit"], hostile["item"], hostile["action"]
    for url in (
        reverse("audits:checklist", args=[audit.pk]),
        reverse("audits:checklist_item", args=[audit.pk, item.position]),
        reverse("audits:action_detail", args=[action.pk]),
    ):
        assert_escaped_in_html(html_of(client, auditor, url), url)
    for url in (reverse("audits:action_list"), reverse("audits:action_detail", args=[action.pk])):
        assert_escaped_in_html(html_of(client, owner, url), url)


def test_hostile_audit_texts_print_as_literal_text(client, secretary, hostile, tmp_path):
    client.force_login(secretary)
    response = client.get(reverse("audits_audit:report", args=[hostile["audit"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert_literal_in_text(text, "report")
