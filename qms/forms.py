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


def attempted_username(request, credentials=None):
    """The username django-axes records for a sign-in attempt (AXES_USERNAME_CALLABLE).

    Axes' own choice (the credentials, else the posted form), cut to the width
    of its column: a login form that does not refuse a longer name (Wagtail's
    /_util/login/, any other) must not make recording the failure a database
    error on PostgreSQL. No account has so long a name.
    """
    from axes.models import AccessAttempt
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    if isinstance(username, str):
        return username[: AccessAttempt._meta.get_field("username").max_length]
    return username


# Django's own message for NUL characters in a text field, translated in this
# project's catalogue (Django ships no Vietnamese for it); kept here so that
# makemessages keeps the entry.
NUL_CHARACTERS_MESSAGE = _("Null characters are not allowed.")


def refuse_out_of_range_choices():
    """A multiple choice of rows posted with an id too large for SQLite
    (``clauses=99999999999999999999``) is an invalid choice, not a crash.

    Django 5 treats such numbers as "no row" in single-row look-ups, but the
    ``__in`` look-up of ModelMultipleChoiceField still raises OverflowError on
    SQLite (PostgreSQL compares them fine). Called once from QmsConfig.ready().
    """
    from django.core.exceptions import ValidationError
    from django.forms.models import ModelMultipleChoiceField

    original = ModelMultipleChoiceField._check_values
    if getattr(original, "refuses_overflow", False):
        return

    def check_values(self, value):
        try:
            return original(self, value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None

    check_values.refuses_overflow = True
    ModelMultipleChoiceField._check_values = check_values
