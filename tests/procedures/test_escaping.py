"""Script and HTML typed into any text field of document control come out as
text: escaped in every page that shows it, literal in the printed PDF."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from procedures.copies import printing
from procedures.models import ChangeRequest, CopyKind
from tests.hostile import PAYLOAD, assert_escaped_in_html, assert_literal_in_text
from tests.procedures import pdf_tools
from tests.procedures.factories import STEPS_BODY, ExternalDocumentFactory
from tests.procedures.workflow import sign, submit
from tests.qms.factories import PASSWORD

# How the rich text editor stores what was typed: the characters, escaped once.
TYPED_IN_RICH_TEXT = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

HOSTILE_BODY = [
    {
        "type": "section",
        "value": {"kind": "purpose", "heading": f"1. {PAYLOAD}", "body": f"<p>{TYPED_IN_RICH_TEXT}</p>"},
    },
    {
        "type": "steps_table",
        "value": {
            **STEPS_BODY[1]["value"],
            "steps": [{**STEPS_BODY[1]["value"]["steps"][0], "action": PAYLOAD, "responsible": PAYLOAD}],
        },
    },
]


@pytest.fixture
def hostile_issue(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document(title=f"Quy trình {PAYLOAD}", body=HOSTILE_BODY)
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"], change_summary=f"Sửa đổi {PAYLOAD}")
        assert sign(client, org["secretary"], document, comment=f"Ý kiến {PAYLOAD}").status_code == 302
        response = sign(client, org["approver"], document, timezone.localdate(), comment=f"Duyệt {PAYLOAD}")
        assert response.status_code == 302
    document.refresh_from_db()
    return document, document.issues.get()


def get_html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_hostile_document_is_shown_escaped_on_every_page(client, org, hostile_issue):
    document, issue = hostile_issue
    pages = {
        org["staff"]: [document.url, "/", "/search/?q=quy+trinh"],
        org["secretary"]: [
            f"/kiem-soat/tai-lieu/{document.pk}/",
            "/admin/qms/register/",
            f"/admin/pages/{document.pk}/edit/",
            f"/admin/pages/{document.pk}/history/",
        ],
    }
    for user, urls in pages.items():
        for url in urls:
            assert_escaped_in_html(get_html(client, user, url), url)


def test_a_hostile_document_prints_as_literal_text(org, hostile_issue):
    _document, issue = hostile_issue
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    text = pdf_tools.flat(" ".join(pdf_tools.pages(copy.file.path)))
    # Body heading, rich text, steps table, amendment history: each shows the characters typed.
    assert text.count("<script>alert(1)</script>") >= 4
    assert_literal_in_text(text, "pdf")


def test_a_hostile_comparison_is_escaped(client, org, hostile_issue, django_capture_on_commit_callbacks):
    document, _issue = hostile_issue
    body = [{**HOSTILE_BODY[0], "value": {**HOSTILE_BODY[0]["value"], "body": f"<p>{TYPED_IN_RICH_TEXT} mới</p>"}}]
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"], change_summary=PAYLOAD, body=body)
        sign(client, org["secretary"], document)
        sign(client, org["approver"], document, timezone.localdate())
    html = get_html(client, org["secretary"], f"{document.url}so-sanh/")
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hostile_change_request_and_decision_are_escaped(client, org, hostile_issue):
    document, _issue = hostile_issue
    client.force_login(org["staff"])
    response = client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/",
        {"reason": PAYLOAD, "proposed_change": PAYLOAD},
    )
    assert response.status_code == 302
    change_request = ChangeRequest.objects.get()
    client.force_login(org["secretary"])
    decided = client.post(
        f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/quyet-dinh/", {"decision": "reject", "reason": PAYLOAD}
    )
    assert decided.status_code in (200, 302)
    for user in (org["staff"], org["secretary"]):
        for url in ("/kiem-soat/yeu-cau-sua-doi/", f"/kiem-soat/yeu-cau-sua-doi/{change_request.pk}/"):
            assert_escaped_in_html(get_html(client, user, url), url)
    assert_escaped_in_html(get_html(client, org["secretary"], "/admin/change_requests/"), "admin list")


def test_a_hostile_withdrawal_reason_is_escaped(client, org, hostile_issue):
    document, _issue = hostile_issue
    client.force_login(org["approver"])
    response = client.post(
        f"/admin/qms/withdraw/{document.pk}/", {"reason": f"Thu hồi {PAYLOAD}", "password": PASSWORD}
    )
    assert response.status_code == 302
    html = get_html(client, org["secretary"], document.url)
    assert_escaped_in_html(html, "withdrawn page")
    assert "Thu hồi &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hostile_external_document_is_escaped(client, org):
    external = ExternalDocumentFactory(
        number=PAYLOAD[:50],
        kind="Nghị định",
        title=PAYLOAD,
        issuing_body=PAYLOAD,
        issue_date=datetime.date(2024, 1, 1),
        amended_by=PAYLOAD,
        notes=PAYLOAD,
        file=SimpleUploadedFile("nghi-dinh.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    for url in (
        "/kiem-soat/tai-lieu-ben-ngoai/",
        f"/kiem-soat/tai-lieu-ben-ngoai/{external.pk}/",
        "/admin/external_documents/",
        f"/admin/external_documents/edit/{external.pk}/",
    ):
        assert_escaped_in_html(get_html(client, org["secretary"], url), url)
