"""Keeps procedures.SearchEntry equal to the current issues, and nothing else.

An entry is written when an issue becomes current (signal
``issue_became_current``) and removed when its document is withdrawn
(``document_withdrawn``). ``manage.py rebuild_search_entries`` rebuilds all of
them, and the daily duty :func:`repair_search_entries` mends any entry that a
failed signal left behind. Readers' queries also check the issue's status
(procedures.search.searching), so a stale entry can hide a document but never show
text that is not current.
"""

import json

from django.db import transaction
from django.db.models import F
from wagtail.search.backends import get_search_backend

from procedures.documents.text import html_to_lines
from procedures.models import Issue, IssueStatus, SearchEntry
from procedures.search.vietnamese import code_variants, fold


def revision_fields(issue):
    """Owner department, document type and forms of the revision that was issued."""
    content = issue.revision.content or {}
    body = content.get("body") or []
    if isinstance(body, str):
        body = json.loads(body or "[]")
    forms = []
    for block in body:
        if block.get("type") == "forms":
            for form in (block.get("value") or {}).get("forms") or []:
                value = form.get("value", form) if isinstance(form, dict) else {}
                forms.append((value.get("code") or "", value.get("title") or ""))
    return content.get("owner_department"), content.get("document_type"), forms


def with_agency(issues):
    """Issues with the agency of their document's library (``entry_agency_id``), read in the same query."""
    return issues.annotate(entry_agency_id=F("document__library__agency_id"))


def entry_values(issue):
    department_id, type_id, forms = revision_fields(issue)
    if not hasattr(issue, "entry_agency_id"):
        issue.entry_agency_id = with_agency(Issue.objects.filter(pk=issue.pk)).values_list(
            "entry_agency_id", flat=True
        )[0]
    # Table cells read as "B1 · Tiếp nhận hồ sơ · Bộ phận một cửa" in a snippet.
    lines = (
        " · ".join(cell.strip() for cell in line.split(" | ") if cell.strip())
        for line in html_to_lines(issue.body_html)
    )
    text = "\n".join(line for line in lines if line)
    return {
        "issue": issue,
        "owner_department_id": department_id,
        "document_type_id": type_id,
        "agency_id": issue.entry_agency_id,
        "code": issue.code,
        "title": f"{code_variants(issue.code)} {fold(issue.title)}",
        "forms": " ".join(f"{code_variants(code)} {fold(title)}" for code, title in forms),
        "body": fold(text),
        "text": text,
    }


def index_entries(entries):
    if not entries:
        return
    backend = get_search_backend()
    backend.add_bulk(SearchEntry, entries)


@transaction.atomic
def sync_document(document_id):
    """Make the document's entry match its current issue (or remove it)."""
    issue = (
        with_agency(Issue.objects.select_related("revision"))
        .filter(document_id=document_id, status=IssueStatus.CURRENT, document__withdrawn_at__isnull=True)
        .first()
    )
    entry = SearchEntry.objects.filter(document_id=document_id).first()
    if issue is None:
        if entry is not None:
            remove_entry(entry)
        return None
    if entry is not None and entry.issue_id == issue.pk:
        return entry
    values = entry_values(issue)
    entry, _created = SearchEntry.objects.update_or_create(document_id=document_id, defaults=values)
    index_entries([entry])
    return entry


def remove_entry(entry):
    get_search_backend().delete(entry)
    entry.delete()


def on_issue_became_current(sender, issue, previous=None, **kwargs):
    sync_document(issue.document_id)


def on_document_withdrawn(sender, document, **kwargs):
    sync_document(document.pk)


def stale_document_ids():
    """Documents whose entry is missing, points to an issue no longer current, or should not exist."""
    current = dict(
        Issue.objects.filter(status=IssueStatus.CURRENT, document__withdrawn_at__isnull=True).values_list(
            "document_id", "pk"
        )
    )
    indexed = dict(SearchEntry.objects.values_list("document_id", "issue_id"))
    stale = {doc for doc, issue in indexed.items() if current.get(doc) != issue}
    stale |= set(current) - set(indexed)
    return sorted(stale)


def repair_search_entries(today=None, stdout=None):
    """Daily duty: mend entries a failed signal left stale. Safe to run twice."""
    stale = stale_document_ids()
    for document_id in stale:
        sync_document(document_id)
    if stdout is not None:
        stdout.write(f"  search entries repaired: {len(stale)}")
    return len(stale)


def rebuild(batch_size=500, stdout=None):
    """Rewrite every entry from the current issues."""
    with transaction.atomic():
        current = with_agency(Issue.objects.select_related("revision")).filter(
            status=IssueStatus.CURRENT, document__withdrawn_at__isnull=True
        )
        keep = set(current.values_list("document_id", flat=True))
        for entry in SearchEntry.objects.exclude(document_id__in=keep):
            remove_entry(entry)
        existing = dict(SearchEntry.objects.values_list("document_id", "pk"))
        count = 0
        batch = []
        for issue in current.order_by("pk").iterator(chunk_size=batch_size):
            batch.append(
                SearchEntry(pk=existing.get(issue.document_id), document_id=issue.document_id, **entry_values(issue))
            )
            if len(batch) >= batch_size:
                count += write_batch(batch)
                batch = []
        count += write_batch(batch)
    if stdout is not None:
        stdout.write(f"search entries rebuilt: {count}")
    return count


def write_batch(batch):
    if not batch:
        return 0
    new = [entry for entry in batch if entry.pk is None]
    old = [entry for entry in batch if entry.pk is not None]
    SearchEntry.objects.bulk_create(new)
    fields = ["issue", "owner_department", "document_type", "agency", "code", "title", "forms", "body", "text"]
    SearchEntry.objects.bulk_update(old, fields)
    saved = list(SearchEntry.objects.filter(document_id__in=[entry.document_id for entry in batch]))
    index_entries(saved)
    return len(batch)
