"""The back office of internal audits keeps each agency's programmes, plans and teams apart."""

import pytest
from django.urls import reverse

from audits.models import Audit, AuditProgramme
from qms import roles
from qms.models import RoleGrant
from tests.audits.factories import YEAR, AuditFactory, ProgrammeFactory
from tests.qms.factories import AgencyFactory, AuditorFactory, DepartmentFactory, SecretaryFactory, first_agency


@pytest.fixture
def agencies(db):
    return first_agency(), AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh")


@pytest.fixture
def people(agencies):
    a, b = agencies
    a_office = DepartmentFactory(agency=a, name="Văn phòng Sở", code="van-phong")
    a_inspection = DepartmentFactory(agency=a, name="Thanh tra Sở", code="thanh-tra")
    b_desk = DepartmentFactory(agency=b, name="Bộ phận một cửa", code="mot-cua")
    b_office = DepartmentFactory(agency=b, name="Văn phòng xã", code="van-phong-xa")
    return {
        "a_office": a_office,
        "b_desk": b_desk,
        "b_office": b_office,
        "auditor_a": AuditorFactory(username="danhgia-a", full_name="Phạm Thị Sở", department=a_inspection),
        "auditor_b": AuditorFactory(username="danhgia-b", full_name="Đỗ Văn Xã", department=b_office),
        "secretary_b": SecretaryFactory(username="thuky-b", full_name="Thư ký xã", department=b_office),
    }


@pytest.fixture
def programmes(agencies):
    a, b = agencies
    return ProgrammeFactory(agency=a, year=YEAR, objectives="Chương trình của sở"), ProgrammeFactory(
        agency=b, year=YEAR - 1, objectives="Chương trình của xã"
    )


def plan(programme, lead, departments, team=()):
    return {
        "programme": programme.pk,
        "title": "Đánh giá bộ phận một cửa",
        "scope": "S",
        "criteria": "C",
        "edition": "2015",
        "departments": [d.pk for d in departments],
        "team": [t.pk for t in team],
        "planned_start": f"{programme.year}-05-01",
        "planned_end": f"{programme.year}-05-02",
        "lead_auditor": lead.pk,
    }


def test_the_secretary_of_an_agency_lists_only_its_programmes(client, people, programmes):
    client.force_login(people["secretary_b"])
    listing = client.get(reverse("audits_programme:index")).content.decode()
    assert str(YEAR - 1) in listing and str(YEAR) not in listing.replace(str(YEAR - 1), "")


def test_an_auditor_adds_a_programme_for_a_year_the_other_agency_has(client, people, programmes, agencies):
    client.force_login(people["auditor_b"])
    response = client.post(reverse("audits_programme:add"), {"year": YEAR, "objectives": "Năm mới của xã"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AuditProgramme.objects.get(objectives="Năm mới của xã").agency == agencies[1]
    assert AuditProgramme.objects.filter(year=YEAR).count() == 2
    again = client.post(reverse("audits_programme:add"), {"year": YEAR, "objectives": "Lần nữa"})
    assert again.status_code == 200
    assert not AuditProgramme.objects.filter(objectives="Lần nữa").exists()


def test_the_other_agencys_programme_and_audit_are_not_found(client, people, programmes):
    audit_a = AuditFactory(programme=programmes[0], lead_auditor=people["auditor_a"], departments=[people["a_office"]])
    client.force_login(people["auditor_b"])
    assert client.get(reverse("audits_programme:edit", args=[programmes[0].pk])).status_code == 404
    assert client.get(reverse("audits_programme:edit", args=[programmes[1].pk])).status_code == 200
    # Refused before it is looked up: not of the team (the admin answers a refusal with its dashboard).
    assert client.get(reverse("audits_audit:edit", args=[audit_a.pk])).status_code in (302, 403, 404)
    assert "Phạm Thị Sở" not in client.get(reverse("audits_audit:index")).content.decode()


def test_the_plan_offers_only_the_agencys_auditors_and_departments(client, people, programmes):
    client.force_login(people["auditor_b"])
    form = client.get(reverse("audits_audit:add")).content.decode()
    assert "Bộ phận một cửa" in form and "Đỗ Văn Xã" in form
    assert "Văn phòng Sở" not in form and "Phạm Thị Sở" not in form
    assert "Chương trình của sở" not in form


def test_a_plan_naming_the_other_agencys_auditor_or_department_is_refused(client, people, programmes):
    client.force_login(people["auditor_b"])
    url = reverse("audits_audit:add")
    refused = [
        plan(programmes[1], people["auditor_a"], [people["b_desk"]]),
        plan(programmes[1], people["auditor_b"], [people["a_office"]]),
        plan(programmes[1], people["auditor_b"], [people["b_desk"]], team=[people["auditor_a"]]),
        plan(programmes[0], people["auditor_b"], [people["b_desk"]]),
    ]
    for fields in refused:
        assert client.post(url, fields).status_code == 200
    assert not Audit.objects.exists()
    response = client.post(url, plan(programmes[1], people["auditor_b"], [people["b_desk"]]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Audit.objects.get().programme == programmes[1]


def test_an_auditor_granted_in_the_agency_may_be_on_its_team(client, people, programmes, agencies):
    RoleGrant.objects.create(user=people["auditor_a"], agency=agencies[1], role=roles.INTERNAL_AUDITOR)
    client.force_login(people["auditor_b"])
    fields = plan(programmes[1], people["auditor_b"], [people["b_desk"]], team=[people["auditor_a"]])
    response = client.post(reverse("audits_audit:add"), fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Audit.objects.get().team.all()) == [people["auditor_a"]]
