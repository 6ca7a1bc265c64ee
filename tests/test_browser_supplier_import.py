"""The fagadministrator onboards suppliers in Chromium: supplier list → import → a broken file is refused row by
row → the sample file is previewed and confirmed. Every page is checked with axe-core (tests/browser.py)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.suppliers import SOCIALTILSYN
from suppliers.models import Socialtilsyn, Supplier

from .factories import PASSWORD
from .register_files import bad_cvr, csv_bytes, generated_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).parent / "data" / "tilbudsportalen_sample.csv"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def test_fagadmin_refuses_a_broken_file_then_imports_the_sample(browser_page, fagadmin):
    for spec in SOCIALTILSYN:
        Socialtilsyn.objects.get_or_create(code=spec["code"], defaults=spec)
    page = browser_page
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(fagadmin.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))
    page.goto("/leverandoerer/")
    page.submit(page.get_by_role("link", name="Indlæs leverandører fra en fil"))
    expect(page.locator("h1")).to_have_text("Indlæs leverandører fra en fil")

    rows = generated_rows(4)
    rows[1][2] = bad_cvr(1)
    page.get_by_label("Udtræk fra Tilbudsportalen (CSV eller XLSX)").set_input_files(
        files=[{"name": "udtraek.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}]
    )
    page.submit(page.get_by_role("button", name="Vis hvad filen vil ændre"))
    expect(page.locator("main")).to_contain_text("Filen er afvist")
    expect(page.locator("#import-errors")).to_contain_text("ikke et gyldigt CVR-nummer")
    expect(page.get_by_role("button", name="Indlæs filen")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "supplier_import_refused.png"), full_page=True)

    page.goto("/leverandoerer/import/")
    page.get_by_label("Udtræk fra Tilbudsportalen (CSV eller XLSX)").set_input_files(str(SAMPLE))
    page.submit(page.get_by_role("button", name="Vis hvad filen vil ændre"))
    expect(page.locator("[data-count=created]")).to_have_text("12")
    page.screenshot(path=str(SCREENSHOTS / "supplier_import_preview.png"), full_page=True)
    assert Supplier.objects.count() == 0
    page.submit(page.get_by_role("button", name="Indlæs filen"))
    expect(page.locator("main")).to_contain_text("12 leverandører oprettet")
    assert Supplier.objects.count() == 12
    page.goto("/leverandoerer/")
    expect(page.locator("main")).to_contain_text("12 leverandører i alt")
