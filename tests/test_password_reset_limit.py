"""Password-reset requests are rate-limited per address and per client address, with a Danish message that
reads the same whether or not the address belongs to a user."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

LIMITED = "For mange anmodninger om at nulstille adgangskoden"


@pytest.fixture
def ip():
    """A client address of this test's own, so counters of other tests (and runs) never meet this one's."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


@pytest.fixture
def address():
    return f"person-{uuid.uuid4().hex[:10]}@example.dk"


def ask(client, email: str, ip: str):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_three_requests_for_one_address_are_sent_the_fourth_is_refused_in_danish(client, address, ip, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    UserFactory(email=address)
    for _ in range(3):
        assert ask(client, address, ip).status_code == 302
    assert len(mail.outbox) == 3

    refused = ask(client, address, ip)

    assert refused.status_code == 429
    assert LIMITED in refused.content.decode()
    assert len(mail.outbox) == 3


def test_the_refusal_is_the_same_for_an_unknown_address(client, address, ip, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    known = address
    unknown = f"ukendt-{address}"
    UserFactory(email=known)
    answers = {}
    for email in (known, unknown):
        statuses = [ask(client, email, ip).status_code for _ in range(3)]
        answers[email] = statuses
    assert answers[known] == answers[unknown] == [302, 302, 429]


def test_one_client_address_is_limited_across_many_addresses(client, ip, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    for n in range(4):
        assert ask(client, f"n{n}-{uuid.uuid4().hex[:6]}@example.dk", ip).status_code == 302
    refused = ask(client, f"n5-{uuid.uuid4().hex[:6]}@example.dk", ip)
    assert refused.status_code == 429
    assert LIMITED in refused.content.decode()


def test_the_limit_of_one_client_does_not_stop_another_behind_the_same_proxy(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = (f"203.0.113.{uuid.uuid4().int % 250 + 1}", f"198.51.100.{uuid.uuid4().int % 250 + 1}")
    url = reverse("accounts:password_reset")

    def ask_via_proxy(who):
        email = f"x-{uuid.uuid4().hex[:8]}@example.dk"
        return client.post(url, {"email": email}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=who)

    assert [ask_via_proxy(first).status_code for _ in range(3)] == [302, 302, 429]
    assert ask_via_proxy(second).status_code == 302
