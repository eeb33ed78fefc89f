"""A person's signing password (mật khẩu ký), kept apart from her sign-in password.

Someone who signs in with the province's account (qms/sso.py) has no password
of this site, yet every signature is given by re-entering a password
(procedures.lifecycle.signing). She sets a signing password on its own page
(qms/signing_password.py); anyone else may set one too, and from then on signs
with it instead of her sign-in password. Only its hash is kept, made by the
project's password hashers; every change has a history row, chained like a
change of the sign-in password. A superuser or the agency's ISO secretary may
reset it (qms/signing_password_admin.py): the row stays, its password becomes
unusable, and she must set a new one before she signs again.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


class SigningPassword(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signing_password"
    )
    password = models.CharField(_("signing password (hashed)"), max_length=128)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signing password")
        verbose_name_plural = _("signing passwords")

    def __str__(self):
        return str(self.user)

    def set_password(self, raw_password):
        self.password = make_password(raw_password)
        self.changed_at = timezone.now()

    @property
    def is_reset(self):
        """Reset by an administrator (qms/signing_password_admin.py): she signs again only after setting a new one."""
        return not is_password_usable(self.password)

    def reset(self, by):
        """Make the password unusable; the history row names who reset it."""
        self.password = make_password(None)
        self.changed_at = timezone.now()
        self._history_user = by
        self._change_reason = "Reset by an administrator"
        self.save(update_fields=["password", "changed_at"])

    def matches(self, raw_password):
        if self.is_reset:
            return False

        def upgrade(raw):
            # A hash made by an older hasher is remade with the current one, as Django does for sign-in passwords.
            self.password = make_password(raw)
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, setter=upgrade)
