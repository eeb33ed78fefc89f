"""Who may do what, checked through the views for each role and for anonymous visitors.

Anonymous visitors and staff (no admin access) are sent to sign in from the
admin; a signed-in person without the right gets 403 and nothing changes."""

import datetime

import pytest
from django.urls import reverse

from audits.models import Audit, AuditProgramme, CorrectiveAction, Finding, Verification
from qms import roles
from tests.audits.factories import ChecklistItemFactory, ProgrammeFactory
from tests.qms.factories import AuditorFactory, DepartmentFactory, HeadFactory, StaffFactory

TODAY = datetime.date.today()


@pytest.fixture
def people(auditor, second_auditor, head, secretary, approver, owner, office, audited):
    other_head_department = DepartmentFactory(name="Ban Tôn giáo", code="tgcp")
    other_head = HeadFactory(username="truongban", department=other_head_department, full_name="Hồ Văn Sáu")
    return {
        "anonymous": None,
        "staff": StaffFactory(username="nhanvien2", department=audited, full_name="Cán bộ khác"),
        "owner": owner,
        "head": head,
        "other_head": other_head,
        "secretary": secretary,
        "approver": approver,
        "lead": auditor,
        "team": second_auditor,
        "outsider": AuditorFactory(username="danhgia3", department=office, full_name="Kiểm toán viên ngoài đoàn"),
    }


LOGIN = "sent to sign in"
DENIED = "denied"


def status_for(client, people, who, method, url, data=None):
    """The HTTP status, or LOGIN / DENIED for the redirects that mean so (the admin
    answers a refusal by sending the person to its dashboard with a message)."""
    client.logout()
    if people[who] is not None:
        client.force_login(people[who])
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    if response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ):
        return DENIED
    return response.status_code


def check(client, people, method, url, expected, data=None):
    for who, status in expected.items():
        assert status_for(client, people, who, method, url, data) == status, who


def test_reading_the_programme_audit_and_report(client, people, running_audit, finding, programme):
    readers = {"secretary": 200, "approver": 200, "lead": 200, "outsider": 200, "anonymous": LOGIN, "staff": DENIED}
    check(client, people, "get", reverse("audits_programme:detail", args=[programme.pk]), {**readers, "head": DENIED})
    check(
        client,
        people,
        "get",
        reverse("audits_audit:detail", args=[running_audit.pk]),
        {**readers, "head": 200, "other_head": DENIED},
    )
    check(
        client,
        people,
        "get",
        reverse("audits_audit:report", args=[running_audit.pk]),
        {"secretary": 200, "lead": 200, "head": DENIED, "approver": DENIED, "staff": DENIED, "anonymous": LOGIN},
    )
    for name in ("audits_finding:export", "audits_action:export"):
        check(client, people, "get", reverse(name), {"secretary": 200, "lead": 200, "head": DENIED, "anonymous": LOGIN})


def test_only_an_approver_approves_the_programme(client, people):
    programme = ProgrammeFactory(year=2030, objectives="O")
    url = reverse("audits_programme:approve", args=[programme.pk])
    check(
        client,
        people,
        "post",
        url,
        {"anonymous": LOGIN, "staff": DENIED, "secretary": DENIED, "lead": DENIED, "head": DENIED},
    )
    assert AuditProgramme.objects.get(pk=programme.pk).status == AuditProgramme.Status.DRAFT
    check(client, people, "post", url, {"approver": 302})
    programme.refresh_from_db()
    assert programme.approved_by == people["approver"]


def test_only_the_audit_team_moves_the_audit_and_records(client, people, audit, item_for_audit):
    start = reverse("audits_audit:transition", args=[audit.pk, "start"])
    check(client, people, "post", start, {"anonymous": LOGIN, "staff": DENIED, "secretary": DENIED, "outsider": DENIED})
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.PLANNED
    check(client, people, "post", start, {"team": 302})
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.IN_PROGRESS

    runner = reverse("audits:checklist_item", args=[audit.pk, item_for_audit.position])
    check(
        client,
        people,
        "get",
        runner,
        {"anonymous": LOGIN, "staff": DENIED, "secretary": DENIED, "outsider": DENIED, "head": DENIED, "lead": 200},
    )
    check(client, people, "post", runner, {"outsider": DENIED, "owner": DENIED}, {"result": "conforms"})
    item_for_audit.refresh_from_db()
    assert item_for_audit.result == ""

    add = reverse("audits_finding:add")
    data = {"audit": audit.pk, "kind": "minor_nc", "department": audit.departments.first().pk, "description": "x"}
    check(client, people, "post", add, {"anonymous": LOGIN, "staff": DENIED, "secretary": DENIED, "head": DENIED}, data)
    # An auditor outside the team is not offered the audit: the form refuses it.
    check(client, people, "post", add, {"outsider": 200}, data)
    assert not Finding.objects.exists()
    check(client, people, "post", add, {"lead": 302}, data)
    assert Finding.objects.get().recorded_by == people["lead"]


@pytest.fixture
def item_for_audit(audit, clause_92):
    return ChecklistItemFactory(audit=audit, clause=clause_92, question="Q?")


def test_who_sees_and_answers_a_corrective_action(client, people, action):
    detail = reverse("audits:action_detail", args=[action.pk])
    check(
        client,
        people,
        "get",
        detail,
        {
            "anonymous": LOGIN,
            "staff": DENIED,
            "other_head": DENIED,
            "owner": 200,
            "head": 200,
            "secretary": 200,
            "lead": 200,
        },
    )
    listing = reverse("audits:action_list")
    for who, sees in {"staff": False, "owner": True, "head": True, "other_head": False}.items():
        client.force_login(people[who])
        assert (action.number in client.get(listing).content.decode()) is sees, who

    plan = reverse("audits:action_plan", args=[action.pk])
    data = {"correction": "c", "root_cause": "r", "action_plan": "p"}
    check(
        client, people, "post", plan, {"anonymous": LOGIN, "staff": DENIED, "secretary": DENIED, "lead": DENIED}, data
    )
    assert CorrectiveAction.objects.get(pk=action.pk).status == CorrectiveAction.Status.OPEN
    check(client, people, "post", plan, {"owner": 302}, data)
    assert CorrectiveAction.objects.get(pk=action.pk).status == CorrectiveAction.Status.PLANNED


def test_who_verifies_and_closes(client, people, implemented_action):
    from django.contrib.auth.models import Group

    people["owner"].groups.add(Group.objects.get(name=roles.INTERNAL_AUDITOR))
    verify = reverse("audits:action_verify", args=[implemented_action.pk])
    data = {"effective": "1", "verified_on": TODAY.isoformat(), "evidence": "Đã kiểm tra"}
    check(
        client, people, "post", verify, {"anonymous": LOGIN, "owner": DENIED, "head": DENIED, "secretary": DENIED}, data
    )
    assert not Verification.objects.exists()
    check(client, people, "post", verify, {"team": 302}, data)
    close = reverse("audits:action_close", args=[implemented_action.pk])
    check(client, people, "post", close, {"anonymous": LOGIN, "owner": DENIED, "head": DENIED, "secretary": DENIED})
    assert CorrectiveAction.objects.get(pk=implemented_action.pk).status == CorrectiveAction.Status.VERIFIED_EFFECTIVE
    check(client, people, "post", close, {"lead": 302})
    assert CorrectiveAction.objects.get(pk=implemented_action.pk).status == CorrectiveAction.Status.CLOSED


def test_admin_lists_are_narrowed_to_what_a_person_may_see(client, people, action):
    url = reverse("audits_action:index")
    check(client, people, "get", url, {"head": 200, "other_head": 200, "secretary": 200, "approver": DENIED})
    client.force_login(people["other_head"])
    assert action.number not in client.get(url).content.decode()
    client.force_login(people["head"])
    assert action.number in client.get(url).content.decode()


def test_nobody_can_delete_in_the_admin(client, people, action, finding):
    client.force_login(people["lead"])
    for model in ("action", "finding"):
        assert client.get(f"/admin/audits/{model}/delete/{action.pk}/").status_code == 404
    assert CorrectiveAction.objects.filter(pk=action.pk).exists()


def test_a_move_without_the_right_is_refused_before_the_form_is_read(client, people, action, implemented_action):
    """Empty forms: the person who may act gets the form back (400), anyone else a 403, never a form."""
    plan = reverse("audits:action_plan", args=[action.pk])
    check(client, people, "post", plan, {"secretary": DENIED, "lead": DENIED, "approver": DENIED, "owner": 400})
    verify = reverse("audits:action_verify", args=[implemented_action.pk])
    check(client, people, "post", verify, {"secretary": DENIED, "head": DENIED, "team": 400})
    assert not Verification.objects.exists()
