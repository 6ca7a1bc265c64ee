"""In Chromium: anyone reaches both statements from the login page's footer, and the fagadministrator edits
one with a preview before publishing. Every page is checked with axe-core and for CSP violations."""

import pytest
from playwright.sync_api import expect

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))


def test_anonymous_visitor_opens_both_statements_from_the_login_pages_footer(browser_page):
    page = browser_page
    page.goto("/konto/log-ind/")
    page.submit(page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring"))
    expect(page.locator("h1")).to_have_text("Tilgængelighedserklæring")
    expect(
        page.get_by_role("link", name="Oplever du ikke-tilgængeligt indhold? (Digitaliseringsstyrelsen)")
    ).to_be_visible()
    page.submit(page.locator("footer").get_by_role("link", name="Privatlivspolitik"))
    expect(page.locator("h1")).to_have_text("Privatlivspolitik")
    expect(page.get_by_role("link", name="Klag til Datatilsynet")).to_be_visible()
    page.assert_every_page_checked()


def test_fagadmin_previews_then_publishes_a_new_version_of_the_privacy_notice(browser_page, fagadmin):
    page = browser_page
    log_in(page, fagadmin.username)
    page.goto("/privatliv/")
    page.submit(page.get_by_role("link", name="Rediger teksten"))
    page.get_by_label("Tekst").fill("## Kontakt\n- Skriv til [DPO](mailto:dpo@example.dk)\n\n<b>ikke fed</b>")
    page.submit(page.get_by_role("button", name="Vis eksempel"))
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Kontakt")).to_be_visible()
    expect(preview.get_by_role("link", name="DPO")).to_have_attribute("href", "mailto:dpo@example.dk")
    expect(preview).to_contain_text("<b>ikke fed</b>")
    page.get_by_label("Hvad er ændret?").fill("Ny kontakt")
    page.submit(page.get_by_role("button", name="Offentliggør"))
    expect(page.locator("h1")).to_have_text("Privatlivspolitik")
    expect(page.locator(".statement-meta")).to_contain_text("version")
    expect(page.get_by_role("heading", name="Kontakt")).to_be_visible()
    page.assert_every_page_checked()
