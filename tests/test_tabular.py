"""core.tabular: CSV and XLSX downloads (Danish conventions, formula guard, file names)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from core.tabular import Table, table_response

TODAY = datetime.date(2026, 11, 30)


def _table() -> Table:
    return Table(
        title="Placeringer",
        headers=["Leverandør", "Niveau", "Andel", "Gælder til", "Matrikelløs"],
        rows=[
            ("Bostedet Åen", 3, 0.62, datetime.date(2027, 1, 31), True),
            ('=HYPERLINK("http://x")', 1, Decimal("1.5"), None, False),
            ("-2+3", 2, None, datetime.date(2028, 6, 1), None),
        ],
    )


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_is_what_danish_spreadsheets_read():
    response = table_response("csv", _table(), "placeringer", today=TODAY)
    assert response["Content-Disposition"] == 'attachment; filename="placeringer-2026-11-30.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = _csv(response)
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").split("\r\n")
    assert lines[0] == "Leverandør;Niveau;Andel;Gælder til;Matrikelløs"
    assert lines[1] == "Bostedet Åen;3;0,62;2027-01-31;ja"
    # A formula is shown, never run: the leading apostrophe makes it text (quoted because of the quotes inside).
    assert lines[2] == '"\'=HYPERLINK(""http://x"")";1;1,5;;nej'
    assert lines[3] == "'-2+3;2;;2028-06-01;"


def test_several_tables_in_one_csv_each_under_its_title():
    second = Table(title="Pr. år", headers=["År", "Antal"], rows=[(2026, 4)])
    text = _csv(table_response("csv", [_table(), second], "enighed", today=TODAY)).lstrip("\ufeff")
    assert text.split("\r\n")[:2] == ["Placeringer", "Leverandør;Niveau;Andel;Gælder til;Matrikelløs"]
    assert "\r\n\r\nPr. år\r\nÅr;Antal\r\n2026;4\r\n" in text


def test_xlsx_has_a_sheet_per_table_with_typed_cells():
    long_title = "Enighed pr. parameter og halvår: [alle] socialtilsyn"
    tables = [_table(), Table(title=long_title, headers=["År"], rows=[(2026,)]), Table(long_title, ["x"], [])]
    response = table_response("xlsx", tables, "enighed", today=TODAY)
    assert response["Content-Disposition"] == 'attachment; filename="enighed-2026-11-30.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    names = workbook.sheetnames
    assert names[0] == "Placeringer"
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len(set(names)) == 3
    rows = list(workbook["Placeringer"].iter_rows(values_only=True))
    assert rows[0] == ("Leverandør", "Niveau", "Andel", "Gælder til", "Matrikelløs")
    assert rows[1][:3] == ("Bostedet Åen", 3, 0.62)
    assert rows[1][3].date() == datetime.date(2027, 1, 31)
    assert rows[2][0] == '\'=HYPERLINK("http://x")'
    assert workbook["Placeringer"]["A1"].font.bold


def test_unknown_format_is_not_found():
    with pytest.raises(Http404):
        table_response("pdf", _table(), "placeringer")
