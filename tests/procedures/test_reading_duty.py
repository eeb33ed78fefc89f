"""The daily reading duty looks only at what changed since its last run (a province has thousands of
current issues), walks every current issue once a week or on demand, and never assigns anything twice."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.control.acknowledging import assign_current_issues
from procedures.models import Distribution, ReadingAssignment, ReadingDutyMark
from tests.procedures.factories import make_issued_document
from tests.qms.factories import StaffFactory

TUESDAY = datetime.date(2026, 12, 1)
MONDAY = datetime.date(2026, 12, 7)


def documents(section, org, count, start=1):
    return [
        make_issued_document(
            section, org["approver"], title=f"Thủ tục số {n}", code=f"QT-{n:03d}", department=org["ccvc"]
        )
        for n in range(start, start + count)
    ]


def readers_of(document):
    return sorted(ReadingAssignment.objects.filter(issue__document=document).values_list("user__username", flat=True))


def test_a_newcomer_is_picked_up_and_nobody_is_assigned_twice(section, org):
    [document] = documents(section, org, 1)
    out = StringIO()
    assign_current_issues(today=TUESDAY, stdout=out)  # the first run walks everything
    assert "every current issue" in out.getvalue()
    before = readers_of(document)
    assert "nhanvien" in before

    newcomer = StaffFactory(username="moivao", department=org["ccvc"], full_name="Người Mới")
    out = StringIO()
    assert assign_current_issues(today=TUESDAY, stdout=out) == 1
    assert "changed since the last run" in out.getvalue()
    assert readers_of(document) == sorted([*before, newcomer.username])

    # Again, and once more as the weekly full walk: nothing new, one assignment each.
    assert assign_current_issues(today=TUESDAY) == 0
    assert assign_current_issues(today=MONDAY) == 0
    assert readers_of(document) == sorted([*before, newcomer.username])


def test_a_person_moved_in_and_a_changed_distribution_list_are_picked_up(section, org):
    first, second = documents(section, org, 2)
    assign_current_issues(today=TUESDAY)
    assert "truongvp" not in readers_of(first)

    # The Văn phòng is added to the first document's distribution (no new issue).
    Distribution.objects.create(document=first, department=org["other_head"].department)
    Distribution.objects.create(document=first, department=org["ccvc"])
    assign_current_issues(today=TUESDAY)
    assert "truongvp" in readers_of(first)
    assert "truongvp" not in readers_of(second)

    # A person of the Thanh tra moves to the CCVC: the second document (owner department CCVC, no list) is theirs.
    auditor = org["auditor"]
    auditor.department = org["ccvc"]
    auditor.save()
    assign_current_issues(today=TUESDAY)
    assert "danhgia" in readers_of(second)
    assert readers_of(second).count("danhgia") == 1


def test_the_run_asks_as_many_queries_for_two_unchanged_issues_as_for_eight(section, org):
    def counted_run():
        with CaptureQueriesContext(connection) as captured:
            added = assign_current_issues(today=TUESDAY)
        return len(captured), added

    def runs(changed, department):
        # The changed document alone is distributed to ``department``; a newcomer joins it.
        Distribution.objects.create(document=changed, department=department)
        assign_current_issues(today=TUESDAY, full=True)
        quiet = counted_run()
        StaffFactory(username=f"khac{changed.pk}", department=org["other_head"].department)  # reads none of them
        elsewhere = counted_run()
        StaffFactory(username=f"moi{changed.pk}", department=department)
        newcomer = counted_run()
        return quiet, elsewhere, newcomer

    small = runs(documents(section, org, 2)[0], org["auditor"].department)
    large = runs(documents(section, org, 6, start=3)[0], org["approver"].department)
    assert small[2][1] == large[2][1] == 1, (small, large)  # the newcomer, for the changed document only
    assert small == large


def test_the_full_walk_by_command_and_on_mondays(section, org):
    [document] = documents(section, org, 1)
    assign_current_issues(today=TUESDAY)
    out = StringIO()
    call_command("assign_current_issues", "--full", stdout=out)
    assert "every current issue" in out.getvalue()
    assert ReadingDutyMark.objects.get().full_walk_on is not None
    out = StringIO()
    assign_current_issues(today=MONDAY, stdout=out)
    assert "every current issue" in out.getvalue()
    out = StringIO()
    assign_current_issues(today=MONDAY, stdout=out)  # once per Monday
    assert "changed since the last run" in out.getvalue()
