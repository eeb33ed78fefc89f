"""Rate limits (429), conditional GETs (ETag, 304), and a list's queries constant in its page size."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from procedures.models import IssueStatus
from tests.api.helpers import bearer, make_client, make_issued_document


def reader(province, *scopes, **fields):
    api_client, token = make_client(province["a"].agency, *(scopes or ("documents",)), **fields)
    browser = Client()
    browser.defaults.update(bearer(token))
    return api_client, browser


@pytest.mark.django_db
def test_a_client_over_its_rate_gets_429_and_another_client_is_not_held_back(
    province, django_capture_on_commit_callbacks
):
    _client, limited = reader(province, rate_limit_per_minute=3)
    _other, other = reader(province)
    statuses = []
    for _ in range(4):
        # The count is written when the request's transaction commits (api/throttling.py).
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(limited.get("/api/v1/documents/").status_code)
    assert statuses == [200, 200, 200, 429]
    refused = limited.get("/api/v1/documents/")
    assert refused.status_code == 429 and "Gọi quá nhiều lần" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/documents/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v1/documents/", "/api/v1/documents/{pk}/", "/api/v1/register/", "/api/v1/audits/"],
)
def test_a_revisit_with_the_tag_gets_304_until_something_it_shows_changes(province, path):
    document = province["a"].current[0]
    path = path.format(pk=document.pk)
    _client, browser = reader(province, "documents", "registers", "audits")
    first = browser.get(path)
    tag = first["ETag"]
    assert first.status_code == 200 and tag.startswith('"a1-')
    again = browser.get(path, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again["ETag"] == tag and again.content == b""
    assert browser.get(path, HTTP_IF_NONE_MATCH='"a1-other"').status_code == 200
    # Another filter, another page: another answer, another tag.
    assert browser.get(path, {"page_size": 1})["ETag"] != tag

    # An issue takes effect, an audit moves: the tag no longer holds.
    people = province["a"].people
    make_issued_document(
        province["a"].section,
        people["approver"],
        title="Quy trình mới",
        department=province["a"].department,
        code="QT-777",
        slug="qt-777",
    )
    if path.endswith("audits/"):
        province["a"].audit.report(people["auditor"])
    changed = browser.get(path, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


@pytest.mark.django_db
def test_the_tag_is_the_client_s_own(province):
    _a, first = reader(province)
    _b, second = reader(province)
    tag = first.get("/api/v1/documents/")["ETag"]
    assert second.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=tag).status_code == 200


def list_queries(browser, size):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/api/v1/documents/", {"page_size": size})
    assert response.status_code == 200 and len(response.json()["results"]) == size
    return len(queries)


@pytest.mark.django_db
def test_the_documents_list_asks_the_same_queries_for_5_or_20_documents(province):
    a = province["a"]
    for number in range(20):
        make_issued_document(
            a.section,
            a.people["approver"],
            title=f"Quy trình thêm {number}",
            department=a.department,
            code=f"QT-5{number:02d}",
            slug=f"them-{number}",
            status=IssueStatus.CURRENT,
        )
    _client, browser = reader(province)
    list_queries(browser, 5)  # the site's root paths are cached on the first call
    assert list_queries(browser, 5) == list_queries(browser, 20)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/register/", "/api/v1/external-documents/", "/api/v1/audits/", "/api/v1/findings/",
             "/api/v1/corrective-actions/"]
)  # fmt: skip
def test_every_list_asks_the_same_queries_for_one_row_or_all(province, path):
    _client, browser = reader(province, "documents", "registers", "audits", province_wide=True)
    browser.get(path)
    counts = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path, {"page_size": size})
        assert response.status_code == 200 and len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_filters(province):
    a = province["a"]
    _client, browser = reader(province, province_wide=True)

    def codes(**params):
        response = browser.get("/api/v1/documents/", {"page_size": 200, **params})
        assert response.status_code == 200, response.content
        return {(row["agency"], row["code"]) for row in response.json()["results"]}

    assert {agency for agency, _code in codes(agency="phuoc-hau")} == {"phuoc-hau"}
    assert {agency for agency, _code in codes(department=a.department.pk)} == {a.agency.code}
    document_type = a.current[0].document_type_id
    assert codes(type=document_type) == {(a.agency.code, "QT-001"), (a.agency.code, "QT-902")}
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert codes(updated_since=tomorrow) == set()
    assert len(codes(updated_since="2000-01-01")) == len(codes())
    bad = browser.get("/api/v1/documents/", {"updated_since": "hôm qua", "department": "x"})
    assert bad.status_code == 400
    assert bad.json() == {"department": ["Hãy nhập một số nguyên."]}
    bad = browser.get("/api/v1/documents/", {"updated_since": "hôm qua"})
    assert bad.status_code == 400
    assert bad.json() == {"updated_since": ["Hãy nhập ngày (YYYY-MM-DD) hoặc ngày giờ (ISO 8601)."]}
    assert browser.get("/api/v1/documents/", {"page": 99}).json()["detail"] == "Trang không hợp lệ."


def issue_in(built, code):
    people = built.people
    return make_issued_document(
        built.section, people["approver"], title=f"Quy trình {code}", department=built.department, code=code, slug=code
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/documents/", "/api/v1/register/", "/api/v1/audits/", "/api/v1/findings/"])
def test_a_change_in_another_agency_leaves_the_tag_and_a_change_in_its_own_agency_changes_it(province, path):
    _client, browser = reader(province, "documents", "registers", "audits")
    tag = browser.get(path)["ETag"]

    # Agency B issues a document, reports an audit and raises a finding: nothing A's client can see.
    b = province["b"]
    issue_in(b, "qt-b-moi")
    b.audit.report(b.people["auditor"])
    assert browser.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 304

    # The same in agency A: the tag no longer holds.
    a = province["a"]
    issue_in(a, "qt-a-moi")
    a.audit.report(a.people["auditor"])
    changed = browser.get(path, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


@pytest.mark.django_db
def test_a_document_shared_province_wide_changes_every_agency_s_tag_and_b_s_leaves_a_person_s(province):
    _client, browser = reader(province)
    tag = browser.get("/api/v1/documents/")["ETag"]
    issue_in(province["shared"], "qt-tinh-moi")
    assert browser.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=tag).status_code == 200

    person = Client()
    person.force_login(province["a"].people["staff"])
    tag = person.get("/api/v1/documents/")["ETag"]
    issue_in(province["b"], "qt-b-khac")
    assert person.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=tag).status_code == 304
    issue_in(province["a"], "qt-a-khac")
    assert person.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.django_db
def test_the_tag_is_read_in_one_query(province):
    from api import conditional
    from procedures.models import Issue
    from qms.models import Agency, Department

    with CaptureQueriesContext(connection) as queries:
        conditional.state((Issue, Agency, Department), frozenset({province["a"].agency.pk}))
    assert len(queries) == 1
