"""Notifications in the portal and by email; the daily digest goes once a day."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audits.models import CorrectiveAction
from qms.models import DigestSent, Notification
from tests.audits.factories import CorrectiveActionFactory
from tests.procedures.control_helpers import backdate, issue_now, page_text
from tests.procedures.workflow import sign, submit


def test_a_signing_step_tells_the_people_who_may_sign_it(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"])
    review_notices = list(Notification.objects.filter(kind="task_assigned"))
    # The secretary may review; the head prepared the draft, so not them; other heads never.
    assert {n.recipient.username for n in review_notices} == {"thuky"}
    assert "/admin/qms/sign/" in review_notices[0].url

    with django_capture_on_commit_callbacks(execute=True):
        sign(client, org["secretary"], document)
    approval_notices = Notification.objects.filter(kind="task_assigned").exclude(pk__in=[n.pk for n in review_notices])
    assert {n.recipient.username for n in approval_notices} == {"lanhdao", "giamdoc"}


def test_notifications_are_emailed_and_counted_in_the_header(
    client, org, make_document, django_capture_on_commit_callbacks
):
    org["secretary"].email = "thuky@sonoivu.example.vn"
    org["secretary"].save()
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"])
    (message,) = mail.outbox
    assert message.to == ["thuky@sonoivu.example.vn"]
    assert document.code in message.subject
    assert "/admin/qms/sign/" in message.body

    client.force_login(org["secretary"])
    header = page_text(client.get("/"))
    assert "Thông báo" in header and "1 chưa đọc" in header
    notification = Notification.objects.get(recipient=org["secretary"])
    listing = page_text(client.get("/thong-bao/"))
    assert document.code in listing
    response = client.post(f"/thong-bao/{notification.pk}/mo/")
    assert response.status_code == 302 and "/admin/qms/sign/" in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "chưa đọc" not in page_text(client.get("/"))


def test_nobody_opens_someone_elses_notification(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"])
    notification = Notification.objects.get(recipient=org["secretary"])
    client.force_login(org["staff"])
    assert client.post(f"/thong-bao/{notification.pk}/mo/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_qms_daily_twice_sends_one_digest_per_person(client, org, make_document, django_capture_on_commit_callbacks):
    for user in (org["head"], org["secretary"]):
        user.email = f"{user.username}@sonoivu.example.vn"
        user.save()
    document = make_document()
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    backdate(issue, 400)
    mail.outbox.clear()

    call_command("qms_daily", stdout=StringIO())
    call_command("qms_daily", stdout=StringIO())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["thuky@sonoivu.example.vn", "truongphong@sonoivu.example.vn"]
    assert all("quá hạn xem xét định kỳ" in message.body for message in mail.outbox)
    assert all(document.code in message.body for message in mail.outbox)
    assert DigestSent.objects.count() == 2
    assert Notification.objects.filter(kind="review_overdue").count() == 2


def test_a_new_reminder_the_next_day_goes_in_that_days_digest(
    client, org, make_document, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    org["secretary"].email = "thuky@sonoivu.example.vn"
    org["secretary"].save()
    document = make_document()
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    backdate(issue, 350)  # due within 30 days
    mail.outbox.clear()
    call_command("qms_daily", stdout=StringIO())
    assert len(mail.outbox) == 1 and "đến hạn xem xét định kỳ" in mail.outbox[0].body

    later = timezone.localdate() + datetime.timedelta(days=20)
    call_command("qms_daily", f"--date={later}", stdout=StringIO())
    assert len(mail.outbox) == 2 and "quá hạn" in mail.outbox[1].body
    call_command("qms_daily", f"--date={later}", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_one_daily_mail_holds_the_review_and_the_corrective_action_reminders(
    client, org, make_document, django_capture_on_commit_callbacks
):
    head = org["head"]
    head.email = "truongphong@sonoivu.example.vn"
    head.save()
    document = make_document()
    backdate(issue_now(client, org, document, django_capture_on_commit_callbacks), 400)
    action = CorrectiveActionFactory(
        finding=None,
        source=CorrectiveAction.Source.MONITORING,
        department=org["ccvc"],
        nonconformity="Chưa lập biên bản kiểm tra hồ sơ tuyển dụng",
        owner=head,
        due_date=timezone.localdate() - datetime.timedelta(days=10),
        raised_by=org["auditor"],
    )
    mail.outbox.clear()

    call_command("qms_daily", stdout=StringIO())
    call_command("qms_daily", stdout=StringIO())

    (message,) = [m for m in mail.outbox if m.to == [head.email]]
    assert "quá hạn xem xét định kỳ" in message.body and document.code in message.body
    assert action.number in message.body and "Chưa lập biên bản kiểm tra hồ sơ" in message.body
    client.force_login(head)
    listing = page_text(client.get("/thong-bao/"))
    assert document.code in listing and action.number in listing
    reminder = Notification.objects.get(recipient=head, kind="action_overdue")
    assert client.post(f"/thong-bao/{reminder.pk}/mo/")["Location"] == reverse("audits:action_detail", args=[action.pk])
