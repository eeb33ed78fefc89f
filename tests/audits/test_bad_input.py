"""Bad input gets a clear message and changes nothing."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audits.models import CorrectiveAction, EvidenceFile, Verification
from tests.audits.factories import ChecklistItemFactory


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def test_a_file_disguised_as_a_photo_is_refused_and_nothing_is_recorded(client, auditor, item):
    client.force_login(auditor)
    url = reverse("audits:checklist_item", args=[item.audit_id, item.position])
    fake = SimpleUploadedFile("anh.jpg", b"#!/bin/sh\necho not a photo\n", content_type="image/jpeg")
    response = client.post(url, {"result": "conforms", "evidence": "x", "file": fake})
    assert response.status_code == 400
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    item.refresh_from_db()
    assert item.result == "" and not EvidenceFile.objects.exists()


def test_a_file_over_the_limit_is_refused(client, auditor, item, monkeypatch):
    monkeypatch.setattr("audits.uploads.MAX_EVIDENCE_BYTES", 100)
    client.force_login(auditor)
    url = reverse("audits:checklist_item", args=[item.audit_id, item.position])
    photo = SimpleUploadedFile("anh.png", png_bytes() + b"\0" * 200, content_type="image/png")
    response = client.post(url, {"result": "conforms", "file": photo})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_photo_is_kept_with_its_sniffed_type_and_the_runner_moves_on(client, auditor, item, running_audit):

    following = ChecklistItemFactory(audit=running_audit, clause=None, question="Câu tiếp theo")
    client.force_login(auditor)
    url = reverse("audits:checklist_item", args=[item.audit_id, item.position])
    photo = SimpleUploadedFile("anh.bin", png_bytes(), content_type="application/octet-stream")
    response = client.post(url, {"result": "conforms", "evidence": "Đã xem sổ", "file": photo})
    assert response["Location"] == reverse("audits:checklist_item", args=[item.audit_id, following.position])
    (evidence,) = EvidenceFile.objects.all()
    assert evidence.content_type == "image/png" and evidence.uploaded_by == auditor
    item.refresh_from_db()
    assert (item.result, item.evidence, item.recorded_by) == ("conforms", "Đã xem sổ", auditor)


def test_runner_screen_is_made_for_a_phone(client, auditor, item):
    client.force_login(auditor)
    page = client.get(reverse("audits:checklist_item", args=[item.audit_id, item.position])).content.decode()
    assert 'name="viewport" content="width=device-width' in page
    assert page.count('name="result"') == 4  # one big button per result
    assert 'capture="environment"' in page


def test_a_plan_without_root_cause_is_refused_in_vietnamese(client, owner, action):
    client.force_login(owner)
    response = client.post(
        reverse("audits:action_plan", args=[action.pk]), {"correction": "c", "root_cause": " ", "action_plan": "p"}
    )
    assert response.status_code == 400
    assert "Hãy nêu nguyên nhân." in response.content.decode() or "bắt buộc" in response.content.decode()
    assert CorrectiveAction.objects.get(pk=action.pk).status == CorrectiveAction.Status.OPEN


def test_a_verification_dated_in_the_future_is_refused(client, second_auditor, implemented_action):
    client.force_login(second_auditor)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("audits:action_verify", args=[implemented_action.pk]),
        {"effective": "1", "verified_on": tomorrow.isoformat(), "evidence": "Đã kiểm tra"},
    )
    assert response.status_code == 400
    assert "Ngày xác nhận không được ở tương lai." in response.content.decode()
    assert not Verification.objects.exists()


def test_a_move_the_state_does_not_allow_is_explained(client, auditor, action):
    client.force_login(auditor)
    response = client.post(reverse("audits:action_close", args=[action.pk]), {})
    assert response.status_code == 400
    assert "Không thể đóng phiếu" in response.content.decode()
    assert CorrectiveAction.objects.get(pk=action.pk).status == CorrectiveAction.Status.OPEN


def test_evidence_files_are_served_only_to_those_who_may_see_the_audit(client, auditor, item, staff_user):
    client.force_login(auditor)
    url = reverse("audits:checklist_item", args=[item.audit_id, item.position])
    photo = SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")
    client.post(url, {"result": "conforms", "evidence": "Ảnh sổ theo dõi", "file": photo})
    (evidence,) = EvidenceFile.objects.all()
    file_url = reverse("audits:evidence_file", args=[evidence.pk])
    assert file_url in client.get(url).content.decode()
    response = client.get(file_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    client.force_login(staff_user)
    assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302
