from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both fields may be case-sensitive."),
        "inactive": _("This account is inactive."),
    }
