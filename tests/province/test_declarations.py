"""Declarations of conformity: recorded by an agency's ISO secretary, renewed, never deleted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from province.models import Declaration, DeclarationStatus
from qms.immutable import RecordKept
from tests.upload_samples import pdf, png

ADD = "province_declarations:add"


def post_declaration(client, user, *, number="125/QĐ-SNV", scope="Toàn bộ TTHC của Sở", file=None, url=""):
    client.force_login(user)
    data = {
        "decision_number": number,
        "decision_date": "2026-03-15",
        "scope": scope,
        "iso_edition": "2015",
        "notice_url": url,
    }
    if file is not None:
        data["notice_file"] = file
    return client.post(reverse(ADD), data)


def test_the_secretary_records_a_declaration_for_their_own_agency(client, people, province):
    response = post_declaration(client, people["secretary_so"], file=SimpleUploadedFile("thong-bao.pdf", pdf()))
    assert response.status_code == 302, response.content.decode()[:2000]
    declaration = Declaration.objects.get()
    assert declaration.agency == province["so"]
    assert declaration.recorded_by == people["secretary_so"]
    assert declaration.status == DeclarationStatus.DECLARED
    assert declaration.history.count() == 1


def test_declaring_again_supersedes_the_first(client, people, province):
    post_declaration(client, people["secretary_so"], url="https://snv.vinhlong.gov.vn/cong-bo-2024")
    post_declaration(
        client, people["secretary_so"], number="42/QĐ-SNV", scope="Mở rộng phạm vi", url="https://snv.example/2026"
    )
    first, second = Declaration.objects.order_by("pk")
    assert first.status == DeclarationStatus.SUPERSEDED
    assert second.status == DeclarationStatus.DECLARED
    assert second.supersedes == first
    assert list(Declaration.objects.declared()) == [second]


def test_a_declaration_needs_the_notice_or_its_address(client, people):
    response = post_declaration(client, people["secretary_so"])
    assert response.status_code == 200
    assert "Hãy tải lên thông báo đã đăng hoặc cho biết địa chỉ đăng thông báo." in response.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("anh.png", png(), "Phần mở rộng"),
        ("gia-mao.pdf", png(), "Loại tệp này không được chấp nhận"),
    ],
)
def test_a_notice_that_is_not_a_pdf_is_refused_and_nothing_is_kept(client, people, name, data, words):
    response = post_declaration(client, people["secretary_so"], file=SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_secretary_neither_sees_nor_records_another_agencys_declarations(client, people, province):
    theirs = Declaration.objects.create(
        agency=province["commune"],
        decision_number="7/QĐ-UBND",
        decision_date=datetime.date(2025, 6, 1),
        scope="TTHC cấp xã",
        notice_url="https://tanhanh.example/cong-bo",
        recorded_by=people["secretary_commune"],
    )
    client.force_login(people["secretary_so"])
    listing = client.get(reverse("province_declarations:index"))
    assert listing.status_code == 200
    assert "7/QĐ-UBND" not in listing.content.decode()
    assert client.get(reverse("province_declarations:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("province_declarations:inspect", args=[theirs.pk])).status_code == 404
    # Whatever agency the form is sent for, the declaration goes to their own.
    response = client.post(
        reverse(ADD),
        {
            "decision_number": "8/QĐ-UBND",
            "decision_date": "2026-01-02",
            "scope": "Giả mạo",
            "iso_edition": "2015",
            "notice_url": "https://x.example/",
            "agency": province["commune"].pk,
        },
    )
    assert response.status_code == 302
    assert Declaration.objects.get(decision_number="8/QĐ-UBND").agency == province["so"]
    theirs.refresh_from_db()
    assert theirs.status == DeclarationStatus.DECLARED
    assert client.get(reverse("province:notice_file", args=[theirs.pk])).status_code in (403, 404)


def test_the_overseer_reads_declarations_and_writes_none(client, people, province):
    Declaration.objects.create(
        agency=province["commune"],
        decision_number="7/QĐ-UBND",
        decision_date=datetime.date(2025, 6, 1),
        scope="TTHC cấp xã",
        notice_url="https://tanhanh.example/cong-bo",
    )
    client.force_login(people["overseer"])
    assert "7/QĐ-UBND" in client.get(reverse("province_declarations:index")).content.decode()
    response = post_declaration(client, people["overseer"], url="https://x.example/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # Wagtail's refusal sends them to the admin's home
        assert reverse(ADD) not in response["Location"]
    assert Declaration.objects.count() == 1


def test_declarations_are_never_deleted(people, province):
    declaration = Declaration.objects.create(
        agency=province["so"],
        decision_number="1/QĐ",
        decision_date=datetime.date(2025, 1, 1),
        scope="Toàn bộ",
        notice_url="https://x.example/",
    )
    with pytest.raises(RecordKept):
        declaration.delete()
    with pytest.raises(RecordKept):
        Declaration.objects.all().delete()
