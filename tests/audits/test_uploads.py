"""Audit evidence is checked by content like every other upload (qms/uploads.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import EvidenceFile
from tests.procedures.test_uploads import DEEP, HOSTILE


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def page_text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "case",
    ["renamed-exe", "truncated-docx", "zip-bomb", "too-many-members", *DEEP],
)
def test_audit_evidence_is_checked_by_content(client, auditor, item, case):
    name, make, words = HOSTILE[case]
    client.force_login(auditor)
    response = client.post(
        f"/khac-phuc/danh-gia/{item.audit_id}/{item.position}/",
        {"result": "conforms", "evidence": "Đã xem", "file": upload(name, make())},
    )
    assert response.status_code == 400
    assert words in page_text(response)
    item.refresh_from_db()
    assert item.result == "" and not EvidenceFile.objects.exists()
