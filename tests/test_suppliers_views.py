"""The supplier list's search and the supplier page, seen through the test client."""

import pytest
from django.urls import reverse

from .factories import DepartmentFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [s.name for s in response.context["page"].object_list]


def test_search_finds_suppliers_by_part_of_the_name(consultant_client, consultant):
    SupplierFactory(name="Bostedet Aaen", socialtilsyn=consultant.socialtilsyn)
    SupplierFactory(name="Kollegiet Skoven", socialtilsyn=consultant.socialtilsyn)
    response = consultant_client.get(reverse("suppliers:list"), {"q": "aaen"})
    assert listed(response) == ["Bostedet Aaen"]


def test_search_finds_a_supplier_by_cvr(consultant_client, consultant):
    wanted = SupplierFactory(name="Bostedet Aaen", socialtilsyn=consultant.socialtilsyn)
    SupplierFactory(name="Kollegiet Skoven", socialtilsyn=consultant.socialtilsyn)
    response = consultant_client.get(reverse("suppliers:list"), {"q": wanted.cvr})
    assert listed(response) == ["Bostedet Aaen"]


def test_search_never_reaches_beyond_the_own_socialtilsyn(consultant_client, other_supplier):
    response = consultant_client.get(reverse("suppliers:list"), {"q": other_supplier.cvr})
    assert listed(response) == []
    response = consultant_client.get(reverse("suppliers:list"), {"q": other_supplier.name})
    assert listed(response) == []


def test_list_is_paginated_by_25(consultant_client, consultant):
    SupplierFactory.create_batch(30, socialtilsyn=consultant.socialtilsyn)
    first = consultant_client.get(reverse("suppliers:list"))
    second = consultant_client.get(reverse("suppliers:list"), {"side": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))


def test_supplier_page_shows_departments_and_the_matrikelloes_flag(consultant_client, supplier):
    DepartmentFactory(
        supplier=supplier,
        name="Udekørende team",
        no_fixed_residence=True,
        delivered_locally=True,
        legal_basis_sel=True,
        developing_aim=True,
    )
    response = consultant_client.get(reverse("suppliers:detail", args=[supplier.pk]))
    html = response.content.decode()
    assert supplier.cvr in html
    assert "Hovedhuset" in html
    assert "Udekørende team" in html
    assert html.count("Matrikelløs indsats") == 1
