"""The province's other systems reading the QMS: API clients, their tokens and their calls.

A client is registered by an agency's ISO secretary (or a superuser) in the
admin. Its token is shown once, when it is created; only its SHA-256 is kept
(the token is 256 random bits, so a fast hash is enough: nothing to guess).
A client is revoked, never deleted: its calls stay in the log.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet

TOKEN_PREFIX = "qms_"  # noqa: S105 - the prefix of every token, no secret


def new_token():
    """A fresh bearer token: the prefix names what it is (a leaked one is easy to recognise)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClientQuerySet(NeverDeletedQuerySet):
    pass


class ApiClient(NeverDeleted):
    """A system of the province reading the QMS with a bearer token."""

    name = models.CharField(_("name"), max_length=255, help_text=_("The system that reads, e.g. the one-stop portal."))
    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="api_clients"
    )
    province_wide = models.BooleanField(
        _("province-wide"),
        default=False,
        help_text=_("Reads every agency's records, not only its own agency's (set by a superuser only)."),
    )
    scope_documents = models.BooleanField(_("reads current documents"), default=True)
    scope_registers = models.BooleanField(_("reads registers"), default=False)
    scope_audits = models.BooleanField(_("reads audits"), default=False)
    expires_at = models.DateTimeField(_("expires at"))
    rate_limit_per_minute = models.PositiveIntegerField(
        _("calls per minute"), default=60, validators=[MinValueValidator(1), MaxValueValidator(6000)]
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token begins with"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
        blank=True,
    )

    objects = ApiClientQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name

    def set_token(self):
        """Give the client a new token; returns it (the only time it is seen)."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.token_hint = token[: len(TOKEN_PREFIX) + 4]
        return token

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())

    def revoke(self, user):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self._history_user = user
            self.save(update_fields=["revoked_at", "revoked_by"])

    @property
    def scopes(self):
        return [
            name
            for name, held in (
                ("documents", self.scope_documents),
                ("registers", self.scope_registers),
                ("audits", self.scope_audits),
            )
            if held
        ]


class ApiCall(models.Model):
    """One call of a client: one row, written with the answer."""

    client = models.ForeignKey(ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="calls")
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["client", "-at"], name="api_call_client_at")]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
