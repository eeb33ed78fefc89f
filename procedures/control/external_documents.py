"""When an external document stops being in force, every controlled document
citing it is flagged for review and its owner is told."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from procedures.models import Citation, ReviewFlag
from procedures.notices import Notice
from qms import roles
from qms.models import User
from qms.notifications import notify


def owners_of(document):
    """Who answers for a document: its owner department's head(s)."""
    department = document.owner_department
    heads = {department.head} if department.head_id else set()
    heads.update(
        User.objects.filter(is_active=True, department_id=department.pk, groups__name=roles.DEPARTMENT_HEAD).distinct()
    )
    return heads


def flag_citing_documents(external):
    """Flag each citing document (once while the flag is open) and notify its owners."""
    flagged = []
    citations = Citation.objects.filter(external_document=external).select_related(
        "document", "document__owner_department"
    )
    for citation in citations:
        document = citation.document
        if document.withdrawn_at is not None:
            continue
        if ReviewFlag.objects.open().filter(document=document, external_document=external).exists():
            continue
        # The reason is kept with the flag: written in the agency's language, whoever (or whatever
        # command) changed the external document's status.
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("%(number)s is %(status)s.") % {
                "number": external.number,
                "status": external.get_status_display(),
            }
        ReviewFlag.objects.create(document=document, external_document=external, reason=reason)
        flagged.append(document)
        notify(
            owners_of(document),
            Notice.EXTERNAL_REPLACED,
            {
                "external": external.number,
                "code": document.code,
                "title": document.title,
                "status": str(external.get_status_display()).lower(),
            },
            url=reverse("control:review_due"),
            key=f"external:{external.pk}:{document.pk}:{external.status}",
        )
    return flagged


def on_external_document_lapsed(sender, external, **kwargs):
    flag_citing_documents(external)
