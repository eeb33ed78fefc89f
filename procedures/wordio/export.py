"""Word (.docx) of a current issue, for readers, and of a draft, for its editors.

The issue's Word file carries what its PDF carries (procedures.copies.printing):
the agency and title, code, edition, amendment and effective date, the
signatures of its approval round, and the amendment history, the paper
history of an imported document first. A draft's file says it is a draft and
which number it will take.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from procedures.copies import printing
from procedures.documents import readers
from procedures.lifecycle.issuing import next_number
from procedures.models import LegacyRecord

from .writing import WordDocument, write_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "vi"


def _agency_lines(agency):
    lines = [agency.superior_body] if getattr(agency, "superior_body", "") else []
    return [*lines, agency.agency_name]


def _images(body):
    wanted = [block["value"].get("image") for block in body if block["type"] == "image"]
    found = {}
    for image in get_image_model().objects.filter(pk__in=[pk for pk in wanted if pk]):
        try:
            with image.file.open("rb") as handle:
                found[image.pk] = handle.read()
        except OSError:
            continue
    return found


def _body(page):
    raw = list(page.body.raw_data)
    return [(block["type"], block["value"]) for block in raw], _images(raw)


def legacy_of(document):
    return LegacyRecord.objects.filter(document_id=document.pk).first()


def legacy_history(legacy):
    """The paper amendment history as rows of the amendment table."""
    if legacy is None:
        return []
    return [
        {
            "date": row.get("date", ""),
            "location": row.get("location", ""),
            "content": row.get("content", ""),
            "edition": row.get("edition", ""),
        }
        for row in legacy.amendments
    ]


def _display_date(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    return value


def issue_document(issue):
    """The WordDocument of an issue, as its PDF shows it."""
    agency = printing.agency_for(issue)
    page = issue.revision.as_object()
    body, images = _body(page)
    with translation.override(LANGUAGE):
        signers = []
        for role, (_label, signatures) in zip(
            ("prepared", "reviewed", "approved"), printing.signature_rows(issue), strict=True
        ):
            for signature in signatures:
                signers.append(
                    {
                        "role": role,
                        "name": signature.printed_name,
                        "title": signature.job_title,
                        "date": timezone.localtime(signature.signed_at).date(),
                        "how": _("Signed electronically"),
                    }
                )
        history = [{**row, "date": _display_date(row["date"])} for row in legacy_history(legacy_of(issue.document))] + [
            {
                "date": past.effective_date,
                "location": "",
                "content": past.change_summary,
                "edition": f"{past.edition:02d}/{past.amendment:02d}",
            }
            for past in printing.history_of(issue)
        ]
        stamp = _("%(stamp)s – printed on %(date)s") % {
            "stamp": agency.stamp_uncontrolled,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        }
    return WordDocument(
        agency_lines=_agency_lines(agency),
        title=issue.title,
        code=issue.code,
        edition=issue.edition,
        amendment=issue.amendment,
        effective_date=issue.effective_date,
        signers=signers,
        history=history,
        body=body,
        images=images,
        stamp_line=stamp,
    )


def draft_document(page):
    """The WordDocument of the page's latest revision: the number it will take, no signature yet."""
    draft = page.get_latest_revision_as_object()
    agency = page.library.agency
    body, images = _body(draft)
    legacy = legacy_of(page)
    edition, amendment = next_number(page, draft.change_type)
    with translation.override(LANGUAGE):
        signers = []
        if legacy is not None and not page.issues.exists():
            signers = [{**s, "how": _("Signed on paper")} for s in legacy.signers]
        history = [{**row, "date": _display_date(row["date"])} for row in legacy_history(legacy)] + [
            {
                "date": past.effective_date,
                "location": "",
                "content": past.change_summary,
                "edition": f"{past.edition:02d}/{past.amendment:02d}",
            }
            for past in page.issues.filter(became_current_at__isnull=False).order_by("edition", "amendment")
        ]
        stamp = _("DRAFT – not in force")
    return WordDocument(
        agency_lines=_agency_lines(agency),
        title=draft.title,
        code=draft.code,
        edition=edition,
        amendment=amendment,
        effective_date=None,
        signers=signers,
        history=history,
        body=body,
        images=images,
        stamp_line=stamp,
    )


def docx_response(data, filename):
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(code, suffix=""):
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in code) or "tai-lieu"
    return f"{safe}{suffix}.docx"


def serve_current_docx(request, page):
    """The portal's Word copy of the current issue, for whoever may read the document."""
    if not readers.may_read(request.user, page):
        raise Http404
    issue = page.current_issue
    if issue is None:
        raise Http404
    return docx_response(
        write_docx(issue_document(issue)), _filename(issue.code, f"-{issue.edition}-{issue.amendment}")
    )


def draft_docx(user, page):
    """The Word file of the draft, for whoever may edit the page; PermissionDenied otherwise."""
    from django.core.exceptions import PermissionDenied

    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return write_docx(draft_document(page))
