"""The trail keeps each record's agency: a record moved to another agency in SQL is named."""

from tests.procedures.test_integrity import problems, run_sql, verify
from tests.qms.factories import AgencyFactory, DepartmentFactory, SecretaryFactory


def test_a_department_moved_to_another_agency_in_sql_is_named(db):
    department = DepartmentFactory(name="Văn phòng UBND", code="vp")
    other = AgencyFactory()
    assert "intact" in verify()
    run_sql("UPDATE qms_department SET agency_id = %s WHERE id = %s", [other.pk, department.pk])
    assert f"qms.Department #{department.pk}: the record was changed outside the application (field agency)" in (
        problems()
    )


def test_a_person_moved_to_another_agency_through_the_application_verifies(db):
    secretary = SecretaryFactory(department=DepartmentFactory(code="vp"))
    other = AgencyFactory()
    secretary.agency = other
    secretary.department = DepartmentFactory(agency=other, code="vp")
    secretary.save()
    assert "intact" in verify()
    # Their secretary rights followed them: the new agency's group, not the old one's.
    names = set(secretary.groups.filter(agency_role__isnull=False).values_list("name", flat=True))
    assert names == {f"{other.code} · ISO secretary"}


def test_a_person_deactivated_by_a_full_save_leaves_the_agency_groups(db):
    secretary = SecretaryFactory(department=DepartmentFactory(code="vp"))
    assert secretary.groups.filter(agency_role__isnull=False).exists()
    secretary.is_active = False
    secretary.save()
    assert not secretary.groups.filter(agency_role__isnull=False).exists()
