"""The client's real address behind the TLS proxy: failed-login lockout and rate limits key on it.

`TRUSTED_PROXY_COUNT` says how many proxies of our own append to X-Forwarded-For; anything further left was
written by the client and is never trusted.
"""

import pytest
from django.urls import reverse

from accounts.domain import client_address

from .factories import PASSWORD

PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "proxies", "expected"),
    [
        ("203.0.113.5", "", 0, "203.0.113.5"),  # no proxy: the peer is the client
        ("203.0.113.5", "1.2.3.4", 0, "203.0.113.5"),  # no proxy configured: the header is ignored
        (PROXY, "203.0.113.5", 1, "203.0.113.5"),  # one proxy: its entry is the client
        (PROXY, "1.2.3.4, 203.0.113.5", 1, "203.0.113.5"),  # a forged entry to the left is ignored
        (PROXY, "1.2.3.4,203.0.113.5 , 10.0.0.1", 2, "203.0.113.5"),  # two proxies
        (PROXY, "", 1, PROXY),  # header missing: fall back to the peer
        (PROXY, "203.0.113.5", 2, PROXY),  # fewer entries than proxies: the request skipped a proxy
        (PROXY, "not-an-address", 1, PROXY),  # garbage is never used as a key
        (PROXY, "2001:db8::7", 1, "2001:db8::7"),
    ],
)
def test_client_address_trusts_only_the_entries_our_proxies_appended(remote_addr, forwarded_for, proxies, expected):
    assert client_address(remote_addr, forwarded_for, proxies) == expected


@pytest.mark.django_db
def test_behind_the_proxy_lockout_hits_the_attacker_not_every_user_of_the_proxy(client, consultant, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        client.post(url, {"username": "konsulent", "password": "forkert"}, **attacker)

    assert client.post(url, {"username": "konsulent", "password": PASSWORD}, **attacker).status_code == 429
    response = client.post(url, {"username": "konsulent", "password": PASSWORD}, **colleague)
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_entry_does_not_escape_the_lockout(client, consultant, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(
            url, {"username": "konsulent", "password": "forkert"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.5"}
    assert client.post(url, {"username": "konsulent", "password": PASSWORD}, **forged).status_code == 429
