"""Issues in every state, made through the signing pages, for the PDF tests."""

from django.utils import timezone

from procedures.copies.controlled_copies import issue_controlled_copy
from procedures.lifecycle import issuing
from procedures.lifecycle.signing import record_signature
from procedures.models import ControlledDocumentPage, Issue
from tests.procedures.factories import STEPS_BODY
from tests.procedures.workflow import issue_through_workflow


def long_body(steps=70):
    """A procedure whose steps table runs over several pages."""
    table = {
        "type": "steps_table",
        "value": {
            "heading": "5. Trình tự thực hiện",
            "processing_time_days": None,
            "steps": [
                {
                    "step": f"B{n}",
                    "action": f"Kiểm tra, đối chiếu thành phần hồ sơ đợt {n} và ghi sổ theo dõi",
                    "responsible": "Bộ phận tiếp nhận và trả kết quả",
                    "time_days": "0.5",
                    "time_note": "",
                    "result": f"BM-01-{n:02d}",
                }
                for n in range(1, steps + 1)
            ],
        },
    }
    forms = {
        "type": "forms",
        "value": {
            "heading": "7. Biểu mẫu",
            "forms": [
                {"code": "BM-01-01", "title": "Phiếu tiếp nhận hồ sơ", "file": None},
                {"code": "BM-01-02", "title": "Sổ theo dõi hồ sơ", "file": None},
            ],
        },
    }
    return [STEPS_BODY[0], table, forms]


def withdraw(document, approver, reason="Không còn áp dụng"):
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    signature = record_signature(user=approver, document=document, meaning="withdrawn", comment=reason)
    issuing.withdraw(document, signature, reason)
    return Issue.objects.filter(document=document).order_by("-pk").first()


def superseded_and_current(client, org, document):
    first = issue_through_workflow(client, org, document)
    second = issue_through_workflow(client, org, document, change_summary="Rút ngắn thời gian thẩm định")
    first.refresh_from_db()
    return first, second


def controlled_copy(issue, secretary, department):
    return issue_controlled_copy(issue, user=secretary, holder_department=department)


def today_text():
    return timezone.localdate().strftime("%d/%m/%Y")
