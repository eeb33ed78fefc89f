"""Controlled PDFs of issues: built from the issue's frozen data, rendered once, stored.

:func:`get_or_render` is the one way to obtain a copy. A copy is identified per
issue by its *variant*:

- ``controlled:<copy id>``: the numbered copy of a registered holder;
- ``uncontrolled:<yyyy-mm-dd>``: what staff download; it carries its print
  date, so there is one per issue and calendar day (the first download of the
  day renders it, later ones that day stream the stored file);
- ``superseded`` / ``obsolete``: a past issue, stamped, for the ISO roles.

Two requests for a copy that does not exist yet render it once: the renderer
holds a lock row (:class:`RenderLock`, unique per issue and variant) with
``select_for_update`` while it renders, and whoever waited finds the stored copy.
The file is complete in storage before its :class:`RenderedCopy` row exists,
so a download never sees a partial file.
"""

import hashlib
import logging
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from procedures.copies import signing
from procedures.models import (
    CopyKind,
    Issue,
    IssueStatus,
    LegacyRecord,
    RenderedCopy,
    RenderLock,
    SignatureMeaning,
)
from procedures.models.copies import format_code, new_verification_code, verify_url_of
from qms import pdf, storage

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/controlled_document.html"
DOCUMENT_LANGUAGE = "vi"


class CopyRefused(Exception):
    """This copy cannot be made of this issue (e.g. a controlled copy of a past issue)."""


def past_kind(issue):
    """The stamped kind of a past issue, or None while it is current."""
    if issue.status == IssueStatus.SUPERSEDED:
        return CopyKind.SUPERSEDED
    if issue.status == IssueStatus.WITHDRAWN:
        return CopyKind.OBSOLETE
    return None


def variant_of(kind, *, controlled_copy=None, print_date=None):
    if kind == CopyKind.CONTROLLED:
        return f"controlled:{controlled_copy.pk}"
    if kind == CopyKind.UNCONTROLLED:
        return f"uncontrolled:{print_date.isoformat()}"
    return str(kind)


def agency_for(issue):
    """The agency whose library holds the document: its name and stamps are printed."""
    return issue.document.library.agency


def history_of(issue):
    """The amendment history up to this issue (Theo dõi sửa đổi)."""
    earlier = Issue.objects.filter(document_id=issue.document_id, became_current_at__isnull=False).only(
        "edition", "amendment", "effective_date", "change_summary"
    )
    rows = [i for i in earlier if (i.edition, i.amendment) <= (issue.edition, issue.amendment)]
    if all(i.pk != issue.pk for i in rows):
        rows.append(issue)
    return sorted(rows, key=lambda i: (i.edition, i.amendment))


def signature_rows(issue):
    """(label, signatures) per column of the signature block: every preparer of the round is named."""
    by_meaning = {}
    for signature in issue.signatures.exclude(meaning=SignatureMeaning.WITHDRAWN):
        by_meaning.setdefault(signature.meaning, []).append(signature)
    return [
        (label, by_meaning.get(meaning, []))
        for meaning, label in (
            (SignatureMeaning.PREPARED, _("Prepared by")),
            (SignatureMeaning.REVIEWED, _("Reviewed by")),
            (SignatureMeaning.APPROVED, _("Approved by")),
        )
    ]


def stamp_texts(issue, kind, agency, *, controlled_copy=None, print_date=None):
    """(line printed on every page, diagonal stamp or "")."""
    date = print_date.strftime("%d/%m/%Y")
    if kind == CopyKind.CONTROLLED:
        line = _("%(stamp)s no. %(number)02d") % {"stamp": agency.stamp_controlled, "number": controlled_copy.number}
        return line, ""
    if kind == CopyKind.UNCONTROLLED:
        return _("%(stamp)s – printed on %(date)s") % {"stamp": agency.stamp_uncontrolled, "date": date}, ""
    if kind == CopyKind.SUPERSEDED:
        since = timezone.localtime(issue.superseded_at).strftime("%d/%m/%Y") if issue.superseded_at else ""
        diagonal = _("SUPERSEDED on %(date)s") % {"date": since}
        return diagonal + " – " + _("printed on %(date)s") % {"date": date}, diagonal
    since = timezone.localtime(issue.withdrawn_at).strftime("%d/%m/%Y") if issue.withdrawn_at else ""
    line = _("%(stamp)s since %(date)s") % {"stamp": agency.stamp_obsolete, "date": since}
    return line + " – " + _("printed on %(date)s") % {"date": date}, agency.stamp_obsolete


DOWNLOAD_SEPARATOR = " · "


def printable_body(body_html):
    """The frozen body as paper shows it: a form's download link means nothing on
    paper, so it goes with the " · " before it. Issues frozen before the link had
    its own ``.form-download`` wrapper carry the bare separator; both are handled.
    The stored body is not changed."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(body_html, "html.parser")
    links = soup.select(".doc-forms li a[download]")
    if not links:
        return body_html
    for link in links:
        wrapper = link.find_parent(class_="form-download")
        if wrapper is not None:
            wrapper.decompose()
            continue
        before = link.previous_sibling
        if isinstance(before, NavigableString) and before.rstrip().endswith(DOWNLOAD_SEPARATOR.strip()):
            before.replace_with(before.rstrip()[: -len(DOWNLOAD_SEPARATOR.strip())].rstrip())
        link.decompose()
    return str(soup)


def qr_data_uri(url):
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=2, border=2)


def build_html(issue, kind, *, code, print_date, controlled_copy=None, agency=None, signature_box=False):
    """The final HTML of one copy, always in the document's language whoever asks;
    html_to_pdf turns it into the PDF unchanged. ``signature_box``: keep room
    in the signature block for the agency's visible PDF signature."""
    agency = agency or agency_for(issue)
    verify_url = verify_url_of(code)
    with override(DOCUMENT_LANGUAGE):
        stamp_line, diagonal = stamp_texts(issue, kind, agency, controlled_copy=controlled_copy, print_date=print_date)
        context = {
            "issue": issue,
            "body_html": printable_body(issue.body_html),
            "agency": agency,
            "kind": kind,
            "kind_label": str(CopyKind(kind).label),
            "controlled_copy": controlled_copy,
            "holder": controlled_copy.holder if controlled_copy else None,
            "stamp_line": stamp_line,
            "diagonal_stamp": diagonal,
            "print_date": print_date,
            "signatures": [(str(label), signatures) for label, signatures in signature_rows(issue)],
            "history": history_of(issue),
            "paper": LegacyRecord.objects.filter(document_id=issue.document_id).first(),
            "verify_url": verify_url,
            "printed_code": format_code(code),
            "qr_data_uri": qr_data_uri(verify_url),
            "signature_box_id": signing.BOX_ID if signature_box else "",
        }
    return pdf.render_html(TEMPLATE, context, language=DOCUMENT_LANGUAGE)


def get_or_render(issue, kind, *, controlled_copy=None, user=None, today=None):
    """The stored copy of this variant, rendered now if nobody has rendered it yet."""
    print_date = today or timezone.localdate()
    if kind == CopyKind.CONTROLLED and (controlled_copy is None or controlled_copy.issue_id != issue.pk):
        raise CopyRefused(_("A controlled copy is printed only for a registered copy of this issue."))
    variant = variant_of(kind, controlled_copy=controlled_copy, print_date=print_date)
    found = RenderedCopy.objects.filter(issue=issue, variant=variant).first()
    if found is not None:
        return found
    check_renderable(issue, kind)
    RenderLock.objects.get_or_create(issue=issue, variant=variant)
    with transaction.atomic():
        RenderLock.objects.select_for_update().get(issue=issue, variant=variant)
        found = RenderedCopy.objects.filter(issue=issue, variant=variant).first()
        if found is not None:
            return found
        return render_and_store(issue, kind, variant, controlled_copy=controlled_copy, user=user, print_date=print_date)


def check_renderable(issue, kind):
    """A new copy of the current issue is controlled or uncontrolled; of a past one, stamped."""
    if kind in (CopyKind.CONTROLLED, CopyKind.UNCONTROLLED):
        if issue.status != IssueStatus.CURRENT:
            raise CopyRefused(_("Only the current issue is printed as a controlled or uncontrolled copy."))
    elif past_kind(issue) != kind:
        raise CopyRefused(_("This issue is not in that state; it cannot be stamped so."))


def render_and_store(issue, kind, variant, *, controlled_copy, user, print_date):
    code = new_verification_code()
    data, signed = render_signed(issue, kind, code=code, print_date=print_date, controlled_copy=controlled_copy)
    sha256 = hashlib.sha256(data).hexdigest()
    # Complete on local disk first, then into storage, then the row: nobody
    # can download the copy before its file is whole.
    with tempfile.TemporaryFile() as tmp:
        tmp.write(data)
        tmp.seek(0)
        name = default_storage.save(f"copies/{issue.pk}/{code}.pdf", File(tmp))
    try:
        return RenderedCopy.objects.create(
            issue=issue,
            kind=kind,
            variant=variant,
            controlled_copy=controlled_copy,
            print_date=print_date,
            code=code,
            sha256=sha256,
            file=name,
            size=len(data),
            rendered_by=user if user is not None and user.is_authenticated else None,
            **signed,
        )
    except Exception:
        default_storage.delete(name)
        raise


def render_signed(issue, kind, *, code, print_date, controlled_copy):
    """The final bytes of a copy, signed by its agency when it can (procedures/copies/signing.py),
    and the RenderedCopy's signature fields."""
    agency = agency_for(issue)
    reserve = signing.reserves_box(agency)
    html = build_html(
        issue,
        kind,
        code=code,
        print_date=print_date,
        controlled_copy=controlled_copy,
        agency=agency,
        signature_box=reserve,
    )
    data, box = pdf.html_to_pdf_and_box(html, identifier=code, box_id=signing.BOX_ID if reserve else None)
    return signing.sign(issue, agency, data, signing.box_text(box))


def intact_bytes(copy, user=None):
    """The bytes of a stored copy, checked against its SHA-256: what is served is what was rendered.

    A file whose bytes no longer match (replaced or damaged on disk) is never
    served: the copy is rendered again under the same verification code, the
    row records the new file (a history row says why), the mismatch is logged
    at ERROR and the ISO secretaries find it in their next digest.
    """
    data = stored_bytes(copy)
    if data is not None and hashlib.sha256(data).hexdigest() == copy.sha256:
        return data
    return rerender(copy, user=user)


def stored_bytes(copy):
    try:
        return storage.read_bytes(copy.file.name)
    except (FileNotFoundError, OSError):
        return None


@transaction.atomic
def rerender(copy, user=None):
    from procedures.notices import Notice
    from qms import roles
    from qms.models import User
    from qms.notifications import notify

    copy = (
        RenderedCopy.objects.select_for_update(of=("self",)).select_related("issue", "controlled_copy").get(pk=copy.pk)
    )
    data = stored_bytes(copy)
    if data is not None and hashlib.sha256(data).hexdigest() == copy.sha256:
        return data  # another request rendered it again while this one waited
    logger.error(
        "Rendered copy #%s (%s, %s): the stored file %s no longer matches its SHA-256 %s; not served, rendered again.",
        copy.pk,
        copy.issue,
        copy.code,
        copy.file.name,
        copy.sha256,
    )
    data, signed = render_signed(
        copy.issue, copy.kind, code=copy.code, print_date=copy.print_date, controlled_copy=copy.controlled_copy
    )
    with tempfile.TemporaryFile() as tmp:
        tmp.write(data)
        tmp.seek(0)
        name = default_storage.save(f"copies/{copy.issue_id}/{copy.code}.pdf", File(tmp))
    previous = copy.sha256
    copy.file = name
    copy.sha256 = hashlib.sha256(data).hexdigest()
    copy.size = len(data)
    for field, value in signed.items():
        setattr(copy, field, value)
    copy._change_reason = f"re-rendered: the stored file no longer matched SHA-256 {previous}"
    copy.save(update_fields=["file", "sha256", "size", *signed])
    secretaries = User.objects.filter(is_active=True, groups__name=roles.ISO_SECRETARY).distinct()
    notify(
        secretaries,
        Notice.COPY_RERENDERED,
        {"code": copy.printed_code, "issue": str(copy.issue)},
        key=f"copy-rerendered:{copy.pk}:{previous}",
        email=False,
    )
    return data


def controlled_copy_rendered(copy, user=None):
    return get_or_render(copy.issue, CopyKind.CONTROLLED, controlled_copy=copy, user=user)
