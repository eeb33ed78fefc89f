"""Change requests: raised from the reading page, decided, taken into a draft, closed by the issue."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from procedures.models import ChangeRequest, ChangeRequestStatus
from qms.models import Notification
from tests.procedures.control_helpers import issue_now, page_text, withdraw

REQUEST = {"reason": "Thời gian thẩm định quá dài", "proposed_change": "Rút bước B2 còn 5 ngày"}


def raise_request(client, user, document, **extra):
    client.force_login(user)
    return client.post(f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/", {**REQUEST, **extra})


def test_staff_raise_a_numbered_request_from_the_reading_page(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    reading = page_text(client.get(document.url))
    assert f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/" in reading
    assert "Đề nghị sửa đổi" in reading

    pdf = SimpleUploadedFile("de-xuat.pdf", b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_request(client, org["staff"], document, attachment=pdf)
    change_request = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert change_request.number == f"YCSĐ-{timezone.localdate().year}-001"
    assert change_request.status == ChangeRequestStatus.OPEN
    assert change_request.raised_by == org["staff"]
    # The deciders are told: the owner department's head and the ISO secretary.
    told = set(Notification.objects.filter(kind="change_request_raised").values_list("recipient__username", flat=True))
    assert told == {"truongphong", "thuky"}

    second = raise_request(client, org["staff"], document)
    assert second.status_code == 302
    assert ChangeRequest.objects.order_by("sequence").last().number.endswith("-002")

    mine = page_text(client.get("/kiem-soat/yeu-cau-sua-doi/"))
    assert change_request.number in mine and "Chờ quyết định" in mine
    attachment = client.get(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/tep/")
    assert attachment.status_code == 200


def test_a_bad_attachment_is_refused_and_nothing_is_created(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = raise_request(client, org["staff"], document, attachment=exe)
    assert response.status_code == 200
    assert "exe" in page_text(response)
    assert not ChangeRequest.objects.exists()


def test_no_request_on_a_withdrawn_document(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    withdraw(client, org, document)
    response = raise_request(client, org["staff"], document)
    assert response.status_code == 400
    assert "đã bị thu hồi" in page_text(response)
    assert not ChangeRequest.objects.exists()


def test_only_the_secretary_or_the_owner_head_decide(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    raise_request(client, org["staff"], document)
    change_request = ChangeRequest.objects.get()
    url = f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/quyet-dinh/"
    for who in ("staff", "other_head", "approver", "auditor"):
        client.force_login(org[who])
        response = client.post(url, {"decision": "accept", "reason": "Đồng ý"})
        assert response.status_code == 403, who
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.OPEN

    client.force_login(org["secretary"])
    response = client.post(url, {"decision": "reject", "reason": ""})
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.OPEN  # a rejection needs its reason

    client.force_login(org["head"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "Thời gian theo luật định"})
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.REJECTED
    assert change_request.decided_by == org["head"]
    (notice,) = Notification.objects.filter(recipient=org["staff"], kind="change_request_decided")
    assert change_request.number in notice.text

    client.force_login(org["secretary"])
    client.post(url, {"decision": "accept", "reason": "Đổi ý"})
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.REJECTED  # decided once


def test_an_other_department_head_does_not_see_the_request(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    raise_request(client, org["staff"], document)
    change_request = ChangeRequest.objects.get()
    client.force_login(org["other_head"])
    assert client.get(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/").status_code == 403
    client.force_login(org["auditor"])
    assert client.get(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/").status_code == 200


def test_accepted_request_closes_when_the_issue_addressing_it_takes_effect(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    raise_request(client, org["staff"], document)
    change_request = ChangeRequest.objects.get()
    client.force_login(org["secretary"])
    client.post(
        f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/quyet-dinh/", {"decision": "accept", "reason": "Hợp lý"}
    )

    # Staff cannot take it into the draft; the document's editor can.
    client.force_login(org["staff"])
    assert client.post(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/dua-vao-du-thao/").status_code == 403
    client.force_login(org["head"])
    listing = page_text(client.get(f"/kiem-soat/tai-lieu/{document.pk}/yeu-cau-sua-doi/"))
    assert change_request.number in listing and "Đưa vào bản dự thảo" in listing
    client.post(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/dua-vao-du-thao/")
    change_request.refresh_from_db()
    assert change_request.linked_by == org["head"]
    assert change_request.status == ChangeRequestStatus.ACCEPTED

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    scheduled = issue_now(
        client, org, document, django_capture_on_commit_callbacks, change_summary="Rút ngắn B2", effective_date=tomorrow
    )
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.ACCEPTED  # not yet in effect

    from io import StringIO

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("qms_daily", f"--date={tomorrow}", stdout=StringIO())
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.CLOSED
    assert change_request.closed_by_issue == scheduled

    client.force_login(org["staff"])
    history = page_text(client.get(document.url))
    assert "Rút ngắn B2" in history and change_request.number in history


def test_the_admin_shows_requests_and_their_history_but_changes_them_only_through_decisions(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    raise_request(client, org["staff"], document)
    change_request = ChangeRequest.objects.get()
    client.force_login(org["head"])
    client.post(f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/quyet-dinh/", {"decision": "accept", "reason": "Được"})

    client.force_login(org["auditor"])
    assert change_request.number in page_text(client.get("/admin/change_requests/"))
    history = page_text(client.get(f"/admin/change_requests/history/{change_request.pk}/"))
    assert "Trần Văn Minh" in history and "Chờ quyết định → Đã chấp nhận" in history
    client.force_login(org["secretary"])
    edit = client.post(f"/admin/change_requests/edit/{change_request.pk}/", {"reason": "x", "proposed_change": "y"})
    assert edit.status_code in (302, 403)
    change_request.refresh_from_db()
    assert change_request.reason == REQUEST["reason"]
    client.force_login(org["staff"])
    assert client.get("/admin/change_requests/").status_code == 403
