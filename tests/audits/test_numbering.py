"""Audits, findings and actions are numbered; findings stay unique when recorded at the same time."""

import threading

import pytest
from django.db import connection

from audits.models import Finding
from tests.audits.factories import AuditFactory, FindingFactory, ProgrammeFactory
from tests.qms.factories import ApproverFactory, AuditorFactory


def test_numbers_follow_the_agency_pattern(audit, finding, action, running_audit, audited, auditor):
    assert audit.number == "ĐGNB-2026-01"
    assert finding.number == "ĐGNB-2026-01/NC-01"
    observation, major, ofi = (
        FindingFactory(audit=running_audit, kind=kind, department=audited, description=text)
        for kind, text in ((Finding.Kind.OBSERVATION, "Lưu ý"), (Finding.Kind.MAJOR_NC, "N"), (Finding.Kind.OFI, "C"))
    )
    assert [observation.number, major.number, ofi.number] == [
        "ĐGNB-2026-01/OBS-01",
        "ĐGNB-2026-01/NC-02",
        "ĐGNB-2026-01/OFI-01",
    ]
    assert action.number.startswith("HĐKP-")


def test_second_audit_of_the_year_gets_the_next_number(audit, programme, auditor):
    second = AuditFactory(programme=programme, title="Lần 2", lead_auditor=auditor)
    assert second.number == "ĐGNB-2026-02"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_findings_recorded_at_once_get_distinct_numbers(client, audited, inspection):
    """Two auditors post a finding through the admin at the same moment: both are
    saved (no error page), with distinct numbers."""

    from django.test import Client

    lead = AuditorFactory(username="lead", department=inspection, full_name="Trưởng đoàn")
    member = AuditorFactory(username="member", department=inspection, full_name="Thành viên")
    approver = ApproverFactory(username="approver", full_name="Lãnh đạo")
    audit = AuditFactory(
        programme=ProgrammeFactory(year=2026, approved_by=approver),
        lead_auditor=lead,
        departments=[audited],
        team=[member],
        started=True,
    )

    barrier = threading.Barrier(2)
    statuses = []

    def record(user):
        try:
            browser = Client()
            browser.force_login(user)
            barrier.wait()
            response = browser.post(
                f"/admin/audits/finding/new/?audit={audit.pk}",
                {"audit": audit.pk, "kind": "minor_nc", "department": audited.pk, "description": user.username},
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(user,)) for user in (lead, member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302, 302]
    numbers = sorted(Finding.objects.filter(audit=audit).values_list("number", flat=True))
    assert numbers == ["ĐGNB-2026-01/NC-01", "ĐGNB-2026-01/NC-02"]
