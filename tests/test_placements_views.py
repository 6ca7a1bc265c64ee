# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The placement search page, the supplier page and the exports: who may use them, what each filter and the free
text find, the form's Danish messages, and what the downloads hold."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import CurrentPlacement
from assessments.services.placements import rebuild_placements
from suppliers.models import Supplier

from . import factories
from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .test_query_counts_placements import make_placements

pytestmark = pytest.mark.django_db

STAFF_AND_MUNICIPALITIES = ["myndighed", "consultant", "leader", "fagadmin"]


@pytest.fixture
def placed(case):
    make_placements(case, 3)
    return case


def _urls(case):
    return [
        reverse("register"),
        reverse("register_supplier", args=[case.supplier_id]),
        reverse("register_export", args=["csv"]),
        reverse("register_export", args=["xlsx"]),
    ]


@pytest.mark.parametrize("role", STAFF_AND_MUNICIPALITIES)
def test_staff_and_municipalities_may_search_see_suppliers_and_export(placed, client_for, role):
    client = client_for(role)
    for url in _urls(placed):
        assert client.get(url).status_code == 200, url


def test_suppliers_are_refused_and_anonymous_users_sent_to_log_in(placed, client_for):
    for url in _urls(placed):
        assert client_for(None).get(url).status_code == 302, url
    for url in _urls(placed):
        assert client_for("supplier_user").get(url).status_code == 403, url


def test_unknown_supplier_and_unknown_export_format_are_404(placed, client_for):
    client = client_for("myndighed")
    assert client.get(reverse("register_supplier", args=[999999])).status_code == 404
    assert client.get(reverse("register_export", args=["pdf"])).status_code == 404


def _found(client, **params) -> int:
    response = client.get(reverse("register"), params)
    assert response.status_code == 200
    assert response.context["form"].errors == {}, response.context["form"].errors
    return response.context["page"].paginator.count


def test_each_filter_narrows_the_search(placed, client_for):
    client = client_for("myndighed")
    supplier = placed.supplier
    supplier.municipality_code = "751"  # Aarhus, Region Midtjylland (copied into the placements by a trigger)
    supplier.save()
    assert _found(client) == 3
    assert _found(client, region="Region Midtjylland") == 3
    assert _found(client, region="Region Hovedstaden") == 0
    assert _found(client, municipality="751") == 3
    assert _found(client, municipality="101") == 0
    assert _found(client, ownership=supplier.ownership) == 3
    assert _found(client, ownership=Supplier.Ownership.KOMMUNAL) == 0
    assert _found(client, age_band=placed.target_group.age_band) == 3
    assert _found(client, age_band="boern" if placed.target_group.age_band != "boern" else "voksne") == 0
    assert _found(client, matrikelloes="nej") == 3
    assert _found(client, matrikelloes="ja") == 0
    assert _found(client, socialtilsyn=placed.socialtilsyn_id) == 3
    assert _found(client, level=3) == 3  # a third are lowered to moderat but still in their remedy period
    assert _found(client, level=2) == 0


def test_free_text_finds_prefixes_addresses_misspelt_names_and_cvr_numbers(placed, client_for):
    client = client_for("myndighed")
    supplier = placed.supplier
    other = factories.SupplierFactory(name="Solgården", street="Bostedvej 9", socialtilsyn=supplier.socialtilsyn)
    other_case = placed
    other_case.supplier = other
    other_case.pk = None
    other_case.reference = "ANDEN-1"
    other_case.state = "afgjort"
    other_case.save()
    today = timezone.localdate()
    other_case.decisions.create(
        level=1,
        explanation="x",
        rule=other_case.rule,
        parameters={},
        valid_from=today,
        valid_until=today + datetime.timedelta(days=300),
        decided_by=other_case.leader,
    )
    rebuild_placements()
    assert _found(client) == 4
    assert _found(client, q="bosted") == 4  # "Bostedet Aaen" by name, "Solgården" by its address
    assert _found(client, q="boste") == 4  # a prefix
    assert _found(client, q="solg") == 1
    assert _found(client, q="solgaarden") == 1  # å typed as aa: trigram similarity on the names spelt so
    assert _found(client, q="bosteedet") == 3  # no word starts so: trigram similarity on the names
    assert _found(client, q=supplier.cvr) == 3
    # Ranked: a match on the name comes before a match on the address.
    response = client.get(reverse("register"), {"q": "bosted"})
    assert [row.supplier_name for row in response.context["page"].object_list][-1] == "Solgården"


def test_form_explains_in_danish_what_to_correct(placed, client_for):
    client = client_for("myndighed")
    response = client.get(reverse("register"), {"region": "Region Hovedstaden", "municipality": "751", "q": "x"})
    errors = response.context["form"].errors
    assert errors["municipality"] == ["Aarhus Kommune ligger ikke i Region Hovedstaden."]
    assert errors["q"] == ["Skriv mindst to bogstaver eller tal."]
    assert response.context["page"] is None
    assert "Aarhus Kommune ligger ikke i Region Hovedstaden." in response.content.decode()
    response = client.get(reverse("register"), {"target_group": "999999", "ownership": "ukendt"})
    assert response.context["form"].errors == {
        "target_group": ["Vælg en af målgrupperne på listen."],
        "ownership": ["Vælg en af ejerformerne på listen."],
    }


def test_supplier_page_lists_each_department_level_validity_and_remedy_period(placed, client_for):
    response = client_for("myndighed").get(reverse("register_supplier", args=[placed.supplier_id]))
    page = response.context["page"]
    rows = page.placements
    assert [row.department_name for row in rows] == sorted(row.department_name for row in rows)
    lowered = [row for row in rows if row.pending_level]
    assert len(lowered) == 1  # make_placements lowers every third
    assert (lowered[0].effective_level, lowered[0].pending_level) == (3, 2)
    html = response.content.decode()
    assert "derefter" in html
    assert "Moderat" in html
    # A search row links to the supplier page.
    search = client_for("myndighed").get(reverse("register")).content.decode()
    assert reverse("register_supplier", args=[placed.supplier_id]) in search


def test_exports_hold_every_matching_row_with_danish_headers_and_the_date_in_the_file_name(case, client_for):
    make_placements(case, 30)  # more than one page
    client = client_for("myndighed")
    today = timezone.localdate().isoformat()
    response = client.get(reverse("register_export", args=["csv"]), {"level": 3})
    assert response["Content-Disposition"] == f'attachment; filename="placeringer-{today}.csv"'
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Leverandør;CVR-nummer;Afdeling;Adresse;Kommune;Ejerform;Matrikelløs;Målgruppe")
    assert len(lines) == 31
    assert sum(";Højt;Moderat;" in line for line in lines) == 10  # in a remedy period: moderat from its end

    response = client.get(reverse("register_export", args=["xlsx"]))
    assert response["Content-Disposition"] == f'attachment; filename="placeringer-{today}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Leverandør", "CVR-nummer", "Afdeling")
    assert len(rows) == 31
    assert {row[0] for row in rows[1:]} == {case.supplier.name}
    assert CurrentPlacement.objects.count() == 30


def test_an_xlsx_file_is_refused_above_its_row_limit_with_the_way_on_and_csv_still_works(case, client_for, monkeypatch):
    """A workbook is built whole inside the request, so above XLSX_MAX_ROWS the page offers CSV only and a
    direct XLSX request goes back to the same search with the reason (the whole register took 2.8 s)."""
    from assessments.views import register as views

    make_placements(case, 6)
    client = client_for("myndighed")
    xlsx = reverse("register_export", args=["xlsx"])

    monkeypatch.setattr(views, "XLSX_MAX_ROWS", 6)  # at the limit: offered and made
    page = client.get(reverse("register"), {"level": 3}).content.decode()
    assert xlsx in page
    assert client.get(xlsx, {"level": 3}).status_code == 200

    monkeypatch.setattr(views, "XLSX_MAX_ROWS", 5)  # one row over
    page = client.get(reverse("register"), {"level": 3}).content.decode()
    assert xlsx not in page
    assert "Excel-filen laves for højst 5 indplaceringer" in page
    assert reverse("register_export", args=["csv"]) in page

    response = client.get(xlsx, {"level": 3})
    assert response.status_code == 302
    assert response["Location"] == reverse("register") + "?level=3"
    followed = client.get(response["Location"]).content.decode()
    assert "Excel-filen laves for højst 5 indplaceringer, og søgningen finder flere" in followed

    csv = client.get(reverse("register_export", args=["csv"]), {"level": 3})
    assert csv.status_code == 200
    assert b"".join(csv.streaming_content).decode("utf-8-sig").count("\r\n") == 7  # the header and six rows
