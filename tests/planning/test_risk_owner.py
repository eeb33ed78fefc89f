"""A risk's owner re-rates their own risk: the reminder opens the risk's own page, where the owner, who
may hold no planning role (nor open the register), records the residual likelihood and impact and a
note; the flag clears and the history keeps who recorded what. Anyone else of the agency without the
right is refused; nobody of another agency finds the risk."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from planning.models import Risk
from planning.notices import RISK_RERATE
from planning.reminders import remind_owners
from qms.models import Notification, User
from tests.planning.conftest import close
from tests.qms.factories import AgencyFactory, DepartmentFactory, HeadFactory, SecretaryFactory

TODAY = datetime.date(2026, 6, 1)


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture
def risk_to_rerate(treated_risk):
    """The treated risk with both its actions closed: its owner is asked to re-rate it."""
    risk, actions = treated_risk
    for action in actions:
        close(action)
    return risk


def page_of(risk):
    return reverse("planning:risk_detail", args=[risk.pk])


def residual(risk):
    risk.refresh_from_db()
    return risk.residual_likelihood, risk.residual_impact, risk.residual_note, risk.residual_rated_at


def test_the_owner_opens_the_reminder_and_records_the_residual_rating(client, org, risk_to_rerate):
    risk = risk_to_rerate
    remind_owners(TODAY, StringIO())
    notice = Notification.objects.get(kind=RISK_RERATE)
    assert notice.recipient == org["head"] and notice.url == page_of(risk)

    client.force_login(org["head"])
    response = client.get(notice.url)
    text = response.content.decode()
    assert response.status_code == 200
    assert risk.description in text and "Cần đánh giá lại" in text
    assert "Bổ sung cán bộ thẩm định" in text and "Ghi mức rủi ro còn lại" in text
    # Nothing else of planning: not the register, the risk's admin form, the heat map.
    assert denied(client.get(reverse("planning_risk:index")))
    assert denied(client.get(reverse("planning_risk:edit", args=[risk.pk])))
    assert denied(client.get(reverse("planning_risk:heat_map")))

    history = risk.history.count()
    response = client.post(
        notice.url, {"residual_likelihood": "2", "residual_impact": "1", "residual_note": "Đã bổ sung 02 công chức"}
    )
    assert response.status_code == 302 and response["Location"] == page_of(risk)
    likelihood, impact, note, rated_at = residual(risk)
    assert (likelihood, impact, note) == (2, 1, "Đã bổ sung 02 công chức") and rated_at is not None
    assert not risk.needs_rerating and not Risk.objects.awaiting_rerating().exists()
    # One history row more, saying who recorded what; the risk as it stood before is kept.
    assert risk.history.count() == history + 1
    latest, previous = risk.history.order_by("-history_id")[:2]
    assert latest.history_user == org["head"]
    assert (latest.residual_likelihood, latest.residual_impact, latest.residual_note) == (2, 1, note)
    assert (previous.residual_likelihood, previous.residual_impact) == (None, None)

    text = client.get(page_of(risk)).content.decode()
    assert "Đã ghi mức rủi ro còn lại." in text and "Đã bổ sung 02 công chức" in text
    assert "Cần đánh giá lại" not in text
    remind_owners(TODAY + datetime.timedelta(days=1), StringIO())
    assert Notification.objects.filter(kind=RISK_RERATE).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"residual_likelihood": "9", "residual_impact": "2"},
        {"residual_likelihood": "0", "residual_impact": "2"},
        {"residual_likelihood": "hai", "residual_impact": "2"},
        {"residual_likelihood": "2", "residual_impact": ""},
        {},
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(client, org, risk_to_rerate, data):
    risk = risk_to_rerate
    before = residual(risk)
    history = risk.history.count()
    client.force_login(org["head"])
    response = client.post(page_of(risk), {**data, "residual_note": "Thử"})
    assert response.status_code == 400
    assert "Hãy nhập số từ 1 đến 5." in response.content.decode()
    assert residual(risk) == before and risk.history.count() == history
    assert risk.needs_rerating


def test_the_owner_may_confirm_an_unchanged_rating_after_the_actions_closed(client, org, risk_to_rerate):
    """A residual rating recorded before the last action closed does not count; the owner confirming the
    same figures afterwards re-rates the risk all the same."""
    risk = risk_to_rerate
    Risk.objects.filter(pk=risk.pk).update(
        residual_likelihood=2, residual_impact=2, residual_rated_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert Risk.objects.get(pk=risk.pk).needs_rerating
    client.force_login(org["head"])
    form = client.get(page_of(risk)).content.decode()
    assert 'value="2" selected' in form  # the form starts from the rating on record
    assert client.post(page_of(risk), {"residual_likelihood": "2", "residual_impact": "2"}).status_code == 302
    assert not Risk.objects.get(pk=risk.pk).needs_rerating


def test_the_secretary_re_rates_there_too_and_a_reader_only_sees(client, org, risk_to_rerate):
    risk = risk_to_rerate
    client.force_login(org["auditor"])
    text = client.get(page_of(risk)).content.decode()
    assert risk.description in text and 'name="residual_likelihood"' not in text
    assert client.post(page_of(risk), {"residual_likelihood": "1", "residual_impact": "1"}).status_code == 403
    assert residual(risk)[0] is None

    client.force_login(org["secretary"])
    text = client.get(page_of(risk)).content.decode()
    assert 'name="residual_likelihood"' in text and reverse("planning_risk:edit", args=[risk.pk]) in text
    assert client.post(page_of(risk), {"residual_likelihood": "1", "residual_impact": "3"}).status_code == 302
    assert residual(risk)[:2] == (1, 3)
    assert risk.history.order_by("-history_id").first().history_user == org["secretary"]


def test_no_one_else_of_the_agency_re_rates_and_another_agency_does_not_find_the_risk(client, org, risk_to_rerate):
    risk = risk_to_rerate
    before = residual(risk)
    data = {"residual_likelihood": "1", "residual_impact": "1"}
    # The agency's staff and another department's head: no planning role, not the owner.
    for person in (org["staff"], org["other_head"]):
        client.force_login(person)
        assert client.get(page_of(risk)).status_code == 403
        assert client.post(page_of(risk), data).status_code == 403
    other = AgencyFactory(code="xa-khac")
    department = DepartmentFactory(agency=other, code="vp-khac")
    for person in (
        SecretaryFactory(username="thuky_khac", department=department),
        HeadFactory(username="truongphong_khac", department=department),
    ):
        client.force_login(person)
        assert client.get(page_of(risk)).status_code == 404
        assert client.post(page_of(risk), data).status_code == 404
    # The owner named on the risk, once moved to another agency, no longer finds it.
    User.objects.filter(pk=org["head"].pk).update(agency=other, department=department)
    client.force_login(User.objects.get(pk=org["head"].pk))
    assert client.get(page_of(risk)).status_code == 404
    assert client.post(page_of(risk), data).status_code == 404
    assert residual(risk) == before
    assert client.get(reverse("planning:risk_detail", args=[risk.pk + 1000])).status_code == 404


def test_the_model_refuses_a_rating_off_the_scale_and_anyone_but_the_owner_or_the_secretary(org, risk_to_rerate):
    risk = risk_to_rerate
    before = residual(risk)
    with pytest.raises(ValidationError) as refused:
        risk.record_residual(org["head"], 6, 2)
    assert refused.value.message_dict == {"residual_likelihood": ["Hãy nhập số từ 1 đến 5."]}
    with pytest.raises(PermissionDenied):
        risk.record_residual(org["approver"], 2, 2)
    assert residual(risk) == before
    risk.record_residual(org["head"], 2, 2, "  Đã xử lý  ")
    assert residual(risk)[:3] == (2, 2, "Đã xử lý")
