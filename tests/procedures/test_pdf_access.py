"""Who gets which PDF, by which URL; downloads stream the stored copy."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from procedures.copies import printing
from procedures.models import CopyKind, IssueStatus, RenderedCopy
from tests.procedures import pdf_tools
from tests.procedures.pdf_fixtures import controlled_copy, superseded_and_current, withdraw
from tests.procedures.workflow import issue_through_workflow


def body_of(response):
    return b"".join(response.streaming_content)


def test_staff_download_the_current_uncontrolled_copy_rendered_once(client, org, make_document, tmp_path):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    first = client.get(document.url + "pdf/")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    data = body_of(first)
    assert data.startswith(b"%PDF-")
    with mock.patch("qms.pdf.html_to_pdf_and_box", side_effect=AssertionError("rendered twice")):
        second = client.get(document.url + "pdf/")
    assert body_of(second) == data
    (copy,) = RenderedCopy.objects.filter(issue=issue)
    assert (copy.kind, copy.rendered_by) == (CopyKind.UNCONTROLLED, org["staff"])
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    assert "BẢN KHÔNG KIỂM SOÁT" in pdf_tools.page_text(path, 1)


def test_staff_cannot_get_a_superseded_copy_by_any_url(client, org, make_document, tmp_path):
    document = make_document()
    first, second = superseded_and_current(client, org, document)
    holder_copy = controlled_copy(second, org["secretary"], org["ccvc"])
    # The ISO roles made a stamped copy of the superseded issue: it exists in storage.
    stamped = printing.get_or_render(first, CopyKind.SUPERSEDED, user=org["auditor"])
    client.force_login(org["staff"])
    assert client.get(document.url + "lan/1-0/pdf/").status_code == 404
    assert client.get(document.url + "lan/1-1/pdf/").status_code == 404
    assert client.get(f"/admin/qms/copies/{document.pk}/").status_code == 403  # no admin access
    assert client.get(f"/admin/qms/controlled-copies/{holder_copy.pk}/pdf/").status_code == 403
    assert client.get(f"/media/{stamped.file.name}").status_code == 404
    current = client.get(document.url + "pdf/")
    path = tmp_path / "current.pdf"
    path.write_bytes(body_of(current))
    text = pdf_tools.flat(pdf_tools.page_text(path, 1))
    assert "Lần sửa đổi: 1" in text and "ĐÃ BỊ THAY THẾ" not in text

    withdraw(document, org["approver"])
    assert client.get(document.url + "pdf/").status_code == 404


def test_iso_roles_get_past_issues_stamped_and_heads_do_not(client, org, make_document, tmp_path):
    document = make_document()
    superseded_and_current(client, org, document)
    client.force_login(org["head"])
    assert client.get(document.url + "lan/1-0/pdf/").status_code == 404
    for role in ("auditor", "approver", "secretary"):
        client.force_login(org[role])
        response = client.get(document.url + "lan/1-0/pdf/")
        assert response.status_code == 200, role
        path = tmp_path / f"{role}.pdf"
        path.write_bytes(body_of(response))
        assert "ĐÃ BỊ THAY THẾ" in pdf_tools.flat(pdf_tools.page_text(path, 1))
    assert RenderedCopy.objects.filter(kind=CopyKind.SUPERSEDED).count() == 1


def test_a_scheduled_issue_has_no_pdf_yet(client, org, make_document, tomorrow):
    document = make_document()
    issue_through_workflow(client, org, document)
    issue_through_workflow(client, org, document, effective_date=tomorrow, change_summary="Sắp có hiệu lực")
    client.force_login(org["secretary"])
    assert client.get(document.url + "lan/1-1/pdf/").status_code == 404


def test_the_uncontrolled_copy_is_rendered_in_the_background_when_an_issue_takes_effect(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_through_workflow(client, org, document)
    (copy,) = RenderedCopy.objects.filter(issue=issue)
    assert copy.kind == CopyKind.UNCONTROLLED and copy.rendered_by is None


def test_a_failed_render_does_not_stop_the_issue_and_the_daily_duty_retries(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    with (
        mock.patch("qms.pdf.html_to_pdf_and_box", side_effect=RuntimeError("fonts missing")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        issue = issue_through_workflow(client, org, document)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CURRENT
    assert not RenderedCopy.objects.exists()
    call_command("qms_daily", stdout=StringIO())
    call_command("qms_daily", stdout=StringIO())  # safe twice
    (copy,) = RenderedCopy.objects.filter(issue=issue)
    assert copy.kind == CopyKind.UNCONTROLLED


def test_the_admin_lists_every_variant_to_those_allowed(client, org, make_document):
    document = make_document()
    superseded_and_current(client, org, document)
    client.force_login(org["auditor"])
    page = client.get(f"/admin/qms/copies/{document.pk}/").content.decode()
    assert f"{document.url}pdf/" in page and f"{document.url}lan/1-0/pdf/" in page
    client.force_login(org["head"])
    page = client.get(f"/admin/qms/copies/{document.pk}/").content.decode()
    assert f"{document.url}pdf/" in page and "lan/1-0/pdf/" not in page
    assert "Cấp bản kiểm soát" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_downloads_render_once(client, org, make_document):
    import threading
    import time

    from django.db import connection

    from qms import pdf

    issue = issue_through_workflow(client, org, make_document())
    # Taking effect rendered today's copy in the background; the race is for another day's.
    day = issue.effective_date + datetime.timedelta(days=1)
    variant = f"uncontrolled:{day.isoformat()}"
    assert not RenderedCopy.objects.filter(issue=issue, variant=variant).exists()
    real = pdf.html_to_pdf_and_box
    calls = []

    def slow_render(*args, **kwargs):
        calls.append(1)
        time.sleep(0.5)  # both requests are inside get_or_render at the same time
        return real(*args, **kwargs)

    barrier = threading.Barrier(2)
    results, errors = [], []

    def download():
        try:
            barrier.wait()
            results.append(printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=day).pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch("qms.pdf.html_to_pdf_and_box", side_effect=slow_render):
        threads = [threading.Thread(target=download) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert len(calls) == 1
    assert len(set(results)) == 1 and len(results) == 2
    assert RenderedCopy.objects.filter(issue=issue, variant=variant).count() == 1


def test_the_pdf_is_in_vietnamese_whatever_language_the_reader_uses(client, org, make_document, tmp_path):
    document = make_document()
    issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    path = tmp_path / "en.pdf"
    path.write_bytes(body_of(client.get(document.url + "pdf/")))
    text = pdf_tools.flat(pdf_tools.page_text(path, 1))
    assert "Người soạn thảo" in text and "Mã số: QT-01" in text and "BẢN KHÔNG KIỂM SOÁT – in ngày" in text
    assert "Prepared by" not in text and "printed on" not in text
