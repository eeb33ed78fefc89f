"""The document-control demo: real external documents, a records list, and links to the documents found."""

from io import StringIO

from django.core.management import call_command

from procedures.demo import control
from procedures.models import (
    ChangeRequest,
    Citation,
    Distribution,
    ExternalDocument,
    ExternalDocumentStatus,
    RecordType,
    ReviewFlag,
)
from tests.procedures.control_helpers import issue_now
from tests.procedures.factories import STEPS_BODY


def counts():
    return [
        m.objects.count() for m in (ExternalDocument, RecordType, Citation, ChangeRequest, Distribution, ReviewFlag)
    ]


def test_the_demo_without_documents_still_has_the_registers(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    assert ExternalDocument.objects.count() >= 15
    replaced = ExternalDocument.objects.get(number="19/2014/QĐ-TTg")
    assert replaced.status == ExternalDocumentStatus.REPLACED
    assert replaced.replaced_by.number == "101/2018/QĐ-TTg"
    assert RecordType.objects.filter(permanent=True).exists() and RecordType.objects.count() >= 10


LEGAL_BASIS = {
    "type": "legal_basis",
    "value": {"heading": "Cơ sở pháp lý", "items": ["Nghị định 45/2010/NĐ-CP quy định về tổ chức, hoạt động của hội"]},
}


def test_the_demo_links_to_the_documents_it_finds(client, org, make_document, django_capture_on_commit_callbacks):
    documents = [
        make_document("Quy trình thành lập hội", body=[LEGAL_BASIS, *STEPS_BODY]),
        make_document("Quy trình thi tuyển công chức"),
        make_document("Quy trình nâng ngạch"),
        make_document("Quy trình tiếp nhận công chức"),
    ]
    for document in documents:
        issue_now(client, org, document, django_capture_on_commit_callbacks)
    control.build(StringIO())
    first = counts()
    control.build(StringIO())
    assert counts() == first

    association = Citation.objects.get(external_document__number="45/2010/NĐ-CP")
    assert association.document_id == documents[0].pk
    assert ReviewFlag.objects.open().filter(document=documents[0]).exists()
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == {"open", "accepted", "rejected"}
    assert ChangeRequest.objects.filter(linked_at__isnull=False).count() == 1
    assert Distribution.objects.filter(document=documents[0]).count() == 2
