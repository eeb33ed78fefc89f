"""Fast documents for portal tests and benchmarks: a page, a revision and an
issue written directly, without the signing workflow (tests/procedures covers
that path). Only for reading: what staff see of an issue is its frozen row."""

import datetime
import itertools

from django.utils import timezone

from procedures.lifecycle.issuing import render_body, sha256_text
from procedures.models import ControlledDocumentPage, DocumentType, Issue, IssueStatus

_numbers = itertools.count(1)


def steps_body(action="Tiếp nhận hồ sơ", forms=(), extra_steps=0):
    body = [
        {
            "type": "section",
            "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự giải quyết.</p>"},
        },
        {
            "type": "steps_table",
            "value": {
                "heading": "5. Trình tự thực hiện",
                "processing_time_days": "10",
                "steps": [
                    {
                        "step": "B1",
                        "action": action,
                        "responsible": "Bộ phận tiếp nhận và trả kết quả",
                        "time_days": "0.5",
                        "time_note": "",
                        "result": "BM-01",
                    },
                    {
                        "step": "B2",
                        "action": "Thẩm định hồ sơ, lập tờ trình trình lãnh đạo Sở xem xét, quyết định",
                        "responsible": "Phòng Công chức, viên chức",
                        "time_days": "7",
                        "time_note": "",
                        "result": "Tờ trình",
                    },
                ],
            },
        },
    ]
    for number in range(extra_steps):
        body[1]["value"]["steps"].append(
            {
                "step": f"B{number + 3}",
                "action": "Xem xét, xử lý hồ sơ theo quy định; chuyển kết quả cho bộ phận tiếp theo. " * 3,
                "responsible": "Chuyên viên thụ lý",
                "time_days": "0",
                "time_note": "Trong ngày",
                "result": f"BM-{number + 3:02d}",
            }
        )
    if forms:
        body.append(
            {
                "type": "forms",
                "value": {"heading": "Biểu mẫu", "forms": [{"code": c, "title": t, "file": None} for c, t in forms]},
            }
        )
    return body


def make_issued_document(
    section,
    user,
    *,
    title,
    department,
    code=None,
    document_type=None,
    body=None,
    status=IssueStatus.CURRENT,
    became_current_at=None,
    slug=None,
):
    """A live document with one issue of `status`, written directly."""
    document_type = document_type or DocumentType.objects.get(prefix="QT")
    number = next(_numbers)
    document = ControlledDocumentPage(
        title=title,
        slug=slug or f"tai-lieu-{number}",
        code=code or f"{document_type.prefix}-{number:03d}",
        document_type=document_type,
        owner_department=department,
        body=body if body is not None else steps_body(),
    )
    section.add_child(instance=document)
    add_issue(document, user, status=status, became_current_at=became_current_at)
    return document


def add_issue(document, user, *, status=IssueStatus.CURRENT, body=None, title=None, became_current_at=None):
    """A new issue of the document's current content (optionally changed first)."""
    if body is not None:
        document.body = body
    if title is not None:
        document.title = title
    revision = document.save_revision(user=user)
    last = document.issues.order_by("-edition", "-amendment").first()
    edition, amendment = (1, 0) if last is None else (last.edition, last.amendment + 1)
    now = timezone.now()
    body_html = render_body(document)
    is_past = status in (IssueStatus.CURRENT, IssueStatus.SUPERSEDED, IssueStatus.WITHDRAWN)
    return Issue.objects.create(
        document=document,
        revision=revision,
        code=document.code,
        title=document.title,
        owner_department_name=document.owner_department.name,
        document_type_name=document.document_type.name,
        edition=edition,
        amendment=amendment,
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        change_summary="Ban hành lần đầu" if last is None else "Sửa đổi",
        body_html=body_html,
        body_sha256=sha256_text(body_html),
        content_sha256=sha256_text(body_html),
        approved_by=user,
        approved_at=now,
        status=status,
        became_current_at=(became_current_at or now) if is_past else None,
        superseded_at=now if status == IssueStatus.SUPERSEDED else None,
        withdrawn_at=now if status == IssueStatus.WITHDRAWN else None,
    )


def supersede(issue, by):
    issue.supersede(by)
