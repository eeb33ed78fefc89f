"""Recording a finding from the audit's own page, and raising its action with the proposed owner and date."""

import datetime

import pytest
from django.utils import timezone

from audits.models import Finding

pytestmark = pytest.mark.django_db


def detail(client, audit):
    return client.get(f"/admin/audits/audit/detail/{audit.pk}/").content.decode()


def test_an_audit_in_progress_offers_the_finding_form_to_its_team_only(client, audit, running_audit, auditor, approver):
    client.force_login(auditor)
    html = detail(client, running_audit)
    assert f'action="/admin/audits/audit/finding/{audit.pk}/"' in html and "Lưu phát hiện" in html
    # The audit's only department is proposed.
    assert f'<option value="{audit.departments.get().pk}" selected>' in html
    client.force_login(approver)
    assert "Lưu phát hiện" not in detail(client, running_audit)
    response = client.post(f"/admin/audits/audit/finding/{audit.pk}/", {"kind": "minor_nc", "description": "x"})
    assert response.status_code in (302, 403) and not Finding.objects.exists()


def test_the_team_records_a_finding_in_one_form(client, running_audit, auditor, audited):
    client.force_login(auditor)
    response = client.post(
        f"/admin/audits/audit/finding/{running_audit.pk}/",
        {"kind": "minor_nc", "department": audited.pk, "description": "Thiếu biên bản kiểm tra"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/detail/{running_audit.pk}/#findings")
    finding = Finding.objects.get()
    assert (finding.audit, finding.recorded_by, finding.department) == (running_audit, auditor, audited)
    assert finding.number in client.get(response["Location"]).content.decode()


def test_a_finding_without_type_or_description_is_refused_and_nothing_is_written(
    client, running_audit, auditor, audited
):
    client.force_login(auditor)
    response = client.post(
        f"/admin/audits/audit/finding/{running_audit.pk}/", {"kind": "", "department": audited.pk, "description": ""}
    )
    assert response.status_code == 400 and "Trường này là bắt buộc." in response.content.decode()
    assert not Finding.objects.exists()


def test_a_planned_audit_records_no_finding(client, audit, auditor, audited):
    client.force_login(auditor)
    assert "Lưu phát hiện" not in detail(client, audit)
    client.post(
        f"/admin/audits/audit/finding/{audit.pk}/", {"kind": "minor_nc", "department": audited.pk, "description": "x"}
    )
    assert not Finding.objects.exists()


def test_the_action_proposes_the_departments_head_and_a_month(client, finding, auditor, head):
    client.force_login(auditor)
    html = detail(client, finding.audit)
    assert f'<option value="{head.pk}" selected>' in html
    due = timezone.localdate() + datetime.timedelta(days=30)
    assert f'id="raise{finding.pk}_due_date" value="{due.isoformat()}"' in html or (
        f'value="{due.isoformat()}"' in html and f'id="raise{finding.pk}_due_date"' in html
    )
