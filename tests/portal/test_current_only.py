"""Nothing but the current issues' text can show up in the portal's search
and library: not a draft, not a superseded issue, not a withdrawn document."""

from io import StringIO

import pytest
from django.core.management import call_command

from procedures.models import Issue, IssueStatus, SearchEntry
from procedures.search import index as search_index
from tests.procedures.factories import add_issue, steps_body
from tests.procedures.workflow import issue_through_workflow, submit
from tests.qms.factories import PASSWORD


def body_with(word):
    return [
        {"type": "section", "value": {"kind": "purpose", "heading": "1. Mục đích", "body": f"<p>Nội dung {word}.</p>"}},
        *steps_body()[1:],
    ]


def found(client, org, query):
    client.force_login(org["staff"])
    return [result["issue"].code for result in client.get("/search/", {"q": query}).context["results"]]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the issuing signals (sent on commit) as production does."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_superseded_and_draft_text_never_found_through_the_workflow(client, org, make_document, on_commit):
    document = make_document(title="Quy trình tiếp nhận hồ sơ", body=body_with("Chữcũsiêuhiếm"))
    on_commit(issue_through_workflow, client, org, document)
    assert found(client, org, "chucusieuhiem") == ["QT-01"]

    on_commit(issue_through_workflow, client, org, document, body=body_with("Chữmớihiệnhành"))
    assert found(client, org, "chucusieuhiem") == []  # only in the superseded issue
    assert found(client, org, "chumoihienhanh") == ["QT-01"]

    # A draft under review, with its own word, changes nothing staff find.
    on_commit(submit, document, org["head"], change_summary="Nháp", body=body_with("Chữtrongbảnnháp"))
    assert found(client, org, "chutrongbannhap") == []
    assert found(client, org, "chumoihienhanh") == ["QT-01"]


def test_withdrawn_document_text_never_found(client, org, make_document, on_commit):
    document = make_document(title="Thủ tục bị bãi bỏ", body=body_with("Chữsắpbịrút"))
    on_commit(issue_through_workflow, client, org, document)
    assert found(client, org, "chusapbirut") == ["QT-01"]
    client.force_login(org["approver"])
    response = on_commit(client.post, f"/admin/qms/withdraw/{document.pk}/", {"reason": "Bãi bỏ", "password": PASSWORD})
    assert response.status_code == 302
    assert found(client, org, "chusapbirut") == []
    assert found(client, org, "bai bo") == []
    assert not SearchEntry.objects.filter(document=document).exists()


def test_scheduled_issue_is_found_only_once_it_takes_effect(client, org, make_document, on_commit, tomorrow):
    document = make_document(body=body_with("Chữhiệnhành"))
    on_commit(issue_through_workflow, client, org, document)
    on_commit(issue_through_workflow, client, org, document, effective_date=tomorrow, body=body_with("Chữngàymai"))
    assert found(client, org, "chungaymai") == []
    assert found(client, org, "chuhienhanh") == ["QT-01"]
    on_commit(call_command, "qms_daily", f"--date={tomorrow.isoformat()}", stdout=StringIO())
    assert found(client, org, "chungaymai") == ["QT-01"]
    assert found(client, org, "chuhienhanh") == []


def test_a_stale_entry_cannot_show_text_that_is_no_longer_current(client, org, issued):
    """Even when a signal was lost, the query's own status check hides the old text."""
    document = issued("Đăng ký khai sinh", code="QT-21", body=body_with("Chữcũ"))
    old = document.current_issue
    new = add_issue(document, org["approver"], status=IssueStatus.SCHEDULED, body=body_with("Chữmới"))
    old.supersede(new)
    Issue.objects.filter(pk=new.pk).update(status=IssueStatus.CURRENT)  # no signal: the entry is stale
    assert SearchEntry.objects.get(document=document).issue == old
    assert found(client, org, "chucu") == []
    assert found(client, org, "dang ky khai sinh") == []
    # The daily duty mends it.
    assert search_index.repair_search_entries() == 1
    assert found(client, org, "chumoi") == ["QT-21"]
    assert found(client, org, "chucu") == []
    assert search_index.repair_search_entries() == 0


def test_rebuild_command_indexes_exactly_the_current_issues(client, org, issued):
    issued("Văn bản hiện hành", code="QT-31", index=False)
    withdrawn = issued("Văn bản đã thu hồi", code="QT-32", index=False, status=IssueStatus.WITHDRAWN)
    issued("Văn bản mới", code="QT-33", index=False, status=IssueStatus.SCHEDULED)
    out = StringIO()
    call_command("rebuild_search_entries", stdout=out)
    assert "1" in out.getvalue()
    assert list(SearchEntry.objects.values_list("code", flat=True)) == ["QT-31"]
    assert found(client, org, "van ban") == ["QT-31"]
    assert withdrawn.current_issue is None
