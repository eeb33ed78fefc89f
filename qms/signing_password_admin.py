"""Resetting a person's signing password (qms.models.SigningPassword), in the admin's settings.

A person who forgot her signing password, or whose password may be known to
someone else, cannot sign until she sets a new one: a superuser (anyone) or
the ISO secretary of her agency resets it. The reset keeps the row and makes
its password unusable (never deleted, nothing rewritten): the history keeps who
reset it and when. She sets a new one on /mat-khau-ky/ with her sign-in
password, or after a fresh sign-in with the province's account.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from qms import roles
from qms.models import SigningPassword


def manages_signing_passwords(user):
    return bool(user.is_active and (user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY)))


def may_reset(actor, person):
    """A superuser resets anyone's; the ISO secretary those of her agency's people (never a superuser's)."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if person.is_superuser or person.agency_id is None:
        return False
    return roles.has_role(actor, roles.ISO_SECRETARY, agency=person.agency_id)


def resettable(actor):
    rows = SigningPassword.objects.select_related("user", "user__agency").order_by("user__full_name", "user__pk")
    if actor.is_superuser:
        return rows
    agencies = roles.agencies_with_role(actor, roles.ISO_SECRETARY)
    if agencies == roles.ALL:
        return rows.filter(user__is_superuser=False)
    return rows.filter(user__agency__in=sorted(agencies), user__is_superuser=False)


def signing_passwords(request):
    if not manages_signing_passwords(request.user):
        raise PermissionDenied
    return render(request, "qms/admin/signing_passwords.html", {"rows": resettable(request.user)})


@require_http_methods(["GET", "POST"])
def reset_signing_password(request, pk):
    if not manages_signing_passwords(request.user):
        raise PermissionDenied
    stored = get_object_or_404(SigningPassword.objects.select_related("user"), pk=pk)
    if not may_reset(request.user, stored.user):
        raise PermissionDenied
    if request.method == "POST":
        if stored.is_reset:
            messages.info(request, _("This signing password was already reset: nothing was changed."))
        else:
            stored.reset(request.user)
            messages.success(
                request,
                _("The signing password of %(person)s is reset: they must set a new one before signing.")
                % {"person": stored.user.get_full_name() or stored.user.get_username()},
            )
        return redirect("qms_signing_passwords")
    return render(request, "qms/admin/reset_signing_password.html", {"stored": stored})


urlpatterns = [
    path("qms/signing-passwords/", signing_passwords, name="qms_signing_passwords"),
    path("qms/signing-passwords/<id:pk>/reset/", reset_signing_password, name="qms_reset_signing_password"),
]


class SigningPasswordsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_signing_passwords(request.user)


def menu_item():
    return SigningPasswordsMenuItem(
        gettext_lazy("Signing passwords"), reverse("qms_signing_passwords"), icon_name="key", order=175
    )
