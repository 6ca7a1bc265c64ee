"""Logins through real OpenID Connect providers (npm oidc-provider, started by the fixtures) in Chromium.

The providers' own pages (login form, logout confirmation) are theirs; axe-core checks every page of ours.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import ExternalIdentity, Role, StaffGroupMapping, SupplierLink, User
from audit.models import AuditEntry
from suppliers.models import Supplier

from . import factories
from .factories import PASSWORD
from .oidc_provider import ACCOUNTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
SUPPLIER_BUTTON = "Log ind som leverandør med MitID Erhverv"
STAFF_BUTTON = "Log ind som medarbejder i socialtilsynet"


@pytest.fixture
def own_cvr_supplier(tilsyn):
    return factories.SupplierFactory(name="Bostedet Egen CVR", cvr=ACCOUNTS["lev-eget-cvr"][CVR], socialtilsyn=tilsyn)


@pytest.fixture
def municipal_suppliers(tilsyn):
    cvr = ACCOUNTS["lev-kommune"][CVR]
    return [
        factories.SupplierFactory(name=name, cvr=cvr, ownership=Supplier.Ownership.KOMMUNAL, socialtilsyn=tilsyn)
        for name in ("Kommunens Bocenter", "Kommunens Dagtilbud")
    ]


@pytest.fixture
def consultant_group(tilsyn):
    return StaffGroupMapping.objects.create(
        group="socialtilsyn-nord-konsulenter", role=Role.CONSULTANT, socialtilsyn=tilsyn
    )


def provider_log_in(page, button: str, login: str) -> None:
    """From our login page: the provider's button, its login form, and back to us (checked with axe-core)."""
    page.goto("/konto/log-ind/")
    with page.page.expect_navigation():
        page.get_by_role("link", name=button).click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("hvad-som-helst")
    with page.page.expect_navigation():
        page.get_by_role("button", name="Sign-in").click()
    page.check()


def log_out_everywhere(page) -> None:
    """Our 'Log ud', then the provider's confirmation (RP-initiated logout), back on our login page."""
    with page.page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    with page.page.expect_navigation(url=re.compile(r"/konto/log-ind/$")):
        page.get_by_role("button", name="Yes, sign me out").click()
    page.check()
    expect(page.locator("h1")).to_have_text("Log ind")


def test_supplier_logs_in_with_mitid_erhverv_reaches_dashboard_and_logs_out_at_the_broker_too(
    browser_page, oidc_providers, own_cvr_supplier
):
    page = browser_page
    provider_log_in(page, SUPPLIER_BUTTON, "lev-eget-cvr")

    expect(page.locator("h1")).to_have_text("Overblik for leverandør")
    expect(page.locator("main")).to_contain_text("Bostedet Egen CVR")
    identity = ExternalIdentity.objects.get(provider="supplier", subject="lev-eget-cvr")
    assert identity.assurance_level == "Substantial"
    assert identity.cvr == own_cvr_supplier.cvr
    assert list(identity.user.suppliers.all()) == [own_cvr_supplier]
    assert identity.user.role == Role.SUPPLIER

    log_out_everywhere(page)
    # The broker's session ended too: its login form asks again instead of letting the person straight back in.
    with page.page.expect_navigation():
        page.get_by_role("link", name=SUPPLIER_BUTTON).click()
    expect(page.locator("input[name=login]")).to_be_visible()
    page.goto("/konto/log-ind/")


def test_consultant_logs_in_through_the_authority_with_role_and_tilsyn_from_the_group_mapping(
    browser_page, oidc_providers, consultant_group, tilsyn
):
    page = browser_page
    provider_log_in(page, STAFF_BUTTON, "kons-nord")

    expect(page.locator("h1")).to_have_text("Overblik – tilsynskonsulent")
    user = ExternalIdentity.objects.get(provider="staff", subject="kons-nord").user
    assert (user.role, user.socialtilsyn_id, user.get_full_name()) == (Role.CONSULTANT, tilsyn.pk, "Karen Konsulent")

    log_out_everywhere(page)


def test_staff_person_without_a_mapped_group_gets_a_danish_refusal_page_and_no_user(
    browser_page, oidc_providers, consultant_group
):
    page = browser_page
    provider_log_in(page, STAFF_BUTTON, "uden-gruppe")

    expect(page.locator("h1")).to_have_text("Du kan ikke logge ind")
    expect(page.locator("main")).to_contain_text("ikke tildelt en rolle")
    assert not ExternalIdentity.objects.exists()
    page.goto("/")
    expect(page.page).to_have_url(re.compile(r"/konto/log-ind/\?next=/$"))


def test_supplier_login_below_the_minimum_assurance_level_is_refused(browser_page, oidc_providers, own_cvr_supplier):
    page = browser_page
    provider_log_in(page, SUPPLIER_BUTTON, "lev-lavt-niveau")

    expect(page.locator("h1")).to_have_text("Du kan ikke logge ind")
    expect(page.locator("main")).to_contain_text("ikke sikret nok")
    expect(page.locator("main")).to_contain_text("sikringsniveau betydelig eller højere")
    assert not User.objects.filter(identities__isnull=False).exists()


def test_shared_municipal_cvr_gives_a_pending_link_that_an_existing_supplier_user_confirms(
    browser_page, oidc_providers, municipal_suppliers
):
    bocenter, dagtilbud = municipal_suppliers
    colleague = factories.SupplierUserFactory(username="bocenter-kollega", suppliers=[bocenter])
    page = browser_page

    provider_log_in(page, SUPPLIER_BUTTON, "lev-kommune")
    expect(page.locator("h1")).to_have_text("Din adgang venter på bekræftelse")
    expect(page.locator("main")).to_contain_text("Kommunens Bocenter")
    expect(page.locator("main")).to_contain_text("Kommunens Dagtilbud")
    newcomer = ExternalIdentity.objects.get(subject="lev-kommune").user
    assert not newcomer.suppliers.exists()
    log_out_everywhere(page)

    page.get_by_label("Brugernavn").fill(colleague.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind", exact=True))
    expect(page.locator("#link-tasks-heading")).to_contain_text("Nye brugere, der beder om adgang")
    page.submit(page.get_by_role("button", name="Bekræft Kim Kjær hos Kommunens Bocenter"))

    expect(page.locator(".messages")).to_contain_text("Kim Kjær kan nu handle for Kommunens Bocenter")
    link = SupplierLink.objects.get(user=newcomer, supplier=bocenter)
    assert (link.status, link.decided_by) == (SupplierLink.Status.CONFIRMED, colleague)
    assert list(newcomer.suppliers.all()) == [bocenter]
    assert SupplierLink.objects.get(user=newcomer, supplier=dagtilbud).status == SupplierLink.Status.PENDING
    assert AuditEntry.objects.filter(action="supplier_link_confirm", actor=colleague).count() == 1


def test_refused_provider_logins_do_not_lock_out_the_next_person_from_the_same_address(
    browser_page, oidc_providers, own_cvr_supplier, settings
):
    settings.AXES_FAILURE_LIMIT = 2  # password lockout after two failures, so three refusals would trip it
    page = browser_page
    for _attempt in range(3):
        provider_log_in(page, SUPPLIER_BUTTON, "lev-lavt-niveau")
        expect(page.locator("h1")).to_have_text("Du kan ikke logge ind")
        page.goto("/konto/log-ind/")  # the provider remembers the person; log out there before the next try
        page.context.clear_cookies()

    provider_log_in(page, SUPPLIER_BUTTON, "lev-eget-cvr")
    expect(page.locator("h1")).to_have_text("Overblik for leverandør")
