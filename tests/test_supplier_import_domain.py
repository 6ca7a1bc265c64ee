"""The register parser and file reader of the supplier import: plain pytest, no database."""

import io
import zipfile
from pathlib import Path

import pytest

from suppliers.imports import domain
from suppliers.imports.domain import HEADER, parse_register, socialtilsyn_spellings
from suppliers.imports.files import (
    MSG_EMPTY_FILE,
    MSG_NOT_REGISTER_FILE,
    MSG_NOT_UTF8,
    MSG_UNREADABLE,
    MSG_XLS,
    RegisterFileError,
    read_table,
)
from suppliers.municipalities import BY_CODE, MUNICIPALITIES, find_municipality

from .register_files import bad_cvr, csv_bytes, fictional_cvr, generated_rows, xlsx_bytes

SAMPLE = Path(__file__).parent / "data" / "tilbudsportalen_sample.csv"
LOOKUP: dict[str, str] = {}
for _code, _name in (
    ("hovedstaden", "Socialtilsyn Hovedstaden"),
    ("oest", "Socialtilsyn Øst"),
    ("syd", "Socialtilsyn Syd"),
    ("midt", "Socialtilsyn Midt"),
    ("nord", "Socialtilsyn Nord"),
):
    LOOKUP |= socialtilsyn_spellings(_code, _name)


def row(**overrides: str) -> list[str]:
    """One valid row (supplier 100 with department 200), with cells replaced by column key."""
    values = {
        "tilbudsportal_id": "100",
        "name": "Bostedet Test",
        "cvr": fictional_cvr(1),
        "ownership": "Privat",
        "kind": "SEL § 108",
        "street": "Testvej 1",
        "postcode": "8000",
        "city": "Aarhus C",
        "municipality": "Aarhus",
        "socialtilsyn": "Socialtilsyn Midt",
        "dept_id": "200",
        "dept_name": "Hovedhuset",
        "dept_street": "Testvej 1",
        "dept_postcode": "8000",
        "dept_city": "Aarhus C",
        "no_fixed_residence": "nej",
        "delivered_locally": "nej",
        "legal_basis_sel": "ja",
        "developing_aim": "ja",
    }
    values.update(overrides)
    return [values[key] for key in COLUMN_KEYS]


COLUMN_KEYS = [domain._HEADER_KEYS[domain.normalise_header(title)] for title in HEADER]


def parse(*rows: list[str], header=HEADER) -> domain.ParsedRegister:
    return parse_register(list(header), list(rows), socialtilsyn_lookup=LOOKUP)


def only_error(result: domain.ParsedRegister) -> domain.RowError:
    assert len(result.errors) == 1, result.errors
    assert result.records == []
    return result.errors[0]


# --- municipalities ------------------------------------------------------------------------------------------


def test_there_are_98_municipalities_in_five_regions_with_unique_codes():
    assert len(MUNICIPALITIES) == 98
    assert len(BY_CODE) == 98
    regions = {m.region for m in MUNICIPALITIES}
    assert len(regions) == 5
    assert sum(m.region == "Region Nordjylland" for m in MUNICIPALITIES) == 11


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Aarhus", "751"),
        ("aarhus kommune", "751"),
        ("Århus", "751"),
        ("0751", "751"),
        ("101", "101"),
        ("Københavns Kommune", "101"),
        ("Bornholms Regionskommune", "400"),
        ("Nordfyns Kommune", "480"),
        ("Lyngby-Taarbæk", "173"),
    ],
)
def test_a_municipality_is_found_by_code_or_name(written, code):
    assert find_municipality(written).code == code


@pytest.mark.parametrize("written", ["Christiansø", "411", "Gotham", "999", "12345", ""])
def test_an_unknown_municipality_is_not_found(written):
    assert find_municipality(written) is None


def test_accepted_ownerships_and_kinds_are_exactly_the_models_choices():
    from suppliers.models import Supplier

    assert set(domain.OWNERSHIP_SPELLINGS) == set(Supplier.Ownership.values)
    assert set(domain.KIND_SPELLINGS) == set(Supplier.Kind.values)


# --- valid files ---------------------------------------------------------------------------------------------


def test_the_sample_file_parses_into_twelve_suppliers_without_errors():
    header, rows, kind = read_table(SAMPLE.read_bytes())
    result = parse_register(header, rows, socialtilsyn_lookup=LOOKUP)
    assert kind == "csv"
    assert result.errors == []
    assert len(result.records) == 12
    assert sum(len(r.departments) for r in result.records) == 17
    shared = [r for r in result.records if r.name in ("Rådgivningscentret Kastanjen", "Botilbuddet Kastanjegården")]
    assert len({r.cvr for r in shared}) == 1
    assert {r.municipality_code for r in shared} == {"259"}
    bare = next(r for r in result.records if r.name == "Mentorhuset Bornholm")
    assert bare.departments == ()
    assert bare.municipality_code == "400"


def test_rows_of_one_supplier_become_one_record_with_its_departments_and_criteria():
    result = parse(
        row(),
        row(dept_id="201", dept_name="Udeteamet", no_fixed_residence="ja", delivered_locally="JA", developing_aim="x"),
    )
    assert result.errors == []
    (record,) = result.records
    assert record.tilbudsportal_id == 100
    assert (record.ownership, record.kind, record.municipality_code, record.socialtilsyn) == (
        "privat",
        "sel108",
        "751",
        "midt",
    )
    assert [d.tilbudsportal_id for d in record.departments] == [200, 201]
    assert record.departments[1].no_fixed_residence
    assert record.departments[1].delivered_locally
    assert not record.departments[0].no_fixed_residence


def test_cvr_is_normalised_and_spellings_of_socialtilsyn_and_kind_are_accepted():
    cvr = fictional_cvr(2)
    result = parse(row(cvr=f"DK {cvr[:4]} {cvr[4:]}", socialtilsyn="midt", kind="Matrikelløs indsats"))
    assert result.errors == []
    assert result.records[0].cvr == cvr
    assert result.records[0].kind == "matrikelloest"


def test_csv_with_comma_separator_and_bom_reads_like_semicolon():
    rows = generated_rows(5)
    semicolon = read_table(csv_bytes(rows))
    comma_bom = read_table(csv_bytes(rows, delimiter=",", bom=True))
    assert semicolon[0] == comma_bom[0] == list(HEADER)
    assert list(semicolon[1]) == list(comma_bom[1])


def test_xlsx_reads_like_csv_numbers_included():
    rows = generated_rows(5)
    numeric = [[int(c) if c.isdigit() and i in (0, 2, 10) else c for i, c in enumerate(r)] for r in rows]
    header, xlsx_rows, kind = read_table(xlsx_bytes(numeric))
    assert kind == "xlsx"
    assert header == list(HEADER)
    assert [list(r) for r in xlsx_rows] == rows


def test_unknown_extra_columns_are_ignored():
    result = parse([*row(), "noget andet"], header=[*HEADER, "Bemærkning"])
    assert result.errors == []


# --- every error kind ----------------------------------------------------------------------------------------


def test_a_bad_cvr_checksum_is_explained_on_its_row_and_column():
    error = only_error(parse(row(), row(dept_id="201", dept_name="B", cvr=bad_cvr(1))))
    assert (error.row, error.column, error.message) == (3, "CVR", domain.MSG_BAD_CVR)


def test_a_cvr_that_is_not_eight_digits_is_refused():
    assert only_error(parse(row(cvr="1234567"))).message == domain.MSG_BAD_CVR


def test_an_unknown_municipality_is_explained():
    error = only_error(parse(row(municipality="Gotham")))
    assert (error.column, error.message, error.params["value"]) == ("Kommune", domain.MSG_BAD_MUNICIPALITY, "Gotham")


def test_a_duplicate_department_id_is_explained_with_the_first_row():
    error = only_error(parse(row(), row(tilbudsportal_id="101", dept_name="Andet sted")))
    assert (error.row, error.column, error.message) == (3, "Afdelings-id", domain.MSG_DUPLICATE_DEPT_ID)
    assert error.params == {"id": 200, "first_row": 2}


def test_a_duplicate_department_name_within_a_supplier_is_refused():
    error = only_error(parse(row(), row(dept_id="201", dept_name="hovedhuset")))
    assert error.message == domain.MSG_DUPLICATE_DEPT_NAME


def test_a_department_id_equal_to_a_supplier_id_is_refused():
    error = only_error(parse(row(), row(tilbudsportal_id="200", dept_id="300", cvr=fictional_cvr(3))))
    assert error.message == domain.MSG_DEPT_ID_IS_SUPPLIER_ID


def test_supplier_columns_that_disagree_between_rows_are_refused():
    error = only_error(parse(row(), row(dept_id="201", dept_name="B", name="Et andet navn")))
    assert (error.row, error.column, error.message) == (3, "Navn", domain.MSG_SUPPLIER_DIFFERS)


def test_a_supplier_row_without_department_next_to_rows_with_departments_is_refused():
    empty_department = dict.fromkeys((*domain.DEPARTMENT_COLUMNS, *domain.CRITERIA), "")
    error = only_error(parse(row(), row(**empty_department)))
    assert error.message == domain.MSG_DEPT_MIXED


def test_the_same_supplier_twice_without_departments_is_refused():
    empty_department = dict.fromkeys((*domain.DEPARTMENT_COLUMNS, *domain.CRITERIA), "")
    error = only_error(parse(row(**empty_department), row(**empty_department)))
    assert error.message == domain.MSG_DUPLICATE_SUPPLIER_ROW


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"tilbudsportal_id": ""}, "Tilbudsportal-id", domain.MSG_REQUIRED),
        ({"tilbudsportal_id": "12a"}, "Tilbudsportal-id", domain.MSG_BAD_ID),
        ({"tilbudsportal_id": "0"}, "Tilbudsportal-id", domain.MSG_BAD_ID),
        ({"tilbudsportal_id": "99999999999"}, "Tilbudsportal-id", domain.MSG_BAD_ID),
        ({"name": " "}, "Navn", domain.MSG_REQUIRED),
        ({"name": "x" * 201}, "Navn", domain.MSG_TOO_LONG),
        ({"cvr": ""}, "CVR", domain.MSG_REQUIRED),
        ({"ownership": "offentlig"}, "Ejerform", domain.MSG_BAD_OWNERSHIP),
        ({"kind": "§ 999"}, "Tilbudstype", domain.MSG_BAD_KIND),
        ({"postcode": "80000"}, "Postnummer", domain.MSG_BAD_POSTCODE),
        ({"municipality": ""}, "Kommune", domain.MSG_REQUIRED),
        ({"socialtilsyn": "Socialtilsyn Vest"}, "Socialtilsyn", domain.MSG_BAD_SOCIALTILSYN),
        ({"dept_id": ""}, "Afdelings-id", domain.MSG_DEPT_WITHOUT_ID),
        ({"dept_id": "-5"}, "Afdelings-id", domain.MSG_BAD_ID),
        ({"dept_name": ""}, "Afdeling", domain.MSG_DEPT_WITHOUT_NAME),
        ({"dept_postcode": "12"}, "Afdeling postnummer", domain.MSG_BAD_POSTCODE),
        ({"legal_basis_sel": "måske"}, "Hjemmel i serviceloven", domain.MSG_BAD_BOOLEAN),
    ],
)
def test_each_bad_cell_is_explained_on_its_row_and_column(overrides, column, message):
    error = only_error(parse(row(**overrides)))
    assert (error.row, error.column, error.message) == (2, column, message)


@pytest.mark.parametrize(
    "overrides",
    [{"name": "Bostedet 010190-1234"}, {"dept_street": "Testvej 1, 0101901234"}, {"city": "Aarhus 01.01.90-1234"}],
)
def test_a_cpr_number_in_any_text_cell_refuses_the_row_without_echoing_it(overrides):
    error = only_error(parse(row(**overrides)))
    assert error.message == domain.MSG_CPR
    assert error.params["numbers"] == "010190-****"
    assert "1234" not in str(error.params)


def test_a_missing_required_column_refuses_the_file():
    header = [h for h in HEADER if h != "Kommune"]
    result = parse_register(header, [], socialtilsyn_lookup=LOOKUP)
    error = only_error(result)
    assert (error.row, error.message) == (None, domain.MSG_MISSING_COLUMNS)
    assert error.params["columns"] == "Kommune"


def test_a_duplicate_column_refuses_the_file():
    error = only_error(parse([*row(), "x"], header=[*HEADER, "navn"]))
    assert error.message == domain.MSG_DUPLICATE_COLUMN


def test_a_file_with_only_a_header_is_refused():
    assert only_error(parse()).message == domain.MSG_EMPTY


def test_too_many_rows_refuse_the_file(monkeypatch):
    monkeypatch.setattr(domain, "MAX_ROWS", 3)
    rows = [row(tilbudsportal_id=str(100 + i), dept_id=str(1000 + i)) for i in range(4)]
    assert only_error(parse(*rows)).message == domain.MSG_TOO_MANY_ROWS


def test_every_error_of_a_broken_file_is_reported_and_no_record_is_returned():
    result = parse(
        row(),
        row(tilbudsportal_id="101", dept_id="201", cvr=bad_cvr(4)),
        row(tilbudsportal_id="102", dept_id="202", municipality="Gotham"),
        row(tilbudsportal_id="103", dept_id="200"),
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (3, domain.MSG_BAD_CVR),
        (4, domain.MSG_BAD_MUNICIPALITY),
        (5, domain.MSG_DUPLICATE_DEPT_ID),
    ]
    assert result.records == []


# --- files that are not register extracts --------------------------------------------------------------------


def _xls_like() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", MSG_EMPTY_FILE),
        (b"   \n", MSG_EMPTY_FILE),
        (_xls_like(), MSG_XLS),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", MSG_NOT_UTF8),
        (b"\x89PNG\r\n\x1a\n\x00\x00", MSG_NOT_REGISTER_FILE),
        ("Navn;CVR\nBøgely;1\n".encode("cp1252"), MSG_NOT_UTF8),
        ("Navn;CVR\n".encode("utf-16"), MSG_NOT_REGISTER_FILE),
        (b"just some text without any separator\n", MSG_NOT_REGISTER_FILE),
        (_zip_without_workbook(), MSG_NOT_REGISTER_FILE),
        (b"PK\x03\x04 broken zip", MSG_NOT_REGISTER_FILE),
    ],
)
def test_a_file_that_is_not_a_csv_or_xlsx_register_is_refused_in_danish(data, message):
    def read_all() -> None:
        _header, rows, _kind = read_table(data)
        list(rows)

    with pytest.raises(RegisterFileError) as refused:
        read_all()
    assert refused.value.message == message


def test_an_xlsx_with_a_broken_workbook_is_refused_as_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    with pytest.raises(RegisterFileError) as refused:
        read_table(buffer.getvalue())
    assert refused.value.message in (MSG_UNREADABLE, MSG_NOT_REGISTER_FILE)


def test_an_xlsx_that_inflates_like_a_zip_bomb_is_refused_before_reading():
    real = zipfile.ZipFile(io.BytesIO(xlsx_bytes(generated_rows(2))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in real.infolist():
            data = real.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data += b" " * 20_000_000  # whitespace after the root element: valid XML, 1000:1 compressed
            archive.writestr(info.filename, data)
    with pytest.raises(RegisterFileError) as refused:
        read_table(buffer.getvalue())
    assert refused.value.message == MSG_UNREADABLE
