"""From draft to current and superseded, through the signing pages."""

import datetime
import hashlib
from io import StringIO

from django.core.management import call_command

from procedures.models import ControlledDocumentPage, Issue, IssueStatus, Signature
from tests.procedures.workflow import issue_through_workflow, sign, submit


def test_first_issue_is_edition_1_amendment_0_and_current(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    assert (issue.edition, issue.amendment, issue.status) == (1, 0, IssueStatus.CURRENT)
    assert issue.code == "QT-01"
    assert issue.body_sha256 == hashlib.sha256(issue.body_html.encode()).hexdigest()
    assert "Tiếp nhận hồ sơ" in issue.body_html
    meanings = [(s.meaning, s.signer.username) for s in issue.signatures]
    assert meanings == [("prepared", "truongphong"), ("reviewed", "thuky"), ("approved", "lanhdao")]
    approved = issue.signatures.get(meaning="approved")
    assert approved.printed_name == "Lê Hoàng Nam"
    assert approved.job_title == "Phó Giám đốc Sở"
    assert approved.content_sha256 == issue.content_sha256


def test_amendment_then_new_edition_supersede_the_previous_issue(client, org, make_document):
    document = make_document()
    first = issue_through_workflow(client, org, document)
    second = issue_through_workflow(client, org, document, change_summary="Sửa bước 2", change_type="amendment")
    third = issue_through_workflow(client, org, document, change_summary="Viết lại", change_type="new_edition")
    assert [(i.edition, i.amendment) for i in (first, second, third)] == [(1, 0), (1, 1), (2, 0)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == IssueStatus.SUPERSEDED
    assert second.superseded_by == third
    assert third.status == IssueStatus.CURRENT
    assert Issue.objects.filter(document=document, status=IssueStatus.CURRENT).count() == 1


def test_staff_read_exactly_the_approved_text_with_edition_and_history(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    issue_through_workflow(client, org, document, change_summary="Rút ngắn thời gian thẩm định")
    client.force_login(org["staff"])
    page = client.get(document.url).content.decode()
    assert "QT-01" in page and "Quy trình tuyển dụng công chức" in page
    assert "Rút ngắn thời gian thẩm định" in page  # amendment history
    assert "Lê Hoàng Nam" in page and "Phó Giám đốc Sở" in page  # signatures
    assert "Thẩm định hồ sơ" in page


def test_draft_in_review_changes_nothing_staff_see(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    body = [
        {"type": "section", "value": {"kind": "purpose", "heading": "Mục đích", "body": "<p>CHỈ-CÓ-TRONG-BẢN-NHÁP</p>"}}
    ]
    submit(document, org["head"], change_summary="Nháp", body=body)
    client.force_login(org["staff"])
    page = client.get(document.url).content.decode()
    assert "CHỈ-CÓ-TRONG-BẢN-NHÁP" not in page
    assert "Tiếp nhận hồ sơ" in page


def test_frozen_body_does_not_change_when_the_page_is_edited_again(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    frozen = issue.body_html
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    document.body = [{"type": "section", "value": {"kind": "purpose", "heading": "X", "body": "<p>SỬA-SAU</p>"}}]
    document.save_revision(user=org["head"]).publish()
    issue.refresh_from_db()
    assert issue.body_html == frozen
    client.force_login(org["staff"])
    assert "SỬA-SAU" not in client.get(document.url).content.decode()


def test_rejection_sends_the_draft_back_with_the_reviewers_comment(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    task_state = document.current_workflow_task_state
    task_state.task.specific.on_action(task_state, org["secretary"], "reject", comment="Bổ sung căn cứ pháp lý")
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert document.current_workflow_state.status == "needs_changes"
    task_state.refresh_from_db()
    assert task_state.comment == "Bổ sung căn cứ pháp lý"
    assert not document.issues.exists()


def test_a_future_effective_date_schedules_the_issue_until_qms_daily_on_that_date(client, org, make_document, tomorrow):
    document = make_document()
    first = issue_through_workflow(client, org, document)
    second = issue_through_workflow(client, org, document, effective_date=tomorrow, change_summary="Bản mới")
    assert second.status == IssueStatus.SCHEDULED
    first.refresh_from_db()
    assert first.status == IssueStatus.CURRENT
    client.force_login(org["staff"])
    assert "Bản mới" not in client.get(document.url).content.decode()

    call_command("qms_daily", f"--date={tomorrow - datetime.timedelta(days=1)}", stdout=StringIO())
    second.refresh_from_db()
    assert second.status == IssueStatus.SCHEDULED

    call_command("qms_daily", f"--date={tomorrow}", stdout=StringIO())
    call_command("qms_daily", f"--date={tomorrow}", stdout=StringIO())  # safe twice
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == IssueStatus.CURRENT
    assert first.status == IssueStatus.SUPERSEDED
    assert "Bản mới" in client.get(document.url).content.decode()


def test_signatures_and_issues_cannot_be_rewritten_or_deleted(client, org, make_document):
    import pytest
    from django.core.exceptions import PermissionDenied

    issue = issue_through_workflow(client, org, make_document())
    issue.body_html = "<p>giả mạo</p>"
    with pytest.raises(PermissionDenied):
        issue.save()
    with pytest.raises(PermissionDenied):
        issue.delete()
    with pytest.raises(PermissionDenied):
        Issue.objects.filter(pk=issue.pk).update(body_html="x")
    with pytest.raises(PermissionDenied):
        Issue.objects.all().delete()
    with pytest.raises(PermissionDenied):
        Signature.objects.all().delete()
    signature = Signature.objects.first()
    signature.printed_name = "Người khác"
    with pytest.raises(PermissionDenied):
        signature.save()


def test_wrong_password_signs_nothing_and_says_so(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    response = sign(client, org["secretary"], document, password="wrong-password")
    assert response.status_code == 200
    assert "Sai mật khẩu" in response.content.decode()
    assert not Signature.objects.exists()
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert document.current_workflow_task.name == "Xem xét"


def test_repeated_wrong_passwords_lock_the_account_as_at_sign_in(client, org, make_document, settings):
    document = make_document()
    submit(document, org["head"])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign(client, org["secretary"], document, password="wrong").status_code == 200
    response = sign(client, org["secretary"], document, password="wrong")
    assert response.status_code == 429
    assert not Signature.objects.exists()
    # The lock holds at the sign-in page too.
    client.logout()
    from tests.qms.factories import PASSWORD

    assert client.post("/dang-nhap/", {"username": "thuky", "password": PASSWORD}).status_code == 429


def test_a_signer_with_the_right_password_signs_whatever_others_got_wrong(org, make_document, settings):
    """Behind the proxy, other people's failed sign-ins never stop a signature."""
    from django.test import Client

    from tests.qms.factories import PASSWORD

    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5"]
    her_desk, elsewhere = "192.168.1.23", "192.168.7.40"

    def browser(address):
        return Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=address)

    document = make_document()
    submit(document, org["head"])
    secretary = browser(her_desk)
    assert secretary.post("/dang-nhap/", {"username": "thuky", "password": PASSWORD}).status_code == 302
    # Colleagues at her address get their own passwords wrong, someone elsewhere
    # tries hers, and someone at her own desk too.
    failures = [("nhanvien", her_desk), ("truongvp", her_desk), ("thuky", elsewhere), ("thuky", her_desk)]
    for username, address in failures:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            browser(address).post("/dang-nhap/", {"username": username, "password": "wrong"})
    response = sign(secretary, org["secretary"], document)
    assert response.status_code == 302
    assert Signature.objects.get(meaning="reviewed").signer == org["secretary"]
