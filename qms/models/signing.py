"""Where an agency keeps the key its controlled PDFs are signed with (PAdES, qms/pdf_signing.py).

A row says where the key is, never the secret that opens it: a PKCS#12 file
(path on the server, outside the web root) whose passphrase is in an
environment variable, or a PKCS#11 token/HSM (module, token label, key label)
whose PIN is in an environment variable. Rotating a key adds a new row and
deactivates the old one; the rows and their history are kept.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


class KeyStore(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file")
    PKCS11 = "pkcs11", _("PKCS#11 token or HSM")


class AgencyCertificateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class AgencyCertificate(models.Model):
    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="certificates"
    )
    store = models.CharField(_("key store"), max_length=10, choices=KeyStore.choices)
    pkcs12_path = models.CharField(
        _("PKCS#12 file"), max_length=500, blank=True, help_text=_("Absolute path on the server, outside the web root.")
    )
    passphrase_env = models.CharField(
        _("environment variable holding the passphrase or PIN"), max_length=100, blank=True
    )
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=500, blank=True)
    token_label = models.CharField(_("token label"), max_length=100, blank=True)
    key_label = models.CharField(_("key label"), max_length=100, blank=True)
    tsa_url = models.URLField(_("time-stamping authority (RFC 3161)"), blank=True)
    subject = models.CharField(_("certificate subject"), max_length=500, blank=True)
    not_after = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AgencyCertificateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "-created_at"]
        verbose_name = _("agency signing certificate")
        verbose_name_plural = _("agency signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(is_active=True), name="one_active_certificate_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.agency} – {self.get_store_display()} {self.subject}".strip()

    def clean(self):
        if self.store == KeyStore.PKCS12 and not self.pkcs12_path:
            raise ValidationError(_("A PKCS#12 key store needs the path of its file."))
        if self.store == KeyStore.PKCS11 and not (self.pkcs11_module and self.token_label and self.key_label):
            raise ValidationError(_("A PKCS#11 key store needs its module, token label and key label."))
