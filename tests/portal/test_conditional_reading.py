"""A reader's revisit of a document page is a 304 that renders nothing, until something the page
shows changes: the reader's confirmation, a new issue, the language, a notification, the person."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import IssueStatus, ReadingAssignment
from qms.notifications import notify
from tests.procedures.factories import add_issue
from tests.qms.factories import StaffFactory


def revisit(client, url, etag):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    return response, len(captured)


def first_visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response["ETag"]


def test_a_revisit_is_a_304_that_renders_no_template(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    page, etag = first_visit(client, document.url)
    directives = {part.strip() for part in page["Cache-Control"].split(",")}
    # Kept by the browser only to be revalidated; never by a shared cache.
    assert {"private", "no-cache"} <= directives and "no-store" not in directives
    assert etag.startswith('"r1-')

    response, queries = revisit(client, document.url, etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.templates
    assert not response.content
    # The session, the person, and the one query of what the page shows: no routing, no rendering.
    assert queries <= 4

    # Another person's tag is not theirs.
    colleague = StaffFactory(username="chuyenvien2", department=org["ccvc"])
    client.force_login(colleague)
    assert revisit(client, document.url, etag)[0].status_code == 200


def test_the_tag_changes_when_the_reader_confirms_reading(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    issue = document.issues.get()
    assignment = ReadingAssignment.objects.create(issue=issue, user=org["staff"])
    client.force_login(org["staff"])
    page, etag = first_visit(client, document.url)
    assert "Tôi đã đọc và hiểu tài liệu này" in page.content.decode()
    assert revisit(client, document.url, etag)[0].status_code == 304  # the first opening was in the tag

    assert client.post(f"/kiem-soat/tai-lieu-can-doc/{assignment.pk}/xac-nhan/").status_code == 302
    client.get("/")  # shows (and so clears) the "confirmed" message
    response, _ = revisit(client, document.url, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Bạn đã xác nhận đọc hiểu lần ban hành này" in response.content.decode()


def test_a_new_issue_changes_the_tag_and_the_page(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["secretary"])
    past_url = document.url + "lan/1-0/"
    _, current_tag = first_visit(client, document.url)
    _, past_tag = first_visit(client, past_url)
    assert revisit(client, past_url, past_tag)[0].status_code == 304

    old = document.issues.get()
    new = add_issue(document, org["approver"], status=IssueStatus.SCHEDULED)
    new.make_current(user=org["approver"])
    current, _ = revisit(client, document.url, current_tag)
    assert current.status_code == 200
    assert current.context["issue"] == new
    past, _ = revisit(client, past_url, past_tag)
    assert past.status_code == 200  # the same frozen body, now stamped superseded
    assert past.context["issue"] == old
    assert "ĐÃ ĐƯỢC THAY THẾ" in past.content.decode()


def test_the_language_and_a_new_notification_change_the_tag(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    _, etag = first_visit(client, document.url)

    client.cookies["django_language"] = "en"
    english, _ = revisit(client, document.url, etag)
    assert english.status_code == 200
    assert "Amendment history" in english.content.decode()
    english_tag = english["ETag"]
    assert english_tag != etag
    assert revisit(client, document.url, english_tag)[0].status_code == 304

    notify([org["staff"]], "document_issued", {"code": "QT-02", "title": "Khác", "edition": "1/0"}, url="/")
    response, _ = revisit(client, document.url, english_tag)
    assert response.status_code == 200
    assert 'aria-label="1 unread"' in response.content.decode()


def test_a_pending_message_is_shown_not_answered_304(client, org, issued):
    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    assignment = ReadingAssignment.objects.create(issue=document.issues.get(), user=org["staff"])
    client.force_login(org["staff"])
    _, etag = first_visit(client, document.url)
    client.post(f"/kiem-soat/tai-lieu-can-doc/{assignment.pk}/xac-nhan/")  # leaves a message for the next page
    assert revisit(client, document.url, etag)[0].status_code == 200


def test_signing_out_clears_what_the_browser_kept(client, org):
    client.force_login(org["staff"])
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_an_id_given_again_to_another_issue_never_shows_the_first_ones_body(issued, django_capture_on_commit_callbacks):
    """A test database flushed between tests, or a database restored from an older backup, gives an
    issue's id again: the frozen body kept for the first one (in the shared cache and in the process)
    is never served for the second."""
    import copy

    from procedures.portal import frozen

    issue = issued("Quy trình tiếp nhận hồ sơ").issues.get()
    with django_capture_on_commit_callbacks(execute=True):
        first = frozen.frozen_body(issue)  # kept in the shared cache and, after commit, in the process
    from django.utils.html import strip_tags

    assert strip_tags(issue.body_html).split()[0] in first
    assert "Nội dung của một lần ban hành khác" not in first
    other = copy.copy(issue)  # the same id, another issue's frozen content
    other.body_html = "<p>Nội dung của một lần ban hành khác</p>"
    other.body_sha256 = "f" * 64
    assert "Nội dung của một lần ban hành khác" in frozen.frozen_body(other)


def test_a_change_of_wagtail_page_permissions_alone_changes_the_tag(client, org, issued, library):
    """A group given (or no longer given) the right to edit the library's pages sees (or no longer
    sees) the document control links at once, not on the next day."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    editors = Group.objects.create(name="Biên tập thử")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    editor = StaffFactory(username="bientap", department=org["ccvc"])
    editor.groups.add(editors)
    others = Group.objects.create(name="Nhóm khác")
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    client.force_login(editor)
    page, etag = first_visit(client, document.url)
    assert "Distribution and legal basis" not in page.content.decode()
    assert "Phân phối" not in page.content.decode()

    granted = GroupPagePermission.objects.create(group=editors, page=library, permission=change_page)
    response, _ = revisit(client, document.url, etag)
    assert response.status_code == 200
    assert response.context["can_see_control"]
    etag = response["ETag"]
    # A later row for another group, then the first one taken away: not the newest row any more.
    GroupPagePermission.objects.create(group=others, page=Page.get_first_root_node(), permission=change_page)
    response, _ = revisit(client, document.url, etag)
    assert response.status_code == 200
    etag = response["ETag"]
    assert revisit(client, document.url, etag)[0].status_code == 304
    granted.delete()
    response, _ = revisit(client, document.url, etag)
    assert response.status_code == 200
    assert not response.context["can_see_control"]


def test_joining_a_group_alone_changes_the_tag(client, org, issued):
    from django.contrib.auth.models import Group

    document = issued("Thủ tục đăng ký kết hôn", code="QT-01")
    client.force_login(org["staff"])
    _, etag = first_visit(client, document.url)
    org["staff"].groups.add(Group.objects.create(name="Nhóm mới"))
    assert revisit(client, document.url, etag)[0].status_code == 200
