"""The whole loop in Chromium, four people in four browsers: the leader opens a case, consultant A asks for
information, the supplier fills in every question and submits, A accepts, A and B judge blind, reconcile one
disagreement and confirm, the leader signs off, the supplier comments in the hearing, A decides, the supplier
appeals, and A upholds the decision, so the appeal goes to Ankestyrelsen.

Everyone moves by the links and buttons a user would press (dashboard tasks, the case's "Næste skridt" panel
and navigation); every page any of the four browsers lands on is checked with axe-core (tests/browser.py).
"""

import datetime
import io
from contextlib import ExitStack

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Appeal, Case, Decision, HearingComment, InformationForm
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS
from targetgroups.models import FormQuestion

from ..browser import CheckedPage
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A's reasons carry this marker; B must see no trace of it before B has submitted.
A_MARKER = "A-begrundelse-7f3q"
# A rates one parameter moderat; B rates that one and one more moderat: the one disagreement.
A_MODERAT = {"hjaelpemidler"}
B_MODERAT = {"hjaelpemidler", "samarbejdsformer"}
DISPUTED = "samarbejdsformer"
SHARED_REASON = "Fælles begrundelse: samarbejdet med kommune og psykiatri er fast og systematisk."
PLACEMENT = "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret"


def open_browser(stack: ExitStack, chromium, live_server) -> CheckedPage:
    """A browser context of its own (own cookies: one person), closed and checked when the test ends."""
    context = chromium.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    stack.callback(context.close)
    page = CheckedPage(context.new_page())

    def every_page_checked(exc_type, exc, tb) -> None:
        if exc_type is None:  # after a failure, that failure is the news, not the pages it left unchecked
            page.assert_every_page_checked()

    stack.push(every_page_checked)  # runs before the close above (last in, first out)
    return page


def log_in(page: CheckedPage, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Log ind"))


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def expect_state(page: CheckedPage, label: str) -> None:
    """The case's state badge under the heading of a staff case page (overview, decision pages)."""
    expect(page.locator("main p.mb-6 > .badge").first).to_have_text(label)


def task(page: CheckedPage, title: str) -> None:
    """Go to the dashboard and follow the task of that title in "Venter på dig"."""
    page.submit(page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Overblik"))
    page.submit(page.locator(".task-list").get_by_role("link", name=title))


def overview(page: CheckedPage, ref: str) -> None:
    page.submit(page.get_by_role("navigation", name=f"Sag {ref}").get_by_role("link", name="Overblik"))


def saved(page: CheckedPage, question: FormQuestion) -> None:
    expect(page.locator(f"#q-{question.pk} [data-status]")).to_contain_text("Gemt kl.")


def judge_all(page: CheckedPage, moderat: set[str], reasons: dict[str, str], *, blind_to: str = "") -> None:
    """From the judgement overview: every parameter page in turn, a level and reasons, then submit.
    `blind_to`: a text that must be on none of the pages before the judgement is submitted."""

    def blind() -> None:
        if blind_to:
            assert blind_to not in page.content(), f"{page.url} shows the colleague's reasons before submitting"

    blind()
    page.submit(page.get_by_role("link", name=f"1. {SUPPLIER_PARAMETER_LABELS[SUPPLIER_PARAMETERS[0]]}"))
    for position, parameter in enumerate(SUPPLIER_PARAMETERS, start=1):
        expect(page.locator("h1")).to_have_text(f"{position}. {SUPPLIER_PARAMETER_LABELS[parameter]}")
        blind()
        mine = page.locator("#your-judgement")
        mine.get_by_label("Moderat" if parameter.value in moderat else "Højt", exact=True).check()
        mine.get_by_label("Begrundelse").fill(reasons[parameter.value])
        last = position == len(SUPPLIER_PARAMETERS)
        page.submit(
            page.get_by_role("button", name="Gem og gå til oversigten" if last else "Gem og gå til næste parameter")
        )
    expect(page.locator("main")).to_contain_text("8 af 8 parametre er klar til at blive afgivet.")
    blind()
    page.submit(page.get_by_role("button", name="Afgiv vurdering"))


def test_full_loop_from_request_for_information_to_decision_and_appeal(
    chromium,
    live_server,
    supplier,
    supplier_user,
    consultant,
    second_consultant,
    leader,
    target_group,
    published_form_template,
    national_rule,
):
    q = {x.key: x for x in FormQuestion.objects.filter(template=published_form_template)}
    today = timezone.localdate()
    reasons_a = {
        p.value: f"{A_MARKER}: {SUPPLIER_PARAMETER_LABELS[p]} er dokumenteret i skemaet." for p in SUPPLIER_PARAMETERS
    }
    reasons_b = {p.value: f"B: {SUPPLIER_PARAMETER_LABELS[p]} er vurderet ud fra svarene." for p in SUPPLIER_PARAMETERS}

    with ExitStack() as stack:
        lead = open_browser(stack, chromium, live_server)
        con_a = open_browser(stack, chromium, live_server)
        con_b = open_browser(stack, chromium, live_server)
        sup = open_browser(stack, chromium, live_server)

        # --- the leader opens the case -------------------------------------------------------------------
        log_in(lead, leader.username)
        lead.submit(lead.get_by_role("link", name="Opret en sag"))
        lead.get_by_label("Leverandør", exact=True).select_option(label=supplier.name)
        lead.get_by_label("Målgruppe").select_option(label=str(target_group))
        lead.get_by_label("Primær konsulent").select_option(label=consultant.get_full_name())
        lead.get_by_label("Anden konsulent").select_option(label=second_consultant.get_full_name())
        lead.get_by_label("Leder, der godkender").select_option(label=leader.get_full_name())
        lead.submit(lead.get_by_role("button", name="Opret sag"))
        case = Case.objects.get(supplier=supplier)
        ref = case.reference
        expect(lead.locator("h1")).to_have_text(f"Sag {ref}")
        expect_state(lead, "Oprettet")

        # --- consultant A requests information -----------------------------------------------------------
        log_in(con_a, consultant.username)
        task(con_a, "Anmod om oplysninger")
        deadline = today + datetime.timedelta(days=14)
        con_a.get_by_label("Frist for svar").fill(deadline.isoformat())
        con_a.get_by_label("Besked til leverandøren").fill("Udfyld venligst skemaet; ring gerne ved spørgsmål.")
        con_a.submit(con_a.get_by_role("button", name="Send anmodningen"))
        expect_state(con_a, "Oplysninger anmodet")

        # --- the supplier fills in every question and submits --------------------------------------------
        log_in(sup, supplier_user.username)
        task(sup, "Udfyld oplysningsskemaet")
        expect(sup.locator("main")).to_contain_text("Udfyld venligst skemaet; ring gerne ved spørgsmål.")
        sup.submit(sup.get_by_role("link", name="Begynd at udfylde"))

        def next_section(heading: str) -> None:
            sup.submit(sup.get_by_role("button", name="Gem og fortsæt"))
            expect(sup.locator("h1")).to_have_text(heading)

        # A user sees "Gemt kl." under each answer before moving on; pressing on while an earlier save of
        # the same answer is still under way would (rightly) meet a conflict with that save.
        sup.get_by_label("Hvilken slags tilbud er I?").fill("Botilbud efter § 108")
        sup.keyboard.press("Tab")
        saved(sup, q["tilbudstype"])
        next_section("Aktiv praksis")
        sup.get_by_label("Hvor mange borgere med behov på højt niveau?").fill("12")
        sup.keyboard.press("Tab")
        saved(sup, q["borgere-hoejt"])
        next_section("Praksiserfaring")
        table = sup.locator(f"#q-{q['personale'].pk}")
        for row, (function, years, temp) in enumerate([("Pædagog", "6", "nej"), ("Socialrådgiver", "2", "ja")], 1):
            table.get_by_label(f"Funktion, række {row}").fill(function)
            table.get_by_label(f"Års erfaring, række {row}").fill(years)
            table.get_by_label(f"Vikar, række {row}").select_option(temp)
            saved(sup, q["personale"])
        next_section("Uddannelsesmæssige kompetencer")
        sup.get_by_label("Ja", exact=True).check()
        saved(sup, q["certificering"])
        next_section("Fagmiljø")
        sup.set_input_files(
            f"#fil-q{q['vagtplan'].pk}", files=[{"name": "vagtplan.png", "mimeType": "image/png", "buffer": png()}]
        )
        sup.submit(sup.get_by_role("button", name="Upload fil"))
        expect(sup.locator("main")).to_contain_text("Filen «vagtplan.png» er uploadet.")
        next_section("Samarbejdsformer")
        sup.get_by_label("Beskriv samarbejdet").fill("Vi holder faste møder med kommunens visitation og psykiatrien.")
        sup.keyboard.press("Tab")
        saved(sup, q["samarbejde"])
        next_section("Vidensudvikling")
        sup.get_by_label("Kurser").check()
        saved(sup, q["aktiviteter"])
        sup.get_by_label("Netværk").check()
        saved(sup, q["aktiviteter"])
        next_section("Metoder og faglige tilgange")
        sup.get_by_label("KRAP").check()
        saved(sup, q["hovedmetode"])
        next_section("Hjælpemidler og teknologi")
        sup.get_by_label("Dato for seneste kursus i hjælpemidler").fill(today.strftime("%d-%m-%Y"))
        sup.keyboard.press("Tab")
        saved(sup, q["seneste-kursus"])
        sup.submit(sup.get_by_role("button", name="Gem og gennemse"))
        expect(sup.locator("h1")).to_have_text("Gennemse og indsend")
        main = sup.locator("main")
        expect(main).to_contain_text("Alle obligatoriske spørgsmål er besvaret")
        for shown in ("Botilbud efter § 108", "Socialrådgiver", "vagtplan.png", "Kurser, Netværk", "KRAP"):
            expect(main).to_contain_text(shown)
        sup.submit(sup.get_by_role("button", name="Indsend skemaet"))
        expect(sup.locator("main")).to_contain_text("Skemaet er indsendt")

        # --- consultant A reviews the answers and accepts them ------------------------------------------
        task(con_a, "Gennemgå de indsendte oplysninger")
        expect(con_a.locator("main")).to_contain_text("Socialrådgiver")
        expect(con_a.get_by_role("link", name="vagtplan.png")).to_be_visible()
        con_a.submit(con_a.get_by_role("button", name="Godkend oplysninger"))
        expect_state(con_a, "Vurdering")

        # --- consultant A judges: seven højt, one moderat -------------------------------------------------
        con_a.submit(con_a.get_by_role("link", name="Din vurdering"))
        expect(con_a.locator("main")).to_contain_text("Din kollegas vurdering er skjult")
        judge_all(con_a, A_MODERAT, reasons_a)
        expect(con_a.locator("main")).to_contain_text("Du afgav din vurdering")

        # --- consultant B judges blind: six højt, two moderat ---------------------------------------------
        log_in(con_b, second_consultant.username)
        task(con_b, "Afgiv din vurdering af de otte parametre")
        expect(con_b.locator("main")).to_contain_text("Din kollegas vurdering er skjult")
        judge_all(con_b, B_MODERAT, reasons_b, blind_to=A_MARKER)

        # --- reconciliation: take over the agreed, resolve the one disagreement, both confirm ------------
        expect(con_b.locator("main")).to_contain_text("Begge vurderinger er nu afgivet, så I kan afstemme.")
        expect(con_b.locator("h1")).to_have_text("Afstemning af de to vurderinger")
        con_b.submit(con_b.get_by_role("button", name="Overtag alle enige"))
        expect(con_b.locator("main")).to_contain_text("7 af 8 parametre er afstemt.")
        disputed_label = SUPPLIER_PARAMETER_LABELS[next(p for p in SUPPLIER_PARAMETERS if p.value == DISPUTED)]
        con_b.submit(con_b.get_by_role("link", name=f"Afstem {disputed_label}"))
        expect(con_b.locator("#pair-heading")).to_contain_text("Uenige")
        expect(con_b.locator("main")).to_contain_text(reasons_a[DISPUTED])  # both are in: A's reasons are shown
        resolve = con_b.locator("#resolve")
        resolve.get_by_label("Højt", exact=True).check()
        resolve.get_by_label("Fælles begrundelse").fill(SHARED_REASON)
        con_b.submit(con_b.get_by_role("button", name="Gem afstemt niveau"))
        expect(con_b.locator("main")).to_contain_text("8 af 8 parametre er afstemt.")
        expect(con_b.locator(".placement-explanation")).to_have_text(PLACEMENT)
        con_b.submit(con_b.get_by_role("button", name="Bekræft resultatet"))

        task(con_a, "Afstem og bekræft resultatet")
        expect(con_a.locator(".placement-explanation")).to_have_text(PLACEMENT)
        con_a.submit(con_a.get_by_role("button", name="Bekræft resultatet"))
        overview(con_a, ref)
        expect_state(con_a, "Til godkendelse")

        # --- the leader signs off: to the hearing --------------------------------------------------------
        task(lead, "Godkend eller returnér det afstemte resultat")
        expect(lead.locator("main")).to_contain_text(SHARED_REASON)
        lead.submit(lead.get_by_role("button", name="Godkend og send i partshøring"))
        expect_state(lead, "Partshøring")

        # --- the supplier reads the draft and comments -------------------------------------------------
        task(sup, "Læs udkastet og giv eventuelle bemærkninger (partshøring)")
        main = sup.locator("main")
        expect(main).to_contain_text("Der er et udkast til afgørelse.")
        expect(main).to_contain_text(SHARED_REASON)
        expect(main).to_contain_text(PLACEMENT)
        hearing_comment = "Vi er enige i udkastet, men vil gerne fremhæve vores kursusplan for 2025."
        sup.get_by_label("Bemærkninger til udkastet som helhed").fill(hearing_comment)
        sup.submit(sup.get_by_role("button", name="Send bemærkninger"))
        expect(sup.locator("main")).to_contain_text(hearing_comment)

        # --- consultant A decides --------------------------------------------------------------------------
        overview(con_a, ref)
        expect_state(con_a, "Partshøring")
        con_a.submit(con_a.get_by_role("link", name="Se partshøringen"))
        expect(con_a.locator("main")).to_contain_text(hearing_comment)
        con_a.submit(con_a.get_by_role("link", name="Træf afgørelse"))
        con_a.get_by_label("Afgørelsen gælder fra").fill(today.isoformat())
        con_a.submit(con_a.get_by_role("button", name="Træf afgørelse"))
        expect_state(con_a, "Afgjort")
        expect(con_a.locator("h1")).to_have_text("Afgørelse")  # the decision page shows the decision made
        main = con_a.locator("main")
        expect(main).to_contain_text("Højt specialiseret")
        expect(main).to_contain_text(SHARED_REASON)
        for parameter in SUPPLIER_PARAMETERS:
            expect(main.locator(f"[id$='-{parameter.value}']").first).to_contain_text(
                SUPPLIER_PARAMETER_LABELS[parameter]
            )
            if parameter.value != DISPUTED:
                expect(main).to_contain_text(reasons_a[parameter.value])

        # --- the supplier reads the decision and appeals ---------------------------------------------------
        task(sup, "Afgørelse truffet: læs den – klagefristen løber")
        main = sup.locator("main")
        expect(main).to_contain_text("Socialtilsynet har truffet afgørelse.")
        expect(sup.get_by_role("heading", name="Klagevejledning")).to_be_visible()
        appeal_reasons = "Vi mener, at hjælpemidler og teknologi er på højt niveau: vi underviser andre tilbud."
        sup.get_by_label("Hvorfor klager I?").fill(appeal_reasons)
        sup.submit(sup.get_by_role("button", name="Send klage"))
        expect(sup.locator("main")).to_contain_text("Socialtilsynet har modtaget jeres klage")

        # --- consultant A upholds the decision: the appeal goes to Ankestyrelsen ---------------------------
        task(con_a, "Behandl klagen over afgørelsen")
        expect_state(con_a, "Klage under behandling")
        expect(con_a.locator("main")).to_contain_text(appeal_reasons)
        con_a.get_by_label("Hvorfor fastholdes afgørelsen?").fill(
            "Vejledningens kriterier for højt niveau er ikke dokumenteret for hjælpemidler."
        )
        con_a.submit(con_a.get_by_role("button", name="Fasthold og send til Ankestyrelsen"))
        expect(con_a.locator("main")).to_contain_text("sendt klagen videre til Ankestyrelsen")
        overview(con_a, ref)
        expect_state(con_a, "Afgjort")

        sup.reload()
        sup.check()
        expect(sup.locator("main")).to_contain_text("sendt klagen videre til Ankestyrelsen")

    # --- and in the database ------------------------------------------------------------------------------
    case.refresh_from_db()
    assert case.state == "afgjort"
    assert case.primary_consultant == consultant
    assert case.second_consultant == second_consultant
    assert case.information_form.status == InformationForm.Status.ACCEPTED
    assert case.information_form.answers.exclude(value=None).count() == len(q) - 1  # the file is an attachment
    levels = {
        j.author: sorted(p.level for p in j.parameters.all()) for j in case.judgements.prefetch_related("parameters")
    }
    assert levels == {consultant: [2] + [3] * 7, second_consultant: [2, 2] + [3] * 6}
    reconciled = {r.parameter: r for r in case.reconciled.all()}
    assert sorted(r.level for r in reconciled.values()) == [2] + [3] * 7
    assert reconciled[DISPUTED].reasons == SHARED_REASON
    assert not reconciled[DISPUTED].agreed_from_start
    assert HearingComment.objects.get(hearing__case=case).text == hearing_comment
    decision = Decision.objects.get(case=case)
    assert decision.level == 3
    assert decision.valid_from == today
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.reasons == appeal_reasons
    assert appeal.outcome == Appeal.Outcome.UPHELD
    assert appeal.forwarded_at is not None
