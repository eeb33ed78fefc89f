"""Audits, findings and actions are numbered; findings stay unique when recorded at the same time."""

import threading

import pytest
from django.db import connection

from audits.models import Audit, Finding


def test_numbers_follow_the_agency_pattern(audit, finding, action, running_audit, audited, auditor):
    assert audit.number == "ĐGNB-2026-01"
    assert finding.number == "ĐGNB-2026-01/NC-01"
    observation = Finding.objects.create(
        audit=running_audit, kind=Finding.Kind.OBSERVATION, department=audited, description="Lưu ý"
    )
    major = Finding.objects.create(audit=running_audit, kind=Finding.Kind.MAJOR_NC, department=audited, description="N")
    ofi = Finding.objects.create(audit=running_audit, kind=Finding.Kind.OFI, department=audited, description="C")
    assert [observation.number, major.number, ofi.number] == [
        "ĐGNB-2026-01/OBS-01",
        "ĐGNB-2026-01/NC-02",
        "ĐGNB-2026-01/OFI-01",
    ]
    assert action.number.startswith("HĐKP-")


def test_second_audit_of_the_year_gets_the_next_number(audit, programme, auditor):
    second = Audit.objects.create(
        programme=programme,
        title="Lần 2",
        scope="S",
        criteria="C",
        planned_start=audit.planned_start,
        planned_end=audit.planned_end,
        lead_auditor=auditor,
    )
    assert second.number == "ĐGNB-2026-02"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_findings_recorded_at_once_get_distinct_numbers(client, make_user, audited, inspection):
    """Two auditors post a finding through the admin at the same moment: both are
    saved (no error page), with distinct numbers."""
    import datetime

    from django.test import Client

    from audits.models import AuditProgramme
    from qms import roles

    lead = make_user("lead", roles.INTERNAL_AUDITOR, inspection, "Trưởng đoàn")
    member = make_user("member", roles.INTERNAL_AUDITOR, inspection, "Thành viên")
    approver = make_user("approver", roles.APPROVER, None, "Lãnh đạo")
    programme = AuditProgramme.objects.create(year=2026, objectives="O")
    programme.approve(approver)
    audit = Audit.objects.create(
        programme=programme,
        title="T",
        scope="S",
        criteria="C",
        planned_start=datetime.date(2026, 5, 1),
        planned_end=datetime.date(2026, 5, 2),
        lead_auditor=lead,
    )
    audit.departments.add(audited)
    audit.team.add(member)
    audit.start(lead)

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
