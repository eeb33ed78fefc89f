"""Audits, findings and actions are numbered; findings stay unique when recorded at the same time."""

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
