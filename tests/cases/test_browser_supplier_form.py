"""The supplier fills in the oplysningsskema in Chromium over two sittings, is refused a CPR number,
uploads a file, submits, and later answers a supplement request on exactly the question asked about.

Every page the browser lands on is checked with axe-core (tests/browser.py).
"""

import io
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, InformationForm
from assessments.services.information_form import form_request_supplement
from targetgroups.models import FormQuestion

from ..browser import CheckedPage
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def saved(page, question) -> None:
    expect(page.locator(f"#q-{question.pk} [data-status]")).to_contain_text("Gemt kl.")


def test_supplier_fills_the_form_over_two_sittings_submits_and_supplements(
    chromium, live_server, browser_page, requested_form, supplier_user, consultant
):
    form = requested_form
    case = form.case
    q = {x.key: x for x in FormQuestion.objects.filter(template=form.template)}

    # --- first sitting: two answers, saved as they are typed, then the browser is closed -------------------
    context = chromium.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    first = CheckedPage(context.new_page())
    log_in(first, supplier_user.username)
    first.submit(first.get_by_role("rowheader", name=case.reference).get_by_role("link"))
    expect(first.locator("h1")).to_have_text("Oplysningsskema")
    expect(first.locator("main")).to_contain_text("Svarene gemmes automatisk")
    first.submit(first.get_by_role("link", name="Begynd at udfylde"))

    first.get_by_label("Hvilken slags tilbud er I?").fill("Botilbud efter § 108")
    first.keyboard.press("Tab")
    saved(first, q["tilbudstype"])
    first.submit(first.get_by_role("link", name="Næste: Aktiv praksis"))
    first.get_by_label("Hvor mange borgere med behov på højt niveau?").fill("12")
    first.keyboard.press("Tab")
    saved(first, q["borgere-hoejt"])
    expect(first.locator("[data-section-progress]")).to_have_text("1 af 1 obligatoriske svar")
    first.assert_every_page_checked()
    context.close()

    # --- second sitting: log in again; the answers are there ---------------------------------------------
    page = browser_page
    log_in(page, supplier_user.username)
    page.goto(f"/sager/{case.pk}/skema/")
    expect(page.locator("main")).to_contain_text("Du har besvaret 2 af 7 obligatoriske spørgsmål.")
    page.goto(f"/sager/{case.pk}/skema/afsnit/generelt/")
    expect(page.get_by_label("Hvilken slags tilbud er I?")).to_have_value("Botilbud efter § 108")

    page.goto(f"/sager/{case.pk}/skema/afsnit/praksiserfaring/")
    table = page.locator(f"#q-{q['personale'].pk}")
    table.get_by_label("Funktion, række 1").fill("Pædagog")
    table.get_by_label("Års erfaring, række 1").fill("6")
    table.get_by_label("Vikar, række 1").select_option("nej")
    saved(page, q["personale"])
    table.get_by_role("button", name="Tilføj flere rækker").click()
    expect(table.locator("tbody tr")).to_have_count(3)
    table.get_by_label("Funktion, række 3").fill("Socialrådgiver")
    table.get_by_label("Års erfaring, række 3").fill("2")
    page.keyboard.press("Tab")
    saved(page, q["personale"])

    page.goto(f"/sager/{case.pk}/skema/afsnit/uddannelse/")
    page.get_by_label("Ja").check()
    saved(page, q["certificering"])

    page.goto(f"/sager/{case.pk}/skema/afsnit/fagmiljoe/")
    page.set_input_files(
        f"#fil-q{q['vagtplan'].pk}", files=[{"name": "vagtplan.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.submit(page.get_by_role("button", name="Upload fil"))
    expect(page.locator("main")).to_contain_text("Filen «vagtplan.png» er uploadet.")
    expect(page.get_by_role("link", name="vagtplan.png")).to_be_visible()

    page.goto(f"/sager/{case.pk}/skema/afsnit/samarbejdsformer/")
    text = page.get_by_label("Beskriv samarbejdet")
    text.fill("Vi mødes med borgeren 010190-1234 hver uge.")
    page.keyboard.press("Tab")
    block = page.locator(f"#q-{q['samarbejde'].pk}")
    expect(block.locator(".form-error-message")).to_contain_text("ser ud til at indeholde et CPR-nummer")
    expect(block.locator(".form-error-message")).to_contain_text("beskriv i stedet borgergruppen")
    assert Answer.objects.get(form=form, question=q["samarbejde"]).value is None
    text.fill("Vi holder faste møder med kommunens visitation og med psykiatrien.")
    page.keyboard.press("Tab")
    saved(page, q["samarbejde"])
    expect(block.locator(".form-error-message")).to_have_count(0)
    expect(block.locator("[data-word-count]")).to_have_text("10 af højst 500 ord")

    page.goto(f"/sager/{case.pk}/skema/afsnit/vidensudvikling/")
    page.get_by_label("Kurser").check()
    saved(page, q["aktiviteter"])
    page.goto(f"/sager/{case.pk}/skema/afsnit/metoder/")
    page.get_by_label("KRAP").check()
    page.submit(page.get_by_role("button", name="Gem og fortsæt"))
    expect(page.locator("h1")).to_have_text("Hjælpemidler og teknologi")

    page.goto(f"/sager/{case.pk}/skema/gennemse/")
    expect(page.locator("main")).to_contain_text("Alle obligatoriske spørgsmål er besvaret")
    expect(page.locator("main")).to_contain_text("Socialrådgiver")
    page.submit(page.get_by_role("button", name="Indsend skemaet"))
    expect(page.locator("main")).to_contain_text("Skemaet er indsendt")
    form.refresh_from_db()
    assert form.status == InformationForm.Status.SUBMITTED

    # --- the consultant asks for one answer to be supplemented ----------------------------------------------
    form_request_supplement(
        form=form,
        user=consultant,
        comment="Tak for skemaet. Vi mangler én oplysning.",
        items=[(q["borgere-hoejt"], "Tæl også borgere i aflastning med.")],
    )
    page.goto(f"/sager/{case.pk}/skema/")
    banner = page.locator(".supplement-banner")
    expect(banner).to_contain_text("Tæl også borgere i aflastning med.")
    expect(banner.get_by_role("link")).to_have_count(1)
    page.submit(banner.get_by_role("link", name="Hvor mange borgere med behov på højt niveau?"))
    expect(page.locator(".question--supplement")).to_have_count(1)
    field = page.get_by_label("Hvor mange borgere med behov på højt niveau?")
    expect(field).to_have_value("12")
    field.fill("14")
    page.submit(page.get_by_role("button", name="Gem og fortsæt"))
    page.goto(f"/sager/{case.pk}/skema/afsnit/generelt/")
    expect(page.get_by_label("Hvilken slags tilbud er I?")).to_have_count(0)  # locked: shown as text
    expect(page.locator("main")).to_contain_text("Botilbud efter § 108")
    page.goto(f"/sager/{case.pk}/skema/gennemse/")
    page.submit(page.get_by_role("button", name="Indsend skemaet"))
    expect(page.locator("main")).to_contain_text("Skemaet er indsendt")
    form.refresh_from_db()
    assert form.status == InformationForm.Status.SUBMITTED
    assert form.submissions.count() == 2
    assert form.submissions.get(number=2).snapshot["answers"]["borgere-hoejt"]["value"] == 14


def test_half_filled_table_row_stays_in_the_browser_without_errors_until_left_and_is_saved_when_complete(
    browser_page, requested_form, supplier_user
):
    form = requested_form
    case = form.case
    question = FormQuestion.objects.get(template=form.template, key="personale")
    answer = Answer.objects.get(form=form, question=question)
    page = browser_page
    log_in(page, supplier_user.username)
    page.goto(f"/sager/{case.pk}/skema/afsnit/praksiserfaring/")
    table = page.locator(f"#q-{question.pk}")
    status = table.locator("[data-status]")

    # A first cell typed: nothing is sent for the row, nothing is red, the row is kept in the browser.
    table.get_by_label("Funktion, række 1").fill("Pædagog")
    page.keyboard.press("Tab")  # to "Års erfaring" in the same row
    expect(status).to_contain_text("Række 1 er ikke udfyldt helt")
    expect(table.locator(".form-error-message")).to_have_count(0)
    expect(table.locator("[aria-invalid]")).to_have_count(0)
    answer.refresh_from_db()
    assert answer.value is None
    stored = page.evaluate("() => JSON.stringify(window.localStorage)")
    assert "Pædagog" in stored

    # A complete second row is saved while the first is still half-filled; leaving row 1 marks what it lacks.
    table.get_by_label("Funktion, række 2").fill("Socialrådgiver")
    row_1_years = table.get_by_label("Års erfaring, række 1")
    expect(row_1_years).to_have_attribute("aria-invalid", "true")
    expect(table.locator(".form-error-message")).to_have_count(1)
    expect(table.locator(".form-error-message")).to_contain_text("Udfyld «Års erfaring».")
    table.get_by_label("Års erfaring, række 2").fill("3")
    page.keyboard.press("Tab")
    expect(status).to_contain_text("Gemt kl.")
    expect(status).to_contain_text("Række 1 er ikke udfyldt helt")
    answer.refresh_from_db()
    assert answer.value == [{"funktion": "Socialrådgiver", "aar": 3, "vikar": None}]

    # Next visit: the half-filled row is put back from the browser, in its place, without errors.
    page.goto(f"/sager/{case.pk}/skema/afsnit/praksiserfaring/")
    expect(table.get_by_label("Funktion, række 1")).to_have_value("Pædagog")
    expect(table.get_by_label("Funktion, række 2")).to_have_value("Socialrådgiver")
    expect(page.locator(".restored-banner")).to_have_text(
        "Vi har sat halvt udfyldte tabelrækker ind igen fra browseren. De gemmes, så snart rækkerne er udfyldt."
    )
    expect(table.locator(".form-error-message")).to_have_count(0)

    # Completing the row saves it with the other; nothing is left waiting in the browser.
    table.get_by_label("Års erfaring, række 1").fill("6")
    page.keyboard.press("Tab")
    expect(status).to_have_text(re.compile(r"^Gemt kl\. \d\d[.:]\d\d$"))
    expect(table.locator(".form-error-message")).to_have_count(0)
    answer.refresh_from_db()
    assert answer.value == [
        {"funktion": "Pædagog", "aar": 6, "vikar": None},
        {"funktion": "Socialrådgiver", "aar": 3, "vikar": None},
    ]
    assert page.evaluate("() => window.localStorage.length") == 0

    # Submitting the section with a half-filled row shows what it lacks, and the errors stay after autosave.
    table.get_by_label("Funktion, række 3").fill("Ergoterapeut")
    page.submit(page.get_by_role("button", name="Gem og fortsæt"))
    expect(status).to_contain_text("Række 3 er ikke udfyldt helt")
    expect(table.locator(".form-error-message")).to_have_count(1)
    expect(table.get_by_label("Års erfaring, række 3")).to_have_attribute("aria-invalid", "true")
