"""The API's one write: a signed-in person confirms reading the current issue, with the CSRF token."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from procedures.control.acknowledging import assign_readers
from procedures.models import Acknowledgement


def browser_of(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    return browser, {"HTTP_X_CSRFTOKEN": secret}


@pytest.fixture
def assigned(province):
    document = province["a"].current[0]
    issue = document.issues.get(status="current")
    assign_readers(issue, notify_readers=False)
    return document, issue


@pytest.mark.django_db
def test_a_reader_confirms_after_opening_once_and_only_with_the_csrf_token(province, assigned):
    document, issue = assigned
    staff = province["a"].people["staff"]
    browser, csrf = browser_of(staff)
    path = f"/api/v1/documents/{document.pk}/acknowledge/"

    unopened = browser.post(path, **csrf)
    assert unopened.status_code == 400 and "Hãy mở và đọc tài liệu" in unopened.json()["detail"][0]

    assert browser.get(f"/api/v1/documents/{document.pk}/").status_code == 200  # the first opening is recorded
    assert browser.post(path).status_code == 403  # no CSRF token
    assert not Acknowledgement.objects.filter(issue=issue, user=staff).exists()

    confirmed = browser.post(path, **csrf)
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["code"] == issue.code
    assert Acknowledgement.objects.filter(issue=issue, user=staff).count() == 1

    twice = browser.post(path, **csrf)
    assert twice.status_code == 400
    assert Acknowledgement.objects.filter(issue=issue, user=staff).count() == 1


@pytest.mark.django_db
def test_nobody_confirms_what_they_were_not_given_or_may_not_read(province, assigned):
    document, issue = assigned
    other_agency, csrf = browser_of(province["b"].people["staff"])
    assert other_agency.post(f"/api/v1/documents/{document.pk}/acknowledge/", **csrf).status_code == 404
    # The head of another department of the agency reads the document but was not given it to read.
    head, csrf = browser_of(province["a"].people["head"])
    refused = head.post(f"/api/v1/documents/{document.pk}/acknowledge/", **csrf)
    assert refused.status_code == 403 and refused.json()["detail"] == "Tài liệu này không được phân phối cho bạn đọc."
    draft, csrf = browser_of(province["a"].people["staff"])
    assert draft.post(f"/api/v1/documents/{province['draft'].pk}/acknowledge/", **csrf).status_code == 404
    assert not Acknowledgement.objects.filter(issue=issue).exists()
    assert Client().post(f"/api/v1/documents/{document.pk}/acknowledge/").status_code == 401
