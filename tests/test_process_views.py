# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The Sagsforløb page: who may see it (every role walked), whose figures they see, filters and exports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.domain.workflow import State
from assessments.models import Hearing

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .test_process import _clone

pytestmark = pytest.mark.django_db

URL = reverse("assessments:process_figures")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("supplier_user", 403),
        ("consultant", 403),
        ("myndighed", 403),
        ("leader", 200),
        ("other_leader", 200),
        ("fagadmin", 200),
    ],
)
def test_only_leaders_and_the_fagadministrator_may_see_the_process_figures(client_for, who, status):
    response = client_for(who).get(URL)
    assert response.status_code == status
    if status == 302:
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["supplier_user", "consultant", "myndighed"])
def test_the_exports_are_refused_to_the_same_roles(client_for, who):
    assert client_for(who).get(URL + "?eksport=csv").status_code == 403


@pytest.fixture
def hearings(case, tilsyn, other_tilsyn):
    """One overdue hearing in each socialtilsyn (two in Syd), so whose figures are shown can be told apart."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for owner in (tilsyn, other_tilsyn, other_tilsyn):
        made = _clone(case, tilsyn=owner, state=State.PARTSHOERING)
        Hearing.objects.create(case=made, draft={}, deadline=yesterday)


def _hearing_counts(response) -> dict[str, int]:
    return {
        (line.socialtilsyn.name if line.socialtilsyn else "alle"): line.count("hearing")
        for line in response.context["figures"].overdue
    }


def test_a_leader_sees_only_their_own_socialtilsyn_whatever_they_ask_for(client, leader, other_tilsyn, hearings):
    client.force_login(leader)
    response = client.get(URL, {"socialtilsyn": other_tilsyn.pk})
    assert response.status_code == 200
    assert _hearing_counts(response) == {"Socialtilsyn Nord": 1}
    # the leader is offered no choice of socialtilsyn
    assert "socialtilsyn" not in response.context["form"].fields


def test_the_fagadministrator_sees_every_socialtilsyn_and_their_total_or_the_one_chosen(
    client, fagadmin, other_tilsyn, hearings
):
    client.force_login(fagadmin)
    response = client.get(URL)
    assert _hearing_counts(response) == {"Socialtilsyn Nord": 1, "Socialtilsyn Syd": 2, "alle": 3}
    response = client.get(URL, {"socialtilsyn": other_tilsyn.pk})
    assert _hearing_counts(response) == {"Socialtilsyn Syd": 2}


def test_an_unknown_filter_value_gets_a_danish_message_beside_the_field(client, fagadmin):
    client.force_login(fagadmin)
    response = client.get(URL, {"socialtilsyn": "999999", "periode": "7"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "Marker en gyldig valgmulighed" in form.errors["socialtilsyn"][0]
    assert "periode" in form.errors
    # the figures fall back to every socialtilsyn and the default period
    assert response.context["figures"].scope.socialtilsyn_id is None
    assert response.context["period_months"] == 12


def test_the_leader_and_the_fagadministrator_find_the_page_in_their_main_navigation(client_for):
    for who in ("leader", "fagadmin"):
        response = client_for(who).get(reverse("core:dashboard"))
        items = {item["label"]: item["url"] for item in response.context["main_navigation"]}
        assert items["Sagsforløb"] == URL
    response = client_for("consultant").get(reverse("core:dashboard"))
    assert URL not in {item["url"] for item in response.context["main_navigation"]}


def test_every_table_of_the_page_downloads_as_csv_and_xlsx_with_danish_headers_and_the_date(client, fagadmin, hearings):
    import io

    from openpyxl import load_workbook

    client.force_login(fagadmin)
    today = timezone.localdate().isoformat()
    response = client.get(URL, {"eksport": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sagsforloeb-{today}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for title in ("Tid i status", "Over fristen i dag", "Genvurderinger pr. måned"):
        assert f"{title}\r\n" in text
    assert "Socialtilsyn;Oplysningsskemaer over fristen;Partshøringer over fristen uden afgørelse;" in text
    assert "Socialtilsyn Syd;0;2;0\r\n" in text
    assert "Alle socialtilsyn;0;3;0\r\n" in text
    response = client.get(URL, {"eksport": "xlsx"})
    assert response["Content-Disposition"] == f'attachment; filename="sagsforloeb-{today}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    due = workbook.worksheets[2]
    assert [c.value for c in next(due.iter_rows(max_row=1))] == [
        "Måned",
        "Socialtilsyn Nord",
        "Socialtilsyn Syd",
        "I alt",
    ]
    assert due.max_row == 13  # the header and twelve months


def test_the_export_links_keep_the_chosen_filters(client, fagadmin, other_tilsyn):
    client.force_login(fagadmin)
    html = client.get(URL, {"socialtilsyn": other_tilsyn.pk, "periode": 24, "eksport": "html"}).content.decode()
    assert f"?socialtilsyn={other_tilsyn.pk}&amp;periode=24&amp;eksport=csv" in html
    assert f"?socialtilsyn={other_tilsyn.pk}&amp;periode=24&amp;eksport=xlsx" in html
