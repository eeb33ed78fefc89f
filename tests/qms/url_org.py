"""The organisation the URL walk runs against: the demo agency, loaded once.

Every role signs in as a demo user (docs/roles.md); a Django superuser stands
for the person who manages users. Path parameters are filled with real rows of
the demo (a document in effect, its change requests, an audit and its
findings, corrective actions, ...), so a view answers with its real page rather
than a 404 for a missing object.
"""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowState

from qms import roles
from qms.models import User

DEMO_USERS = {
    "staff": "nhanvien",
    "head": "truongphong",
    "secretary": "thuky",
    "approver": "lanhdao",
    "auditor": "danhgia",
}


def load_org():
    """Load the demo, add a superuser, return the clients and parameter values."""

    with override_settings(DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("load_demo", stdout=StringIO())
    User.objects.create_superuser("quantri", "quantri@example.vn", "x", full_name="Quản trị hệ thống")
    clients = {"anonymous": Client()}
    for role, username in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name__in=[Group.objects.get(name=r).name for r in roles.ROLE_LABELS]).exists()
        clients[role] = Client()
        clients[role].force_login(user)
    clients["superuser"] = Client()
    clients["superuser"].force_login(User.objects.get(username="quantri"))
    add_files()
    return clients, parameter_values()


def add_files():
    """Files the demo does not have, so their download views answer with the file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from audits.models import ChecklistItem, EvidenceFile
    from procedures.models import ChangeRequest, CopyExport, ExternalDocument

    pdf = b"%PDF-1.4 walk"
    secretary = User.objects.get(username="thuky")
    item = ChecklistItem.objects.order_by("pk").first()
    evidence = EvidenceFile(item=item, uploaded_by=User.objects.get(username="danhgia"))
    evidence.content_type, evidence.size = "application/pdf", len(pdf)
    evidence.file.save("bang-chung.pdf", ContentFile(pdf), save=False)
    evidence.save()
    # Test set-up only: these records refuse ordinary updates once made.
    ChangeRequest.objects.filter(pk=ChangeRequest.objects.order_by("pk").first().pk).update(
        attachment=default_storage.save("change_requests/de-xuat.pdf", ContentFile(pdf))
    )
    ExternalDocument.objects.filter(pk=ExternalDocument.objects.order_by("pk").first().pk).update(
        file=default_storage.save("external/van-ban.pdf", ContentFile(pdf))
    )
    export = CopyExport.objects.create(requested_by=secretary, status="done", finished_at=timezone.now())
    CopyExport.objects.filter(pk=export.pk).update(file=default_storage.save("exports/ban-sao.zip", ContentFile(b"PK")))


def first_pk(model, **filters):
    obj = model.objects.filter(**filters).order_by("pk").first()
    return obj.pk if obj else 999999


def parameter_values():
    from audits.models import Audit, AuditProgramme, CorrectiveAction, EvidenceFile, Finding
    from procedures.models import (
        ChangeRequest,
        Citation,
        ControlledCopy,
        ControlledDocumentPage,
        CopyExport,
        ExternalDocument,
        LibraryPage,
        ReadingAssignment,
        RenderedCopy,
    )
    from qms.models import Notification

    document = ControlledDocumentPage.objects.live().filter(issues__isnull=False).order_by("pk").first()
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).order_by("pk").first()
    task_state = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).order_by("pk").first()
    copy = ControlledCopy.objects.order_by("pk").first()
    rendered = RenderedCopy.objects.order_by("pk").first()
    audit = Audit.objects.filter(items__isnull=False).order_by("pk").first() or Audit.objects.order_by("pk").first()
    citation = Citation.objects.filter(document=document).order_by("pk").first() or Citation.objects.first()
    library = LibraryPage.objects.first()

    by_name = {
        # Document control in the portal (/kiem-soat/).
        "control:change_request": {"pk": first_pk(ChangeRequest)},
        "control:decide": {"pk": first_pk(ChangeRequest, status="open")},
        "control:take_into_draft": {"pk": first_pk(ChangeRequest, status="accepted")},
        "control:attachment": {"pk": first_pk(ChangeRequest, attachment__gt="")},
        "control:remove_citation": {"document_id": citation.document_id, "pk": citation.pk},
        "control:confirm_reading": {"pk": first_pk(ReadingAssignment, user__username="nhanvien")},
        "control:external_document": {"pk": first_pk(ExternalDocument)},
        "control:external_file": {"pk": first_pk(ExternalDocument, file__gt="")},
        # Corrective actions and the audit runner (/khac-phuc/).
        "audits:action_detail": {"pk": first_pk(CorrectiveAction)},
        "audits:action_plan": {"pk": first_pk(CorrectiveAction, status="open")},
        "audits:action_implement": {"pk": first_pk(CorrectiveAction, status="planned")},
        "audits:action_verify": {"pk": first_pk(CorrectiveAction, status="implemented")},
        "audits:action_close": {"pk": first_pk(CorrectiveAction, status="verified_effective")},
        "audits:evidence_file": {"pk": first_pk(EvidenceFile)},
        "audits:checklist_item": {"audit_pk": audit.pk, "position": 1},
        # The project's admin views.
        "audits_programme:detail": {"pk": first_pk(AuditProgramme)},
        "audits_programme:approve": {"pk": first_pk(AuditProgramme)},
        "audits_audit:detail": {"pk": audit.pk},
        "audits_audit:transition": {"pk": audit.pk},
        "audits_audit:checklist_build": {"pk": audit.pk},
        "audits_audit:checklist_add": {"pk": audit.pk},
        "audits_audit:report": {"pk": audit.pk},
        "audits_finding:raise_action": {"pk": first_pk(Finding)},
        "procedures_controlled_copy_pdf": {"copy_id": copy.pk if copy else 999999},
        "notifications": {},
        "open_notification": {"pk": first_pk(Notification)},
        "verify_copy": {"code": rendered.code if rendered else "KHONGCO"},
    }
    generic = {
        "document_id": document.pk,
        "page_id": document.pk,
        "page_pk": document.pk,
        "page_to_move_id": document.pk,
        "parent_page_id": library.pk,
        "destination_id": library.pk,
        "task_state_id": task_state.pk if task_state else 999999,
        "workflow_state_id": in_review.pk if in_review else 999999,
        "workflow_pk": first_pk(Workflow),
        "task_id": first_pk(Task),
        "audit_pk": audit.pk,
        "copy_id": copy.pk if copy else 999999,
        "export_id": first_pk(CopyExport),
        "revision_id": document.latest_revision_id or 999999,
        "app_label": "qms",
        "app_name": "qms",
        "model_name": "agencysettings",
        "content_type_app_name": "procedures",
        "content_type_model_name": "controlleddocumentpage",
        "transition": "start",
        "action": "publish",
        "action_name": "publish",
        "filter_spec": "original",
        "object_id": document.pk,
        "code": rendered.code if rendered else "KHONGCO",
        "position": 1,
    }
    literal_paths = {
        # Regular-expression patterns: a real path for each.
        "admin/api/main/^pages/": "/admin/api/main/pages/",
        "admin/api/main/^pages/<int:pk>/": f"/admin/api/main/pages/{document.pk}/",
        "admin/api/main/^pages/find/": f"/admin/api/main/pages/find/?id={document.pk}",
        "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": (
            f"/admin/api/main/pages/{document.pk}/action/copy/"
        ),
        "admin/api/main/^documents/": "/admin/api/main/documents/",
        "admin/api/main/^documents/<int:pk>/": "/admin/api/main/documents/999999/",
        "admin/api/main/^documents/find/": "/admin/api/main/documents/find/?id=999999",
        "admin/api/main/^images/": "/admin/api/main/images/",
        "admin/api/main/^images/<int:pk>/": "/admin/api/main/images/999999/",
        "admin/api/main/^images/find/": "/admin/api/main/images/find/?id=999999",
        (
            r"admin/pages/^(?P<pk>\d+)/revisions/compare/"
            r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
        ): f"/admin/pages/{document.pk}/revisions/compare/earliest...live/",
        "admin/^.*/$": "/admin/khong-co-trang-nay/",
        r"documents/^(\d+)/(.*)$": "/documents/999999/khong-co.pdf",
        r"^((?:[\w\-]+/)*)$": document.url_path.split("/", 2)[-1] and "/" + _public_path(document),
    }
    return {"by_name": by_name, "generic": generic, "literal_paths": literal_paths, "page": Page}


def _public_path(page):
    """The page's path under the site root, e.g. thu-vien/ccvc/qt-01/."""

    return page.url_path.split("/", 2)[-1]
