"""Who may sign: the three-person rule, roles, and what the server refuses."""

from procedures.models import ControlledDocumentPage, Signature
from tests.procedures.workflow import sign, submit


def assert_refused(response, client, text):
    assert response.status_code == 302
    assert text in client.get(response["Location"]).content.decode()


def current_task(document):
    return ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_task_state


def actions_for(document, user):
    page = ControlledDocumentPage.objects.get(pk=document.pk)
    return [name for name, _label, _modal in page.current_workflow_task.specific.get_actions(page, user)]


def test_the_preparer_is_not_offered_the_review_and_the_server_refuses_it(client, org, make_document):
    document = make_document(author=org["secretary"])
    submit(document, org["secretary"])  # the secretary wrote it
    assert actions_for(document, org["secretary"]) == []
    response = sign(client, org["secretary"], document)
    assert_refused(response, client, "Bạn đã sửa dự thảo này")
    assert not Signature.objects.exists()


def test_the_reviewer_is_not_offered_the_approval_and_the_server_refuses_it(client, org, make_document):
    from django.contrib.auth.models import Group

    from qms import roles

    # A person who is both approver and secretary reviewed: they may not approve as well.
    org["secretary"].groups.add(Group.objects.get(name=roles.APPROVER))
    document = make_document()
    submit(document, org["head"])
    assert sign(client, org["secretary"], document).status_code == 302
    assert actions_for(document, org["secretary"]) == []
    client.logout()
    response = sign(client, org["secretary"], document)
    assert_refused(response, client, "Bạn đã xem xét dự thảo này: người khác phải phê duyệt")
    assert list(Signature.objects.values_list("meaning", flat=True)) == ["prepared", "reviewed"]


def test_the_preparer_cannot_approve_their_own_draft(client, org, make_document):
    from django.contrib.auth.models import Group

    from qms import roles

    org["head"].groups.add(Group.objects.get(name=roles.APPROVER))
    document = make_document()
    submit(document, org["head"])
    assert sign(client, org["secretary"], document).status_code == 302
    assert actions_for(document, org["head"]) == []
    assert_refused(sign(client, org["head"], document), client, "người khác phải phê duyệt")
    assert actions_for(document, org["approver"]) == ["sign", "reject"]


def test_only_the_owner_departments_head_or_the_secretary_reviews(client, org, make_document):
    document = make_document(author=org["secretary"])
    submit(document, org["secretary"])
    assert actions_for(document, org["other_head"]) == []
    assert actions_for(document, org["approver"]) == []
    assert actions_for(document, org["staff"]) == []
    assert actions_for(document, org["head"]) == ["sign", "reject"]
    assert_refused(sign(client, org["other_head"], document), client, "Chỉ trưởng đơn vị chủ trì")


def test_staff_and_auditors_cannot_reach_the_signing_page(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    response = sign(client, org["staff"], document)
    assert response.status_code == 403  # no admin access: refused, never a sign-in loop
    client.logout()
    assert_refused(sign(client, org["auditor"], document), client, "Chỉ trưởng đơn vị chủ trì")
    assert not Signature.objects.exists()


def test_a_past_effective_date_is_refused_and_nothing_is_issued(client, org, make_document):
    import datetime

    from django.utils import timezone

    document = make_document()
    submit(document, org["head"])
    sign(client, org["secretary"], document)
    response = sign(client, org["approver"], document, effective_date=timezone.localdate() - datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "Ngày hiệu lực không được ở trong quá khứ" in response.content.decode()
    assert not document.issues.exists()


def test_signing_a_step_already_completed_says_so(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    task_state = current_task(document)
    sign(client, org["secretary"], document)
    client.force_login(org["secretary"])
    response = client.post(f"/admin/qms/sign/{task_state.pk}/", {"password": "x"}, follow=True)
    assert "Bước này đã hoàn thành" in response.content.decode()
    assert Signature.objects.filter(meaning="reviewed").count() == 1


def test_the_sign_action_from_the_editor_footer_leads_to_the_password_page(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    client.force_login(org["secretary"])
    task_state = current_task(document)
    response = client.post(f"/admin/pages/workflow/action/{document.pk}/sign/{task_state.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/qms/sign/{task_state.pk}/"
    assert not Signature.objects.exists()


def test_the_approval_page_names_the_preparer_once(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    client.force_login(org["secretary"])
    page = client.get(f"/admin/qms/sign/{current_task(document).pk}/").content.decode()
    assert page.count("Trần Văn Minh") == 1  # before any signature: "Prepared by"
    assert sign(client, org["secretary"], document).status_code == 302
    client.force_login(org["approver"])
    page = client.get(f"/admin/qms/sign/{current_task(document).pk}/").content.decode()
    assert page.count("Người soạn thảo") == 1
    assert "Trần Văn Minh, Trưởng phòng CCVC" in page  # the preparer's signature, with the date


def test_the_signing_page_says_which_edition_approval_will_issue(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    client.force_login(org["secretary"])
    page = client.get(f"/admin/qms/sign/{current_task(document).pk}/").content.decode()
    assert "Ban hành lần đầu" in page and "Sửa đổi (lần sửa đổi + 1)" not in page
    assert "lần ban hành 1, lần sửa đổi 0" in page
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302

    submit(document, org["head"], change_summary="Rút ngắn thời hạn", change_type="new_edition")
    client.force_login(org["secretary"])
    page = client.get(f"/admin/qms/sign/{current_task(document).pk}/").content.decode()
    assert "Ban hành lần đầu" not in page and "Ban hành mới" in page
    assert "lần ban hành 2, lần sửa đổi 0" in page
