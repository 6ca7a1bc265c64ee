"""The 404, 403 and 500 pages are Danish, in the DKFDS look, and the 500 page needs neither request nor database."""

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db

DKFDS_CSS = "dkfds/css/dkfds-virkdk.min.css"


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def test_unknown_address_gives_the_danish_not_found_page(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke" in html
    assert DKFDS_CSS in html
    assert '<html lang="da"' in html


def test_forbidden_action_gives_the_danish_forbidden_page(client_for):
    response = client_for("myndighed").get(reverse("suppliers:list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang til siden" in html
    assert DKFDS_CSS in html


@pytest.mark.urls("tests.error_urls")
def test_a_bug_in_a_view_gives_the_danish_server_error_page(client):
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der opstod en fejl" in html
    assert DKFDS_CSS in html
    assert "RuntimeError" not in html


def test_server_error_page_renders_without_request_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
        response = defaults.server_error(RequestFactory().get("/"))
    assert "Der opstod en fejl" in html
    assert response.status_code == 500
    assert b"Der opstod en fejl" in response.content
