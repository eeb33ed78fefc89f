"""Two people creating, confirming or withdrawing at the same moment.

The PostgreSQL tests run two requests in threads with their own database
connections, released together (as tests/procedures/test_concurrency.py does);
they are skipped on SQLite, which serialises every write anyway. The
sequential tests next to them check, on any database, what the loser of such a
race sees: a clear message, never a server error or a second record.
"""

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from procedures.control.acknowledging import AcknowledgementRefused, acknowledge
from procedures.models import (
    Acknowledgement,
    ControlledDocumentPage,
    Distribution,
    DocumentType,
    ReadingAssignment,
    Signature,
)
from qms import vietnamese
from tests.concurrent import run_together
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import PASSWORD


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def new_document_data(title, org, code=""):
    return nested_form_data(
        {
            "title": title,
            "slug": vietnamese.slug(title),
            "code": code,
            "document_type": DocumentType.objects.get(prefix="QT").pk,
            "owner_department": org["ccvc"].pk,
            "review_interval_months": "",
            "body": streamfield(
                [("section", {"kind": "purpose", "heading": "1. Mục đích", "body": rich_text("<p>Nội dung</p>")})]
            ),
            "change_type": "amendment",
            "change_summary": "",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )


def create_document(client, section, title, org, code=""):
    return client.post(
        f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/", new_document_data(title, org, code)
    )


def text(response):
    return response.content.decode()


CODE_TAKEN = ("mang mã số", "already has the code")


# 1. New documents: distinct codes, or a clear form error ---------------------------------------


def test_a_typed_code_already_used_gets_a_form_error_and_creates_nothing(client, org, section, make_document):
    make_document(title="Quy trình tuyển dụng")  # QT-01
    client.force_login(org["head"])
    response = create_document(client, section, "Quy trình nâng ngạch", org, code="QT-01")
    assert response.status_code == 200
    assert any(words in text(response) for words in CODE_TAKEN)
    assert ControlledDocumentPage.objects.count() == 1


def test_two_new_documents_one_after_the_other_get_the_next_codes(client, org, section):
    client.force_login(org["head"])
    assert create_document(client, section, "Quy trình thứ nhất", org).status_code == 302
    assert create_document(client, section, "Quy trình thứ hai", org).status_code == 302
    assert sorted(ControlledDocumentPage.objects.values_list("code", flat=True)) == ["QT-01", "QT-02"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_new_documents_of_a_type_get_distinct_codes(org, section, make_document):
    make_document(title="Quy trình có sẵn")  # QT-01
    first, second = signed_in(org["head"]), signed_in(org["secretary"])

    results = run_together(
        lambda: create_document(first, section, "Quy trình thứ nhất", org),
        lambda: create_document(second, section, "Quy trình thứ hai", org),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert [response.status_code for _, response in results] == [302, 302]
    codes = sorted(ControlledDocumentPage.objects.values_list("code", flat=True))
    assert codes == ["QT-01", "QT-02", "QT-03"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_new_documents_with_the_same_typed_code_one_gets_a_form_error(org, section):
    first, second = signed_in(org["head"]), signed_in(org["secretary"])

    results = run_together(
        lambda: create_document(first, section, "Quy trình thứ nhất", org, code="QT-07"),
        lambda: create_document(second, section, "Quy trình thứ hai", org, code="QT-07"),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    statuses = sorted(response.status_code for _, response in results)
    assert statuses == [200, 302]
    loser = next(response for _, response in results if response.status_code == 200)
    assert any(words in text(loser) for words in CODE_TAKEN)
    assert list(ControlledDocumentPage.objects.values_list("code", flat=True)) == ["QT-07"]


# 2. "I have read": one confirmation -----------------------------------------------------------


@pytest.fixture
def assignment(client, org, make_document):
    """Staff must read a document in effect and have opened it."""
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    Distribution.objects.get_or_create(document=document, department=org["ccvc"])
    reading, _ = ReadingAssignment.objects.get_or_create(issue=issue, user=org["staff"])
    ReadingAssignment.objects.filter(pk=reading.pk).update(first_opened_at=timezone.now())
    return ReadingAssignment.objects.get(pk=reading.pk)


def confirm(client, assignment):
    return client.post(f"/kiem-soat/tai-lieu-can-doc/{assignment.pk}/xac-nhan/", follow=True)


ALREADY_CONFIRMED = ("bạn đã xác nhận đọc lần ban hành này.", "you have already confirmed reading this edition.")


def test_confirming_twice_gives_one_confirmation_and_a_clear_message(client, org, assignment):
    client.force_login(org["staff"])
    assert confirm(client, assignment).status_code == 200
    second = confirm(client, assignment)
    assert second.status_code == 200
    assert any(words in text(second).lower() for words in ALREADY_CONFIRMED)
    assert Acknowledgement.objects.filter(issue=assignment.issue, user=org["staff"]).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_confirmation_posted_twice_at_once_is_recorded_once(client, org, assignment):
    first, second = signed_in(org["staff"]), signed_in(org["staff"])

    results = run_together(lambda: confirm(first, assignment), lambda: confirm(second, assignment))

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert [response.status_code for _, response in results] == [200, 200]
    pages = [text(response).lower() for _, response in results]
    assert sum(any(words in page for words in ALREADY_CONFIRMED) for page in pages) == 1
    assert Acknowledgement.objects.filter(issue=assignment.issue, user=org["staff"]).count() == 1


def test_acknowledge_refuses_a_second_confirmation(org, assignment):
    acknowledge(org["staff"], assignment)
    with pytest.raises(AcknowledgementRefused) as refused:
        acknowledge(org["staff"], assignment)
    assert any(words in str(refused.value).lower() for words in ALREADY_CONFIRMED)
    assert Acknowledgement.objects.filter(issue=assignment.issue, user=org["staff"]).count() == 1


# 3. Withdrawal: exactly one -------------------------------------------------------------------


def withdraw(client, document):
    return client.post(
        f"/admin/qms/withdraw/{document.pk}/", {"reason": "Không còn áp dụng", "password": PASSWORD}, follow=True
    )


ALREADY_WITHDRAWN = ("Tài liệu này đã bị thu hồi.", "This document has already been withdrawn.")


@pytest.fixture
def issued(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    return ControlledDocumentPage.objects.get(pk=document.pk)


def withdrawals(document):
    return Signature.objects.filter(document=document, meaning="withdrawn").count()


def test_withdrawing_twice_records_one_withdrawal_and_says_so(client, org, issued):
    client.force_login(org["approver"])
    assert withdraw(client, issued).status_code == 200
    second = withdraw(client, issued)
    assert second.status_code == 200
    assert any(words in text(second) for words in ALREADY_WITHDRAWN), text(second)[:3000]
    assert withdrawals(issued) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_withdrawals_record_exactly_one(org, issued):
    first, second = signed_in(org["approver"]), signed_in(org["approver2"])

    results = run_together(lambda: withdraw(first, issued), lambda: withdraw(second, issued))

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert [response.status_code for _, response in results] == [200, 200]
    pages = [text(response) for _, response in results]
    assert sum(any(words in page for words in ALREADY_WITHDRAWN) for page in pages) == 1
    assert withdrawals(issued) == 1
