"""Wagtail's own workflow mails (templates/wagtailadmin/notifications/) reach people in
Vietnamese, with links built from WAGTAILADMIN_BASE_URL (never the Site's bare host)."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation
from wagtail.users.models import UserProfile

from procedures.models import ControlledDocumentPage
from tests.procedures.workflow import sign, submit

BASE_URL = "https://qms.sonoivu.example.vn:8443"
ENGLISH = re.compile(r"\b(Hello|has been|approved|rejected|You can|page|Edit your|notification preferences)\b")


def wagtail_mails(subject_part):
    return [m for m in mail.outbox if subject_part in m.subject]


def approve(client, org, document, django_capture_on_commit_callbacks):
    org["head"].email = "truongphong@sonoivu.example.vn"
    org["head"].save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"])
        assert sign(client, org["secretary"], document).status_code == 302
        mail.outbox.clear()
        assert sign(client, org["approver"], document).status_code == 302


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_approving_a_document_mails_its_submitter_in_vietnamese_with_the_configured_address(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    approve(client, org, document, django_capture_on_commit_callbacks)
    (message,) = wagtail_mails("đã được phê duyệt")
    assert message.to == ["truongphong@sonoivu.example.vn"]
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert message.subject == f'"{document.code} {document.title}" đã được phê duyệt'
    body = message.body
    assert body.startswith(f"Kính gửi {org['head'].get_full_name()},")
    assert f'"{document.code} {document.title}" đã được phê duyệt.' in body
    assert f"Đọc tại đây: {BASE_URL}{document.get_url_parts()[2]}" in body
    assert f"{BASE_URL}/admin/account/#tab-notifications" in body
    assert "http://localhost" not in body and "&quot;" not in body
    assert not ENGLISH.search(body + message.subject), body


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL, WAGTAILADMIN_NOTIFICATION_USE_HTML=True)
def test_the_html_part_is_vietnamese_too(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    approve(client, org, document, django_capture_on_commit_callbacks)
    (message,) = wagtail_mails("đã được phê duyệt")
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    assert '<html lang="vi">' in html and "Kính gửi" in html
    assert f'href="{BASE_URL}{ControlledDocumentPage.objects.get(pk=document.pk).get_url_parts()[2]}"' in html
    assert not ENGLISH.search(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("preferred", "expected"), [("", "đã được phê duyệt"), ("en", "has been approved")])
def test_the_recipients_own_language_not_the_approvers(
    client, org, make_document, django_capture_on_commit_callbacks, preferred, expected
):
    """The approver works in English; the head who chose nothing reads Vietnamese, one who chose English, English."""
    profile = UserProfile.get_for_user(org["head"])
    profile.preferred_language = preferred
    profile.save()
    document = make_document()
    with translation.override("en"):
        approve(client, org, document, django_capture_on_commit_callbacks)
    assert len([m for m in mail.outbox if expected in m.subject]) == 1


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_sending_back_mails_the_submitter_a_link_to_the_editor(
    client, org, make_document, django_capture_on_commit_callbacks
):
    org["head"].email = "truongphong@sonoivu.example.vn"
    org["head"].save()
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        submit(document, org["head"])
        client.force_login(org["secretary"])
        task_state = ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_task_state
        response = client.post(
            f"/admin/pages/workflow/action/{document.pk}/reject/{task_state.pk}/", {"comment": "Thiếu bước 3"}
        )
    assert response.status_code == 302
    (message,) = wagtail_mails("trả lại để chỉnh sửa")
    assert 'Ý kiến: "Thiếu bước 3"' in message.body
    assert message.subject.endswith("đã được trả lại để chỉnh sửa")
    assert f"Chỉnh sửa tại đây: {BASE_URL}/admin/pages/{document.pk}/edit/" in message.body
    assert not ENGLISH.search(message.body + message.subject), message.body
