"""Notifications: shown in the portal, emailed at once for events, and
gathered into one daily digest email per person for reminders.

Each app declares the kinds of notification it sends with :func:`register_kind`
from its ``AppConfig.ready()`` (a label, a translatable text filled with the
notification's parameters, optionally a link made from them); the core knows
no app's kinds, only its own (the daily integrity check).

Apps call :func:`notify` when something happens. Reminders are created with
``email=False`` by the daily duties, once per event key; `manage.py qms_daily`
then sends each person one digest of everything not yet emailed
(:func:`send_daily_digests`), at most once a day, recorded by
:class:`qms.models.DigestSent`. So the daily duties send nobody more than one
mail a day, whatever the number of apps reminding them.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from qms.models import DigestSent, Notification
from qms.models.notifications import KINDS, Kind

logger = logging.getLogger(__name__)

KIND_MAX_LENGTH = Notification._meta.get_field("kind").max_length


def register_kind(name, *, label, text, link=None):
    """Declare a kind of notification (from an AppConfig.ready()).

    ``label`` names the kind; ``text`` is a translatable format string filled
    with the notification's parameters (``%(name)s``); ``link``, a function of
    those parameters returning a URL, gives the link when :func:`notify` is
    given none. Declaring the same kind twice alike is harmless; two different
    declarations of one name are a configuration error.
    """
    if not name or len(name) > KIND_MAX_LENGTH:
        raise ImproperlyConfigured(f"Notification kind {name!r}: 1 to {KIND_MAX_LENGTH} characters.")
    kind = Kind(name=name, label=label, text=text, link=link)
    known = KINDS.get(name)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"Notification kind {name!r} is declared twice, differently.")
    KINDS[name] = kind
    return kind


# The core's own kinds.
INTEGRITY_HEAD = "integrity_head"
INTEGRITY_PROBLEM = "integrity_problem"
register_kind(
    INTEGRITY_HEAD,
    label=gettext_lazy("The daily integrity check passed"),
    text=gettext_lazy(
        "Integrity check of %(date)s passed. Chain head, to keep outside the system: %(head)s (%(count)s entries)."
    ),
)
register_kind(
    INTEGRITY_PROBLEM,
    label=gettext_lazy("The daily integrity check found problems"),
    text=gettext_lazy(
        "Integrity check of %(date)s found %(problems)s problem(s); run verify_integrity. First: %(first)s. "
        "Chain head: %(head)s (%(count)s entries)."
    ),
)


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def notify(recipients, kind, params, url="", key="", email=True, at=None):
    """Notify each active recipient once per event key. Returns the new notifications.

    ``at``: the moment of the event, when it is recorded for a moment of its own
    (the demo's past rounds); the notification and its history row are dated at it.
    """
    if kind not in KINDS:
        raise ImproperlyConfigured(f"Unknown notification kind {kind!r}: declare it with register_kind().")
    if not url and KINDS[kind].link is not None:
        url = KINDS[kind].link(params)
    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            continue
        notification = Notification(recipient=user, kind=kind, params=params, url=url, key=key)
        if at is not None:
            notification.created_at = at
            notification._history_date = at  # simple-history's way to date the history row
        notification.save()
        created.append(notification)
    if email and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


@task()
def send_notification_emails(notification_ids):
    """Email each notification to its recipient (in the agency's language)."""
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    with translation.override(settings.LANGUAGE_CODE):
        for notification in pending:
            if notification.recipient.email:
                send_mail(
                    subject=_("[QMS] %(text)s") % {"text": notification.text[:150]},
                    message=render_to_string(
                        "notifications/email.txt",
                        {"notification": notification, "link": absolute_url(notification.url)},
                    ),
                    from_email=None,
                    recipient_list=[notification.recipient.email],
                )
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def send_daily_digests(today, stdout=None):
    """One email per person with every notification not yet emailed; once a day."""
    waiting = (
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = {}
    for notification in waiting:
        by_recipient.setdefault(notification.recipient, []).append(notification)
    sent = 0
    for recipient, items in by_recipient.items():
        if DigestSent.objects.filter(recipient=recipient, date=today).exists():
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(recipient=recipient, date=today, item_count=len(items))
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
                if recipient.email:
                    with translation.override(settings.LANGUAGE_CODE):
                        send_mail(
                            subject=_("[QMS] Your reminders for %(date)s") % {"date": today.strftime("%d/%m/%Y")},
                            message=render_to_string(
                                "notifications/digest.txt",
                                {
                                    "recipient": recipient,
                                    "items": [(n, absolute_url(n.url)) for n in items],
                                    "date": today,
                                    "portal": absolute_url("/thong-bao/"),
                                },
                            ),
                            from_email=None,
                            recipient_list=[recipient.email],
                        )
        except IntegrityError:
            # Another run sent this person's digest at the same moment.
            continue
        sent += 1
    if stdout is not None:
        stdout.write(f"  reminder digests sent: {sent}")
    return sent


def unread_count(user):
    """The header's count; one query, unless this request already read it (:func:`remember_unread_count`)."""
    if not user.is_authenticated:
        return 0
    remembered = getattr(user, "_qms_unread_count", None)
    if remembered is not None:
        return remembered
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def remember_unread_count(user, count):
    """A view that read the person's unread count in a query of its own gives it to the header."""
    user._qms_unread_count = count
