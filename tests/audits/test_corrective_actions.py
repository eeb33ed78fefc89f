"""Corrective actions: open → planned → implemented → verified effective → closed,
or verified not effective → planned again; closed only after independent verification."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import CorrectiveAction, TransitionNotAllowed, Verification
from tests.audits.factories import CorrectiveActionFactory

TODAY = datetime.date.today()


def test_cannot_close_an_action_that_was_not_verified(implemented_action, auditor):
    with pytest.raises(TransitionNotAllowed):
        implemented_action.close(auditor)
    assert CorrectiveAction.objects.get(pk=implemented_action.pk).status == CorrectiveAction.Status.IMPLEMENTED


def test_owner_cannot_verify_their_own_action_even_as_an_auditor(implemented_action, owner):
    from django.contrib.auth.models import Group

    from qms import roles

    owner.groups.add(Group.objects.get(name=roles.INTERNAL_AUDITOR))
    with pytest.raises(PermissionDenied, match="chính mình"):
        implemented_action.verify(owner, effective=True, verified_on=TODAY, evidence="Tự kiểm tra")
    assert not Verification.objects.exists()
    with pytest.raises(PermissionDenied):
        implemented_action.close(owner)


def test_verification_needs_a_date_and_evidence(implemented_action, second_auditor):
    with pytest.raises(ValidationError) as caught:
        implemented_action.verify(second_auditor, effective=True, verified_on=None, evidence=" ")
    assert set(caught.value.message_dict) == {"verified_on", "evidence"}
    assert CorrectiveAction.objects.get(pk=implemented_action.pk).status == CorrectiveAction.Status.IMPLEMENTED


def test_effective_verification_by_another_auditor_allows_closing(implemented_action, second_auditor, auditor):
    implemented_action.verify(second_auditor, effective=True, verified_on=TODAY, evidence="Đã kiểm tra 10 hồ sơ")
    implemented_action.close(auditor)
    implemented_action.refresh_from_db()
    assert implemented_action.status == CorrectiveAction.Status.CLOSED
    assert implemented_action.closed_by == auditor


def test_not_effective_goes_back_to_planned_and_keeps_each_verification(implemented_action, second_auditor, owner):
    implemented_action.verify(
        second_auditor, effective=False, verified_on=TODAY, evidence="Vẫn thiếu biên bản", comment="Làm lại"
    )
    implemented_action.refresh_from_db()
    assert implemented_action.status == CorrectiveAction.Status.PLANNED
    with pytest.raises(TransitionNotAllowed):
        implemented_action.close(second_auditor)
    implemented_action.plan(owner, correction="", root_cause="Chưa tập huấn", action_plan="Tập huấn cán bộ")
    implemented_action.implement(owner, implementation="Đã tập huấn", similar_checked="Không có")
    implemented_action.verify(second_auditor, effective=True, verified_on=TODAY, evidence="Đạt")
    verdicts = list(implemented_action.verifications.values_list("effective", flat=True))
    assert verdicts == [False, True]
    assert implemented_action.history.filter(history_change_reason="Làm lại").exists()


def test_only_owner_or_head_answers(action, second_auditor, head, owner):
    with pytest.raises(PermissionDenied):
        action.plan(second_auditor, correction="x", root_cause="y", action_plan="z")
    action.plan(head, correction="x", root_cause="y", action_plan="z")
    assert action.status == CorrectiveAction.Status.PLANNED


def test_implementing_under_2015_asks_for_similar_nonconformities(action, owner):
    action.plan(owner, correction="", root_cause="y", action_plan="z")
    with pytest.raises(ValidationError) as caught:
        action.implement(owner, implementation="Đã làm", similar_checked="")
    assert "similar_checked" in caught.value.message_dict
    assert CorrectiveAction.objects.get(pk=action.pk).status == CorrectiveAction.Status.PLANNED


def test_overdue_means_still_owed_and_past_due(action, owner):
    assert action.is_overdue(today=action.due_date + datetime.timedelta(days=1))
    assert not action.is_overdue(today=action.due_date)
    assert list(CorrectiveAction.objects.overdue(action.due_date + datetime.timedelta(days=1))) == [action]


def test_action_from_another_source_needs_no_finding(auditor, audited, owner):
    action = CorrectiveActionFactory(
        finding=None,
        source=CorrectiveAction.Source.COMPLAINT,
        department=audited,
        nonconformity="Công dân phản ánh trả kết quả trễ",
        owner=owner,
        due_date=TODAY,
        raised_by=auditor,
    )
    assert action.number == f"HĐKP-{TODAY.year}-001"
    assert action.finding is None


def test_each_move_of_an_action_records_who_made_it_even_outside_a_request(implemented_action, owner):
    planned, implemented = implemented_action.history.order_by("history_id")[1:3]
    assert (planned.status, planned.history_user) == ("planned", owner)
    assert (implemented.status, implemented.history_user) == ("implemented", owner)


def test_the_owner_is_told_at_once_in_the_portal_and_by_mail_and_only_once(
    auditor, audited, owner, head, django_capture_on_commit_callbacks, mailoutbox
):
    from django.urls import reverse

    from qms.models import Notification

    owner.email = "owner@example.vn"
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        action = CorrectiveActionFactory(
            finding=None,
            source=CorrectiveAction.Source.COMPLAINT,
            department=audited,
            nonconformity="Hồ sơ trả kết quả trễ hạn",
            owner=owner,
            due_date=datetime.date(2026, 12, 15),
            raised_by=auditor,
        )
    told = Notification.objects.get(recipient=owner)
    assert told.url == reverse("audits:action_detail", args=[action.pk])
    assert f"Bạn được giao hành động khắc phục {action.number}, hạn 15/12/2026" in told.text
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["owner@example.vn"]
    assert action.number in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        action.save()  # saved again: nobody is told twice
    assert Notification.objects.filter(recipient=owner).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        action.owner = head
        action.save()  # handed over: the new owner is told
    assert Notification.objects.filter(recipient=head, kind="action_assigned").count() == 1
