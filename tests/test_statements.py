"""The public statements (tilgængelighedserklæring, privatlivspolitik): readable by anyone from every page's
footer, edited by the fagadministrator with a preview, stored as dated versions, rendered escaped."""

import importlib
import threading
import time

import pytest
from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from core.models import StatementKind, StatementVersion
from portal.services import statement_publish

pytestmark = pytest.mark.django_db

ACCESSIBILITY = reverse("core:accessibility_statement")
PRIVACY = reverse("core:privacy_notice")
EDIT_ACCESSIBILITY = reverse("core:accessibility_statement_edit")
EDIT_PRIVACY = reverse("core:privacy_notice_edit")


@pytest.fixture(autouse=True)
def seeded_statements(db):
    """Version 1 of both statements as migration 0004 seeds it (a transactional test run earlier flushes it)."""
    from django.apps import apps

    importlib.import_module("core.migrations.0004_statements").seed(apps, None)


def has_both_footer_links(html: str) -> bool:
    return f'href="{ACCESSIBILITY}"' in html and f'href="{PRIVACY}"' in html


# --- reachable from every page ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supplier_user", "consultant", "leader", "fagadmin", "myndighed"])
def test_every_roles_dashboard_links_both_statements_in_the_footer(client_for, who):
    response = client_for(who).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert has_both_footer_links(response.content.decode())


def test_the_login_page_links_both_statements_in_the_footer(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert has_both_footer_links(response.content.decode())


def test_the_error_pages_link_both_statements(client, client_for, settings):
    settings.DEBUG = False
    not_found = client.get("/findes-ikke/")
    assert not_found.status_code == 404
    forbidden = client_for("myndighed").get(reverse("suppliers:list"))
    assert forbidden.status_code == 403
    server_error = defaults.server_error(RequestFactory().get("/"))
    for response in (not_found, forbidden, server_error):
        assert has_both_footer_links(response.content.decode())


def test_the_server_error_page_still_needs_no_database_with_the_footer(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert has_both_footer_links(html)


# --- reading --------------------------------------------------------------------------------------------------


def test_the_seeded_accessibility_statement_names_what_was_tested_and_the_complaints_body(client):
    html = client.get(ACCESSIBILITY).content.decode()
    assert "<h1>Tilgængelighedserklæring</h1>" in html
    assert "axe-core" in html
    assert "320 pixels" in html
    assert "veraPDF" in html
    assert 'href="https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"' in html


def test_the_seeded_privacy_notice_names_the_legal_basis_rights_and_datatilsynet(client):
    html = client.get(PRIVACY).content.decode()
    assert "<h1>Privatlivspolitik</h1>" in html
    assert "artikel 6, stk. 1, litra e" in html
    assert "CPR-numre" in html
    assert "Databeskyttelsesrådgiver" in html
    assert 'href="https://www.datatilsynet.dk/borger/klage-til-datatilsynet"' in html


def test_the_page_shows_the_newest_version_and_its_date(client, fagadmin):
    statement_publish(kind=StatementKind.PRIVACY, title="Privatlivspolitik", body="Ny tekst.", user=fagadmin)
    html = client.get(PRIVACY).content.decode()
    assert "Ny tekst." in html
    assert "(version 2)" in html
    assert "Senest opdateret" in html


def test_html_typed_into_a_statement_is_shown_as_text(client, fagadmin):
    body = '<script>alert(1)</script>\n\n- <b onclick="x()">fed</b>\n\n[link](javascript:alert(1))'
    statement_publish(kind=StatementKind.ACCESSIBILITY, title="<i>T</i>", body=body, user=fagadmin)
    html = client.get(ACCESSIBILITY).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b onclick" not in html
    assert 'href="javascript:' not in html
    assert "&lt;i&gt;T&lt;/i&gt;" in html


def test_a_statement_without_any_stored_version_shows_the_built_in_text(client):
    StatementVersion.objects.all().delete()
    response = client.get(PRIVACY)
    assert response.status_code == 200
    assert "Datatilsynet" in response.content.decode()


# --- editing --------------------------------------------------------------------------------------------------


def test_the_edit_page_is_prefilled_with_the_current_text(client_for):
    html = client_for("fagadmin").get(EDIT_PRIVACY).content.decode()
    assert "Klag til Datatilsynet" in html
    assert 'name="action" value="preview"' in html


def test_preview_renders_the_text_without_saving_it(client_for):
    before = StatementVersion.objects.count()
    response = client_for("fagadmin").post(
        EDIT_ACCESSIBILITY, {"title": "Erklæring", "body": "## Ny overskrift\n- punkt", "action": "preview"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h3>Ny overskrift</h3>" in html
    assert "<li>punkt</li>" in html
    assert StatementVersion.objects.count() == before


def test_publishing_adds_a_new_dated_version_and_keeps_the_old_one(client_for, fagadmin):
    response = client_for("fagadmin").post(
        EDIT_ACCESSIBILITY,
        {"title": "Erklæring", "body": "Ny version.", "change_note": "Ny kontakt", "action": "publish"},
    )
    assert response.status_code == 302
    assert response["Location"] == ACCESSIBILITY
    versions = list(StatementVersion.objects.filter(kind=StatementKind.ACCESSIBILITY).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].title == "Tilgængelighedserklæring"
    assert versions[1].body == "Ny version."
    assert versions[1].created_by == fagadmin
    assert versions[1].created_at is not None
    assert versions[1].change_note == "Ny kontakt"


def test_a_cpr_number_is_refused_next_to_the_field_and_nothing_is_saved(client_for):
    before = StatementVersion.objects.count()
    response = client_for("fagadmin").post(
        EDIT_PRIVACY, {"title": "Privatliv", "body": "Ring til 010190-1234.", "action": "publish"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert StatementVersion.objects.count() == before


def test_an_empty_text_is_refused(client_for):
    response = client_for("fagadmin").post(EDIT_PRIVACY, {"title": "", "body": "", "action": "publish"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "body"}


@pytest.mark.parametrize("who", ["supplier_user", "consultant", "leader", "myndighed"])
def test_only_the_fagadmin_may_publish(client_for, who):
    response = client_for(who).post(EDIT_PRIVACY, {"title": "X", "body": "Y", "action": "publish"})
    assert response.status_code == 403
    assert not StatementVersion.objects.filter(body="Y").exists()


def test_the_edit_link_is_shown_to_the_fagadmin_only(client_for):
    assert EDIT_PRIVACY in client_for("fagadmin").get(PRIVACY).content.decode()
    assert EDIT_PRIVACY not in client_for("consultant").get(PRIVACY).content.decode()


def test_the_service_refuses_anyone_but_a_fagadmin(consultant):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        statement_publish(kind=StatementKind.PRIVACY, title="X", body="Y", user=consultant)


@pytest.mark.django_db(transaction=True)
def test_two_fagadmins_publishing_at_once_get_two_different_version_numbers():
    """Both publishers queue behind a third transaction that holds the rows, then run one after the other."""
    from django.db import transaction

    from tests import factories

    first, second = factories.FagadminFactory(username="fa1"), factories.FagadminFactory(username="fa2")
    held, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold():
        try:
            with transaction.atomic():
                list(StatementVersion.objects.select_for_update().filter(kind=StatementKind.PRIVACY))
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def publish(user):
        try:
            statement_publish(kind=StatementKind.PRIVACY, title="P", body=f"af {user.username}", user=user)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(timeout=10)
    publishers = [threading.Thread(target=publish, args=(u,)) for u in (first, second)]
    for t in publishers:
        t.start()
    # Give both publishers time to block on the lock; too short a wait only makes the test weaker, never wrong.
    time.sleep(1)
    release.set()
    for t in [holder, *publishers]:
        t.join(timeout=30)
    assert errors == []
    versions = sorted(StatementVersion.objects.filter(kind=StatementKind.PRIVACY).values_list("version", flat=True))
    assert versions == [1, 2, 3]
    assert set(
        StatementVersion.objects.filter(version__gt=1, kind=StatementKind.PRIVACY).values_list("created_by", flat=True)
    ) == {first.pk, second.pk}


def test_the_csrf_failure_page_is_danish_and_links_both_statements(settings):
    from django.test import Client

    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formularen kunne ikke sendes" in html
    assert has_both_footer_links(html)
