"""The case form in Chromium: the department list offers only the departments of the supplier chosen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .. import factories
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_list_follows_the_chosen_supplier(
    browser_page, published_form_template, national_rule, supplier, tilsyn, leader
):
    sibling = factories.SupplierFactory(socialtilsyn=tilsyn, name="Bofællesskabet Birken")
    factories.DepartmentFactory(supplier=sibling, name="Annekset")
    factories.DepartmentFactory(supplier=sibling, name="Haven")
    page = browser_page
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(leader.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))
    page.goto(reverse("assessments:case_create"))

    department = page.get_by_label("Afdeling")
    options = department.locator("option")
    expect(options).to_have_text(["Hele leverandøren"])

    page.get_by_label("Leverandør").select_option(label="Bofællesskabet Birken")
    expect(options).to_have_text(
        ["Hele leverandøren", "Bofællesskabet Birken – Annekset", "Bofællesskabet Birken – Haven"]
    )
    department.select_option(label="Bofællesskabet Birken – Haven")

    page.get_by_label("Leverandør").select_option(label=supplier.name)
    expect(options).to_have_text(["Hele leverandøren", f"{supplier.name} – Hovedhuset"])
    expect(department).to_have_value("")
