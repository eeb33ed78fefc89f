"""A risk is re-rated after its treatment: once every linked corrective or improvement action is
closed, the risk is flagged on the register and the heat map and its owner is reminded in the daily
digest; recording the residual rating clears the flag."""

import datetime
from io import StringIO

from bs4 import BeautifulSoup
from django.urls import reverse

from planning.models import Risk
from planning.notices import RISK_RERATE
from planning.reminders import remind_owners
from qms.models import Notification
from tests.planning.conftest import close

TODAY = datetime.date(2026, 6, 1)


def row_of(client, description):
    soup = BeautifulSoup(client.get(reverse("planning_risk:index")).content, "html.parser")
    (row,) = [tr.get_text(" ", strip=True) for tr in soup.select("table tbody tr") if description in tr.get_text()]
    return row


def form_data(risk, **changes):
    data = {
        "kind": risk.kind,
        "document": "",
        "department": "",
        "description": risk.description,
        "cause": "",
        "consequence": "",
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "owner": risk.owner_id,
        "treatment": "",
        "actions": [a.pk for a in risk.actions.all()],
        "review_date": risk.review_date.isoformat(),
        "residual_likelihood": "",
        "residual_impact": "",
    }
    data.update(changes)
    return data


def test_a_risk_is_flagged_when_its_last_action_closes_and_cleared_by_the_residual_rating(client, org, treated_risk):
    risk, (first, second) = treated_risk
    close(first)
    assert not Risk.objects.awaiting_rerating().exists()  # one action still open
    remind_owners(TODAY, StringIO())
    assert not Notification.objects.filter(kind=RISK_RERATE).exists()

    close(second)
    assert list(Risk.objects.awaiting_rerating()) == [risk]
    client.force_login(org["secretary"])
    assert "Có" in row_of(client, risk.description)
    heat_map = client.get(reverse("planning_risk:heat_map")).content.decode()
    assert "Cần đánh giá lại" in heat_map and risk.description in heat_map

    remind_owners(TODAY, StringIO())
    remind_owners(TODAY, StringIO())  # the same day again: nothing new
    notice = Notification.objects.get(kind=RISK_RERATE)
    assert notice.recipient == org["head"] and notice.url == reverse("planning:risk_detail", args=[risk.pk])
    assert risk.description in notice.text

    # The secretary records the residual rating: the flag clears.
    response = client.post(
        reverse("planning_risk:edit", args=[risk.pk]),
        form_data(risk, residual_likelihood=2, residual_impact=2),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    risk.refresh_from_db()
    assert risk.residual_rating == 4 and risk.residual_rated_at is not None
    assert not Risk.objects.awaiting_rerating().exists()
    assert "Không" in row_of(client, risk.description)
    assert "Cần đánh giá lại" not in client.get(reverse("planning_risk:heat_map")).content.decode()
    remind_owners(TODAY + datetime.timedelta(days=1), StringIO())
    assert Notification.objects.filter(kind=RISK_RERATE).count() == 1


def test_a_residual_rating_recorded_before_the_actions_closed_does_not_count(org, treated_risk):
    risk, actions = treated_risk
    risk.residual_likelihood, risk.residual_impact = 3, 3
    risk.save()
    assert not risk.needs_rerating
    for action in actions:
        close(action)
    risk.refresh_from_db()
    assert risk.needs_rerating and list(Risk.objects.awaiting_rerating()) == [risk]


def test_a_risk_without_treatment_actions_is_never_flagged(org):
    risk = Risk.objects.create(
        agency=org["ccvc"].agency,
        description="Mất dữ liệu",
        likelihood=2,
        impact=5,
        owner=org["head"],
        review_date=datetime.date(2026, 12, 1),
    )
    assert not risk.needs_rerating and not Risk.objects.awaiting_rerating().exists()
