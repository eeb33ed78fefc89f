"""The notifications document control sends, declared to the core from ProceduresConfig.ready()."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.notifications import register_kind


class Notice(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("A review or approval waits for you")
    DOCUMENT_ISSUED = "document_issued", _("A document was issued to you")
    ACKNOWLEDGEMENT_PENDING = "acknowledgement_pending", _("A document waits for you to read it")
    REVIEW_DUE = "review_due", _("A periodic review is due")
    REVIEW_OVERDUE = "review_overdue", _("A periodic review is overdue")
    CHANGE_REQUEST_DECIDED = "change_request_decided", _("Your change request was decided")
    CHANGE_REQUEST_RAISED = "change_request_raised", _("A change request waits for a decision")
    EXTERNAL_REPLACED = "external_replaced", _("A cited external document is no longer in force")
    COPY_RERENDERED = "copy_rerendered", _("A stored PDF was altered and was rendered again")
    PDF_UNSIGNED = "pdf_unsigned", _("Issued PDFs could not be signed")


# What each notification says; the parameters are stored with it, so it reads
# in the language of whoever opens it.
TEXTS = {
    Notice.TASK_ASSIGNED: _("%(step)s of %(code)s %(title)s waits for your signature."),
    Notice.DOCUMENT_ISSUED: _("%(code)s %(title)s (%(edition)s) is in effect: please read it."),
    Notice.ACKNOWLEDGEMENT_PENDING: _("You have not yet confirmed reading %(code)s %(title)s (%(edition)s)."),
    Notice.REVIEW_DUE: _("The periodic review of %(code)s %(title)s is due on %(due)s."),
    Notice.REVIEW_OVERDUE: _("The periodic review of %(code)s %(title)s is overdue since %(due)s."),
    Notice.CHANGE_REQUEST_DECIDED: _("Your change request %(number)s on %(code)s was %(decision)s."),
    Notice.CHANGE_REQUEST_RAISED: _("Change request %(number)s on %(code)s %(title)s waits for a decision."),
    Notice.EXTERNAL_REPLACED: _(
        "%(external)s, cited by %(code)s %(title)s, is %(status)s: the document is flagged for review."
    ),
    Notice.COPY_RERENDERED: _(
        "The stored PDF %(code)s of %(issue)s no longer matched its SHA-256: it was not served and was rendered "
        "again. Find out who changed the file."
    ),
    Notice.PDF_UNSIGNED: _(
        "The PDFs of %(agency)s are issued without the agency's digital signature: %(problem)s They will be signed "
        "by the daily duty once the key is back."
    ),
}


def register():
    for notice in Notice:
        register_kind(notice.value, label=notice.label, text=TEXTS[notice])
