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
