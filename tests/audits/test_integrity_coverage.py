"""Audit records are covered by the trail: a change made in SQL, or a replaced
evidence file, is named by `manage.py verify_integrity` (issue 13, item 5)."""

from django.core.files.storage import default_storage

from audits.models import EvidenceFile
from tests.procedures.test_integrity import problems, run_sql, verify
from tests.upload_samples import jpeg


def test_a_root_cause_rewritten_in_sql_is_named(implemented_action):
    assert "intact" in verify()
    run_sql(
        "UPDATE audits_correctiveaction SET root_cause = %s WHERE id = %s",
        ["Lỗi của người khác", implemented_action.pk],
    )
    assert (
        f"audits.CorrectiveAction #{implemented_action.pk}: the record was changed outside the application "
        "(field root_cause)" in problems()
    )


def test_a_finding_downgraded_in_sql_is_named(finding):
    run_sql("UPDATE audits_finding SET kind = 'ofi' WHERE id = %s", [finding.pk])
    assert f"audits.Finding #{finding.pk}: the record was changed outside the application (field kind)" in problems()


def upload_evidence(client, auditor, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(auditor)
    response = client.post(
        f"/khac-phuc/danh-gia/{item.audit_id}/{item.position}/",
        {"result": "conforms", "evidence": "Đã xem", "file": SimpleUploadedFile("anh.jpg", jpeg(), "image/jpeg")},
    )
    assert response.status_code == 302
    return EvidenceFile.objects.get(item=item)


def test_evidence_files_are_hashed_when_stored(client, auditor, item):
    import hashlib

    evidence = upload_evidence(client, auditor, item)
    with default_storage.open(evidence.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == evidence.sha256
    assert "intact" in verify()


def test_a_replaced_evidence_file_is_named(client, auditor, item):
    evidence = upload_evidence(client, auditor, item)
    with default_storage.open(evidence.file.name, "wb") as handle:
        handle.write(jpeg() + b"edited")
    assert f"audits.EvidenceFile #{evidence.pk}: its stored file {evidence.file.name} was replaced" in problems()
