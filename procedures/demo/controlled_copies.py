"""Demo: registered holders of controlled copies for the demo documents, if there are any."""

from procedures.copies.controlled_copies import issue_controlled_copy
from procedures.models import ControlledCopy, Issue
from qms.agency_context import first_agency
from qms.models import Department, User

# (holder username or None, holder department code or None)
HOLDERS = [(None, "ccvc"), ("nhanvien", None)]


def build(stdout):
    secretary = User.objects.filter(username="thuky").first()
    issues = list(Issue.objects.current().filter(document__library__agency=first_agency()).order_by("code")[:2])
    if secretary is None or not issues:
        stdout.write("  controlled copies: no current document yet, none registered")
        return
    created = 0
    for issue in issues:
        for username, department_code in HOLDERS:
            holder_user = User.objects.filter(username=username).first() if username else None
            holder_department = (
                Department.objects.filter(agency=first_agency(), code=department_code).first()
                if department_code
                else None
            )
            if holder_user is None and holder_department is None:
                continue
            held = ControlledCopy.objects.filter(
                issue=issue, holder_user=holder_user, holder_department=holder_department
            )
            if not held.exists():
                issue_controlled_copy(
                    issue, user=secretary, holder_user=holder_user, holder_department=holder_department
                )
                created += 1
    stdout.write(f"  controlled copies registered: {created}")
