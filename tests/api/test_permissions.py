"""Every endpoint, asked by clients of each scope and agency and by signed-in people of each role:
what each one gets (docs/api.md, "Scopes")."""

import pytest
from django.test import Client

from tests.api.helpers import bearer, make_client

LISTS = {
    "documents": "/api/v1/documents/",
    "register": "/api/v1/register/",
    "external": "/api/v1/external-documents/",
    "audits": "/api/v1/audits/",
    "findings": "/api/v1/findings/",
    "actions": "/api/v1/corrective-actions/",
}
ALL_SCOPES = ("documents", "registers", "audits")


def expected_ids(province, endpoint, agencies):
    """The ids a reader of these agencies (keys of the province) gets from a list."""
    ids = set()
    for key in agencies:
        built = province[key]
        if endpoint in ("documents", "register"):
            ids |= {document.pk for document in built.current}
            if key == "a":
                ids.add(province["revised"].pk)
        else:
            ids.add(
                {"external": built.external, "audits": built.audit, "findings": built.finding, "actions": built.action}[
                    endpoint
                ].pk
            )
    return ids


DOCS_A = ("a", "shared")
DOCS_B = ("b", "shared")
EVERY = ("a", "b", "shared")

# reader -> {endpoint: the agencies whose rows it gets, or the refusal's status}
CLIENTS = {
    ("a", ("documents",)): {
        "documents": DOCS_A, "register": 403, "external": 403, "audits": 403, "findings": 403, "actions": 403,
    },
    ("a", ("registers",)): {
        "documents": 403, "register": ("a",), "external": ("a",), "audits": 403, "findings": 403, "actions": 403,
    },
    ("a", ("audits",)): {
        "documents": 403, "register": 403, "external": 403, "audits": ("a",), "findings": ("a",), "actions": ("a",),
    },
    ("a", ALL_SCOPES): {
        "documents": DOCS_A, "register": ("a",), "external": ("a",),
        "audits": ("a",), "findings": ("a",), "actions": ("a",),
    },
    ("b", ALL_SCOPES): {
        "documents": DOCS_B, "register": ("b",), "external": ("b",),
        "audits": ("b",), "findings": ("b",), "actions": ("b",),
    },
    ("province", ALL_SCOPES): dict.fromkeys(LISTS, EVERY),
    ("province", ("documents",)): {
        "documents": EVERY, "register": 403, "external": 403, "audits": 403, "findings": 403, "actions": 403,
    },
}  # fmt: skip

PEOPLE = {
    "staff": {
        "documents": DOCS_A, "register": 403, "external": ("a",), "audits": 403, "findings": 403, "actions": 403,
    },
    "secretary": {
        "documents": DOCS_A, "register": ("a",), "external": ("a",),
        "audits": ("a",), "findings": ("a",), "actions": ("a",),
    },
    "auditor": {
        "documents": DOCS_A, "register": ("a",), "external": ("a",),
        "audits": ("a",), "findings": ("a",), "actions": ("a",),
    },
    # The head of the audited department: the audit of their department, its finding and action.
    "head": {
        "documents": DOCS_A, "register": ("a",), "external": ("a",),
        "audits": ("a",), "findings": ("a",), "actions": ("a",),
    },
    # Approvers see audits, not the findings log (docs/roles.md); they follow no action.
    "approver": {
        "documents": DOCS_A, "register": ("a",), "external": ("a",), "audits": ("a",), "findings": (), "actions": (),
    },
}  # fmt: skip


def client_for(province, key, scopes):
    agency = province["a" if key == "province" else key].agency
    api_client, token = make_client(agency, *scopes, province_wide=key == "province")
    browser = Client()
    browser.defaults.update(bearer(token))
    return browser


def person(province, role):
    browser = Client()
    browser.force_login(province["a"].people[role])
    return browser


def check_lists(province, browser, expectations):
    wrong = []
    for endpoint, expected in expectations.items():
        response = browser.get(LISTS[endpoint], {"page_size": 200})
        if isinstance(expected, int):
            if response.status_code != expected:
                wrong.append(f"{endpoint}: {response.status_code}, expected {expected}")
            continue
        if response.status_code != 200:
            wrong.append(f"{endpoint}: {response.status_code} {response.content[:200]}")
            continue
        got = {row["id"] for row in response.json()["results"]}
        if got != expected_ids(province, endpoint, expected):
            wrong.append(f"{endpoint}: {sorted(got)}, expected {sorted(expected_ids(province, endpoint, expected))}")
    return wrong


def check_documents(province, browser, readable):
    """Each agency's document (and its editions): 200 where readable, 404 elsewhere, the refusal without scope."""
    wrong = []
    for key in EVERY:
        document = province[key].current[0]
        for suffix in ("", "editions/"):
            expected = readable if isinstance(readable, int) else 200 if key in readable else 404
            response = browser.get(f"/api/v1/documents/{document.pk}/{suffix}")
            if response.status_code != expected:
                wrong.append(f"{key} document {suffix or 'detail'}: {response.status_code}, expected {expected}")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "scopes"), list(CLIENTS), ids=lambda v: v if isinstance(v, str) else "+".join(v))
def test_each_client_reads_its_agency_and_scopes(province, key, scopes):
    browser = client_for(province, key, scopes)
    expectations = CLIENTS[(key, scopes)]
    wrong = check_lists(province, browser, expectations)
    wrong += check_documents(province, browser, expectations["documents"])
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_signed_in_person_reads_what_the_portal_and_admin_show_them(province, role):
    browser = person(province, role)
    wrong = check_lists(province, browser, PEOPLE[role])
    wrong += check_documents(province, browser, PEOPLE[role]["documents"])
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_nobody_reads_without_a_token_or_a_session(province):
    anonymous = Client()
    paths = [*LISTS.values(), f"/api/v1/documents/{province['a'].current[0].pk}/", "/api/schema/", "/api/docs/"]
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_client_token_cannot_confirm_reading(province):
    browser = client_for(province, "a", ALL_SCOPES)
    response = browser.post(f"/api/v1/documents/{province['a'].current[0].pk}/acknowledge/")
    assert response.status_code == 403
