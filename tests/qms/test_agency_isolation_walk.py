"""The URL walk's agency axis: agency A's roles before agency B's records, and the overseer.

The rows are in tests/qms/matrix_agencies.py; the organisation is the URL
walk's (tests/qms/url_org.py) with a second agency beside it
(tests/qms/url_org_agencies.py).
"""

import io
import re

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from openpyxl import load_workbook

from tests.api.helpers import bearer, make_client
from tests.qms.matrix import OK, outcome, post_outcome
from tests.qms.matrix_agencies import (
    API_LISTINGS,
    API_ROWS,
    CLOSED,
    CLOSED_OUTCOMES,
    COLUMNS,
    LISTINGS,
    OWN_EXPLORER,
    ROWS,
)
from tests.qms.url_org import build
from tests.qms.url_org_agencies import MARKERS, add_agency_b


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("agency-walk-media")


@pytest.fixture(autouse=True)
def _media_root(settings, walk_media):
    settings.MEDIA_ROOT = walk_media


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="module")
def org(django_db_setup, django_db_blocker, walk_media):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=walk_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield add_agency_b(build())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def path_of(route, row, o):
    params = row.params(o) if row.params else {}
    if "url" in params:
        return params["url"]
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m.group(1)]), route)
    return "/" + path


def text_of(response):
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        )
    return body.decode("utf-8", "replace")


def shown(response):
    """B's markers on the page (nothing for a file of another kind)."""
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(("text/", "application/json", "application/vnd.openxml")):
        return []
    text = text_of(response)
    return [marker for marker in MARKERS if marker in text]


def request(o, role, method, path, post=None):
    """One request, rolled back: (outcome, markers shown)."""
    where = resolve_url(django_settings.LOGIN_URL)
    client, user = o.clients[role], o.users[role]
    try:
        with transaction.atomic():
            if method == "get":
                response = client.get(path)
                got = outcome(response, where)
            else:
                before = post.effect.state(o, user)
                response = client.post(path, post.data(o))
                after = post.effect.state(o, user)
                got = post_outcome(response, where, post.effect, before, after)
            seen = shown(response)
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - reported as a 500 row
        return f"500 {type(exc).__name__}: {exc}"[:300], []
    return got, seen


def matches(expected, got, o):
    if expected == OWN_EXPLORER:
        return got == f"302 /admin/pages/{o.library.pk}/"
    return got in CLOSED_OUTCOMES if expected == CLOSED else got == expected


@pytest.mark.django_db
def test_a_sees_nothing_of_b_and_the_overseer_reads_without_writing(org):
    wrong = []
    for route, row in ROWS.items():
        path = path_of(route, row, org)
        checks = [("GET", "get", row.get, None)]
        if row.post is not None:
            checks.append(("POST", "post", row.post.expect, row.post))
        for label, method, expected, post in checks:
            for role in COLUMNS:
                got, seen = request(org, role, method, path, post)
                if not matches(expected[role], got, org):
                    wrong.append(f"{label} {path} ({route}) as {role}: expected {expected[role]}, got {got}")
                elif role != "overseer" and seen:
                    wrong.append(f"{label} {path} ({route}) as {role}: {got} shows {seen}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_a_listings_never_name_b_and_the_overseer_finds_b_on_its_registers(org):
    wrong = []
    for listing in LISTINGS:
        path = listing.path(org) if callable(listing.path) else listing.path
        for role in COLUMNS:
            if role not in listing.readers:
                continue
            got, seen = request(org, role, "get", path)
            if got != OK:
                wrong.append(f"{path} as {role}: expected allowed, got {got}")
            elif role != "overseer" and seen:
                wrong.append(f"{path} as {role} shows {seen}")
            elif role == "overseer" and listing.overseer_sees_b and not seen:
                wrong.append(f"{path} as overseer: none of B's records")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_an_api_token_of_a_never_reaches_b_s_records(org):
    """A's client holding every scope: B's document closed, none of B's records in A's lists."""
    _api_client, token = make_client(org.agency, "documents", "registers", "audits")
    where = resolve_url(django_settings.LOGIN_URL)
    caller = Client(**bearer(token))
    wrong = []
    for route, row in API_ROWS.items():
        path = path_of(route, row, org)
        with transaction.atomic():
            got = outcome(caller.get(path), where)
            if route.endswith("acknowledge/"):
                response = caller.post(path, content_type="application/json")
                got_post = outcome(response, where)
                if got_post not in CLOSED_OUTCOMES:
                    wrong.append(f"POST {path} with A's token: {got_post}")
            transaction.set_rollback(True)
        if got not in CLOSED_OUTCOMES:
            wrong.append(f"GET {path} with A's token: {got}")
    for listing in API_LISTINGS:
        response = caller.get(listing.path)
        if response.status_code != 200:
            wrong.append(f"{listing.path} with A's token: {response.status_code}")
        elif seen := shown(response):
            wrong.append(f"{listing.path} with A's token shows {seen}")
    assert wrong == [], "\n".join(wrong)
