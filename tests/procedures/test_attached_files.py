"""Files attached to a procedure (forms, annexes) reach staff only through a current issue."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from wagtail.documents.models import Document

from tests.procedures.factories import STEPS_BODY
from tests.procedures.workflow import issue_through_workflow, sign, submit
from tests.qms.factories import SuperuserFactory


def attach(title, name):
    document = Document(title=title)
    document.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return document


def body_with_form(file):
    forms = {
        "type": "forms",
        "value": {"heading": "Biểu mẫu", "forms": [{"code": "BM-01", "title": "Đơn đăng ký", "file": file.pk}]},
    }
    return [*STEPS_BODY, forms]


def download(client, file):
    return client.get(f"/documents/{file.pk}/{file.filename}")


def test_staff_download_a_form_linked_from_the_current_issue(client, org, make_document):
    form = attach("Đơn đăng ký", "bm-01.pdf")
    document = make_document(body=body_with_form(form))
    issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    page = client.get(document.url)
    assert f"/documents/{form.pk}/" in page.content.decode()
    response = download(client, form)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_file_attached_only_to_a_draft_is_not_served_to_staff(client, org, make_document):
    form = attach("Đơn đăng ký bản nháp", "bm-02.pdf")
    make_document(body=body_with_form(form))
    client.force_login(org["staff"])
    assert download(client, form).status_code == 404
    # The head who drafts procedures uploads and chooses files: they see it.
    client.force_login(org["head"])
    assert download(client, form).status_code == 200


def test_a_file_dropped_in_the_next_edition_is_no_longer_served_to_staff(client, org, make_document):
    form = attach("Đơn cũ", "bm-03.pdf")
    document = make_document(body=body_with_form(form))
    issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    assert download(client, form).status_code == 200
    submit(document, org["head"], change_summary="Bỏ biểu mẫu", body=STEPS_BODY)
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302
    client.force_login(org["staff"])
    assert download(client, form).status_code == 404


def test_people_who_manage_files_and_strangers(client, org):
    form = attach("Tệp quản lý", "tep.pdf")
    admin = SuperuserFactory()
    client.force_login(admin)
    assert download(client, form).status_code == 200
    client.logout()
    response = download(client, form)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
