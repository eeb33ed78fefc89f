"""Single sign-on with the province's accounts (OpenID Connect), optional.

mozilla-django-oidc does the protocol (the authorization-code flow with state,
nonce and PKCE; the token request; the id_token's signature against the
provider's keys; the userinfo request). What is the project's own, here:

- it is on only when configured (``enabled()``): otherwise the two addresses
  answer 404, the backend authenticates nobody and restores no session, and
  the sign-in page shows no button;
- the provider's endpoints come from the settings or, for those not given,
  from its discovery document (the library reads only settings), fetched once
  an hour through the shared cache;
- the id_token must be for this client (``aud``) and from the provider
  (``iss``), which the library does not check;
- a province account is matched to an existing account by username or by
  e-mail (``OIDC_MATCH_BY``), never given a role; an unknown account is refused
  with a page saying whom to ask (or created without roles if
  ``OIDC_CREATE_USERS``); inactive accounts and superusers (the break-glass
  accounts sign in on the local page only) are refused;
- the callback signs in through ``django.contrib.auth.login`` (a new session
  key, the CSRF token rotated), outside the request's transaction (no database
  transaction stays open while the provider answers), and never sends a person
  to an administration she cannot enter (as qms.views.SignInView);
- signing out of a session opened with the province's account signs out at
  the province too (``end_session_url``: RP-initiated logout with the
  id_token kept in the session, when the provider has an end-session
  endpoint);
- django-axes does not count the callback's refusals (no password is guessed
  there; the province's sign-in counts its own), so an office's refused
  accounts never lock the others who share its address.

The backend grants no permission: the roles come from
qms.backends.AgencyRoleBackend, whichever way the person signed in.
"""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# The library's endpoint settings and the discovery document's names for them.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_CACHE_SECONDS = 60 * 60
# When the person last signed in with the province's account (a timestamp in her session).
SIGNED_IN_AT = "qms_sso_signed_in_at"

# Why a sign-in was refused: the page's title and explanation.
REFUSALS = {
    "unknown": (
        _("Your account is not registered in the QMS"),
        _(
            "You signed in with the province's account, but no account of the quality management system "
            "matches it. Ask your agency's ISO secretary to register you; until then you cannot enter."
        ),
    ),
    "inactive": (
        _("Your account is inactive"),
        _("Your account of the quality management system has been deactivated. Ask your ISO secretary."),
    ),
    "local_only": (
        _("This account signs in on this site only"),
        _("Administrator accounts do not sign in with the province's account: use the sign-in form."),
    ),
    "ambiguous": (
        _("Your account cannot be told apart"),
        _(
            "More than one account of the quality management system has your e-mail address. "
            "Ask your ISO secretary to correct them."
        ),
    ),
    "claims": (
        _("The province's sign-in did not say who you are"),
        _("The province's sign-in sent no username or verified e-mail address. Ask your ISO secretary."),
    ),
    "unavailable": (
        _("The province's sign-in does not answer"),
        _("Try again in a few minutes, or sign in with the account the ISO secretary gave you."),
    ),
    "failed": (
        _("Signing in with the province's account did not succeed"),
        _(
            "The province's sign-in did not confirm who you are, or its answer could not be verified. "
            "Nothing was signed in: start again from the sign-in page."
        ),
    ),
}


class Unavailable(Exception):
    """The provider's discovery document cannot be had."""


def enabled():
    """Single sign-on is configured: a client, and endpoints or a discovery document."""
    if not (settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET):
        return False
    return bool(settings.OIDC_OP_DISCOVERY_ENDPOINT) or all(getattr(settings, name) for name in DISCOVERED)


def discovery():
    """The provider's discovery document (``.well-known/openid-configuration``), cached for an hour."""
    url = settings.OIDC_OP_DISCOVERY_ENDPOINT
    key = f"qms.sso.discovery:{url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise Unavailable(f"discovery document {url}: {exc}") from exc
        if not isinstance(document, dict):
            raise Unavailable(f"discovery document {url} is not an object")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def setting(name, *default):
    """The library's settings, its endpoints from the discovery document when not given."""
    if name in DISCOVERED and not getattr(settings, name, ""):
        if not settings.OIDC_OP_DISCOVERY_ENDPOINT:
            raise ImproperlyConfigured(f"{name} or OIDC_OP_DISCOVERY_ENDPOINT must be set")
        value = discovery().get(DISCOVERED[name])
        if not value:
            raise Unavailable(f"the discovery document names no {DISCOVERED[name]}")
        return value
    return import_from_settings(name, *default)


def issuer():
    if settings.OIDC_OP_ISSUER:
        return settings.OIDC_OP_ISSUER
    return discovery().get("issuer", "") if settings.OIDC_OP_DISCOVERY_ENDPOINT else ""


def axes_exempt(request, credentials=None):
    """AXES_WHITELIST_CALLABLE: the single sign-on callback is not counted (nor refused) by django-axes."""
    return request is not None and request.path_info == reverse("sso_callback")


def refused(request, reason, status=403):
    title, explanation = REFUSALS[reason]
    context = {"title": title, "explanation": explanation, "reason": reason}
    return render(request, "registration/sso_refused.html", context, status=status)


class ProvinceAccountBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the province's sign-in, and only it; grants no permission."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # The library reads (and here would discover) every endpoint when a backend is made, which Django
        # does on every request of a person signed in this way: they are read when a sign-in is verified.
        self.UserModel = get_user_model()

    def configure(self):
        self.OIDC_OP_TOKEN_ENDPOINT = setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback's call (its nonce, never a password) is ours: a password sign-in that happens
        # to carry ?code=&state= in its address must not start a token request.
        if request is None or not enabled() or "password" in kwargs or "nonce" not in kwargs:
            return None
        if request.path_info != reverse("sso_callback"):
            return None
        self.configure()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the id_token (a signed userinfo answer has no audience to check)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("The id_token is not for this client.")
            expected_issuer = issuer()
            if expected_issuer and payload.get("iss") != expected_issuer:
                raise SuspiciousOperation("The id_token is not from the configured issuer.")
        return payload

    def match_claim(self, claims):
        if settings.OIDC_MATCH_BY == "email":
            if claims.get("email_verified") is False:
                return ""
            return claims.get(settings.OIDC_EMAIL_CLAIM) or ""
        return claims.get(settings.OIDC_USERNAME_CLAIM) or ""

    def verify_claims(self, claims):
        return isinstance(self.match_claim(claims), str) and bool(self.match_claim(claims).strip())

    def filter_users_by_claims(self, claims):
        value = self.match_claim(claims).strip()
        if settings.OIDC_MATCH_BY == "email":
            return self.UserModel.objects.filter(email__iexact=value)
        return self.UserModel.objects.filter(username=value)

    def refuse(self, reason):
        self.request.qms_sso_refusal = reason
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            return self.refuse("claims")
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            return self.refuse("ambiguous")
        if not users:
            if not settings.OIDC_CREATE_USERS:
                logger.info("Single sign-on refused: no account matches %s", self.match_claim(claims))
                return self.refuse("unknown")
            return self.create_user(claims)
        user = users[0]
        if not user.is_active:
            return self.refuse("inactive")
        if user.is_superuser:
            return self.refuse("local_only")
        return user

    def create_user(self, claims):
        """An account with no role, no agency and no password of this site (OIDC_CREATE_USERS)."""
        value = self.match_claim(claims).strip()
        username = claims.get(settings.OIDC_USERNAME_CLAIM) or value
        limit = self.UserModel._meta.get_field("username").max_length
        if len(username) > limit or self.UserModel.objects.filter(username=username).exists():
            return self.refuse("ambiguous")
        user = self.UserModel(
            username=username,
            email=claims.get(settings.OIDC_EMAIL_CLAIM) or "",
            full_name=(claims.get("name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        logger.info("Single sign-on created the account %s, with no role", username)
        return user

    def get_user(self, user_id):
        # Switched off, the sessions it opened end.
        return super().get_user(user_id) if enabled() else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        return self.UserModel.objects.none()


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the province's sign-in (state, nonce and PKCE kept in the session)."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs):
        # The library reads the endpoint when the view is made; here only on a GET, once enabled.
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except Unavailable:
            logger.warning("Single sign-on: the provider does not answer")
            return refused(request, "unavailable", status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the province's sign-in sends the browser back: verify, match, sign in, or say why not."""

    get_settings = staticmethod(setting)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            # An unknown or replayed state, a nonce or signature that does not match, a token for another
            # client, an expired one.
            logger.warning("Single sign-on refused: %s", exc)
            return refused(request, "failed")
        except (requests.RequestException, Unavailable, ValueError) as exc:
            logger.warning("Single sign-on: the provider did not answer: %s", exc)
            return refused(request, "unavailable", status=503)

    @property
    def success_url(self):
        url = super().success_url
        if url.startswith(reverse("wagtailadmin_home")) and not self.user.has_perm("wagtailadmin.access_admin"):
            return resolve_url(settings.LOGIN_REDIRECT_URL)
        return url

    def login_success(self):
        response = super().login_success()
        self.request.session[SIGNED_IN_AT] = time.time()
        return response

    def login_failure(self):
        return refused(self.request, getattr(self.request, "qms_sso_refusal", "failed"))


def end_session_url(request):
    """Where to send the browser so that the province's sign-in ends its session too (RP-initiated logout),
    or None: single sign-on off, this session not opened with the province's account, or a provider with
    no end-session endpoint (OIDC_OP_LOGOUT_ENDPOINT, else the discovery document's)."""
    if not enabled() or not request.session.get(SIGNED_IN_AT):
        return None
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    if not endpoint and settings.OIDC_OP_DISCOVERY_ENDPOINT:
        try:
            endpoint = discovery().get("end_session_endpoint") or ""
        except Unavailable:
            logger.warning("Single sign-on: the provider does not answer; signed out here only")
            return None
    if not endpoint:
        return None
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    if id_token := request.session.get("oidc_id_token"):
        query["id_token_hint"] = id_token
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)


def signed_in_recently(request):
    """She signed in with the province's account within QMS_SSO_RECENT_SIGN_IN_SECONDS."""
    at = request.session.get(SIGNED_IN_AT)
    return isinstance(at, int | float) and 0 <= time.time() - at <= settings.QMS_SSO_RECENT_SIGN_IN_SECONDS


start = login_not_required(never_cache(StartView.as_view()))
# No transaction held open while the provider answers (ATOMIC_REQUESTS): each write commits at once.
callback = login_not_required(never_cache(transaction.non_atomic_requests(CallbackView.as_view())))
