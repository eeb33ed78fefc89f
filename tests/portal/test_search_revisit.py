"""A revisit of a search result page is a 304 that searches nothing, until something it shows changes:
the library (a new issue, a withdrawal), the reader's agencies, the language, the query, the person."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import IssueStatus
from procedures.search.index import rebuild
from qms.models import Agency
from tests.procedures.factories import add_issue
from tests.qms.factories import AgencyFactory, StaffFactory


def search(client, data, etag=None):
    headers = {"If-None-Match": etag} if etag else None
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", data, headers=headers)
    return response, len(captured)


def codes(response):
    return [result["issue"].code for result in response.context["results"]]


def test_a_revisit_is_a_304_that_searches_nothing(client, org, issued):
    issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    first, queries = search(client, {"q": "dang ky"})
    assert codes(first) == ["QT-01"]
    etag = first["ETag"]
    assert etag.startswith('"s1-')
    directives = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= directives and "no-store" not in directives

    again, revisit_queries = search(client, {"q": "dang ky"}, etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.templates and not again.content
    assert revisit_queries <= 5 < queries  # the session, the person, the one state query: no search

    # Another query string, another language, another person: not the same page.
    assert search(client, {"q": "dang ky", "page": 2}, etag)[0].status_code == 200
    client.cookies["django_language"] = "en"
    assert search(client, {"q": "dang ky"}, etag)[0].status_code == 200
    del client.cookies["django_language"]
    assert search(client, {"q": "dang ky"}, etag)[0].status_code == 304
    client.force_login(StaffFactory(username="chuyenvien2", department=org["ccvc"]))
    assert search(client, {"q": "dang ky"}, etag)[0].status_code == 200


def test_a_new_issue_or_a_withdrawal_changes_the_results(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    etag = search(client, {"q": "ket hon"})[0]["ETag"]

    issued("Thủ tục đăng ký kết hôn có yếu tố nước ngoài", code="QT-02")
    response = search(client, {"q": "ket hon"}, etag)[0]
    assert response.status_code == 200
    assert codes(response) == ["QT-01", "QT-02"]
    etag = response["ETag"]
    assert search(client, {"q": "ket hon"}, etag)[0].status_code == 304

    new = add_issue(document, org["approver"], status=IssueStatus.SCHEDULED)
    new.make_current(user=org["approver"])
    rebuild()
    response = search(client, {"q": "ket hon"}, etag)[0]
    assert response.status_code == 200
    assert new.pk in [r["issue"].pk for r in response.context["results"]]


def test_a_change_of_the_readers_agencies_changes_the_results(client, org, issued):
    issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    etag = search(client, {"q": "ket hon"})[0]["ETag"]
    other = AgencyFactory(agency_name="UBND xã Tân Phú", code="tanphu")
    etag = search(client, {"q": "ket hon"}, etag)[0]["ETag"]  # a new agency is a new tag too
    assert search(client, {"q": "ket hon"}, etag)[0].status_code == 304
    # The other agency starts sharing its documents with the province: the reader now reads them.
    Agency.objects.filter(pk=other.pk).update()  # no change, no new tag
    assert search(client, {"q": "ket hon"}, etag)[0].status_code == 304
    other.shares_documents = not other.shares_documents
    other.save()
    assert search(client, {"q": "ket hon"}, etag)[0].status_code == 200


def test_a_new_notification_changes_the_header(client, org, issued):
    from qms.notifications import notify

    issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    etag = search(client, {"q": "ket hon"})[0]["ETag"]
    notify([org["staff"]], "document_issued", {"code": "QT-02", "title": "Khác", "edition": "1/0"}, url="/")
    response = search(client, {"q": "ket hon"}, etag)[0]
    assert response.status_code == 200
    assert 'aria-label="1 chưa đọc"' in response.content.decode()
