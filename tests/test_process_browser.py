# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""In Chromium: a leader opens Sagsforløb from the main navigation, filters it and reads the charts and tables; the
page passes axe-core and raises no CSP violation, at 1280 and 320 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.domain.workflow import State
from assessments.models import Hearing
from assessments.services.process import process_summary_refresh

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .test_browser_statements import log_in
from .test_process import _clone, _history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_process_figures_of_their_socialtilsyn(browser_page, leader, case, tilsyn):
    start = timezone.now() - datetime.timedelta(days=20)
    done = _clone(case, tilsyn=tilsyn, state=State.OPLYSNINGER_ANMODET, opened_at=start)
    _history(done, start, [(State.OPRETTET, State.OPLYSNINGER_ANMODET, 2.5)])
    waiting = _clone(case, tilsyn=tilsyn, state=State.PARTSHOERING)
    Hearing.objects.create(case=waiting, draft={}, deadline=timezone.localdate() - datetime.timedelta(days=1))
    process_summary_refresh()

    page = browser_page
    log_in(page, leader.username)
    page.submit(page.locator(".navigation-menu").get_by_role("link", name="Sagsforløb"))
    expect(page.locator("h1")).to_have_text("Sagsforløb")
    durations = page.get_by_role("region", name="Tid i status")
    expect(durations.get_by_role("row", name="Oprettet 1 2,5 2,5")).to_be_visible()
    overdue = page.get_by_role("region", name="Over fristen i dag")
    expect(overdue.get_by_role("row", name=f"{tilsyn.name} 0 1 0")).to_be_visible()
    expect(page.locator("figure.chart svg")).to_have_count(3)

    page.get_by_label("Periode").select_option(label="Seneste 3 måneder")
    page.submit(page.get_by_role("button", name="Vis"))
    expect(page.get_by_label("Periode")).to_have_value("3")

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    page.check()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.assert_every_page_checked()
