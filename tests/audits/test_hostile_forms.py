"""Property-based: every form of internal audits and corrective actions, posted
hostile data by the role allowed to use it, answers without a server error,
and a refused form leaves the database as it was."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from audits.models import ChecklistItem, Finding
from tests.audits.factories import ChecklistItemFactory, CorrectiveActionFactory, FindingFactory, ProgrammeFactory
from tests.hostile import SETTINGS, form_data, get_and_check, post_and_check, query_params

HYPOTHESIS = settings(**SETTINGS, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def world(running_audit, finding, action, auditor, second_auditor, owner, audited, clause_92, approver):
    draft = ProgrammeFactory(year=2031, objectives="Chương trình nháp")
    item = ChecklistItemFactory(audit=running_audit, clause=clause_92, question="Có kế hoạch không?")
    second = FindingFactory(audit=running_audit, department=audited, description="Thiếu biên bản", evidence="")
    implemented = CorrectiveActionFactory(
        finding=second, owner=owner, due_date=datetime.date.today() + datetime.timedelta(days=30)
    )
    implemented.plan(owner, correction="Bổ sung", root_cause="Chưa có mẫu", action_plan="Ban hành mẫu")
    implemented.implement(owner, implementation="Đã ban hành", similar_checked="Đã rà soát")
    no_action = FindingFactory(
        audit=running_audit, kind=Finding.Kind.MAJOR_NC, department=audited, description="Không có hồ sơ", evidence=""
    )
    return {
        "audit": running_audit,
        "draft": draft,
        "item": item,
        "action": action,
        "implemented": implemented,
        "no_action": no_action,
        "ids": [running_audit.pk, draft.pk, item.pk, action.pk, implemented.pk, no_action.pk, owner.pk, 0, -5],
    }


def forms(world):
    audit, item = world["audit"], world["item"]
    return {
        "approve programme": ("approver", reverse("audits_programme:approve", args=[world["draft"].pk]), ["reason"]),
        "audit transition": (
            "auditor",
            reverse("audits_audit:transition", args=[audit.pk, "report"]),
            ["reason"],
        ),
        "build checklist": ("auditor", reverse("audits_audit:checklist_build", args=[audit.pk]), ["clauses"]),
        "add checklist item": (
            "auditor",
            reverse("audits_audit:checklist_add", args=[audit.pk]),
            ["clause", "department", "question"],
        ),
        "record a result": (
            "auditor",
            reverse("audits:checklist_item", args=[audit.pk, item.position]),
            ["result", "evidence", "file"],
        ),
        "raise an action": (
            "auditor",
            reverse("audits_finding:raise_action", args=[world["no_action"].pk]),
            ["owner", "due_date"],
        ),
        "plan": (
            "owner",
            reverse("audits:action_plan", args=[world["action"].pk]),
            ["correction", "root_cause", "action_plan", "reason"],
        ),
        "implement": (
            "owner",
            reverse("audits:action_implement", args=[world["action"].pk]),
            ["implementation", "similar_checked", "reason"],
        ),
        "verify": (
            "second_auditor",
            reverse("audits:action_verify", args=[world["implemented"].pk]),
            ["effective", "verified_on", "evidence", "comment"],
        ),
        "close": ("second_auditor", reverse("audits:action_close", args=[world["implemented"].pk]), ["reason"]),
        "new programme": ("auditor", reverse("audits_programme:add"), ["year", "objectives"]),
        "new audit": (
            "auditor",
            reverse("audits_audit:add"),
            [
                "programme",
                "title",
                "scope",
                "criteria",
                "edition",
                "processes",
                "departments",
                "clauses",
                "planned_start",
                "planned_end",
                "lead_auditor",
                "team",
            ],
        ),
        "new question": ("auditor", reverse("audits_question:add"), ["clause", "text", "guidance", "active"]),
        "new finding": (
            "auditor",
            reverse("audits_finding:add"),
            ["audit", "kind", "clause", "department", "document", "description", "evidence", "checklist_item"],
        ),
        "new corrective action": (
            "auditor",
            reverse("audits_action:add"),
            ["source", "finding", "department", "nonconformity", "owner", "due_date", "correction"],
        ),
    }


FORM_NAMES = [
    "approve programme",
    "audit transition",
    "build checklist",
    "add checklist item",
    "record a result",
    "raise an action",
    "plan",
    "implement",
    "verify",
    "close",
    "new programme",
    "new audit",
    "new question",
    "new finding",
    "new corrective action",
]


@pytest.fixture
def people(auditor, second_auditor, owner, approver):
    return {"auditor": auditor, "second_auditor": second_auditor, "owner": owner, "approver": approver}


@pytest.mark.parametrize("name", FORM_NAMES)
def test_hostile_posts_never_crash_and_a_refusal_changes_nothing(client, world, people, name):
    role, url, fields = forms(world)[name]
    client.force_login(people[role])

    @HYPOTHESIS
    @given(data=form_data(fields, world["ids"]))
    def post(data):
        post_and_check(client, url, data)

    post()


def test_hostile_query_strings_never_crash(client, world, people):
    client.force_login(people["auditor"])
    urls = [
        reverse("audits:action_list"),
        reverse("audits:checklist", args=[world["audit"].pk]),
        reverse("audits_finding:index"),
        reverse("audits_finding:add"),
        reverse("audits_finding:export"),
        reverse("audits_action:index"),
        reverse("audits_action:export"),
        reverse("audits_audit:index"),
        reverse("audits_programme:index"),
    ]

    @HYPOTHESIS
    @given(params=query_params)
    def get(params):
        for url in urls:
            get_and_check(client, url, params)

    get()


def test_bad_ids_in_the_query_string_are_ignored(client, world, people):
    client.force_login(people["auditor"])
    for params in ({"audit": "abc"}, {"audit": "9" * 30}, {"item": "abc"}, {"item": "-1"}, {"audit": "1e3"}):
        assert client.get(reverse("audits_finding:export"), params).status_code == 200, params
        assert client.get(reverse("audits_finding:add"), params).status_code == 200, params


def test_a_checklist_built_from_out_of_range_ids_is_refused_with_a_message(client, world, people):
    client.force_login(people["auditor"])
    before = ChecklistItem.objects.count()
    response = client.post(reverse("audits_audit:checklist_build", args=[world["audit"].pk]), {"clauses": "9" * 30})
    assert response.status_code == 400
    assert ChecklistItem.objects.count() == before
