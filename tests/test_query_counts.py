"""List pages make the same number of queries however many rows there are (no N+1)."""

import pytest
from django.urls import reverse

from .factories import DepartmentFactory, SocialtilsynFactory, SupplierFactory, SupplierUserFactory

pytestmark = pytest.mark.django_db

# session, user (with the socialtilsyn the page header names), count for the paginator, and the page of
# suppliers (with socialtilsyn and department count joined in)
SUPPLIER_LIST_MAX_QUERIES = 4


def make_suppliers(n: int, tilsyn, **kwargs):
    suppliers = SupplierFactory.create_batch(n, socialtilsyn=tilsyn, **kwargs)
    for supplier in suppliers:
        DepartmentFactory.create_batch(2, supplier=supplier)
    return suppliers


@pytest.mark.parametrize("n", [5, 50])
def test_supplier_list_for_a_consultant_has_flat_query_count(
    consultant_client, consultant, n, django_assert_max_num_queries
):
    make_suppliers(n, consultant.socialtilsyn)

    with django_assert_max_num_queries(SUPPLIER_LIST_MAX_QUERIES):
        response = consultant_client.get(reverse("suppliers:list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 25)


@pytest.mark.parametrize("n", [5, 50])
def test_supplier_list_for_a_supplier_user_has_flat_query_count(client, n, django_assert_max_num_queries):
    user = SupplierUserFactory(suppliers=make_suppliers(n, SocialtilsynFactory()))
    client.force_login(user)

    with django_assert_max_num_queries(SUPPLIER_LIST_MAX_QUERIES):
        response = client.get(reverse("suppliers:list"))

    assert response.status_code == 200


def test_supplier_list_is_ordered_by_name_and_paginated(consultant_client, consultant):
    for name in ["Charlie", "Alfa", "Bravo"]:
        SupplierFactory(name=name, socialtilsyn=consultant.socialtilsyn)
    response = consultant_client.get(reverse("suppliers:list"))
    assert [s.name for s in response.context["page"].object_list] == ["Alfa", "Bravo", "Charlie"]


def test_department_count_is_annotated(consultant_client, consultant):
    make_suppliers(1, consultant.socialtilsyn)
    response = consultant_client.get(reverse("suppliers:list"))
    assert response.context["page"].object_list[0].department_count == 2
