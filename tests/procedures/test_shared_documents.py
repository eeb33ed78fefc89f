"""Shared provincial documents, adopted by reference.

The province (UBND tỉnh, sharing its documents) issues a procedure; the first
agency A and a district B read it where it is issued. B's ISO secretary
adopts it, distributes it to B's departments only, B's staff read and confirm
it, B's register lists it as adopted, and none of it shows in A.
"""

import pytest
from django.core.exceptions import ValidationError

from procedures.control import access, adoptions
from procedures.control.acknowledging import followed_assignments
from procedures.control.registers import ADOPTED_LABEL, decorate, register_queryset
from procedures.models import Acknowledgement, Adoption, Distribution, DocumentType, ReadingAssignment
from qms.immutable import RecordKept
from qms.models import AgencyLevel
from tests.procedures.factories import SectionPageFactory, make_issued_document, steps_body
from tests.qms.factories import (
    AgencyFactory,
    ApproverFactory,
    DepartmentFactory,
    SecretaryFactory,
    StaffFactory,
    first_agency,
)


def issued(agency, code, title):
    department = DepartmentFactory(agency=agency, name=f"Văn phòng {agency.code}", code=f"vp-{agency.code}")
    section = SectionPageFactory(department=department, slug=f"he-thong-{agency.code}")
    document = make_issued_document(
        section,
        ApproverFactory(department=department),
        title=title,
        code=code,
        department=department,
        document_type=DocumentType.objects.get(agency=agency, prefix="QT"),
        body=steps_body(action="Tiếp nhận hồ sơ"),
    )
    return department, document


@pytest.fixture
def province(db):
    a = first_agency()
    tinh = AgencyFactory(agency_name="UBND TỈNH", code="ubnd-tinh", level=AgencyLevel.PROVINCE, shares_documents=True)
    b = AgencyFactory(agency_name="UBND THÀNH PHỐ", code="ubnd-tp", level=AgencyLevel.DISTRICT, parent=tinh)
    _tinh_department, shared = issued(tinh, "QT-01", "Quy trình nội bộ giải quyết thủ tục hành chính cấp tỉnh")
    a_department, a_document = issued(a, "QT-01", "Quy trình kiểm soát tài liệu")
    b_department = DepartmentFactory(agency=b, name="Bộ phận một cửa", code="mot-cua")
    return {
        "tinh": tinh,
        "a": a,
        "b": b,
        "shared": shared,
        "a_document": a_document,
        "a_department": a_department,
        "b_department": b_department,
        "a_secretary": SecretaryFactory(department=a_department),
        "a_staff": StaffFactory(department=a_department),
        "b_secretary": SecretaryFactory(department=b_department),
        "b_staff": StaffFactory(department=b_department, full_name="Trần Thị Bích"),
    }


def adopt(client, province):
    client.force_login(province["b_secretary"])
    return client.post(
        f"/kiem-soat/tai-lieu/{province['shared'].pk}/ap-dung/",
        {"agency": province["b"].pk, "decision_reference": "45/QĐ-UBND"},
    )


def test_the_secretary_adopts_a_shared_document_from_its_page(client, province):
    client.force_login(province["b_secretary"])
    page = client.get(province["shared"].url).content.decode()
    assert "/ap-dung/" in page
    response = adopt(client, province)
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.agency, adoption.document_id, adoption.adopted_by) == (
        province["b"],
        province["shared"].pk,
        province["b_secretary"],
    )
    assert adoption.decision_reference == "45/QĐ-UBND"
    assert "/ap-dung/" in client.get(province["shared"].url).content.decode()  # the end-adoption form now
    # Adopting again is refused, and changes nothing.
    with pytest.raises(ValidationError):
        adoptions.adopt(province["b_secretary"], province["b"], province["shared"])
    assert Adoption.objects.count() == 1


def test_a_non_shared_document_or_ones_own_cannot_be_adopted(client, province):
    with pytest.raises(ValidationError) as refused:
        adoptions.adopt(province["b_secretary"], province["b"], province["a_document"])
    assert "dùng chung" in " ".join(refused.value.messages) or "shared" in " ".join(refused.value.messages)
    tinh_secretary = SecretaryFactory(department=province["shared"].owner_department)
    with pytest.raises(ValidationError):
        adoptions.adopt(tinh_secretary, province["tinh"], province["shared"])
    # Through the portal too: B's secretary cannot read A's document at all.
    client.force_login(province["b_secretary"])
    response = client.post(f"/kiem-soat/tai-lieu/{province['a_document'].pk}/ap-dung/", {"agency": province["b"].pk})
    assert response.status_code in (403, 404)
    # Staff adopt nothing.
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        adoptions.adopt(province["b_staff"], province["b"], province["shared"])
    assert not Adoption.objects.exists()


def test_b_distributes_to_its_own_departments_only_and_its_staff_read_and_confirm(client, province):
    shared = province["shared"]
    assert not access.can_manage_distribution(province["b_secretary"], shared)
    adopt(client, province)
    assert access.can_manage_distribution(province["b_secretary"], shared)
    url = f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/"
    # A's department is refused, and nothing changes.
    client.post(url, {"agency": province["b"].pk, "departments": [province["a_department"].pk]})
    assert not Distribution.objects.filter(document=shared).exists()
    # B's own department is accepted.
    response = client.post(url, {"agency": province["b"].pk, "departments": [province["b_department"].pk]})
    assert response.status_code == 302
    assert list(Distribution.objects.filter(document=shared).values_list("department", flat=True)) == [
        province["b_department"].pk
    ]
    # The control page shows B's part only.
    page = client.get(f"/kiem-soat/tai-lieu/{shared.pk}/?agency={province['b'].pk}")
    assert page.status_code == 200
    assert province["a_department"].name not in page.content.decode()

    # B's staff get it to read and confirm it.
    staff = province["b_staff"]
    readers = set(ReadingAssignment.objects.filter(issue__document=shared).values_list("user", flat=True))
    assert readers == {staff.pk, province["b_secretary"].pk}
    assignment = ReadingAssignment.objects.get(issue__document=shared, user=staff)
    client.force_login(staff)
    assert client.get(shared.url).status_code == 200
    client.post(f"/kiem-soat/tai-lieu-can-doc/{assignment.pk}/xac-nhan/")
    assert Acknowledgement.objects.filter(user=staff, issue__document=shared).exists()

    # A's secretary sees nothing of B's reading and confirmations.
    a_secretary = province["a_secretary"]
    assert not Acknowledgement.objects.visible_to(a_secretary).filter(issue__document=shared).exists()
    assert not followed_assignments(a_secretary).filter(issue__document=shared).exists()
    client.force_login(a_secretary)
    seen = client.get(f"/kiem-soat/tai-lieu/{shared.pk}/nguoi-doc/").content.decode()
    assert "Trần Thị Bích" not in seen
    # B's secretary follows B's staff.
    client.force_login(province["b_secretary"])
    assert "Trần Thị Bích" in client.get(f"/kiem-soat/tai-lieu/{shared.pk}/nguoi-doc/").content.decode()


def test_the_tinh_secretary_keeps_its_own_part_of_the_distribution(client, province):
    shared = province["shared"]
    adopt(client, province)
    client.post(f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/", {"departments": [province["b_department"].pk]})
    tinh_secretary = SecretaryFactory(department=shared.owner_department)
    client.force_login(tinh_secretary)
    client.post(f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/", {"departments": [shared.owner_department_id]})
    assert set(Distribution.objects.filter(document=shared).values_list("department", flat=True)) == {
        province["b_department"].pk,
        shared.owner_department_id,
    }


def test_the_register_of_b_lists_the_adopted_document_and_the_library_shows_it(client, province):
    adopt(client, province)
    rows = {d.code: decorate(d) for d in register_queryset(province["b_secretary"])}
    assert list(rows) == ["QT-01"]
    assert rows["QT-01"].pk == province["shared"].pk
    assert rows["QT-01"].adoption_label == str(ADOPTED_LABEL)
    a_rows = [decorate(d) for d in register_queryset(province["a_secretary"])]
    assert [(d.pk, d.adoption_label) for d in a_rows] == [(province["a_document"].pk, "")]
    from procedures.models import LibraryPage

    library = LibraryPage.objects.get(agency=province["b"])
    library.save_revision().publish()
    client.force_login(province["b_staff"])
    html = client.get(library.url).content.decode()
    assert "Quy trình nội bộ giải quyết thủ tục hành chính cấp tỉnh" in html


def test_ending_an_adoption_keeps_its_history_and_stops_the_distribution(client, province):
    adopt(client, province)
    shared = province["shared"]
    client.post(f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/", {"departments": [province["b_department"].pk]})
    adoption = Adoption.objects.get()
    client.post(f"/kiem-soat/ap-dung/{adoption.pk}/ket-thuc/", {"reason": ""})
    adoption.refresh_from_db()
    assert adoption.withdrawn_at is None
    client.post(f"/kiem-soat/ap-dung/{adoption.pk}/ket-thuc/", {"reason": "Tỉnh ban hành quy trình mới"})
    adoption.refresh_from_db()
    assert adoption.withdrawn_at is not None
    assert adoption.withdrawn_by == province["b_secretary"]
    assert adoption.withdrawal_reason == "Tỉnh ban hành quy trình mới"
    assert adoption.history.count() == 2
    assert not Distribution.objects.filter(document=shared).exists()
    assert not access.can_manage_distribution(province["b_secretary"], shared)
    assert register_queryset(province["b_secretary"]).count() == 0
    with pytest.raises(RecordKept):
        adoption.delete()
    # It may be adopted again.
    adopt(client, province)
    assert Adoption.objects.active().count() == 1
    assert Adoption.objects.count() == 2


def test_ending_an_adoption_takes_the_document_off_its_peoples_reading_lists(client, province):
    adopt(client, province)
    shared, staff = province["shared"], province["b_staff"]
    client.post(f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/", {"departments": [province["b_department"].pk]})
    # The secretary reads and confirms before the end; her staff member has not.
    secretary_assignment = ReadingAssignment.objects.get(issue__document=shared, user=province["b_secretary"])
    client.get(shared.url)
    client.post(f"/kiem-soat/tai-lieu-can-doc/{secretary_assignment.pk}/xac-nhan/")
    client.force_login(staff)
    assert [a.issue.document_id for a in client.get("/").context["reading_list"]] == [shared.pk]

    client.force_login(province["b_secretary"])
    adoption = Adoption.objects.get()
    client.post(f"/kiem-soat/ap-dung/{adoption.pk}/ket-thuc/", {"reason": "Tỉnh ban hành quy trình mới"})

    pending = ReadingAssignment.objects.get(issue__document=shared, user=staff)
    assert pending.ended_at is not None  # kept, ended
    assert ReadingAssignment.objects.get(pk=secretary_assignment.pk).ended_at is None  # confirmed stays confirmed
    assert Acknowledgement.objects.filter(user=province["b_secretary"], issue__document=shared).exists()
    assert not followed_assignments(province["b_secretary"]).filter(issue__document=shared, user=staff).exists()
    client.force_login(staff)
    assert client.get("/").context["reading_list"] == []
    page = client.get(shared.url)
    assert page.status_code == 200 and "reading_assignment" not in page.context
    response = client.post(f"/kiem-soat/tai-lieu-can-doc/{pending.pk}/xac-nhan/")
    assert not Acknowledgement.objects.filter(user=staff, issue__document=shared).exists()
    assert response.status_code in (302, 403)

    # Adopted and distributed again: the same assignment is required again.
    adopt(client, province)
    client.post(f"/kiem-soat/tai-lieu/{shared.pk}/phan-phoi/", {"departments": [province["b_department"].pk]})
    pending.refresh_from_db()
    assert pending.ended_at is None
    assert ReadingAssignment.objects.filter(issue__document=shared, user=staff).count() == 1
