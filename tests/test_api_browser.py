"""In Chromium: the fagadministrator makes an API token (shown once) and revokes it; the API docs (Swagger UI
from our own static files) render every endpoint with no Content-Security-Policy violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from api.models import ApiToken

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def log_in(page, username: str) -> None:
    page.page.context.set_default_timeout(60_000)  # the machine running the suite may be busy
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))


def test_fagadmin_makes_a_token_sees_it_once_and_revokes_it(browser_page, fagadmin, supplier_user):
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, fagadmin.username)
    page.submit(page.get_by_role("link", name="API-nøgler"))
    page.get_by_label("Brugernavn på ejeren").fill(supplier_user.username)
    page.get_by_label("Navn på nøglen").fill("Fagsystem X")
    page.submit(page.get_by_role("button", name="Opret nøgle"))
    shown = page.locator("#new-token code").inner_text()
    assert shown.startswith("sv_")
    expect(page.locator("#api-tokens")).to_contain_text("Fagsystem X")
    page.screenshot(path=str(SCREENSHOTS / "api_tokens_1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path=str(SCREENSHOTS / "api_tokens_320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.submit(page.get_by_role("button", name="Tilbagekald Fagsystem X"))
    expect(page.locator("#api-tokens")).to_contain_text("Tilbagekaldt")
    expect(page.locator("#new-token")).to_have_count(0)
    assert ApiToken.objects.get().revoked_at is not None
    page.assert_every_page_checked()


def test_the_api_docs_render_every_endpoint_without_a_csp_violation(chromium, live_server):
    """Swagger UI is a third-party page: checked for its content and for CSP violations, not with axe-core."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto("/api/docs/")
        expect(page.locator(".opblock").first).to_be_visible()
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        for expected in (
            "/api/v1/indplaceringer/",
            "/api/v1/leverandoerer/{id}/",
            "/api/v1/oplysningsskemaer/{case_pk}/svar/{question_pk}/",
            "/api/v1/sager/{id}/",
        ):
            assert any(p.replace("\u200b", "") == expected for p in paths), (expected, paths)
        page.screenshot(path=str(SCREENSHOTS / "api_docs_1280.png"))
        page.set_viewport_size({"width": 320, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / "api_docs_320.png"))
        assert violations == []
    finally:
        context.close()
