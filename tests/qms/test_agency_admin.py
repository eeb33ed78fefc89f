"""The core's admin screens for agencies and for roles held in another agency."""

import pytest
from django.urls import reverse

from qms import roles
from qms.models import Agency, RoleGrant
from tests.qms.factories import (
    AgencyFactory,
    AuditorFactory,
    DepartmentFactory,
    SecretaryFactory,
    StaffFactory,
    SuperuserFactory,
    first_agency,
)


@pytest.fixture
def agencies(db):
    return first_agency(), AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh")


@pytest.fixture
def people(agencies):
    a, b = agencies
    a_office = DepartmentFactory(agency=a, name="Văn phòng Sở", code="van-phong")
    b_office = DepartmentFactory(agency=b, name="Văn phòng xã", code="van-phong-xa")
    return {
        "secretary_a": SecretaryFactory(username="thuky-a", full_name="Thư ký sở", department=a_office),
        "secretary_b": SecretaryFactory(username="thuky-b", full_name="Thư ký xã", department=b_office),
        "helper": AuditorFactory(username="hotro", full_name="Người hỗ trợ", department=a_office),
        "clerk_b": StaffFactory(username="vanthu-b", full_name="Văn thư xã", department=b_office),
    }


def test_superusers_alone_set_up_agencies(client, people):
    client.force_login(people["secretary_a"])
    assert client.get(reverse("agencies:index")).status_code in (302, 403)
    assert client.get(reverse("agencies:add")).status_code in (302, 403)
    client.force_login(SuperuserFactory())
    assert "UBND XÃ TÂN HẠNH" in client.get(reverse("agencies:index")).content.decode()
    response = client.post(
        reverse("agencies:add"),
        {
            "agency_name": "UBND XÃ PHÚ QUỚI",
            "code": "xa-phu-quoi",
            "level": "commune",
            "iso_edition": "2015",
            "stamp_controlled": "BẢN KIỂM SOÁT",
            "stamp_uncontrolled": "BẢN KHÔNG KIỂM SOÁT",
            "stamp_obsolete": "TÀI LIỆU HẾT HIỆU LỰC",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Agency.objects.get(code="xa-phu-quoi")
    assert created.collection_id is not None  # set up like any new agency


def test_the_secretary_grants_a_role_in_their_agency_to_a_person_of_another(client, people, agencies):
    a, b = agencies
    RoleGrant.objects.create(user=people["secretary_b"], agency=a, role=roles.APPROVER)
    client.force_login(people["secretary_b"])
    listing = client.get(reverse("role_grants:index")).content.decode()
    assert "Thư ký xã" not in listing  # a grant in the other agency
    response = client.post(
        reverse("role_grants:add"),
        {"user": people["helper"].pk, "agency": a.pk, "role": roles.INTERNAL_AUDITOR},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=people["helper"])
    assert grant.agency == b and grant.role == roles.INTERNAL_AUDITOR
    assert roles.has_role(people["helper"], roles.INTERNAL_AUDITOR, agency=b)
    assert "Người hỗ trợ" in client.get(reverse("role_grants:index")).content.decode()


def test_a_grant_of_another_agency_is_not_found_and_its_own_people_are_refused(client, people, agencies):
    a, b = agencies
    other = RoleGrant.objects.create(user=people["secretary_b"], agency=a, role=roles.APPROVER)
    client.force_login(people["secretary_b"])
    assert client.get(reverse("role_grants:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("role_grants:delete", args=[other.pk])).status_code == 404
    assert RoleGrant.objects.filter(pk=other.pk).exists()
    response = client.post(reverse("role_grants:add"), {"user": people["clerk_b"].pk, "role": roles.APPROVER})
    assert response.status_code == 200
    assert not RoleGrant.objects.filter(user=people["clerk_b"]).exists()


def test_a_person_who_is_no_secretary_grants_nothing(client, people):
    client.force_login(people["helper"])
    assert client.get(reverse("role_grants:add")).status_code in (302, 403)
    assert client.get(reverse("role_grants:index")).status_code in (302, 403)


def test_an_agency_is_never_deleted(client, agencies):
    client.force_login(SuperuserFactory())
    assert client.post(reverse("agencies:delete", args=[agencies[1].pk])).status_code in (302, 403)
    assert Agency.objects.filter(pk=agencies[1].pk).exists()


def test_the_secretary_adds_a_department_to_their_agency_with_its_own_parent_and_head(client, people, agencies):
    a, b = agencies
    client.force_login(people["secretary_a"])
    listing = client.get(reverse("departments:index")).content.decode()
    assert "Văn phòng Sở" in listing and "Văn phòng xã" not in listing
    form = client.get(reverse("departments:add")).content.decode()
    assert "Thư ký sở" in form and "Văn thư xã" not in form and "Văn phòng xã" not in form
    b_office = b.departments.get()
    refused = client.post(
        reverse("departments:add"),
        {"name": "Phòng Kế hoạch", "code": "ke-hoach", "parent": b_office.pk, "head": people["clerk_b"].pk},
    )
    assert refused.status_code == 200
    assert not a.departments.filter(code="ke-hoach").exists()
    response = client.post(
        reverse("departments:add"),
        {
            "name": "Phòng Kế hoạch",
            "code": "ke-hoach",
            "parent": a.departments.get(code="van-phong").pk,
            "head": people["helper"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = a.departments.get(code="ke-hoach")
    assert created.head == people["helper"] and created.parent.code == "van-phong"


def test_another_agencys_department_is_not_found_and_no_department_is_deleted(client, people, agencies):
    a, b = agencies
    b_office = b.departments.get()
    client.force_login(people["secretary_a"])
    assert client.get(reverse("departments:edit", args=[b_office.pk])).status_code == 404
    client.post(reverse("departments:edit", args=[b_office.pk]), {"name": "Đổi tên", "code": "doi-ten"})
    b_office.refresh_from_db()
    assert b_office.name == "Văn phòng xã"
    client.force_login(SuperuserFactory())
    client.post(reverse("departments:delete", args=[b_office.pk]))
    assert b.departments.filter(pk=b_office.pk).exists()
    client.force_login(people["clerk_b"])
    assert client.get(reverse("departments:add")).status_code in (302, 403)


def test_the_user_forms_offer_the_role_groups_not_the_agency_groups_and_keep_them(client, people):
    from qms.models import AgencyGroup

    client.force_login(SuperuserFactory())
    helper = people["helper"]
    agency_group = AgencyGroup.objects.get(agency=helper.agency, role=roles.INTERNAL_AUDITOR).group
    assert helper.groups.filter(pk=agency_group.pk).exists()
    for url in (reverse("wagtailusers_users:add"), reverse("wagtailusers_users:edit", args=[helper.pk])):
        groups = client.get(url).context["form"].fields["groups"].queryset
        assert set(roles.ROLE_LABELS) <= set(groups.values_list("name", flat=True))
        assert not groups.filter(agency_role__isnull=False).exists()
    response = client.post(
        reverse("wagtailusers_users:edit", args=[helper.pk]),
        {
            "username": helper.username,
            "email": "hotro@example.vn",
            "first_name": "Người",
            "last_name": "Hỗ trợ",
            "is_active": "on",
            "groups": [helper.groups.get(name=roles.INTERNAL_AUDITOR).pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert helper.groups.filter(pk=agency_group.pk).exists()
