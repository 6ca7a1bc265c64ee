"""Roles and their database constraint, the Danish login page and the failed-login lockout."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Role, User

from .factories import PASSWORD, SocialtilsynFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.LEADER])
def test_consultants_and_leaders_must_belong_to_a_socialtilsyn(role):
    with pytest.raises(IntegrityError):
        UserFactory(role=role, socialtilsyn=None)


@pytest.mark.parametrize("role", [Role.SUPPLIER, Role.FAGADMIN, Role.MYNDIGHED])
def test_other_roles_must_not_belong_to_a_socialtilsyn(role):
    with pytest.raises(IntegrityError):
        UserFactory(role=role, socialtilsyn=SocialtilsynFactory())


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.LEADER])
def test_tilsyn_staff_with_a_socialtilsyn_are_accepted(role):
    user = UserFactory(role=role, socialtilsyn=SocialtilsynFactory())
    assert user.is_tilsyn_staff
    assert not user.is_supplier_user


def test_changing_role_without_dropping_the_socialtilsyn_is_refused(consultant):
    consultant.role = Role.FAGADMIN
    with pytest.raises(IntegrityError):
        consultant.save()


def test_login_page_is_in_danish(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="da"' in html
    assert "Brugernavn" in html
    assert "Adgangskode" in html


def test_login_with_correct_password_lands_on_dashboard(client, consultant):
    response = client.post(reverse("accounts:login"), {"username": "konsulent", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_wrong_password_shows_a_danish_error(client, consultant):
    response = client.post(reverse("accounts:login"), {"username": "konsulent", "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(consultant_client):
    response = consultant_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert consultant_client.get(reverse("core:dashboard")).status_code == 302


def test_five_failed_logins_lock_the_account_with_a_danish_page(client, consultant):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "konsulent", "password": "forkert"})

    response = client.post(url, {"username": "konsulent", "password": PASSWORD})

    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="da"' in html
    assert "spærret" in html.lower()
    assert "_auth_user_id" not in client.session


def test_four_failed_logins_do_not_lock_the_account(client, consultant):
    url = reverse("accounts:login")
    for _ in range(4):
        client.post(url, {"username": "konsulent", "password": "forkert"})

    response = client.post(url, {"username": "konsulent", "password": PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(username="konsulent").last_login is not None


def test_lockout_is_per_username(client, consultant, leader):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "konsulent", "password": "forkert"})

    response = client.post(url, {"username": "leder", "password": PASSWORD})

    assert response.status_code == 302
