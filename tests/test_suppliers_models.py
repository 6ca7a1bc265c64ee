"""CVR validation, the derived matrikelløs flag and the suppliers' database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from suppliers.domain import CVR_WEIGHTS, is_valid_cvr, normalise_cvr
from suppliers.models import Department, validate_cvr

from .factories import DepartmentFactory, SupplierFactory, cvr_numbers

# Real, published CVR numbers (they pass the modulus-11 check).
VALID = ["10150817", "29189404", "55133018", "25052943", "21659509"]
INVALID = [
    "10150818",  # wrong check digit
    "01234567",  # leading zero
    "1015081",  # seven digits
    "101508170",  # nine digits
    "1015O817",  # letter O, not zero
    "",
]


@pytest.mark.parametrize("cvr", VALID)
def test_real_cvr_numbers_are_valid(cvr):
    assert is_valid_cvr(cvr)
    validate_cvr(cvr)


@pytest.mark.parametrize("cvr", INVALID)
def test_malformed_cvr_numbers_are_invalid(cvr):
    assert not is_valid_cvr(cvr)
    with pytest.raises(ValidationError) as exc_info:
        validate_cvr(cvr)
    assert exc_info.value.code == "invalid_cvr"


@pytest.mark.parametrize("typed", ["10 15 08 17", "DK10150817", "dk 1015 0817", " DK-10150817 ", "1015-0817"])
def test_spaces_dashes_and_dk_prefix_are_ignored(typed):
    assert normalise_cvr(typed) == "10150817"
    validate_cvr(typed)


def test_a_zero_first_digit_is_refused_even_when_the_checksum_holds():
    assert sum(int(d) * w for d, w in zip("01234560", CVR_WEIGHTS, strict=True)) % 11 == 0
    assert not is_valid_cvr("01234560")


@given(st.integers(min_value=0, max_value=99_999_999))
def test_validity_is_exactly_eight_digits_no_leading_zero_and_mod_11(number):
    value = f"{number:08d}"
    expected = value[0] != "0" and sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0
    assert is_valid_cvr(value) is expected


@given(st.integers(min_value=10_000_000, max_value=99_999_999), st.integers(min_value=0, max_value=7))
def test_changing_one_digit_of_a_valid_number_makes_it_invalid(number, position):
    value = f"{number:08d}"
    if not is_valid_cvr(value):
        return
    digit = (int(value[position]) + 1) % 10
    changed = value[:position] + str(digit) + value[position + 1 :]
    # weights are all below 11 and non-zero, so a single-digit change always breaks the checksum
    assert not is_valid_cvr(changed)


def test_factory_cvr_numbers_are_valid():
    numbers = cvr_numbers()
    assert all(is_valid_cvr(next(numbers)) for _ in range(200))


@pytest.mark.django_db
def test_full_clean_stores_a_valid_cvr():
    supplier = SupplierFactory.build(cvr="10150817", socialtilsyn=SupplierFactory().socialtilsyn)
    supplier.full_clean()
    assert supplier.cvr == "10150817"


@pytest.mark.django_db
def test_full_clean_accepts_a_typed_cvr_and_stores_the_digits():
    supplier = SupplierFactory.build(cvr="DK 1015 0817", socialtilsyn=SupplierFactory().socialtilsyn)
    supplier.full_clean()
    assert supplier.cvr == "10150817"


@pytest.mark.django_db
def test_database_refuses_a_cvr_that_is_not_eight_digits():
    with pytest.raises(IntegrityError):
        SupplierFactory(cvr="0123456")


@pytest.mark.django_db
def test_database_refuses_a_malformed_postcode():
    with pytest.raises(IntegrityError):
        SupplierFactory(postcode="80O0")


CRITERIA = ["no_fixed_residence", "delivered_locally", "legal_basis_sel", "developing_aim"]


@pytest.mark.django_db
def test_department_is_matrikelloes_only_when_all_four_criteria_hold():
    department = DepartmentFactory(**dict.fromkeys(CRITERIA, True))
    department.refresh_from_db()
    assert department.is_matrikelloes is True


@pytest.mark.django_db
@pytest.mark.parametrize("missing", CRITERIA)
def test_department_is_not_matrikelloes_when_one_criterion_is_missing(missing):
    department = DepartmentFactory(**{**dict.fromkeys(CRITERIA, True), missing: False})
    department.refresh_from_db()
    assert department.is_matrikelloes is False


@pytest.mark.django_db
def test_matrikelloes_flag_follows_an_update_of_the_criteria():
    department = DepartmentFactory(**dict.fromkeys(CRITERIA, True))
    Department.objects.filter(pk=department.pk).update(developing_aim=False)
    department.refresh_from_db()
    assert department.is_matrikelloes is False
    assert Department.objects.filter(is_matrikelloes=True).count() == 0


@pytest.mark.django_db
def test_department_names_are_unique_per_supplier():
    department = DepartmentFactory(name="Hovedhuset")
    DepartmentFactory(name="Hovedhuset")  # another supplier may use the same name
    with pytest.raises(IntegrityError):
        DepartmentFactory(name="Hovedhuset", supplier=department.supplier)
