from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainEntry(models.Model):
    """One link of the tamper-evident chain over append-only records.

    Each entry holds the SHA-256 of one record as it was written and a keyed
    chain hash (HMAC) over the previous entry's, so that altering, deleting or reordering
    a row by hand breaks the chain at a place `manage.py verify_integrity`
    names.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_pk = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, unique=True)
    # 1: a plain SHA-256 link (written before the integrity key existed);
    # 2: an HMAC-SHA256 link keyed with QMS_INTEGRITY_KEY. See qms/integrity.py.
    scheme = models.PositiveSmallIntegerField(default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("integrity chain entry")
        verbose_name_plural = _("integrity chain entries")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_pk"], name="one_chain_entry_per_record")]

    def __str__(self):
        return f"#{self.pk} {self.content_type.app_label}.{self.content_type.model} {self.object_pk}"


class ChainHead(models.Model):
    """A single row locked while a link is appended, so the chain stays a line."""

    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("integrity chain head")

    def __str__(self):
        return self.last_hash
