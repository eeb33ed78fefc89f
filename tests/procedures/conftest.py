import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, Workflow

from procedures.models import ControlledDocumentPage, DocumentType, LibraryPage, SectionPage
from qms import roles
from qms.models import Department
from tests.conftest import PASSWORD

STEPS_BODY = [
    {
        "type": "section",
        "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự tiếp nhận hồ sơ.</p>"},
    },
    {
        "type": "steps_table",
        "value": {
            "heading": "5. Trình tự thực hiện",
            "processing_time_days": "10",
            "steps": [
                {
                    "step": "B1",
                    "action": "Tiếp nhận hồ sơ",
                    "responsible": "Bộ phận một cửa",
                    "time_days": "0.5",
                    "time_note": "",
                    "result": "BM-01",
                },
                {
                    "step": "B2",
                    "action": "Thẩm định hồ sơ",
                    "responsible": "Phòng CCVC",
                    "time_days": "7",
                    "time_note": "",
                    "result": "Tờ trình",
                },
            ],
        },
    },
]


@pytest.fixture
def org(db, make_user):
    ccvc = Department.objects.create(name="Phòng Công chức, viên chức", code="ccvc")
    vp = Department.objects.create(name="Văn phòng Sở", code="vp")
    ld = Department.objects.create(name="Ban Giám đốc", code="ld")
    tt = Department.objects.create(name="Thanh tra Sở", code="tt")
    people = {
        "head": make_user("truongphong", roles.DEPARTMENT_HEAD, ccvc, "Trần Văn Minh", "Trưởng phòng CCVC"),
        "other_head": make_user("truongvp", roles.DEPARTMENT_HEAD, vp, "Đỗ Văn Hùng", "Chánh Văn phòng"),
        "secretary": make_user("thuky", roles.ISO_SECRETARY, vp, "Nguyễn Thị Thu Hà", "Thư ký ISO"),
        "approver": make_user("lanhdao", roles.APPROVER, ld, "Lê Hoàng Nam", "Phó Giám đốc Sở"),
        "approver2": make_user("giamdoc", roles.APPROVER, ld, "Huỳnh Văn Tâm", "Giám đốc Sở"),
        "auditor": make_user("danhgia", roles.INTERNAL_AUDITOR, tt, "Phạm Thị Mai", "Chánh Thanh tra"),
        "staff": make_user("nhanvien", roles.STAFF, ccvc, "Võ Thị Ngọc Lan", "Chuyên viên"),
    }
    people["ccvc"] = ccvc
    return people


@pytest.fixture
def library(db):
    root = Page.objects.get(depth=1)
    home = root.get_children().first()
    lib = home.add_child(instance=LibraryPage(title="Thư viện ISO", slug="thu-vien"))
    return lib


@pytest.fixture
def section(library, org):
    return library.add_child(instance=SectionPage(title="Phòng CCVC", slug="ccvc", department=org["ccvc"]))


@pytest.fixture
def make_document(section, org):
    def make(title="Quy trình tuyển dụng công chức", body=None, author=None, **fields):
        doc = ControlledDocumentPage(
            title=title,
            document_type=DocumentType.objects.get(prefix="QT"),
            owner_department=org["ccvc"],
            body=body if body is not None else STEPS_BODY,
            **fields,
        )
        section.add_child(instance=doc)
        doc.save_revision(user=author or org["head"])  # the author of the first draft
        return doc

    return make


def submit(document, user, change_summary="", change_type="amendment", body=None):
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    document.change_summary = change_summary
    document.change_type = change_type
    if body is not None:
        document.body = body
    revision = document.save_revision(user=user)
    Workflow.objects.get(name="Phê duyệt tài liệu").start(document, user)
    return revision


def sign(client, user, document, effective_date=None, password=PASSWORD, comment=""):
    """Sign the current step of the document's workflow through the signing page."""
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    task_state = document.current_workflow_task_state
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    data = {"password": password, "comment": comment}
    if effective_date is not None or task_state.task.specific.meaning == "approved":
        data["effective_date"] = (effective_date or timezone.localdate()).isoformat()
    return client.post(f"/admin/qms/sign/{task_state.pk}/", data)


def issue_through_workflow(client, org, document, effective_date=None, **submit_kwargs):
    submit(document, org["head"], **submit_kwargs)
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document, effective_date).status_code == 302
    return ControlledDocumentPage.objects.get(pk=document.pk).issues.order_by("-pk").first()


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def processes(tmp_path):
    """Real app servers and task workers on the test database (tests/procedures/processes.py)."""
    from tests.procedures.processes import Processes

    started = Processes(tmp_path / "processes")
    yield started
    started.stop_all()


@pytest.fixture
def issued(client, org, make_document):
    """A document issued twice: its first issue superseded, the second current (returned)."""
    document = make_document()
    issue_through_workflow(client, org, document)
    return issue_through_workflow(client, org, document, change_summary="Sửa đổi lần 1")
