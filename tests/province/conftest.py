"""Two agencies of a province (a department and a commune under a district), their people and the overseer."""

import pytest
from django.contrib.auth.models import Group

from qms import roles
from qms.models import AgencyLevel
from tests.qms.factories import (
    AgencyFactory,
    AuditorFactory,
    DepartmentFactory,
    SecretaryFactory,
    StaffFactory,
    UserFactory,
    first_agency,
)


@pytest.fixture
def province(db):
    so = first_agency()
    district = AgencyFactory(agency_name="UBND HUYỆN LONG HỒ", code="huyen-long-ho", level=AgencyLevel.DISTRICT)
    commune = AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh", parent=district)
    return {"so": so, "district": district, "commune": commune}


@pytest.fixture
def people(province):
    so_office = DepartmentFactory(agency=province["so"], name="Văn phòng Sở", code="van-phong")
    commune_office = DepartmentFactory(agency=province["commune"], name="Văn phòng xã", code="van-phong-xa")
    skhcn = DepartmentFactory(agency=province["so"], name="Sở KH&CN (theo dõi)", code="skhcn")
    overseer = UserFactory(username="sokhcn", full_name="Chuyên viên Sở KH&CN", department=skhcn)
    overseer.groups.add(Group.objects.get(name=roles.OVERSEER))
    return {
        "so_office": so_office,
        "commune_office": commune_office,
        "overseer": overseer,
        "secretary_so": SecretaryFactory(username="thuky-so", department=so_office),
        "secretary_commune": SecretaryFactory(username="thuky-xa", department=commune_office),
        "staff": StaffFactory(username="nhanvien-so", department=so_office),
        "auditor": AuditorFactory(username="danhgia-so", department=so_office),
    }
