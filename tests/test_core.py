"""The health endpoint and the role dashboards (through the Django test client)."""

import pytest
from django.urls import reverse

from accounts.models import Role


@pytest.mark.django_db
def test_health_endpoint_answers_without_login(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_answers_503_with_a_reason_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert set(body["reasons"]) == {"redis"}


@pytest.mark.django_db(transaction=True)
def test_health_answers_503_with_a_reason_when_postgresql_is_unreachable(client):
    from django.db import connection

    connection.close()
    real_port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"  # nothing listens on port 1
    try:
        response = client.get(reverse("core:health"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert set(body["reasons"]) == {"database"}


@pytest.mark.django_db
def test_dashboard_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_own_dashboard(client_for, role):
    response = client_for(role)
    response = response.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert f"portal/dashboard_{role}.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_supplier_dashboard_lists_only_the_users_own_supplier(supplier_client, supplier, other_supplier):
    response = supplier_client.get(reverse("core:dashboard"))
    assert list(response.context["suppliers"]) == [supplier]
    html = response.content.decode()
    assert supplier.name in html
    assert other_supplier.name not in html


@pytest.mark.django_db
def test_consultant_dashboard_counts_the_suppliers_of_own_socialtilsyn(consultant_client, supplier, other_supplier):
    response = consultant_client.get(reverse("core:dashboard"))
    assert response.context["supplier_count"] == 1
    assert other_supplier.name not in response.content.decode()
