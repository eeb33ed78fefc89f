"""Only current issues leave through the API: never a draft, a scheduled edition or a superseded body."""

import pytest
from django.test import Client

from tests.api.helpers import bearer, make_client


@pytest.fixture
def readers(province):
    """A province-wide client and the agency's ISO secretary (who edits drafts in the admin)."""
    api_client, token = make_client(province["a"].agency, "documents", "registers", province_wide=True)
    tokened = Client()
    tokened.defaults.update(bearer(token))
    secretary = Client()
    secretary.force_login(province["a"].people["secretary"])
    return {"client": tokened, "secretary": secretary}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client", "secretary"])
def test_a_draft_or_a_scheduled_first_issue_never_appears(province, readers, who):
    browser = readers[who]
    for path in ("/api/v1/documents/", "/api/v1/register/"):
        rows = browser.get(path, {"page_size": 200}).json()["results"]
        ids = {row["id"] for row in rows}
        codes = {row["code"] for row in rows}
        assert province["draft"].pk not in ids and province["scheduled"].pk not in ids, path
        assert not {"QT-900", "QT-901"} & codes, path
    for document in (province["draft"], province["scheduled"]):
        assert browser.get(f"/api/v1/documents/{document.pk}/").status_code == 404
        assert browser.get(f"/api/v1/documents/{document.pk}/editions/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client", "secretary"])
def test_a_revised_document_shows_its_current_issue_and_lists_the_superseded_one_without_its_body(
    province, readers, who
):
    browser = readers[who]
    revised, superseded = province["revised"], province["superseded"]
    current = revised.issues.get(status="current")
    listed = [row for row in browser.get("/api/v1/documents/", {"page_size": 200}).json()["results"]]
    assert [row["title"] for row in listed if row["id"] == revised.pk] == ["Tiêu đề sửa đổi"]

    detail = browser.get(f"/api/v1/documents/{revised.pk}/").json()
    assert (detail["title"], detail["edition"], detail["amendment"]) == ("Tiêu đề sửa đổi", 1, 1)
    assert detail["body_html"] == current.body_html and detail["body_sha256"] == current.body_sha256
    assert detail["steps_tables"][0]["steps"][0]["action"] == "Tiếp nhận hồ sơ"

    editions = browser.get(f"/api/v1/documents/{revised.pk}/editions/").json()["results"]
    assert [(e["edition"], e["amendment"], e["status"]) for e in editions] == [(1, 1, "current"), (1, 0, "superseded")]
    assert all("body_html" not in e for e in editions)
    assert superseded.status == "superseded"


@pytest.mark.django_db
def test_a_withdrawn_document_leaves_the_api(province, readers):
    document = province["a"].current[0]
    issue = document.issues.get(status="current")
    issue.withdraw("Không còn áp dụng", user=province["a"].people["approver"])
    browser = readers["client"]
    assert document.pk not in {r["id"] for r in browser.get("/api/v1/documents/", {"page_size": 200}).json()["results"]}
    assert browser.get(f"/api/v1/documents/{document.pk}/").status_code == 404
