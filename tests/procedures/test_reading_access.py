"""Staff read the current issue and nothing else, by any URL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import ControlledDocumentPage, IssueStatus
from tests.procedures.workflow import issue_through_workflow, submit

DRAFT_ONLY = "TỪ-CHỈ-CÓ-TRONG-NHÁP"
OLD_ONLY = "TỪ-CHỈ-CÓ-TRONG-BẢN-CŨ"


def body_with(word):
    return [{"type": "section", "value": {"kind": "purpose", "heading": "Mục đích", "body": f"<p>{word}</p>"}}]


@pytest.fixture
def history(client, org, make_document):
    """A document with a superseded issue, a current one and a draft in review."""
    document = make_document(body=body_with(OLD_ONLY))
    old = issue_through_workflow(client, org, document)
    current = issue_through_workflow(client, org, document, change_summary="Bản hiện hành", body=body_with("HIỆN-HÀNH"))
    submit(document, org["head"], change_summary="Nháp", body=body_with(DRAFT_ONLY))
    client.logout()
    return ControlledDocumentPage.objects.get(pk=document.pk), old, current


def every_url_of(document, old, current):
    base = document.url
    return [
        base,
        base + f"lan/{old.edition}-{old.amendment}/",
        base + f"lan/{current.edition}-{current.amendment}/",
        base + "so-sanh/",
        base + f"so-sanh/?a={old.edition}-{old.amendment}&b={current.edition}-{current.amendment}",
        f"/admin/pages/{document.pk}/view_draft/",
        f"/admin/pages/{document.pk}/revisions/{old.revision_id}/view/",
        f"/admin/pages/{document.pk}/edit/preview/",
        f"/admin/pages/{document.pk}/edit/",
    ]


def test_staff_never_reach_a_draft_or_superseded_text_by_any_url(client, org, history):
    document, old, current = history
    client.force_login(org["staff"])
    for url in every_url_of(document, old, current):
        response = client.get(url)
        text = response.content.decode()
        assert DRAFT_ONLY not in text, url
        assert OLD_ONLY not in text, url
    assert "HIỆN-HÀNH" in client.get(document.url).content.decode()
    # The old issue's address leads to the current issue.
    old_url = document.url + f"lan/{old.edition}-{old.amendment}/"
    assert client.get(old_url)["Location"] == document.url


def test_iso_roles_open_past_issues_stamped_and_compare_them(client, org, history):
    document, old, current = history
    for role in ("secretary", "approver", "auditor"):
        client.force_login(org[role])
        page = client.get(document.url + f"lan/{old.edition}-{old.amendment}/").content.decode()
        assert OLD_ONLY in page and "ĐÃ ĐƯỢC THAY THẾ" in page, role
        diff = client.get(document.url + "so-sanh/").content.decode()
        assert f"<del>{OLD_ONLY}</del>" in diff and "<ins>HIỆN-HÀNH</ins>" in diff, role
    client.force_login(org["head"])
    response = client.get(document.url + f"lan/{old.edition}-{old.amendment}/", follow=True)
    assert OLD_ONLY not in response.content.decode()
    assert response.redirect_chain == [(document.url, 302)]


def test_withdrawal_removes_the_document_from_staff_and_keeps_it_stamped_for_iso_roles(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["approver"])
    response = client.post(
        f"/admin/qms/withdraw/{document.pk}/", {"reason": "Thủ tục bị bãi bỏ", "password": "Correct-Horse-9"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.WITHDRAWN
    assert issue.withdrawal_reason == "Thủ tục bị bãi bỏ"
    assert issue.signatures.count() == 3  # the withdrawal signature belongs to the document, not the issue
    assert document.signatures.filter(meaning="withdrawn", signer=org["approver"]).exists()
    page = client.get(document.url).content.decode()
    assert "TÀI LIỆU HẾT HIỆU LỰC" in page and "Thủ tục bị bãi bỏ" in page
    client.force_login(org["staff"])
    assert client.get(document.url).status_code == 404
    library_page = client.get(document.get_parent().get_parent().url).content.decode()
    assert document.code not in library_page


def test_withdrawal_needs_an_approver_and_the_password(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["secretary"])
    client.post(f"/admin/qms/withdraw/{document.pk}/", {"reason": "x", "password": "Correct-Horse-9"})
    client.force_login(org["approver"])
    response = client.post(f"/admin/qms/withdraw/{document.pk}/", {"reason": "x", "password": "wrong"})
    assert "Sai mật khẩu" in response.content.decode()
    response = client.post(f"/admin/qms/withdraw/{document.pk}/", {"reason": "", "password": "Correct-Horse-9"})
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CURRENT
    assert not document.signatures.filter(meaning="withdrawn").exists()


def test_withdrawing_twice_is_refused_with_a_message(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    client.force_login(org["approver"])
    data = {"reason": "Bãi bỏ", "password": "Correct-Horse-9"}
    client.post(f"/admin/qms/withdraw/{document.pk}/", data)
    response = client.post(f"/admin/qms/withdraw/{document.pk}/", data, follow=True)
    assert "Tài liệu này đã bị thu hồi" in response.content.decode()
    assert document.signatures.filter(meaning="withdrawn").count() == 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_staff_page_costs_the_same_queries_with_1_issue_and_with_30(client, org, make_document):
    one = make_document(title="Một lần ban hành")
    issue_through_workflow(client, org, one)
    many = make_document(title="Ba mươi lần ban hành")
    for n in range(30):
        issue_through_workflow(client, org, many, change_summary=f"Sửa đổi {n}")
    client.force_login(org["staff"])
    count_queries(client, one.url)  # warm caches (site root, settings)
    assert count_queries(client, one.url) == count_queries(client, many.url)


def test_a_first_issue_not_yet_in_effect_is_shown_stamped_to_iso_roles_only(client, org, make_document, tomorrow):
    document = make_document()
    issue_through_workflow(client, org, document, effective_date=tomorrow)
    client.force_login(org["staff"])
    assert client.get(document.url).status_code == 404
    for role in ("approver", "secretary", "auditor"):
        client.force_login(org[role])
        page = client.get(document.url)
        assert page.status_code == 200, role
        assert f"Chưa có hiệu lực: có hiệu lực từ ngày {tomorrow:%d/%m/%Y}." in page.content.decode()
        assert f'href="{document.url}pdf/"' not in page.content.decode()
