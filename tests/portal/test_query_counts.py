"""The library, document and search pages make as many queries for 400
documents as for 20."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from procedures.models import ControlledDocumentPage, ReadingAssignment
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


# bench/portal_reading.py's bare page: a plain Wagtail page beside the document (routed through as
# many levels), whose template (bench/templates/wagtailcore/page.html) extends the same base.html
# and prints the issue's frozen body.
BENCH_TEMPLATES = Path(__file__).resolve().parents[2] / "bench" / "templates"


@pytest.fixture
def bare_twin(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [BENCH_TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}]

    def make(document):
        issue = document.current_issue
        twin = Page(title=issue.title, slug=f"bare-{document.pk}", search_description=issue.body_html)
        document.get_parent().add_child(instance=twin)
        return twin

    return make


def first_document(section):
    return ControlledDocumentPage.objects.child_of(section).order_by("path").first()


def committed(client, url, capture_on_commit):
    """Queries of a request to ``url`` once an earlier one has committed (as every request does outside
    a test): the frozen part of an issue and the site root paths are kept only after the commit."""
    with capture_on_commit(execute=True):
        client.get(url)
    return queries(client, url)


def test_the_document_page_makes_fewer_queries_than_a_bare_page(
    client, org, section, bare_twin, django_capture_on_commit_callbacks
):
    """What the document page shows beyond the bare page (the history, the reader's state, the ETag)
    and what both show (the header: the person's roles, rights, agency and unread count) come
    from the document page's one query of its issues."""
    add_documents(section, org, 2, 1)
    document = first_document(section)
    twin = bare_twin(document)
    client.force_login(org["staff"])
    page, response = committed(client, document.url, django_capture_on_commit_callbacks)
    bare, bare_response = committed(client, twin.url, django_capture_on_commit_callbacks)
    for shown in (response, bare_response):
        text = shown.content.decode()
        assert "Tiếp nhận hồ sơ" in text  # the same frozen body
        assert "Võ Thị Ngọc Lan" in text and org["staff"].agency.agency_name in text  # the same header
        assert 'href="/admin/"' not in text  # staff do not enter the administration
    assert "Theo dõi sửa đổi tài liệu" in response.content.decode()  # the amendment history
    # The bare page's header asks six queries (agency, groups, role grants, two permission reads, unread
    # count); the document page reads them with its issues, and its own page type costs one routing
    # query more than a plain page.
    assert page + 4 <= bare

    # Constant in the number of documents, and for a reader assigned the issue (their reading state).
    add_documents(section, org, 30, 3)
    assert committed(client, document.url, django_capture_on_commit_callbacks)[0] == page
    assert committed(client, twin.url, django_capture_on_commit_callbacks)[0] == bare
    ReadingAssignment.objects.create(issue=document.current_issue, user=org["staff"])
    client.get(document.url)  # the first opening is recorded
    assigned, response = committed(client, document.url, django_capture_on_commit_callbacks)
    assert "Tôi đã đọc và hiểu tài liệu này" in response.content.decode()
    assert assigned == page  # the assignment and the confirmation come with the issues


@pytest.mark.parametrize("person", ["staff", "head", "secretary", "approver", "auditor", "granted"])
def test_the_readers_roles_rights_and_agency_read_with_the_page_are_their_own(client, org, section, person):
    """The document page (with its issues) and the search page (with its ETag) read the reader's
    groups, role grants, headed departments, permissions and agency in their one state query: each is
    what the person's own queries give, and the header shows it."""
    from django.contrib.auth import get_user_model

    from qms import roles, scope
    from qms.models import RoleGrant
    from tests.qms.factories import AgencyFactory, StaffFactory

    add_documents(section, org, 1, 1)
    document = first_document(section)
    if person == "granted":
        reader = StaffFactory(username="kiemtra", department=org["ccvc"])
        RoleGrant.objects.create(user=reader, agency=AgencyFactory(code="tanphu"), role=roles.INTERNAL_AUDITOR)
    else:
        reader = org[person]
    client.force_login(reader)
    fresh = get_user_model().objects.get(pk=reader.pk)
    for url in (document.url, "/search/?q=thu+tuc"):
        response = client.get(url)
        assert response.status_code == 200
        read = response.wsgi_request.user._wrapped
        assert read._state.fields_cache["agency"].agency_name == reader.agency.agency_name
        assert read._qms_role_names == roles.role_names(fresh)
        assert read._qms_role_agencies == roles._held(fresh)
        assert read._headed_departments == scope.headed_departments(fresh)
        assert read.get_all_permissions() == fresh.get_all_permissions()
        assert ('href="/admin/"' in response.content.decode()) == fresh.has_perm("wagtailadmin.access_admin")
        assert reader.agency.agency_name in response.content.decode()


def test_the_search_reads_its_filter_options_in_one_query_and_its_tiers_counts_in_one(client, org, section):
    """The ETag's state query is the search page's own: the two filter lists come in one query and
    both tiers (title or code matches, then the rest) are counted in one."""
    add_documents(section, org, 20, 1)
    make_issued_document(
        section,
        org["approver"],
        title="Quy trình khác",
        code="QT-900",
        department=org["ccvc"],
        body=steps_body(action="Giải quyết thủ tục hành chính"),
    )
    rebuild()
    client.force_login(org["staff"])
    count, response = queries(client, "/search/", {"q": "thu tuc hanh chinh", "page": 2})
    # Twenty title matches fill the first page; the one whose words are only in its body comes after.
    assert response.context["page_obj"].paginator.count == 21
    assert [result["issue"].code for result in response.context["results"]] == ["QT-900"]
    text = response.content.decode()
    assert f'<option value="{org["ccvc"].pk}">Phòng Công chức, viên chức</option>' in text
    assert "Tất cả loại tài liệu" in text

    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": "thu tuc hanh chinh", "page": 2})
    options = [q["sql"] for q in captured if '"qms_department"' in q["sql"] or '"procedures_documenttype"' in q["sql"]]
    assert len(options) == 1 and '"qms_department"' in options[0] and '"procedures_documenttype"' in options[0]
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and '"procedures_searchentry"' in q["sql"]]
    assert len(counts) == 1
    assert len(captured) == count
