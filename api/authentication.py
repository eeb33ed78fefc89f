"""``Authorization: Bearer <token>`` for API clients.

DRF's own TokenAuthentication keeps the token in clear and knows no
expiry, revocation or scopes: ours keeps only the token's SHA-256
(api/models.py) and refuses a revoked or expired token at once, saying which.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import ApiClient, hash_token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer”, with no space in it."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        client = ApiClient.objects.select_related("agency").filter(token_hash=hash_token(token)).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This token was revoked on %(date)s: ask your agency's ISO secretary for a new client.")
                % {"date": formats.date_format(timezone.localtime(client.revoked_at), "SHORT_DATETIME_FORMAT")}
            )
        if client.is_expired():
            raise exceptions.AuthenticationFailed(
                _("This token expired on %(date)s: ask your agency's ISO secretary for a new client.")
                % {"date": formats.date_format(timezone.localtime(client.expires_at), "SHORT_DATETIME_FORMAT")}
            )
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser(), client

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
