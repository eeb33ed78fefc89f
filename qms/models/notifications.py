from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


class NotificationKind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("A review or approval waits for you")
    DOCUMENT_ISSUED = "document_issued", _("A document was issued to you")
    ACKNOWLEDGEMENT_PENDING = "acknowledgement_pending", _("A document waits for you to read it")
    REVIEW_DUE = "review_due", _("A periodic review is due")
    REVIEW_OVERDUE = "review_overdue", _("A periodic review is overdue")
    CHANGE_REQUEST_DECIDED = "change_request_decided", _("Your change request was decided")
    CHANGE_REQUEST_RAISED = "change_request_raised", _("A change request waits for a decision")
    EXTERNAL_REPLACED = "external_replaced", _("A cited external document is no longer in force")
    INTEGRITY_HEAD = "integrity_head", _("The daily integrity check passed")
    INTEGRITY_PROBLEM = "integrity_problem", _("The daily integrity check found problems")
    COPY_RERENDERED = "copy_rerendered", _("A stored PDF was altered and was rendered again")


# What each notification says; the parameters are stored with it, so it reads
# in the language of whoever opens it.
MESSAGES = {
    NotificationKind.TASK_ASSIGNED: _("%(step)s of %(code)s %(title)s waits for your signature."),
    NotificationKind.DOCUMENT_ISSUED: _("%(code)s %(title)s (%(edition)s) is in effect: please read it."),
    NotificationKind.ACKNOWLEDGEMENT_PENDING: _("You have not yet confirmed reading %(code)s %(title)s (%(edition)s)."),
    NotificationKind.REVIEW_DUE: _("The periodic review of %(code)s %(title)s is due on %(due)s."),
    NotificationKind.REVIEW_OVERDUE: _("The periodic review of %(code)s %(title)s is overdue since %(due)s."),
    NotificationKind.CHANGE_REQUEST_DECIDED: _("Your change request %(number)s on %(code)s was %(decision)s."),
    NotificationKind.CHANGE_REQUEST_RAISED: _("Change request %(number)s on %(code)s %(title)s waits for a decision."),
    NotificationKind.EXTERNAL_REPLACED: _(
        "%(external)s, cited by %(code)s %(title)s, is %(status)s: the document is flagged for review."
    ),
    NotificationKind.INTEGRITY_HEAD: _(
        "Integrity check of %(date)s passed. Chain head, to keep outside the system: %(head)s (%(count)s entries)."
    ),
    NotificationKind.INTEGRITY_PROBLEM: _(
        "Integrity check of %(date)s found %(problems)s problem(s); run verify_integrity. First: %(first)s. "
        "Chain head: %(head)s (%(count)s entries)."
    ),
    NotificationKind.COPY_RERENDERED: _(
        "The stored PDF %(code)s of %(issue)s no longer matched its SHA-256: it was not served and was rendered "
        "again. Find out who changed the file."
    ),
}


class Notification(models.Model):
    """Something a person should know or do, shown in the portal and emailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # Identifies the event, so the same event never notifies the same person twice.
    key = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="one_notification_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text

    @property
    def text(self):
        template = MESSAGES.get(self.kind)
        if template is None:
            return self.kind
        try:
            return str(template) % self.params
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())


class DigestSent(models.Model):
    """The daily reminder email went to this person on this day (at most once)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("daily digest sent")
        verbose_name_plural = _("daily digests sent")
        constraints = [models.UniqueConstraint(fields=["recipient", "date"], name="one_digest_per_person_per_day")]

    def __str__(self):
        return f"{self.recipient} {self.date:%d/%m/%Y}"
