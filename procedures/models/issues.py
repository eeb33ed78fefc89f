from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import AppendOnly, AppendOnlyQuerySet
from qms.text_limits import LONG_TEXT


class IssueStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What may change on an issue after it is created: its place in the life of the
# document, never what it says or who signed it.
MUTABLE_FIELDS = frozenset(
    {"status", "became_current_at", "superseded_at", "superseded_by", "withdrawn_at", "withdrawal_reason"}
)


# Sent once an issue has become the current one (after the transaction commits).
issue_became_current = Signal()


class IssueQuerySet(AppendOnlyQuerySet):
    def update(self, **kwargs):
        # Each status move leaves a history row (chained), as save() does: a
        # live row that differs from its last history row was changed by hand.
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            moved = list(self.model._base_manager.using(self.db).filter(pk__in=pks))
            self.model.history.bulk_history_create(moved, update=True)
        return count

    def current(self):
        return self.filter(status=IssueStatus.CURRENT)


class Issue(AppendOnly):
    """An approved edition of a controlled document, frozen as it was signed.

    Created by procedures.lifecycle.issuing only; after that only its status moves
    (scheduled -> current -> superseded, or -> withdrawn), each by one method
    below: one transaction, a history row naming the acting user, and for
    make_current the ``issue_became_current`` signal once committed.
    """

    document = models.ForeignKey(
        "procedures.ControlledDocumentPage", verbose_name=_("document"), on_delete=models.PROTECT, related_name="issues"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    owner_department_name = models.CharField(_("owner department"), max_length=255)
    document_type_name = models.CharField(_("document type"), max_length=255)
    edition = models.PositiveSmallIntegerField(_("edition"))
    amendment = models.PositiveSmallIntegerField(_("amendment"))
    effective_date = models.DateField(_("effective date"))
    change_summary = models.TextField(_("change summary"), max_length=LONG_TEXT)
    body_html = models.TextField(_("frozen body"))
    body_sha256 = models.CharField(_("SHA-256 of the body"), max_length=64)
    content_sha256 = models.CharField(_("SHA-256 of the signed revision"), max_length=64)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"))

    status = models.CharField(_("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.SCHEDULED)
    became_current_at = models.DateTimeField(_("current since"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, max_length=LONG_TEXT)

    MUTABLE_FIELDS = MUTABLE_FIELDS

    # The frozen body never changes; history records the status moves.
    history = HistoricalRecords(excluded_fields=["body_html"])
    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["document", "edition", "amendment"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(fields=["document", "edition", "amendment"], name="unique_issue_number"),
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status="current"), name="one_current_issue_per_document"
            ),
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status="scheduled"), name="one_scheduled_issue_per_document"
            ),
            models.UniqueConstraint(fields=["revision"], name="one_issue_per_revision"),
        ]

    def __str__(self):
        return f"{self.code} – {self.edition_label}"

    def get_absolute_url(self):
        return self.document.url + f"lan/{self.edition}-{self.amendment}/"

    # Status moves ----------------------------------------------------------

    def make_current(self, *, at=None, user=None):
        """The issue takes effect; the current one it replaces is superseded at the same moment.

        Returns the superseded issue, or None. A move not allowed from the
        issue's status is refused (PermissionDenied).
        """
        with transaction.atomic():
            self._lock_and_require([IssueStatus.SCHEDULED])
            at = at or timezone.now()
            previous = (
                Issue.objects.select_for_update()
                .filter(document_id=self.document_id, status=IssueStatus.CURRENT)
                .first()
            )
            if previous is not None:
                previous.supersede(self, at=at, user=user)
            self._move(user, at, status=IssueStatus.CURRENT, became_current_at=at)
            transaction.on_commit(lambda: issue_became_current.send(sender=Issue, issue=self, previous=previous))
        return previous

    def supersede(self, by, *, at=None, user=None):
        """A later issue (``by``) replaces this one, current or never in effect."""
        with transaction.atomic():
            self._lock_and_require([IssueStatus.SCHEDULED, IssueStatus.CURRENT])
            at = at or timezone.now()
            self._move(user, at, status=IssueStatus.SUPERSEDED, superseded_at=at, superseded_by=by)

    def withdraw(self, reason, *, at=None, user=None):
        """The document is withdrawn: this issue, current or scheduled, becomes obsolete."""
        with transaction.atomic():
            self._lock_and_require([IssueStatus.SCHEDULED, IssueStatus.CURRENT])
            at = at or timezone.now()
            self._move(user, at, status=IssueStatus.WITHDRAWN, withdrawn_at=at, withdrawal_reason=reason)

    def _lock_and_require(self, allowed):
        locked = Issue.objects.select_for_update().get(pk=self.pk)
        if locked.status not in allowed:
            raise PermissionDenied(f"Issue {locked.pk} is {locked.status}: this move is not allowed.")

    def _move(self, user, at, **fields):
        for name, value in fields.items():
            setattr(self, name, value)
        if user is not None:
            self._history_user = user  # simple-history: who moved it, also outside a request
        self._history_date = at  # and when: the moment of the move
        self.save(update_fields=list(fields))

    @property
    def edition_label(self):
        return _("edition %(edition)s, amendment %(amendment)s") % {
            "edition": self.edition,
            "amendment": self.amendment,
        }

    @property
    def is_current(self):
        return self.status == IssueStatus.CURRENT

    @property
    def signatures(self):
        from .signatures import Signature

        # The signatures of the round that issued it: voided ones (of a revision changed afterwards) do not count.
        return Signature.objects.filter(workflow_state_id=self.workflow_state_id, voids__isnull=True).order_by(
            "signed_at", "pk"
        )
