"""Owners of overdue actions get one reminder a day, even when qms_daily runs twice: in the
portal's notification list, linking to each action, and in their one daily digest."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from audits.models import CorrectiveAction
from qms.models import Notification
from tests.audits.factories import CorrectiveActionFactory


def test_qms_daily_twice_sends_one_reminder_per_overdue_owner(client, action, auditor, audited, owner, head):
    late = []
    for text in ("Trễ hạn 1", "Trễ hạn 2"):
        late.append(
            CorrectiveActionFactory(
                finding=None,
                source=CorrectiveAction.Source.MONITORING,
                department=audited,
                nonconformity=text,
                owner=owner,
                due_date=datetime.date(2026, 1, 10),
                raised_by=auditor,
            )
        )
    head.email = "head@example.vn"
    head.save()
    CorrectiveActionFactory(
        finding=None,
        source=CorrectiveAction.Source.COMPLAINT,
        department=audited,
        nonconformity="Trễ hạn của trưởng phòng",
        owner=head,
        due_date=datetime.date(2026, 1, 5),
        raised_by=auditor,
    )
    owner.email = "owner@example.vn"
    owner.save()
    day = "2026-02-01"
    call_command("qms_daily", date=datetime.date.fromisoformat(day), stdout=StringIO())
    call_command("qms_daily", date=datetime.date.fromisoformat(day), stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.vn", "owner@example.vn"]
    to_owner = next(m for m in mail.outbox if m.to == ["owner@example.vn"])
    assert "Trễ hạn 1" in to_owner.body and "Trễ hạn 2" in to_owner.body
    assert action.number not in to_owner.body  # due in two months: not late
    assert Notification.objects.filter(kind="action_overdue", recipient=head).count() == 1
    reminders = Notification.objects.filter(kind="action_overdue", recipient=owner)
    assert {n.url for n in reminders} == {reverse("audits:action_detail", args=[a.pk]) for a in late}
    client.force_login(owner)
    listing = client.get("/thong-bao/").content.decode()
    assert late[0].number in listing and late[1].number in listing and action.number not in listing
    call_command("qms_daily", date=datetime.date(2026, 2, 2), stdout=StringIO())
    assert len(mail.outbox) == 4
