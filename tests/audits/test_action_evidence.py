"""The owner attaches evidence files when reporting a corrective action implemented, and the verifier when
verifying it (issue 15): checked by content like audit evidence, hashed, kept, served only to those who may see
the action, and a bad file changes nothing."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import ActionEvidenceFile, CorrectiveAction
from tests.procedures.test_integrity import problems
from tests.qms.factories import StaffFactory
from tests.upload_samples import jpeg, pdf, renamed_exe


def planned(action, owner):
    action.plan(owner, correction="Bổ sung biên bản", root_cause="Chưa có mẫu", action_plan="Ban hành mẫu BM-05")
    return action


def report(client, action, files, implementation="Đã ban hành BM-05"):
    return client.post(
        f"/khac-phuc/{action.pk}/thuc-hien/",
        {"implementation": implementation, "similar_checked": "Đã rà soát", "files": files},
    )


def test_the_owner_reports_implemented_with_photos_and_a_pdf_and_they_are_kept(client, action, owner):
    planned(action, owner)
    client.force_login(owner)
    page = client.get(f"/khac-phuc/{action.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page

    response = report(
        client,
        action,
        [SimpleUploadedFile("bien-ban.pdf", pdf(), "application/pdf"), SimpleUploadedFile("anh.jpg", jpeg())],
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.IMPLEMENTED
    files = list(ActionEvidenceFile.objects.filter(action=action).order_by("pk"))
    assert [(f.content_type, f.stage, f.uploaded_by) for f in files] == [
        ("application/pdf", "implemented", owner),
        ("image/jpeg", "implemented", owner),
    ]
    assert all(len(f.sha256) == 64 for f in files)

    detail = client.get(f"/khac-phuc/{action.pk}/").content.decode()
    assert "bien-ban" in detail and f"/khac-phuc/tep-minh-chung/{files[0].pk}/" in detail
    download = client.get(f"/khac-phuc/tep-minh-chung/{files[0].pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf()


def test_a_bad_file_is_refused_with_its_name_and_changes_nothing(client, action, owner):
    planned(action, owner)
    client.force_login(owner)
    response = report(
        client, action, [SimpleUploadedFile("anh.jpg", jpeg()), SimpleUploadedFile("bao-cao.pdf", renamed_exe())]
    )
    assert response.status_code == 400
    assert "bao-cao.pdf" in response.content.decode()
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.PLANNED
    assert action.implementation == ""
    assert not ActionEvidenceFile.objects.exists()


def test_too_many_files_at_once_are_refused(client, action, owner):
    planned(action, owner)
    client.force_login(owner)
    response = report(client, action, [SimpleUploadedFile(f"anh-{n}.jpg", jpeg()) for n in range(11)])
    assert response.status_code == 400
    assert not ActionEvidenceFile.objects.exists()


def test_the_verifier_attaches_evidence_too(client, implemented_action, second_auditor):
    client.force_login(second_auditor)
    response = client.post(
        f"/khac-phuc/{implemented_action.pk}/xac-nhan/",
        {
            "effective": "1",
            "verified_on": datetime.date.today().isoformat(),
            "evidence": "Đã kiểm tra sổ theo dõi",
            "files": [SimpleUploadedFile("so-theo-doi.jpg", jpeg())],
        },
    )
    assert response.status_code == 302
    evidence = ActionEvidenceFile.objects.get(action=implemented_action)
    assert (evidence.stage, evidence.uploaded_by) == ("verified_effective", second_auditor)


def test_someone_who_may_not_see_the_action_gets_no_file(client, action, owner):
    planned(action, owner)
    client.force_login(owner)
    report(client, action, [SimpleUploadedFile("anh.jpg", jpeg())])
    evidence = ActionEvidenceFile.objects.get()
    client.force_login(StaffFactory(username="nguoikhac"))
    assert client.get(f"/khac-phuc/tep-minh-chung/{evidence.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/khac-phuc/tep-minh-chung/{evidence.pk}/").status_code == 302


def test_a_replaced_evidence_file_is_named_by_verify_integrity(client, action, owner):
    from django.core.files.storage import default_storage

    planned(action, owner)
    client.force_login(owner)
    report(client, action, [SimpleUploadedFile("anh.jpg", jpeg())])
    evidence = ActionEvidenceFile.objects.get()
    with default_storage.open(evidence.file.name, "wb") as replaced:
        replaced.write(jpeg() + b"edited")
    assert f"audits.ActionEvidenceFile #{evidence.pk}: its stored file {evidence.file.name} was replaced" in problems()
