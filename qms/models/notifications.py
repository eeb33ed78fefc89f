from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


@dataclass(frozen=True)
class Kind:
    """One kind of notification, declared by the app that sends it (``qms.notifications.register_kind``).

    ``text`` is a translatable format string filled with the notification's
    parameters when it is read, so it reads in the reader's language; ``link``,
    if given, makes the notification's URL from those parameters.
    """

    name: str
    label: str
    text: str
    link: Callable[[dict], str] | None = None


# Every declared kind, by name. Filled from the apps' AppConfig.ready().
KINDS: dict[str, Kind] = {}


def kind_choices():
    """The declared kinds, for the field's choices (read when asked, so later declarations count)."""
    return [(kind.name, kind.label) for kind in KINDS.values()]


class Notification(models.Model):
    """Something a person should know or do, shown in the portal and emailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Now, unless the event is recorded for a moment of its own (qms.notifications.notify(at=...)).
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
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
        kind = KINDS.get(self.kind)
        if kind is None:
            return self.kind
        try:
            return str(kind.text) % self.params
        except (KeyError, TypeError, ValueError):
            return str(kind.label)


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
