"""In Chromium: asking for the case file shows a page that waits, and the download link appears by itself
when the real Celery worker has made the file; without JavaScript the page shows it on reload.

Every page the browser lands on is checked with axe-core (tests/browser.py).
"""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import CaseExport

from .helpers import to_judging
from .test_browser_supplier_form import log_in

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ready_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def test_the_download_link_appears_by_itself_when_the_worker_has_made_the_case_file(
    celery_worker, browser_page, ready_case, supplier_user
):
    page = browser_page
    log_in(page, supplier_user.username)
    page.goto(reverse("assessments:supplier_case", args=[ready_case.pk]))
    page.submit(page.get_by_role("link", name="Aktindsigt: hent sagens akter"))
    expect(page.locator("h1")).to_have_text(f"Sagens akter for sag {ready_case.reference}")
    link = page.get_by_role("link", name="Hent filen")
    # made in the background: the page polls its status and shows the link without a reload
    expect(link).to_be_visible(timeout=90_000)
    expect(page.locator("[data-export-message]")).to_have_text("Filen er klar.")
    page.check()  # the updated page passes axe too
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith(f"sagsakter-{ready_case.reference}")
    assert CaseExport.objects.get(case=ready_case).status == CaseExport.Status.DONE


def test_without_javascript_the_page_shows_the_link_on_reload(chromium, live_server, ready_case, supplier_user):
    from assessments.services.exports import case_export_render

    from ..factories import PASSWORD

    context = chromium.new_context(base_url=live_server.url, locale="da-DK", java_script_enabled=False)
    context.set_default_timeout(10_000)
    # a plain page: axe-core needs JavaScript (the same pages are checked with it in the test above)
    page = context.new_page()
    try:
        page.goto("/konto/log-ind/")
        page.get_by_label("Brugernavn").fill(supplier_user.username)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.goto(reverse("assessments:case_file_export", args=[ready_case.pk]))
        expect(page.locator("[data-export-message]")).to_contain_text("Vi danner filen")
        expect(page.get_by_role("link", name="Hent filen")).to_have_count(0)
        export = CaseExport.objects.get(case=ready_case)
        case_export_render(pk=export.pk)  # what the worker does (if a worker of the session has it, wait)
        deadline = time.monotonic() + 60
        while CaseExport.objects.get(pk=export.pk).status != CaseExport.Status.DONE:
            assert time.monotonic() < deadline, "the export was not made"
            time.sleep(0.25)
        page.get_by_role("link", name="Opdater siden").click()
        expect(page.get_by_role("link", name="Hent filen")).to_be_visible()
    finally:
        context.close()
