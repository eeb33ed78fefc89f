"""Staff read their own agency's documents and the province's shared ones, nobody else's.

Two agencies (the first one, A, and a commune, B) each with a current
document, and a third agency that shares its documents province-wide. The
server decides: another agency's library, section, document, PDF and search
results answer 404 or nothing, without its title.
"""

import pytest

from procedures.models import DocumentType, IssueStatus, LibraryPage, SearchEntry
from procedures.search.index import rebuild, sync_document
from qms import roles
from tests.procedures.factories import SectionPageFactory, add_issue, make_issued_document, steps_body
from tests.qms.factories import (
    AgencyFactory,
    ApproverFactory,
    DepartmentFactory,
    SecretaryFactory,
    StaffFactory,
    UserFactory,
    first_agency,
)


def agency_with_document(agency, title, action, code):
    department = DepartmentFactory(agency=agency, name=f"Bộ phận một cửa {agency.code}", code=f"mc-{agency.code}")
    section = SectionPageFactory(department=department, slug=f"mot-cua-{agency.code}")
    approver = ApproverFactory(department=department)
    document = make_issued_document(
        section,
        approver,
        title=title,
        code=code,
        department=department,
        document_type=DocumentType.objects.get(agency=agency, prefix="QT"),
        body=steps_body(action=action),
    )
    return {
        "agency": agency,
        "department": department,
        "section": section,
        "approver": approver,
        "document": document,
        "library": LibraryPage.objects.get(agency=agency),
        "staff": StaffFactory(department=department),
    }


@pytest.fixture
def province(db):
    a = agency_with_document(first_agency(), "Quy trình cấp phép xây dựng", "Tiếp nhận hồ sơ xây dựng", "QT-01")
    b = agency_with_document(
        AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="tan-hanh"),
        "Quy trình chứng thực chữ ký",
        "Tiếp nhận yêu cầu chứng thực",
        "QT-01",
    )
    shared = agency_with_document(
        AgencyFactory(agency_name="UBND TỈNH", code="ubnd-tinh", shares_documents=True),
        "Quy chế tiếp công dân của tỉnh",
        "Tiếp công dân định kỳ",
        "QT-01",
    )
    rebuild()
    return {"a": a, "b": b, "shared": shared}


def test_staff_see_their_agency_and_the_shared_documents_in_the_library_and_on_the_home_page(client, province):
    a, b, shared = province["a"], province["b"], province["shared"]
    client.force_login(a["staff"])
    html = client.get(a["library"].url).content.decode()
    assert "Quy trình cấp phép xây dựng" in html
    assert "Quy trình chứng thực chữ ký" not in html
    home = client.get("/")
    titles = {issue.title for issue in home.context["recent_issues"]}
    assert titles == {"Quy trình cấp phép xây dựng", "Quy chế tiếp công dân của tỉnh"}
    departments = {row["owner_department_id"] for row in home.context["departments"]}
    assert departments == {a["department"].pk, shared["department"].pk}
    assert "Quy trình chứng thực chữ ký" not in home.content.decode()
    assert b["department"].name not in client.get("/search/").content.decode()
    assert client.get(shared["library"].url).status_code == 200
    assert client.get(shared["section"].url).status_code == 200


def test_another_agencys_library_section_document_and_pdf_are_not_found(client, province):
    a, b = province["a"], province["b"]
    client.force_login(a["staff"])
    document = b["document"]
    raise_request = f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/"
    for url in (b["library"].url, b["section"].url, document.url, f"{document.url}pdf/", raise_request):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "chứng thực" not in response.content.decode()
    assert client.get(a["document"].url).status_code == 200


def test_the_shared_agencys_document_is_read_by_both_agencies(client, province):
    shared = province["shared"]["document"]
    for agency in ("a", "b"):
        client.force_login(province[agency]["staff"])
        response = client.get(shared.url)
        assert response.status_code == 200
        assert "Quy chế tiếp công dân của tỉnh" in response.content.decode()
        results = client.get("/search/", {"q": "tiep cong dan"}).context["results"]
        assert [result["url"] for result in results] == [shared.url]
    assert client.get(f"/kiem-soat/tai-lieu/{shared.pk}/de-nghi-sua-doi/").status_code == 200
    pdf = client.get(f"{shared.url}pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_searching_a_word_of_another_agencys_document_finds_nothing(client, province):
    a, b = province["a"], province["b"]
    client.force_login(a["staff"])
    response = client.get("/search/", {"q": "chung thuc"})
    assert response.context["page_obj"].paginator.count == 0
    assert "chứng thực" not in response.content.decode()
    browse = client.get("/search/", {"department": b["department"].pk})
    assert browse.context.get("results", []) == []
    assert [r["url"] for r in client.get("/search/", {"q": "xay dung"}).context["results"]] == [a["document"].url]
    client.force_login(b["staff"])
    assert [r["url"] for r in client.get("/search/", {"q": "chung thuc"}).context["results"]] == [b["document"].url]


def test_past_issues_only_in_the_agencies_where_the_role_is_held(client, province):
    a, b = province["a"], province["b"]
    document = b["document"]
    document.issues.get().supersede(None, user=b["approver"])
    add_issue(document, b["approver"], title="Quy trình chứng thực chữ ký (sửa đổi)")
    assert document.issues.get(amendment=0).status == IssueStatus.SUPERSEDED
    past = f"{document.url}lan/1-0/"
    client.force_login(SecretaryFactory(department=a["department"]))
    assert client.get(past).status_code == 404
    assert client.get(f"{past}pdf/").status_code == 404
    assert client.get(f"{document.url}so-sanh/").status_code == 404
    client.force_login(SecretaryFactory(department=b["department"]))
    assert client.get(past).status_code == 200
    assert client.get(f"{document.url}so-sanh/").status_code == 200
    client.force_login(UserFactory(department=a["department"], role=roles.OVERSEER))
    assert client.get(past).status_code == 200
    assert client.get(b["library"].url).status_code == 200


def test_each_search_entry_carries_its_documents_agency_when_issued_and_when_rebuilt(db):
    a = agency_with_document(first_agency(), "Quy trình cấp phép xây dựng", "Tiếp nhận hồ sơ xây dựng", "QT-01")
    b = agency_with_document(
        AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="tan-hanh"), "Quy trình chứng thực", "Tiếp nhận", "QT-01"
    )
    # What an issue taking effect runs (the issue_became_current signal), before any rebuild.
    for side in (a, b):
        sync_document(side["document"].pk)
        assert SearchEntry.objects.get(document=side["document"]).agency_id == side["agency"].pk
    SearchEntry.objects.update(agency=None)
    rebuild()
    for side in (a, b):
        assert SearchEntry.objects.get(document=side["document"]).agency_id == side["agency"].pk
