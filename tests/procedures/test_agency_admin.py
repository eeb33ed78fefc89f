"""The back office of document control keeps each agency's registers apart.

Two agencies share the installation: the ISO secretary of the second lists,
adds and opens only the document types, external documents and records list
of their own agency, and the forms offer only its departments.
"""

import pytest
from django.urls import reverse

from procedures.admin.viewsets import DocumentTypeViewSet, ExternalDocumentViewSet
from procedures.models import DocumentType, ExternalDocument, RecordType
from tests.procedures.factories import DocumentTypeFactory, ExternalDocumentFactory, RecordTypeFactory
from tests.qms.factories import AgencyFactory, DepartmentFactory, SecretaryFactory, first_agency

DOCUMENT_TYPES = DocumentTypeViewSet("document_types")
EXTERNAL_DOCUMENTS = ExternalDocumentViewSet("external_documents")
RECORD_TYPES_ADD = "wagtailsnippets_procedures_recordtype:add"
RECORD_TYPES_LIST = "wagtailsnippets_procedures_recordtype:list"
RECORD_TYPES_EDIT = "wagtailsnippets_procedures_recordtype:edit"


@pytest.fixture
def agencies(db):
    a = first_agency()
    b = AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh")
    return a, b


@pytest.fixture
def departments(agencies):
    a, b = agencies
    return (
        DepartmentFactory(agency=a, name="Văn phòng Sở", code="van-phong"),
        DepartmentFactory(agency=b, name="Bộ phận một cửa", code="mot-cua"),
    )


@pytest.fixture
def secretary_b(departments):
    return SecretaryFactory(username="thuky-b", full_name="Thư ký xã", department=departments[1])


@pytest.fixture
def rows(agencies, departments):
    a, b = agencies
    return {
        "type_a": DocumentTypeFactory(agency=a, name="Quy trình sở", prefix="QTSO"),
        "type_b": DocumentTypeFactory(agency=b, name="Quy trình xã", prefix="QTXA"),
        "external_a": ExternalDocumentFactory(agency=a, number="01/2024/NĐ-CP", title="Nghị định của sở"),
        "external_b": ExternalDocumentFactory(agency=b, number="02/2024/NĐ-CP", title="Nghị định của xã"),
        "record_a": RecordTypeFactory(agency=a, code="HS-SO", name="Hồ sơ của sở", keeper_department=departments[0]),
        "record_b": RecordTypeFactory(agency=b, code="HS-XA", name="Hồ sơ của xã", keeper_department=departments[1]),
    }


def test_the_secretary_of_an_agency_lists_only_its_registers(client, secretary_b, rows):
    client.force_login(secretary_b)
    listing = client.get(reverse(DOCUMENT_TYPES.get_url_name("index"))).content.decode()
    assert "QTXA" in listing and "QTSO" not in listing
    listing = client.get(reverse(EXTERNAL_DOCUMENTS.get_url_name("index"))).content.decode()
    assert "Nghị định của xã" in listing and "Nghị định của sở" not in listing
    listing = client.get(reverse(RECORD_TYPES_LIST)).content.decode()
    assert "Hồ sơ của xã" in listing and "Hồ sơ của sở" not in listing


def test_another_agencys_rows_are_not_found(client, secretary_b, rows):
    client.force_login(secretary_b)
    assert client.get(reverse(DOCUMENT_TYPES.get_url_name("edit"), args=[rows["type_a"].pk])).status_code == 404
    assert client.get(reverse(DOCUMENT_TYPES.get_url_name("edit"), args=[rows["type_b"].pk])).status_code == 200
    external_a = rows["external_a"].pk
    assert client.get(reverse(EXTERNAL_DOCUMENTS.get_url_name("edit"), args=[external_a])).status_code == 404
    assert client.get(reverse(EXTERNAL_DOCUMENTS.get_url_name("inspect"), args=[external_a])).status_code == 404
    assert client.get(reverse(EXTERNAL_DOCUMENTS.get_url_name("history"), args=[external_a])).status_code == 404
    assert client.get(reverse(RECORD_TYPES_EDIT, args=[rows["record_a"].pk])).status_code == 404
    assert client.get(reverse(RECORD_TYPES_EDIT, args=[rows["record_b"].pk])).status_code == 200


def test_a_document_type_added_by_the_secretary_lands_in_their_agency(client, secretary_b, rows, agencies):
    client.force_login(secretary_b)
    # The prefix QTSO is the other agency's: no conflict in this one.
    response = client.post(
        reverse(DOCUMENT_TYPES.get_url_name("add")),
        {
            "name": "Hướng dẫn",
            "prefix": "QTSO",
            "numbering_pattern": "{prefix}-{number:02d}",
            "review_interval_months": 12,
            "agency": agencies[0].pk,  # a forged choice of the other agency is ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = DocumentType.objects.get(agency=agencies[1], prefix="QTSO")
    assert created.name == "Hướng dẫn"
    assert DocumentType.objects.filter(prefix="QTSO").count() == 2


def test_a_prefix_already_used_in_the_agency_is_refused_with_a_message(client, secretary_b, rows):
    client.force_login(secretary_b)
    response = client.post(
        reverse(DOCUMENT_TYPES.get_url_name("add")),
        {"name": "Trùng", "prefix": "QTXA", "numbering_pattern": "{prefix}-{number:02d}", "review_interval_months": 12},
    )
    assert response.status_code == 200
    assert DocumentType.objects.filter(prefix="QTXA").count() == 1


def test_an_external_document_added_by_the_secretary_lands_in_their_agency(client, secretary_b, rows, agencies):
    client.force_login(secretary_b)
    response = client.post(
        reverse(EXTERNAL_DOCUMENTS.get_url_name("add")),
        {
            "number": "01/2024/NĐ-CP",  # the other agency's number: no conflict here
            "kind": "Nghị định",
            "title": "Nghị định mới của xã",
            "issuing_body": "Chính phủ",
            "issue_date": "2024-03-01",
            "status": "in_force",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ExternalDocument.objects.get(title="Nghị định mới của xã").agency == agencies[1]


def test_a_record_type_lands_in_the_agency_and_keeps_to_its_departments(client, secretary_b, departments, agencies):
    client.force_login(secretary_b)
    form = client.get(reverse(RECORD_TYPES_ADD)).content.decode()
    assert "Bộ phận một cửa" in form and "Văn phòng Sở" not in form
    fields = {"code": "HS-99", "name": "Hồ sơ một cửa", "retention_years": 5, "agency": agencies[1].pk}
    refused = client.post(reverse(RECORD_TYPES_ADD), {**fields, "keeper_department": departments[0].pk})
    assert refused.status_code == 200
    assert not RecordType.objects.filter(code="HS-99").exists()
    response = client.post(reverse(RECORD_TYPES_ADD), {**fields, "keeper_department": departments[1].pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RecordType.objects.get(code="HS-99").agency == agencies[1]


def test_a_person_managing_no_agency_may_not_add(client, departments, rows):
    from tests.qms.factories import HeadFactory

    head = HeadFactory(username="truong-b", department=departments[1])
    client.force_login(head)
    assert client.get(reverse(DOCUMENT_TYPES.get_url_name("add"))).status_code in (302, 403)
    listing = client.get(reverse(DOCUMENT_TYPES.get_url_name("index"))).content.decode()
    assert "QTXA" in listing and "QTSO" not in listing


def test_a_secretary_of_two_agencies_by_grants_chooses_the_agency(client, agencies, departments):
    from qms import roles
    from qms.models import RoleGrant

    a, b = agencies
    third = AgencyFactory(agency_name="UBND HUYỆN LONG HỒ", code="huyen-long-ho")
    # A helper of no agency of their own (their role group holds the permissions), secretary by grants.
    helper = SecretaryFactory(username="hotro", department=None, agency=None)
    for agency in (a, b):
        RoleGrant.objects.create(user=helper, agency=agency, role=roles.ISO_SECRETARY)
    client.force_login(helper)
    form = client.get(reverse(RECORD_TYPES_ADD)).content.decode()
    assert a.agency_name in form and b.agency_name in form and third.agency_name not in form
    fields = {"code": "HS-77", "name": "Hồ sơ hỗ trợ", "retention_years": 5}
    mixed = client.post(reverse(RECORD_TYPES_ADD), {**fields, "agency": a.pk, "keeper_department": departments[1].pk})
    assert mixed.status_code == 200
    outside = client.post(
        reverse(RECORD_TYPES_ADD), {**fields, "agency": third.pk, "keeper_department": departments[1].pk}
    )
    assert outside.status_code == 200
    assert not RecordType.objects.filter(code="HS-77").exists()
    response = client.post(
        reverse(RECORD_TYPES_ADD), {**fields, "agency": b.pk, "keeper_department": departments[1].pk}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RecordType.objects.get(code="HS-77").agency == b
