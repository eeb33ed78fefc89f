"""Property-based: every form of document control, posted hostile data by the
role allowed to use it, answers without a server error, and a refused form
leaves the database as it was. Lists and searches take any query string."""

import pytest
from hypothesis import HealthCheck, given, settings
from wagtail.models import Page

from procedures.models import ChangeRequest
from tests.hostile import SETTINGS, form_data, get_and_check, post_and_check, query_params
from tests.procedures.control_helpers import issue_now
from tests.procedures.factories import ExternalDocumentFactory
from tests.procedures.workflow import submit

HYPOTHESIS = settings(**SETTINGS, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def world(client, org, make_document, django_capture_on_commit_callbacks):
    """An issued document with an open change request, and a second one waiting for signatures."""
    issued = make_document()
    issue_now(client, org, issued, django_capture_on_commit_callbacks)
    in_review = make_document(title="Quy trình nâng ngạch")
    submit(in_review, org["head"], change_summary="Ban hành lần đầu")
    in_review.refresh_from_db()
    change_request = ChangeRequest.raise_on(issued, org["staff"], reason="Lý do", proposed_change="Đề xuất")
    external = ExternalDocumentFactory(
        number="01/2025/TT-BNV", kind="Thông tư", title="Thông tư", issuing_body="Bộ Nội vụ", issue_date="2025-01-01"
    )
    return {
        "issued": issued,
        "in_review": in_review,
        "task_state": in_review.current_workflow_task_state,
        "change_request": change_request,
        "external": external,
        "ids": [issued.pk, in_review.pk, change_request.pk, external.pk, org["staff"].pk, org["ccvc"].pk, 0, -1],
    }


FORMS = {
    "raise change request": (
        "staff",
        "/kiem-soat/tai-lieu/{issued}/de-nghi-sua-doi/",
        ["reason", "proposed_change", "attachment", "origin"],
    ),
    "decide change request": (
        "secretary",
        "/kiem-soat/yeu-cau-sua-doi/{change_request}/quyet-dinh/",
        ["decision", "reason"],
    ),
    "take into draft": ("head", "/kiem-soat/yeu-cau-sua-doi/{change_request}/dua-vao-du-thao/", ["confirm"]),
    "distribution": ("secretary", "/kiem-soat/tai-lieu/{issued}/phan-phoi/", ["departments", "groups", "note"]),
    "citation": ("secretary", "/kiem-soat/tai-lieu/{issued}/can-cu/", ["external_document", "note"]),
    "periodic review": ("head", "/kiem-soat/tai-lieu/{issued}/xem-xet/", ["outcome", "password", "comment", "notes"]),
    "sign": ("secretary", "/admin/qms/sign/{task_state}/", ["password", "comment", "effective_date", "action"]),
    "withdraw": ("approver", "/admin/qms/withdraw/{issued}/", ["reason", "password"]),
    "verify upload": ("staff", "/verify/", ["file", "code"]),
    "external document (admin)": (
        "secretary",
        "/admin/external_documents/new/",
        [
            "number",
            "kind",
            "title",
            "issuing_body",
            "issue_date",
            "effective_date",
            "status",
            "replaced_by",
            "link",
            "notes",
        ],
    ),
}


def url_of(template, world):
    ids = {name: (value.pk if hasattr(value, "pk") else value) for name, value in world.items() if name != "ids"}
    return template.format(**ids)


@pytest.mark.parametrize("name", FORMS)
def test_hostile_posts_never_crash_and_a_refusal_changes_nothing(client, org, world, name):
    role, template, fields = FORMS[name]
    client.force_login(org[role])
    url = url_of(template, world)

    @HYPOTHESIS
    @given(data=form_data(fields, world["ids"]))
    def post(data):
        post_and_check(client, url, data)

    post()


LISTS = {
    "staff": [
        "/",
        "/search/",
        "/verify/",
        "/thong-bao/",
        "/kiem-soat/yeu-cau-sua-doi/",
        "/kiem-soat/tai-lieu-can-doc/",
    ],
    "secretary": [
        "/kiem-soat/tai-lieu-ben-ngoai/",
        "/kiem-soat/danh-muc-ho-so/",
        "/kiem-soat/xem-xet-dinh-ky/",
        "/kiem-soat/doc-hieu/",
        "/kiem-soat/yeu-cau-sua-doi/",
        "/admin/qms/register/",
        "/admin/external_documents/",
        "/admin/change_requests/",
        "/admin/documents/",
        "/admin/pages/search/",
    ],
}


@pytest.mark.parametrize("role", LISTS)
def test_hostile_query_strings_never_crash(client, org, world, role):
    client.force_login(org[role])
    urls = [
        *LISTS[role],
        f"/kiem-soat/tai-lieu/{world['issued'].pk}/",
        world["issued"].url,
        f"{world['issued'].url}so-sanh/",
    ]

    @HYPOTHESIS
    @given(params=query_params)
    def get(params):
        for url in urls:
            get_and_check(client, url, params)

    get()


def test_pages_are_not_found_for_ids_out_of_range(client, org, world):
    client.force_login(org["secretary"])
    for url in (
        "/kiem-soat/tai-lieu/99999999999999999999/",
        "/kiem-soat/yeu-cau-sua-doi/9223372036854775808/",
        f"/admin/pages/{2**63}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert Page.objects.exists()


def test_a_nul_character_in_a_search_is_ignored_not_a_database_error(client, org, world):
    # PostgreSQL refuses NUL in any text (a 500 before qms.middleware.QueryStringCleanupMiddleware).
    client.force_login(org["secretary"])
    response = client.get("/kiem-soat/tai-lieu-ben-ngoai/", {"q": "01/2025\x00", "status": "in_force\x00"})
    assert response.status_code == 200
    assert "01/2025/TT-BNV" in response.content.decode()
    assert client.get("/admin/external_documents/", {"q": "\x00"}).status_code == 200


def test_a_posted_nul_character_is_refused_with_a_message(client, org, world):
    client.force_login(org["staff"])
    before = ChangeRequest.objects.count()
    response = client.post(
        f"/kiem-soat/tai-lieu/{world['issued'].pk}/de-nghi-sua-doi/",
        {"reason": "Lý do\x00", "proposed_change": "Đề xuất"},
    )
    assert response.status_code == 200
    assert "Không được dùng ký tự NUL (mã 0)." in response.content.decode()
    assert ChangeRequest.objects.count() == before
