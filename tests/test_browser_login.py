"""Every role logs in through the real form in Chromium, sees its own dashboard and logs out.

Every page the browser lands on is checked with axe-core (see tests/browser.py).
"""

import re

import pytest
from playwright.sync_api import expect

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD_HEADINGS = {
    "supplier_user": "Overblik for leverandør",
    "consultant": "Overblik – tilsynskonsulent",
    "leader": "Overblik – leder",
    "fagadmin": "Overblik – fagadministrator",
    "myndighed": "Overblik for myndighed",
}


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.submit(page.get_by_role("button", name="Log ind"))


@pytest.mark.parametrize("role", list(DASHBOARD_HEADINGS))
def test_each_role_logs_in_sees_its_dashboard_opens_its_menu_pages_and_logs_out(
    browser_page, user_for, role, supplier, published_guide, national_rule
):
    page = browser_page
    user = user_for(role)

    log_in(page, user.username)

    expect(page.locator("h1")).to_have_text(DASHBOARD_HEADINGS[role])
    expect(page.locator(".portal-user")).to_contain_text(user.get_role_display())

    nav = page.locator("nav.nav a.nav-link")
    hrefs = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
    assert "/" in hrefs, "the main navigation leads back to the dashboard"
    for href in hrefs:
        response = page.goto(href)
        assert response.status == 200, href
        expect(page.locator("h1")).to_have_count(1)

    page.submit(page.get_by_role("button", name="Log ud"))

    expect(page.page).to_have_url(re.compile(r"/konto/log-ind/"))
    expect(page.locator("h1")).to_have_text("Log ind")
    page.goto("/")
    expect(page.page).to_have_url(re.compile(r"/konto/log-ind/\?next=/$"))


def test_supplier_sees_own_supplier_on_dashboard(browser_page, supplier_user, supplier, other_supplier):
    log_in(browser_page, supplier_user.username)
    main = browser_page.locator("main")
    expect(main).to_contain_text(supplier.name)
    expect(main).not_to_contain_text(other_supplier.name)


def test_wrong_password_keeps_the_user_on_the_login_page_with_a_danish_error(browser_page, consultant):
    log_in(browser_page, consultant.username, "forkert-adgangskode")
    expect(browser_page.locator("main")).to_contain_text("Brugernavn eller adgangskode er forkert")


def test_design_system_stylesheet_is_served_and_applied(browser_page, live_server):
    page = browser_page
    response = page.request.get(f"{live_server.url}/static/dkfds/css/dkfds-virkdk.min.css")
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]

    page.goto("/konto/log-ind/")
    sheets = page.evaluate("() => Array.from(document.styleSheets, s => s.href || '')")
    assert any(href.endswith("/static/dkfds/css/dkfds-virkdk.min.css") for href in sheets)
    # DKFDS sets its own font on the body; the browser default would be a serif font.
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "IBM Plex Sans" in font, font


def test_consultant_follows_links_to_a_supplier_and_a_guide(browser_page, consultant, supplier, published_guide):
    page = browser_page
    log_in(page, consultant.username)

    page.goto("/leverandoerer/")
    page.submit(page.get_by_role("link", name=supplier.name))
    expect(page.locator("h1")).to_have_text(supplier.name)

    page.goto("/maalgrupper/")
    page.submit(page.get_by_role("link", name="Vejledning, version 1"))
    expect(page.locator("h1")).to_contain_text("Vejledning")
