"""In Chromium: the parameter help on the supplier's section page opens and closes from the keyboard."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_opens_the_parameter_help_with_the_keyboard(browser_page, requested_form, supplier_user):
    page = browser_page
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(supplier_user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))
    page.goto(f"/sager/{requested_form.case.pk}/skema/afsnit/aktiv_praksis/")
    help_box = page.locator("details[data-parameter-help]")
    expect(help_box).not_to_have_attribute("open", "")
    help_box.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(help_box).to_have_attribute("open", "")
    expect(help_box.get_by_text("Om aktiv_praksis")).to_be_visible()
    page.check()
    page.keyboard.press("Space")
    expect(help_box).not_to_have_attribute("open", "")
    page.assert_every_page_checked()
