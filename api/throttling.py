"""Calls per minute: each client's own limit, and one for signed-in people (settings.QMS_API_PERSON_RATE).

DRF's SimpleRateThrottle over a Django cache in the database
(``CACHES["api_throttle"]``, table ``qms_api_throttle``: every app server
counts the same calls). Not the shared ``qms_cache``, whose writes wait for the
request's commit and then take a second transaction of their own: here the
count is written in the request's own transaction, with its log row, in one
commit. Two calls read the count at the same instant may both pass: the limit
is a fair-use guard, not a quota.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiClient


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self):
        self.cache = caches["api_throttle"]
        # The rate depends on who calls: set in allow_request.
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request, view):
        client = request.auth if isinstance(request.auth, ApiClient) else None
        if client is not None:
            self.rate = f"{client.rate_limit_per_minute}/min"
        elif request.user and request.user.is_authenticated:
            self.rate = getattr(settings, "QMS_API_PERSON_RATE", "120/min")
        else:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        client = request.auth if isinstance(request.auth, ApiClient) else None
        ident = f"client-{client.pk}" if client is not None else f"user-{request.user.pk}"
        return f"api-throttle:{ident}"
