"""The library, document and search pages make as many queries for 400
documents as for 20."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.search.index import rebuild
from tests.procedures.factories import make_issued_document, steps_body


def queries(client, url, data=None):
    client.get(url, data)  # warm the per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured), response


def add_documents(section, org, count, start):
    for number in range(start, start + count):
        make_issued_document(
            section,
            org["approver"],
            title=f"Thủ tục hành chính số {number}",
            code=f"QT-{number:03d}",
            department=org["ccvc"],
            body=steps_body(forms=[(f"BM-{number:03d}", "Tờ khai")]),
        )
    rebuild()


def test_page_queries_do_not_grow_with_the_number_of_documents(client, org, section, library):
    add_documents(section, org, 20, 1)
    client.force_login(org["staff"])
    document = section.get_children().specific().first()
    pages = {
        "home": ("/", None),
        "library page": (library.url, None),
        "document": (document.url, None),
        "search": ("/search/", {"q": "thu tuc hanh chinh"}),
        "search, second page": ("/search/", {"q": "thu tuc", "page": 2}),
        "search by code": ("/search/", {"q": "qt005"}),
        "browse a department": ("/search/", {"department": org["ccvc"].pk}),
    }
    small = {name: queries(client, url, data) for name, (url, data) in pages.items()}
    assert small["search"][1].context["page_obj"].paginator.count == 20

    add_documents(section, org, 380, 21)
    large = {name: queries(client, url, data) for name, (url, data) in pages.items()}
    assert large["search"][1].context["page_obj"].paginator.count == 400
    assert len(large["search, second page"][1].context["results"]) == 20
    assert {name: count for name, (count, _) in large.items()} == {name: count for name, (count, _) in small.items()}


def test_search_makes_the_same_few_queries_for_one_result_and_for_twenty(client, org, section):
    add_documents(section, org, 20, 1)
    client.force_login(org["staff"])
    one, response = queries(client, "/search/", {"q": "qt005"})
    assert len(response.context["results"]) == 1
    twenty, response = queries(client, "/search/", {"q": "thu tuc hanh chinh"})
    assert len(response.context["results"]) == 20
    # Nothing per result (each result's URL used to ask the cache for the site root paths).
    assert one == twenty
    assert twenty <= 22


def test_the_document_page_reads_the_header_count_with_its_own_state(client, org, section):
    """The unread notifications come with the page's one state query: no COUNT of their own,
    and the same number of queries with no notification and with many."""
    from qms.notifications import notify

    add_documents(section, org, 1, 1)
    document = section.get_children().specific().first()
    client.force_login(org["staff"])
    before, _ = queries(client, document.url)
    for number in range(5):
        notify([org["staff"]], "document_issued", {"code": f"QT-{number}", "title": "Khác", "edition": "1/0"})
    client.get(document.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(document.url)
    assert 'aria-label="5 chưa đọc"' in response.content.decode()
    assert len(captured) == before
    assert not [q for q in captured if 'COUNT(*) AS "__count" FROM "qms_notification"' in q["sql"]]
