"""What the trail covers besides its own rows (issue 13, items 2, 4, 5, 6).

Each test performs an attack as someone with the database (raw SQL through
django.db.connection) or the media directory would, and asserts that
`manage.py verify_integrity` names the record.
"""

import hashlib
import json
import logging
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from procedures.models import ControlledDocumentPage, CopyKind, Issue, IssueStatus, RenderedCopy, Signature
from procedures.notices import Notice
from qms import chain, roles
from qms.models import ChainEntry, ChainHead, Notification
from tests.procedures.pdf_fixtures import withdraw
from tests.procedures.test_integrity import problems, run_sql, verify
from tests.procedures.workflow import issue_through_workflow


def body_of(response):
    return b"".join(response.streaming_content)


# Item 2: a signed revision rewritten in place ---------------------------------


def test_a_signed_revision_rewritten_in_sql_is_named(issued):
    content = dict(issued.revision.content)
    content["title"] = "Nội dung đã bị sửa sau khi ký"
    run_sql("UPDATE wagtailcore_revision SET content = %s WHERE id = %s", [json.dumps(content), issued.revision_id])
    found = problems()
    assert f"wagtailcore.Revision #{issued.revision_id}: the revision's content no longer matches" in found
    signature = Signature.objects.filter(revision_id=issued.revision_id, meaning="approved").get()
    assert f"procedures.Signature #{signature.pk}" in found
    assert f"procedures.Issue #{issued.pk}" in found


# Item 5: status and live rows ---------------------------------------------------


def test_a_withdrawn_issue_made_current_again_in_sql_is_named(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    withdrawn = withdraw(document, org["approver"])
    assert withdrawn.status == IssueStatus.WITHDRAWN
    run_sql("UPDATE procedures_issue SET status = 'current', withdrawn_at = NULL WHERE id = %s", [withdrawn.pk])
    found = problems()
    assert (
        f"procedures.Issue #{withdrawn.pk}: the record was changed outside the application (field status, withdrawn_at)"
        in found
    )


def test_a_page_withdrawal_undone_in_sql_is_named(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    withdraw(document, org["approver"])
    run_sql("UPDATE procedures_controlleddocumentpage SET withdrawn_at = NULL WHERE page_ptr_id = %s", [document.pk])
    assert f"procedures.ControlledDocumentPage #{document.pk}: the record was changed outside" in problems()


def test_a_change_request_altered_in_sql_is_named(client, org, make_document):
    from procedures.models import ChangeRequest

    document = make_document()
    issue_through_workflow(client, org, document)
    request = ChangeRequest.raise_on(
        document, org["staff"], reason="Thời hạn không còn phù hợp", proposed_change="Rút ngắn thời hạn"
    )
    assert "intact" in verify()
    run_sql("UPDATE procedures_changerequest SET reason = %s WHERE id = %s", ["Lý do khác", request.pk])
    assert f"procedures.ChangeRequest #{request.pk}: the record was changed outside the application (field reason)" in (
        problems()
    )


def test_a_role_granted_in_sql_is_named(org):
    staff = org["staff"]
    approver_group = Group.objects.get(name=roles.APPROVER)
    run_sql("INSERT INTO qms_user_groups (user_id, group_id) VALUES (%s, %s)", [staff.pk, approver_group.pk])
    assert f"qms.User #{staff.pk}: the record was changed outside the application (field groups)" in problems()


def test_a_password_replaced_in_sql_is_named(org):
    approver = org["approver"]
    run_sql("UPDATE qms_user SET password = %s WHERE id = %s", ["md5$salt$0123456789abcdef", approver.pk])
    assert f"qms.User #{approver.pk}: the record was changed outside the application (field password)" in problems()


def test_roles_given_through_the_application_verify(org):
    staff = org["staff"]
    staff.groups.add(Group.objects.get(name=roles.APPROVER))
    staff.groups.remove(Group.objects.get(name=roles.APPROVER))
    staff.job_title = "Phó trưởng phòng"
    staff.save()
    assert "intact" in verify()


def test_status_moves_by_queryset_update_leave_history(issued):
    Issue.objects.filter(pk=issued.pk).update(status=IssueStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert Issue.history.filter(id=issued.pk, status=IssueStatus.WITHDRAWN).exists()
    found = problems()
    # The status move itself is recorded; only the page, never withdrawn, now disagrees.
    assert "procedures.Issue" not in found
    assert f"procedures.ControlledDocumentPage #{issued.document_id}" in found


# Stored PDF copies --------------------------------------------------------------


def test_a_replaced_pdf_is_named_never_served_rendered_again_and_reported(client, org, issued, caplog):
    client.force_login(org["staff"])
    original = body_of(client.get(issued.document.url + "pdf/"))
    copy = RenderedCopy.objects.get(issue=issued, kind=CopyKind.UNCONTROLLED)
    forged = original.replace(b"%PDF-", b"%PDF-", 1) + b"\n% forged amendment\n"
    with default_storage.open(copy.file.name, "wb") as handle:
        handle.write(forged)
    assert f"procedures.RenderedCopy #{copy.pk}: its stored file {copy.file.name} was replaced" in problems()

    with caplog.at_level(logging.ERROR, logger="procedures.copies.printing"):
        served = body_of(client.get(issued.document.url + "pdf/"))
    assert served != forged and served.startswith(b"%PDF-")
    copy.refresh_from_db()
    assert hashlib.sha256(served).hexdigest() == copy.sha256
    assert any(f"Rendered copy #{copy.pk}" in record.getMessage() for record in caplog.records)
    notice = Notification.objects.get(recipient=org["secretary"], kind=Notice.COPY_RERENDERED)
    assert copy.printed_code in notice.text
    # Repaired through the application: the trail verifies again.
    assert "intact" in verify()


# Item 4: bulk writes are chained --------------------------------------------------


def test_bulk_created_history_is_chained(issued, org):
    from simple_history.utils import bulk_create_with_history

    from procedures.models import Distribution

    rows = [Distribution(document=issued.document, department=org["ccvc"])]
    bulk_create_with_history(rows, Distribution)
    assert "intact" in verify()


# Item 6: a keyed chain, anchored outside the database ----------------------------


def recompute_chain(key, scheme=None):
    """What an attacker with the database and qms/integrity.py does after altering records."""
    scheme = scheme or chain.SCHEME_KEYED
    previous = chain.GENESIS
    for entry in ChainEntry.objects.select_related("content_type").order_by("pk"):
        model = entry.content_type.model_class()
        excluded = chain.tracked_labels().get(model._meta.label, ())
        record = model._base_manager.get(pk=entry.object_pk)
        digest = chain.record_hash(record, excluded)
        previous = chain.link(previous, entry.content_type, entry.object_pk, digest, scheme=scheme, key=key)
        run_sql(
            "UPDATE qms_chainentry SET record_hash = %s, chain_hash = %s, scheme = %s WHERE id = %s",
            [digest, previous, scheme, entry.pk],
        )
    run_sql("UPDATE qms_chainhead SET last_hash = %s WHERE id = 1", [previous])


def forge_signature(signature):
    run_sql(
        "UPDATE procedures_signature SET printed_name = %s WHERE id = %s",
        ["Người giả mạo", signature.pk],
        "procedures_signature",
    )
    run_sql(
        "UPDATE procedures_historicalsignature SET printed_name = %s WHERE id = %s",
        ["Người giả mạo", signature.pk],
        "procedures_historicalsignature",
    )


def test_a_chain_recomputed_without_the_key_is_named(issued):
    signature = Signature.objects.filter(meaning="approved").first()
    forge_signature(signature)
    recompute_chain(key=b"a guess at the key")
    found = problems()
    first_entry = ChainEntry.objects.select_related("content_type").order_by("pk").first()
    assert f"#{first_entry.object_pk}: the chain is broken here" in found
    assert "the chain was recomputed, without the integrity key or with another one" in found


def test_a_chain_recomputed_unkeyed_is_named(issued):
    signature = Signature.objects.filter(meaning="approved").first()
    forge_signature(signature)
    recompute_chain(key=None, scheme=chain.SCHEME_UNKEYED)
    assert "chain entries (this one first) are not keyed" in problems()


def test_a_published_head_anchors_the_chain_even_against_the_key(issued):
    out = StringIO()
    call_command("verify_integrity", stdout=out)
    published = out.getvalue().split("Chain head: ")[1].split()[0]
    assert published == ChainHead.objects.get().last_hash
    call_command("verify_integrity", "--head", published, stdout=StringIO())
    # Someone with the database and the key rewrites a signature and recomputes everything.
    signature = Signature.objects.filter(meaning="approved").first()
    forge_signature(signature)
    recompute_chain(key=chain.integrity_key())
    assert "intact" in verify()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_integrity", "--head", published, stdout=StringIO(), stderr=err)
    assert f"published head: {published} is not in the chain" in err.getvalue()


def test_an_installation_without_a_key_is_rekeyed_explicitly(issued):
    # Entries written before the key existed: plain SHA-256 links, scheme 1.
    recompute_chain(key=None, scheme=chain.SCHEME_UNKEYED)
    assert "are not keyed" in problems()
    out = StringIO()
    call_command("verify_integrity", "--rekey", stdout=out)
    assert "Chain re-keyed" in out.getvalue()
    assert not ChainEntry.objects.filter(scheme=chain.SCHEME_UNKEYED).exists()
    assert "intact" in verify()


def test_rekeying_refuses_an_altered_record(issued):
    recompute_chain(key=None, scheme=chain.SCHEME_UNKEYED)
    signature = Signature.objects.filter(meaning="approved").first()
    run_sql(
        "UPDATE procedures_signature SET printed_name = %s WHERE id = %s",
        ["Người giả mạo", signature.pk],
        "procedures_signature",
    )
    with pytest.raises(CommandError, match=f"Re-keying refused: .*procedures.Signature #{signature.pk}"):
        call_command("verify_integrity", "--rekey", stdout=StringIO())


def test_a_key_rotation_rekeys_with_the_old_key(issued, monkeypatch):
    old_key = chain.integrity_key().decode()
    with override_settings(QMS_INTEGRITY_KEY="a-new-integrity-key-of-forty-characters!!"):
        assert "chain is broken" in problems()
        monkeypatch.setenv("QMS_INTEGRITY_OLD_KEY", old_key)
        call_command("verify_integrity", "--rekey", stdout=StringIO())
        assert "intact" in verify()
    assert "chain is broken" in problems()


def test_the_daily_duty_publishes_the_head_to_the_log_and_the_secretary(issued, org, caplog, mailoutbox):
    org["secretary"].email = "thuky@example.vn"
    org["secretary"].save()
    with caplog.at_level(logging.INFO, logger="qms.integrity"):
        call_command("qms_daily", stdout=StringIO())
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "qms.integrity"]
    head = logged.split(": ")[1].split()[0]
    assert ChainEntry.objects.filter(chain_hash=head).exists() and "entries" in logged
    digest = next(m for m in mailoutbox if org["secretary"].email in m.to)
    assert head in digest.body
    # The published head anchors the chain: the check against it passes.
    call_command("verify_integrity", "--head", head, stdout=StringIO())


def test_the_daily_duty_warns_when_the_trail_is_broken(issued, caplog):
    run_sql("UPDATE procedures_issue SET status = 'withdrawn' WHERE id = %s", [issued.pk])
    with caplog.at_level(logging.INFO, logger="qms.integrity"):
        call_command("qms_daily", stdout=StringIO())
    warnings = [r for r in caplog.records if r.name == "qms.integrity" and r.levelno == logging.WARNING]
    assert warnings and f"procedures.Issue #{issued.pk}" in warnings[0].getMessage()


def test_a_document_withdrawn_through_the_application_verifies(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    withdraw(document, org["approver"])
    assert ControlledDocumentPage.objects.get(pk=document.pk).withdrawn_at is not None
    assert "intact" in verify()
