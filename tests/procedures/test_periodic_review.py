"""Periodic review: what is due, and the three signed outcomes, through the views."""

import datetime

from django.utils import timezone

from procedures.control.periodic_review import add_months, next_review_due
from procedures.models import (
    ChangeRequest,
    ChangeRequestStatus,
    ControlledDocumentPage,
    PeriodicReview,
    ReviewOutcome,
    Signature,
)
from tests.procedures.control_helpers import backdate, issue_now, page_text, rewrite_for_set_up
from tests.qms.factories import PASSWORD
from tests.spreadsheet_reading import read_table


def review(client, user, document, outcome, password=PASSWORD, comment="Đã rà soát"):
    client.force_login(user)
    data = {"outcome": outcome, "comment": comment}
    if password is not None:
        data["password"] = password
    return client.post(f"/kiem-soat/tai-lieu/{document.pk}/xem-xet/", data)


def test_due_soon_and_overdue_documents_are_listed_overdue_first(
    client, org, make_document, django_capture_on_commit_callbacks
):
    fresh = make_document("Quy trình mới ban hành")
    soon = make_document("Quy trình sắp đến hạn")
    late = make_document("Quy trình quá hạn")
    for document in (fresh, soon, late):
        issue_now(client, org, document, django_capture_on_commit_callbacks)
    backdate(soon.current_issue, 350)  # due in about two weeks (12-month interval)
    backdate(ControlledDocumentPage.objects.get(pk=late.pk).current_issue, 400)

    client.force_login(org["secretary"])
    listing = page_text(client.get("/kiem-soat/xem-xet-dinh-ky/"))
    assert soon.code in listing and late.code in listing and fresh.code not in listing
    assert listing.index(late.code) < listing.index(soon.code)
    assert "quá hạn" in listing

    # Department heads see their own department's; staff see nothing.
    client.force_login(org["other_head"])
    assert late.code not in page_text(client.get("/kiem-soat/xem-xet-dinh-ky/"))
    client.force_login(org["staff"])
    assert client.get("/kiem-soat/xem-xet-dinh-ky/").status_code == 403


def test_still_valid_signed_by_an_approver_resets_the_due_date_without_a_new_edition(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue = backdate(issue_now(client, org, document, django_capture_on_commit_callbacks), 400)
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert next_review_due(document) == add_months(issue.effective_date, 12)

    response = review(client, org["approver"], document, ReviewOutcome.STILL_VALID)
    assert response.status_code == 302
    (recorded,) = PeriodicReview.objects.all()
    assert recorded.outcome == ReviewOutcome.STILL_VALID and recorded.issue == issue
    assert recorded.signature.signer == org["approver"] and recorded.signature.password_confirmed
    assert next_review_due(document) == add_months(recorded.reviewed_on, 12)
    assert document.issues.count() == 1

    client.force_login(org["staff"])
    reading = page_text(client.get(document.url))
    assert "Xem xét định kỳ" in reading and "Còn phù hợp, không thay đổi" in reading
    client.force_login(org["secretary"])
    assert document.code not in page_text(client.get("/kiem-soat/xem-xet-dinh-ky/"))


def test_an_outcome_without_the_right_password_records_nothing(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    signatures = Signature.objects.count()
    wrong = review(client, org["approver"], document, ReviewOutcome.STILL_VALID, password="sai-mat-khau")
    assert wrong.status_code == 200 and "Sai mật khẩu" in page_text(wrong)
    missing = review(client, org["approver"], document, ReviewOutcome.STILL_VALID, password=None)
    assert missing.status_code == 200 and "Chưa ghi nhận gì" in page_text(missing)
    assert not PeriodicReview.objects.exists()
    assert Signature.objects.count() == signatures


def test_who_may_record_which_outcome(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    # The owner's head may decide to revise, not sign "still valid".
    response = review(client, org["head"], document, ReviewOutcome.STILL_VALID)
    assert response.status_code == 200
    assert not PeriodicReview.objects.exists()
    for who in ("staff", "other_head"):
        assert review(client, org[who], document, ReviewOutcome.REVISE).status_code == 403, who
    assert review(client, org["auditor"], document, ReviewOutcome.REVISE).status_code == 403
    assert not PeriodicReview.objects.exists()


def test_revise_opens_a_draft_with_a_change_request_that_the_next_issue_closes(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    response = review(client, org["head"], document, ReviewOutcome.REVISE, comment="Cập nhật theo Nghị định mới")
    assert response.status_code == 302
    (recorded,) = PeriodicReview.objects.all()
    (change_request,) = recorded.change_requests.all()
    assert change_request.status == ChangeRequestStatus.ACCEPTED and change_request.linked_at is not None
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert document.has_unpublished_changes
    assert change_request.number in document.get_latest_revision_as_object().change_summary

    new_issue = issue_now(client, org, document, django_capture_on_commit_callbacks, change_summary="Cập nhật")
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.CLOSED and change_request.closed_by_issue == new_issue


def test_revise_takes_accepted_requests_into_the_draft(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    accepted = ChangeRequest.raise_on(document, org["staff"], reason="Sai mẫu", proposed_change="Sửa BM-01")
    accepted.accept(org["secretary"], "Đúng")
    review(client, org["secretary"], document, ReviewOutcome.REVISE)
    accepted.refresh_from_db()
    assert accepted.linked_by == org["secretary"]
    assert ChangeRequest.objects.count() == 1


def test_withdraw_hands_over_to_the_withdrawal_signature(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    response = review(client, org["approver"], document, ReviewOutcome.WITHDRAW)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/qms/withdraw/{document.pk}/"
    assert PeriodicReview.objects.get().outcome == ReviewOutcome.WITHDRAW


def test_the_register_and_its_xlsx_show_the_review_date_of_the_periodic_review_list(
    client, org, make_document, django_capture_on_commit_callbacks
):
    """A "still valid" review moves the next review date everywhere, not only in the review list."""
    document = make_document(review_interval_months=2)
    backdate(issue_now(client, org, document, django_capture_on_commit_callbacks), 400)
    assert review(client, org["approver"], document, ReviewOutcome.STILL_VALID).status_code == 302
    six_weeks_ago = timezone.localdate() - datetime.timedelta(days=45)
    rewrite_for_set_up(PeriodicReview.objects.filter(document=document), reviewed_on=six_weeks_ago)
    due = add_months(six_weeks_ago, 2).strftime("%d/%m/%Y")  # in about two weeks

    client.force_login(org["secretary"])
    listing = client.get("/kiem-soat/xem-xet-dinh-ky/")
    (row,) = [r for r in listing.context["rows"] if r.document.pk == document.pk]
    assert row.due.strftime("%d/%m/%Y") == due and not row.overdue
    assert "is-overdue" not in page_text(listing)

    register = page_text(client.get("/admin/qms/register/"))
    assert due in register
    response = client.get("/admin/qms/register/?export=xlsx")
    table = read_table(response)
    exported = table.by("Mã số")[document.code]
    assert exported[table.headers.index("Hạn xem xét định kỳ")].strftime("%d/%m/%Y") == due
