"""The client's address, as the sign-in lock-out and the /verify/ limits count it."""

import pytest
from django.test import RequestFactory

from qms.client_address import client_ip


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_claims(settings):
    settings.QMS_TRUSTED_PROXIES = []
    assert address("203.0.113.7") == "203.0.113.7"
    assert address("203.0.113.7", forwarded="198.51.100.2") == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # nginx in front: it appends the address it saw.
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),
        # The client sent its own X-Forwarded-For: nginx appends to it; the forged part is ignored.
        ("10.0.0.5", "198.51.100.2, 203.0.113.7", "203.0.113.7"),
        # An office computer on the agency's network.
        ("10.0.0.5", "192.168.1.23", "192.168.1.23"),
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
        # A load balancer (10.0.0.9, trusted too) before nginx.
        ("10.0.0.5", "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # The proxy's own request (a health probe) with nothing forwarded, or garbage.
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "unknown", "10.0.0.5"),
        # Someone reaching the app server directly cannot pose as anyone.
        ("192.0.2.66", "198.51.100.2", "192.0.2.66"),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_last_address_they_did_not_add(settings, remote, forwarded, client):
    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.9"]
    assert address(remote, forwarded) == client


def test_trusted_proxies_may_be_named_by_network(settings):
    settings.QMS_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert address("10.0.0.5", "198.51.100.2, 203.0.113.7, 10.0.0.9") == "203.0.113.7"
    assert address("10.0.1.5", "203.0.113.7") == "10.0.1.5"


def test_a_mistyped_proxy_list_or_the_former_setting_is_reported_at_start(settings, monkeypatch):
    from qms.client_address import check_trusted_proxies

    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5"]
    monkeypatch.delenv("CLIENT_IP_HEADER", raising=False)
    assert check_trusted_proxies() == []
    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5", "nginx.local"]
    monkeypatch.setenv("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
    assert [problem.id for problem in check_trusted_proxies()] == ["qms.E001", "qms.W001"]
