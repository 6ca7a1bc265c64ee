"""Contextual help next to each parameter: a <details> disclosure with the bound guide version's explanation,
on the supplier's form section pages and on the consultant's judgement parameter page."""

import re

import pytest
from django.urls import reverse

from targetgroups.models import GuideParameter
from targetgroups.services import version_publish

from .. import factories
from .helpers import to_judging

pytestmark = pytest.mark.django_db

PARAM = "aktiv_praksis"


def help_disclosure(html: str) -> str:
    """The contents of the page's parameter help disclosure (fails when there is none)."""
    match = re.search(r"<details[^>]*data-parameter-help[^>]*>(.*?)</details>", html, re.S)
    assert match, "no parameter help disclosure on the page"
    return match.group(1)


@pytest.fixture
def newer_guide(requested_form, published_description, fagadmin):
    """Version 2 of the guide, published after the case was opened, with other explanations and criteria."""
    draft = factories.guide_draft(description=published_description, version=2)
    GuideParameter.objects.filter(guide=draft).update(introduction="NY FORKLARING")
    draft.parameters.get(parameter=PARAM).criteria.update(text="NYT KRITERIUM")
    return version_publish(version=draft, user=fagadmin)


def test_supplier_section_help_shows_the_cases_guide_version_not_a_newer_one(
    client, requested_form, supplier_user, newer_guide
):
    client.force_login(supplier_user)
    html = client.get(reverse("assessments:form_section", args=[requested_form.case.pk, PARAM])).content.decode()
    disclosure = help_disclosure(html)
    assert "<summary" in disclosure
    assert "Hvad betyder «Aktiv praksis»?" in disclosure
    assert "Om aktiv_praksis" in disclosure
    assert "Kriterium for aktiv_praksis på højt" in disclosure
    assert "version 1" in disclosure
    assert "NY FORKLARING" not in html
    assert "NYT KRITERIUM" not in html


def test_the_general_section_has_no_parameter_help(client, requested_form, supplier_user):
    client.force_login(supplier_user)
    html = client.get(reverse("assessments:form_section", args=[requested_form.case.pk, "generelt"])).content.decode()
    assert "data-parameter-help" not in html


def test_judgement_page_help_shows_the_cases_guide_version_not_a_newer_one(
    client, requested_form, supplier_user, consultant, newer_guide
):
    case = to_judging(requested_form, supplier_user, consultant)
    client.force_login(consultant)
    html = client.get(reverse("assessments:judgement_parameter", args=[case.pk, PARAM])).content.decode()
    disclosure = help_disclosure(html)
    assert "Hvad betyder «Aktiv praksis»?" in disclosure
    assert "Om aktiv_praksis" in disclosure
    assert "NY FORKLARING" not in html
    # The explanation is in the disclosure only, not repeated above the criteria.
    assert html.count("Om aktiv_praksis") == 1
