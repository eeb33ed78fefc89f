"""Data the procedures migrations create, kept importable for qms.seed."""

DOCUMENT_TYPES = [
    # name, prefix, pattern, review interval (months)
    ("Sổ tay chất lượng", "STCL", "{prefix}", 12),
    ("Chính sách chất lượng", "CSCL", "{prefix}", 12),
    ("Mục tiêu chất lượng", "MTCL", "{prefix}-{number:02d}", 12),
    ("Quy trình", "QT", "{prefix}-{number:02d}", 12),
    ("Hướng dẫn công việc", "HD", "{prefix}-{number:02d}", 12),
    ("Biểu mẫu", "BM", "{prefix}-{number:02d}", 12),
]


def create_document_types_and_workflow(apps, schema_editor=None):
    """Document types and the approval workflow; used by migration 0002 and after a flush."""
    DocumentType = apps.get_model("procedures", "DocumentType")
    ReviewTask = apps.get_model("procedures", "ReviewTask")
    ApprovalTask = apps.get_model("procedures", "ApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # Once document types belong to an agency (migration 0012), each agency
    # gets its own when it is set up (procedures.documents.library).
    has_agency = any(field.name == "agency" for field in DocumentType._meta.get_fields())
    for name, prefix, pattern, months in [] if has_agency else DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            prefix=prefix, defaults={"name": name, "numbering_pattern": pattern, "review_interval_months": months}
        )

    review_ct, _ = ContentType.objects.get_or_create(app_label="procedures", model="reviewtask")
    approval_ct, _ = ContentType.objects.get_or_create(app_label="procedures", model="approvaltask")
    review = ReviewTask.objects.filter(name="Xem xét").first() or ReviewTask.objects.create(
        name="Xem xét", content_type=review_ct, active=True
    )
    approval = ApprovalTask.objects.filter(name="Phê duyệt").first() or ApprovalTask.objects.create(
        name="Phê duyệt", content_type=approval_ct, active=True
    )
    workflow, _ = Workflow.objects.get_or_create(name="Phê duyệt tài liệu", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=review, defaults={"sort_order": 0})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=approval, defaults={"sort_order": 1})
