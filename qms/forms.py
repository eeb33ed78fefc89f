from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both fields may be case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self):
        # AuthenticationForm sets max_length on the field too late for it to be
        # checked; a longer name is no account's, and would not fit axes' record
        # of the failed attempt (a database error on PostgreSQL).
        username = self.cleaned_data["username"]
        limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
        if len(username) > limit:
            raise forms.ValidationError(
                _("A username has at most %(limit)s characters."), code="max_length", params={"limit": limit}
            )
        return username


# Django's own message for NUL characters in a text field, translated in this
# project's catalogue (Django ships no Vietnamese for it); kept here so that
# makemessages keeps the entry.
NUL_CHARACTERS_MESSAGE = _("Null characters are not allowed.")
