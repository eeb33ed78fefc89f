"""The address of the person at the other end of a request.

The sign-in lock-out (django-axes, through AXES_CLIENT_IP_CALLABLE) and the
/verify/ limits count by it. Without a reverse proxy it is REMOTE_ADDR.
Behind one, every request comes from the proxy's address, and the proxy
appends the address it saw to X-Forwarded-For (nginx:
``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;``).

X-Forwarded-For is read only when the request comes from one of
QMS_TRUSTED_PROXIES (addresses or networks): anyone else could write anything
there. Its entries are read from the right, skipping the trusted proxies; the
first address that is not one is the client's. What a client wrote at the
left of the header itself is never reached. django-ipware parses the header
(ports, IPv6 brackets, IPv4-mapped addresses, junk) and picks each hop.
"""

import ipaddress
import os
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"
# More hops than any real chain of proxies: the walk stops there.
MAX_PROXY_HOPS = 10


@lru_cache(maxsize=8)
def trusted_networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"QMS_TRUSTED_PROXIES: {entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


def is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == network.version and ip in network for network in networks)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind trusted proxies the one they forwarded."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = trusted_networks(tuple(getattr(settings, "QMS_TRUSTED_PROXIES", ())))
    if remote is None or not networks or not is_trusted(remote, networks):
        return remote
    client = remote
    for hops in range(MAX_PROXY_HOPS):
        # The address `hops` places left of the header's last entry (None past its start).
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=hops,
            request_header_order=[FORWARDED_HEADER],
            strict=False,
        )
        if address is None:
            break
        client = address
        if not is_trusted(address, networks):
            break
    return client


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs):
    """A wrong proxy list fails at start; the former setting is not silently ignored."""
    problems = []
    try:
        trusted_networks(tuple(getattr(settings, "QMS_TRUSTED_PROXIES", ())))
    except ImproperlyConfigured as error:
        problems.append(checks.Error(str(error), id="qms.E001"))
    if os.environ.get("CLIENT_IP_HEADER"):
        problems.append(
            checks.Warning(
                "CLIENT_IP_HEADER is no longer read: the client address behind a proxy comes from "
                "X-Forwarded-For sent by the proxies named in QMS_TRUSTED_PROXIES (docs/operations.md).",
                id="qms.W001",
            )
        )
    return problems
