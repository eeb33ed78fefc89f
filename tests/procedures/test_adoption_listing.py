"""The admin's listing of adoptions of shared provincial documents: the ISO secretary sees her
agency's (document, adopted on, ended, distribution) and ends or renews them there; the overseer
sees every agency's and changes nothing; another agency's secretary sees none of them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.timezone import localtime

from procedures.control import adoptions
from procedures.models import Adoption, Distribution
from qms import roles
from tests.procedures.test_shared_documents import province  # noqa: F401 - the fixture
from tests.qms.factories import DepartmentFactory, UserFactory

INDEX = "/admin/adoptions/"


def rows(client):
    soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
    return [tr.get_text(" ", strip=True) for tr in soup.select("table tbody tr")]


@pytest.fixture
def adopted(province):  # noqa: F811
    adoption = adoptions.adopt(province["b_secretary"], province["b"], province["shared"], "45/QĐ-UBND")
    Distribution.objects.create(document=province["shared"], department=province["b_department"])
    return adoption


def test_the_secretary_lists_her_agencys_adoptions_and_ends_one(client, province, adopted):  # noqa: F811
    client.force_login(province["b_secretary"])
    (row,) = rows(client)
    assert "QT-01" in row and "45/QĐ-UBND" in row and localtime(adopted.adopted_at).strftime("%d/%m/%Y") in row
    assert " 1 " in f" {row} "  # one department of hers in the distribution
    end = reverse("adoptions:end", args=[adopted.pk])
    assert end in client.get(INDEX).content.decode()
    # No reason: refused, nothing changes.
    assert client.post(end, {"reason": ""}).status_code == 400
    adopted.refresh_from_db()
    assert adopted.is_active
    assert client.post(end, {"reason": "Tỉnh ban hành quy trình mới"}).status_code == 302
    adopted.refresh_from_db()
    assert not adopted.is_active and adopted.withdrawn_by == province["b_secretary"]
    assert not Distribution.objects.filter(document=province["shared"], department=province["b_department"]).exists()
    listing = client.get(INDEX).content.decode()
    assert end not in listing
    again = reverse("adoptions:adopt_again", args=[adopted.pk])
    assert again in listing


def test_the_secretary_adopts_an_ended_adoption_again(client, province, adopted):  # noqa: F811
    adoptions.end_adoption(province["b_secretary"], adopted, "Tạm dừng")
    client.force_login(province["b_secretary"])
    again = reverse("adoptions:adopt_again", args=[adopted.pk])
    assert client.get(again).status_code == 200
    response = client.post(again, {"decision_reference": "99/QĐ-UBND"})
    assert response.status_code == 302
    renewed = Adoption.objects.active().get(agency=province["b"], document=province["shared"])
    assert renewed.pk != adopted.pk and renewed.decision_reference == "99/QĐ-UBND"
    # Once renewed, the ended row offers no second renewal.
    assert client.post(again, {"decision_reference": "x"}).status_code == 302
    assert Adoption.objects.filter(agency=province["b"], document=province["shared"]).count() == 2


def test_the_overseer_lists_every_agency_and_changes_nothing(client, province, adopted):  # noqa: F811
    a_adoption = adoptions.adopt(province["a_secretary"], province["a"], province["shared"], "12/QĐ-SNV")
    overseer = UserFactory(username="sokhcn", department=DepartmentFactory(agency=province["tinh"], code="khcn"))
    overseer.groups.add(Group.objects.get(name=roles.OVERSEER))
    client.force_login(overseer)
    listing = rows(client)
    assert len(listing) == 2 and any("45/QĐ-UBND" in r for r in listing) and any("12/QĐ-SNV" in r for r in listing)
    text = client.get(INDEX).content.decode()
    assert reverse("adoptions:end", args=[adopted.pk]) not in text
    response = client.post(reverse("adoptions:end", args=[a_adoption.pk]), {"reason": "x"})
    # Refused: the admin's 403, or its redirect home with the refusal message.
    assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    a_adoption.refresh_from_db()
    assert a_adoption.is_active


def test_another_agencys_secretary_does_not_find_them_and_staff_are_refused(client, province, adopted):  # noqa: F811
    client.force_login(province["a_secretary"])
    assert rows(client) == []
    assert client.get(reverse("adoptions:end", args=[adopted.pk])).status_code == 404
    assert client.post(reverse("adoptions:end", args=[adopted.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("adoptions:inspect", args=[adopted.pk])).status_code == 404
    adopted.refresh_from_db()
    assert adopted.is_active
    client.force_login(province["b_staff"])
    assert client.get(INDEX).status_code == 403
