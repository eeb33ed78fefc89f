"""The password a signature is given with, and the page that sets a signing password.

A person signs with her signing password (qms.models.SigningPassword) when she
has set one, else with her sign-in password. Someone who signs in with the
province's account (qms/sso.py) has no sign-in password here: she signs only
after setting a signing password.

Setting or changing it asks for what proves the person, never the session
alone: her current signing password or her sign-in password; or, instead, a
sign-in with the province's account a short while ago
(QMS_SSO_RECENT_SIGN_IN_SECONDS), which is how a province account sets its
first one, or a new one when it has forgotten it. Wrong passwords count
towards the sign-in lock-out (django-axes) as on the signing pages, and a
lock-out ends the session.
"""

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import logout, password_validation
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from qms import sso
from qms.models import SigningPassword

# Long enough for any passphrase; the validators (similarity to the person's name) need not read megabytes.
PASSWORD_MAX_LENGTH = 1000


class AccountLocked(Exception):
    """Too many wrong passwords: django-axes has locked the account."""


def signing_password_of(user):
    return SigningPassword.objects.filter(user=user).first()


def can_sign_with_a_password(user):
    """She has a password to sign with: a signing password (not reset by an administrator), or, having never
    set one, a usable sign-in password."""
    stored = signing_password_of(user)
    if stored is not None:
        return not stored.is_reset
    return user.has_usable_password()


def password_signs(user, password):
    """The password she signs with: the signing password if she has set one, else her sign-in password."""
    if not user.is_active:
        return False
    stored = signing_password_of(user)
    if stored is not None:
        return stored.matches(password)
    return user.has_usable_password() and user.check_password(password)


def count_failure(request):
    """A wrong password, counted as a failed sign-in (django-axes); AccountLocked once it locks the account."""
    credentials = {"username": request.user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
        raise AccountLocked


def no_password_message(user=None):
    stored = signing_password_of(user) if user is not None else None
    if stored is not None and stored.is_reset:
        return _("Your signing password was reset by an administrator: set a new one before signing (%(page)s).") % {
            "page": reverse("signing_password")
        }
    return _(
        "You sign in with the province's account and have no password to sign with: "
        "set your signing password first (%(page)s)."
    ) % {"page": reverse("signing_password")}


def locked_out(request):
    logout(request)
    return render(request, "registration/locked_out.html", status=429)


class SigningPasswordForm(forms.Form):
    current = forms.CharField(
        label=gettext_lazy("Your current signing password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=gettext_lazy("New signing password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("New signing password again"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        user = request.user
        self.stored = signing_password_of(user)
        if sso.signed_in_recently(request):
            # The province's sign-in has just proved who she is.
            del self.fields["current"]
        elif self.stored is None or self.stored.is_reset:
            self.fields["current"].label = gettext_lazy("Your sign-in password")
        elif user.has_usable_password():
            self.fields["current"].label = gettext_lazy("Your current signing password, or your sign-in password")

    def clean_current(self):
        password = self.cleaned_data["current"]
        user = self.request.user
        if user.is_active and (
            (self.stored is not None and self.stored.matches(password))
            or (user.has_usable_password() and user.check_password(password))
        ):
            return password
        count_failure(self.request)
        raise forms.ValidationError(_("Wrong password: nothing was changed."), code="wrong_password")

    def clean(self):
        cleaned = super().clean()
        new1, new2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("The two new passwords differ."))
        elif new1:
            try:
                password_validation.validate_password(new1, self.request.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned

    def save(self):
        stored = self.stored or SigningPassword(user=self.request.user)
        stored.set_password(self.cleaned_data["new_password1"])
        stored.save()
        return stored


@never_cache
def set_signing_password(request):
    """Set or change one's own signing password."""
    user = request.user
    stored = signing_password_of(user)
    recently = sso.signed_in_recently(request)
    was_reset = stored is not None and stored.is_reset
    if (stored is None or was_reset) and not user.has_usable_password() and not recently:
        context = {
            "needs_fresh_sign_in": True,
            "sso_enabled": sso.enabled(),
            "has_signing_password": False,
            "was_reset": was_reset,
        }
        return render(request, "registration/signing_password.html", context)
    form = SigningPasswordForm(request.POST or None, request=request)
    if request.method == "POST":
        try:
            valid = form.is_valid()
        except AccountLocked:
            return locked_out(request)
        if valid:
            form.save()
            messages.success(request, _("Your signing password is set: sign with it from now on."))
            return redirect("signing_password")
    context = {
        "form": form,
        "has_signing_password": stored is not None and not was_reset,
        "was_reset": was_reset,
        "has_sign_in_password": user.has_usable_password(),
        # Forgotten: the province's sign-in proves her again.
        "offer_fresh_sign_in": stored is not None and not was_reset and not recently and sso.enabled(),
    }
    return render(request, "registration/signing_password.html", context)
