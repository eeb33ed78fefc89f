import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.scope import DepartmentScopedQuerySet
from qms.text_limits import LONG_TEXT
from qms.uploads import validate_document_upload

ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "png", "jpg", "jpeg"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
NUMBER_PREFIX = "YCSĐ"


def validate_attachment_size(file):
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The attachment is larger than %(size)s MB."), params={"size": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )


def attachment_path(instance, filename):
    return os.path.join("change-requests", str(timezone.localdate().year), filename)


class ChangeRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed (addressed by an issue)")


class ChangeRequestQuerySet(DepartmentScopedQuerySet, NeverDeletedQuerySet):
    department_field = "document__owner_department"

    def own_records(self, user):
        return models.Q(raised_by=user)

    def waiting_for_issue(self):
        return self.filter(status=ChangeRequestStatus.ACCEPTED, linked_at__isnull=False)


class ChangeRequest(NeverDeleted):
    """A request to change a controlled document (phiếu yêu cầu sửa đổi tài liệu).

    open -> accepted -> (linked to the next draft) -> closed when an issue that
    addresses it takes effect; or open -> rejected. Each move is one method.
    """

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), editable=False, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("number"), max_length=30, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, editable=False)
    reason = models.TextField(_("reason for the change"), max_length=LONG_TEXT)
    proposed_change = models.TextField(_("proposed change"), max_length=LONG_TEXT)
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_path,
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size, validate_document_upload],
        help_text=_("Optional: PDF, Word, Excel or an image, up to 10 MB."),
    )
    origin = models.CharField(_("origin"), max_length=100, blank=True, help_text=_("e.g. periodic review, audit"))

    status = models.CharField(
        _("status"), max_length=20, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=LONG_TEXT)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken into the draft by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("taken into the draft at"), null=True, blank=True)
    closed_by_issue = models.ForeignKey(
        "procedures.Issue",
        verbose_name=_("addressed by issue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="unique_change_request_number_per_agency"
            )
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("control:change_request", args=[self.pk])

    @classmethod
    def raise_on(cls, document, user, *, reason, proposed_change, attachment=None, origin=""):
        """Create a numbered request (YCSĐ-2026-007). Refused on a withdrawn document."""
        if document.withdrawn_at is not None:
            raise ValidationError(_("This document has been withdrawn: it can no longer be changed."))
        year = timezone.localdate().year
        # The request goes to the agency that issues the document (the province's, for a shared one).
        agency_id = document.owner_department.agency_id
        for _attempt in range(5):
            last = (
                cls.objects.filter(agency_id=agency_id, year=year)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            sequence = (last or 0) + 1
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        agency_id=agency_id,
                        number=f"{NUMBER_PREFIX}-{year}-{sequence:03d}",
                        year=year,
                        sequence=sequence,
                        document=document,
                        raised_by=user,
                        reason=reason,
                        proposed_change=proposed_change,
                        attachment=attachment or "",
                        origin=origin,
                    )
            except IntegrityError:
                continue  # someone took this number at the same moment
        raise IntegrityError("Could not number the change request.")

    @property
    def is_open(self):
        return self.status == ChangeRequestStatus.OPEN

    @property
    def is_waiting_for_draft(self):
        return self.status == ChangeRequestStatus.ACCEPTED and self.linked_at is None

    def _decide(self, user, status, reason):
        with transaction.atomic():
            locked = ChangeRequest.objects.select_for_update().get(pk=self.pk)
            if locked.status != ChangeRequestStatus.OPEN:
                raise PermissionDenied(_("This change request has already been decided."))
            self.status = status
            self.decided_by = user
            self.decided_at = timezone.now()
            self.decision_reason = reason
            self.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])

    def accept(self, user, reason):
        self._decide(user, ChangeRequestStatus.ACCEPTED, reason)

    def reject(self, user, reason):
        if not reason.strip():
            raise ValidationError(_("Give the reason for rejecting the request."))
        self._decide(user, ChangeRequestStatus.REJECTED, reason)

    def link_to_draft(self, user):
        """The document's next draft addresses this request."""
        with transaction.atomic():
            locked = ChangeRequest.objects.select_for_update().get(pk=self.pk)
            if locked.status != ChangeRequestStatus.ACCEPTED or locked.linked_at is not None:
                raise PermissionDenied(_("Only an accepted request not yet taken into a draft can be taken into one."))
            self.linked_by = user
            self.linked_at = timezone.now()
            self.save(update_fields=["linked_by", "linked_at"])

    def close(self, issue):
        with transaction.atomic():
            locked = ChangeRequest.objects.select_for_update().get(pk=self.pk)
            if locked.status != ChangeRequestStatus.ACCEPTED or locked.linked_at is None:
                raise PermissionDenied(_("Only a request taken into a draft closes with an issue."))
            self.status = ChangeRequestStatus.CLOSED
            self.closed_by_issue = issue
            self.closed_at = timezone.now()
            self.save(update_fields=["status", "closed_by_issue", "closed_at"])
