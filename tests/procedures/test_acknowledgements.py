"""Read-and-understood: distribution, the reading list, confirming, the completion report."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from procedures.models import Acknowledgement, Distribution, ReadingAssignment
from qms.models import Notification
from tests.procedures.control_helpers import issue_now, page_text
from tests.qms.factories import StaffFactory
from tests.spreadsheet_reading import read_table


@pytest.fixture
def colleague(org):
    return StaffFactory(username="chuyenvien2", department=org["ccvc"], full_name="Lý Thị Hoa")


def distribute(client, user, document, departments=(), groups=()):
    client.force_login(user)
    return client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/phan-phoi/",
        {"departments": [d.pk for d in departments], "groups": [g.pk for g in groups]},
    )


def confirm(client, user, assignment):
    client.force_login(user)
    return client.post(f"/kiem-soat/tai-lieu-can-doc/{assignment.pk}/xac-nhan/")


def test_each_person_of_the_distribution_reads_and_confirms_the_new_issue(
    client, org, make_document, colleague, django_capture_on_commit_callbacks
):
    document = make_document()
    assert distribute(client, org["secretary"], document, departments=[org["ccvc"]]).status_code == 302
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    readers = set(ReadingAssignment.objects.filter(issue=issue).values_list("user__username", flat=True))
    assert readers == {"nhanvien", "chuyenvien2", "truongphong"}
    assert Notification.objects.filter(recipient=org["staff"], kind="document_issued").count() == 1

    client.force_login(org["staff"])
    home = page_text(client.get("/"))
    assert "Tài liệu cần đọc" in home and document.title in home
    assignment = ReadingAssignment.objects.get(issue=issue, user=org["staff"])

    refused = confirm(client, org["staff"], assignment)  # not opened yet
    assert refused.status_code == 302
    assert not Acknowledgement.objects.exists()

    reading = page_text(client.get(document.url))
    assert "Tôi đã đọc và hiểu tài liệu này" in reading
    confirmed = confirm(client, org["staff"], assignment)
    assert confirmed.status_code == 302
    (acknowledgement,) = Acknowledgement.objects.all()
    assert (acknowledgement.issue, acknowledgement.user) == (issue, org["staff"])
    assert acknowledgement.opened_at is not None
    home = client.get("/")
    assert not list(home.context["reading_list"])
    assert "Không có tài liệu nào chờ bạn đọc" in page_text(home)
    assert "Bạn đã xác nhận đọc hiểu" in page_text(client.get(document.url))
    confirm(client, org["staff"], assignment)
    assert Acknowledgement.objects.count() == 1


def test_nobody_confirms_for_someone_else(client, org, make_document, colleague, django_capture_on_commit_callbacks):
    document = make_document()
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    client.get(document.url)
    assignment = ReadingAssignment.objects.get(issue=issue, user=org["staff"])
    assert confirm(client, colleague, assignment).status_code == 403
    assert confirm(client, org["secretary"], assignment).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_a_superseded_issue_cannot_be_confirmed_and_the_new_one_asks_again(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    first = issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    client.get(document.url)
    old = ReadingAssignment.objects.get(issue=first, user=org["staff"])
    second = issue_now(client, org, document, django_capture_on_commit_callbacks, change_summary="Sửa bước 2")

    response = confirm(client, org["staff"], old)
    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()
    new = ReadingAssignment.objects.get(issue=second, user=org["staff"])
    assert new.first_opened_at is None
    client.get(document.url)
    confirm(client, org["staff"], new)
    assert list(Acknowledgement.objects.values_list("issue_id", flat=True)) == [second.pk]


def test_acknowledgements_are_never_changed_or_deleted(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    client.get(document.url)
    confirm(client, org["staff"], ReadingAssignment.objects.get(issue=issue, user=org["staff"]))
    acknowledgement = Acknowledgement.objects.get()
    with pytest.raises(PermissionDenied):
        acknowledgement.save()
    with pytest.raises(PermissionDenied):
        acknowledgement.delete()
    with pytest.raises(PermissionDenied):
        Acknowledgement.objects.all().delete()
    with pytest.raises(PermissionDenied):
        Acknowledgement.objects.update(user=org["secretary"])


def test_adding_a_role_to_the_distribution_of_a_document_in_effect_asks_its_members(
    client, org, make_document, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from qms import roles

    document = make_document()
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    approvers = Group.objects.get(name=roles.APPROVER)
    distribute(client, org["head"], document, groups=[approvers])
    # The owner department was asked at issue (no list yet); the approvers now too.
    assert set(ReadingAssignment.objects.filter(issue=issue).values_list("user__username", flat=True)) == {
        "nhanvien",
        "truongphong",
        "lanhdao",
        "giamdoc",
    }
    assert Distribution.objects.get(document=document).group == approvers


def test_only_the_secretary_or_the_owner_head_edit_the_distribution(client, org, make_document):
    document = make_document()
    for who in ("staff", "other_head", "approver", "auditor"):
        assert distribute(client, org[who], document, departments=[org["ccvc"]]).status_code == 403, who
    assert not Distribution.objects.exists()
    assert distribute(client, org["head"], document, departments=[org["ccvc"]]).status_code == 302
    assert Distribution.objects.count() == 1
    distribute(client, org["head"], document, departments=[])
    assert not Distribution.objects.exists()
    assert Distribution.history.filter(history_type="-", history_user=org["head"]).count() == 1


def test_the_secretary_sees_who_has_not_read_and_exports_it(
    client, org, make_document, colleague, django_capture_on_commit_callbacks
):
    document = make_document()
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    client.get(document.url)
    confirm(client, org["staff"], ReadingAssignment.objects.get(issue=issue, user=org["staff"]))

    client.force_login(org["secretary"])
    report = page_text(client.get("/kiem-soat/doc-hieu/"))
    assert document.code in report and "1/3" in report and "33%" in report
    assert "Phòng Công chức, viên chức" in report
    readers = page_text(client.get(f"/kiem-soat/tai-lieu/{document.pk}/nguoi-doc/"))
    assert "Lý Thị Hoa" in readers and "chưa" in readers

    export = client.get("/kiem-soat/doc-hieu/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(export)
    assert table.headers[:5] == ["STT", "Mã tài liệu", "Tên tài liệu", "Lần ban hành/sửa đổi", "Họ và tên"]
    assert table.column("STT") == [1, 2, 3]
    status = dict(zip(table.column("Họ và tên"), table.column("Tình trạng"), strict=True))
    assert status == {
        "Võ Thị Ngọc Lan": "Đã xác nhận đọc hiểu",
        "Lý Thị Hoa": "Chưa xác nhận",
        "Trần Văn Minh": "Chưa xác nhận",
    }
    # When each was given the document is a date and time cell, not text.
    assert all(isinstance(sent, datetime.datetime) for sent in table.column("Ngày phân phối"))


def test_staff_do_not_see_the_completion_report(client, org):
    client.force_login(org["staff"])
    assert client.get("/kiem-soat/doc-hieu/").status_code == 403
    assert client.get("/kiem-soat/doc-hieu/?format=xlsx").status_code == 403


def test_new_members_get_the_current_issue_from_the_daily_duty(
    client, org, make_document, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    document = make_document()
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    newcomer = StaffFactory(username="moivao", department=org["ccvc"], full_name="Người Mới")
    call_command("qms_daily", stdout=StringIO())
    assert ReadingAssignment.objects.filter(issue=issue, user=newcomer).exists()


def test_a_document_without_a_distribution_list_goes_to_its_owner_department(
    client, org, make_document, colleague, django_capture_on_commit_callbacks
):
    document = make_document()
    assert not Distribution.objects.filter(document=document).exists()
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    readers = set(ReadingAssignment.objects.filter(issue=issue).values_list("user__username", flat=True))
    assert readers == {"nhanvien", "chuyenvien2", "truongphong"}  # the CCVC department, nobody else
    client.force_login(org["staff"])
    assert document.title in page_text(client.get("/"))


def test_the_portal_home_shows_the_oldest_ten_to_read_and_links_to_all_of_them(
    client, org, section, django_assert_max_num_queries
):
    from procedures.control.acknowledging import HOME_READING_PREVIEW
    from tests.procedures.factories import make_issued_document

    issues = []
    for n in range(HOME_READING_PREVIEW + 2):
        document = make_issued_document(
            section, org["approver"], title=f"Quy trình cần đọc số {n:02d}", department=org["ccvc"]
        )
        issue = document.issues.get()
        ReadingAssignment.objects.create(
            issue=issue, user=org["staff"], assigned_at=datetime.datetime(2026, 11, 1 + n, tzinfo=datetime.UTC)
        )
        issues.append(issue)

    client.force_login(org["staff"])
    home = client.get("/")
    html = page_text(home)
    text = html[html.index('id="reading-list-title"') :]
    text = text[: text.index("</section>")]
    listed = [assignment.issue for assignment in home.context["reading_list"]]
    assert listed == issues[:HOME_READING_PREVIEW]  # the oldest first
    assert "Quy trình cần đọc số 09" in text and "Quy trình cần đọc số 10" not in text
    assert f"Xem tất cả {len(issues)} tài liệu cần đọc" in text
    assert 'href="/kiem-soat/tai-lieu-can-doc/"' in text

    with django_assert_max_num_queries(14):  # as with one document: no query per row
        everything = page_text(client.get("/kiem-soat/tai-lieu-can-doc/"))
    assert all(f"Quy trình cần đọc số {n:02d}" in everything for n in range(len(issues)))
    assert "Xem tất cả" not in everything
