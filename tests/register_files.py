"""Register extracts for the supplier import tests: CVR numbers that pass modulus 11, and a seeded generator of
large files (written to a temporary directory, never committed). All names and numbers are fictional."""

import csv
import io
import random
from collections.abc import Sequence

from suppliers.domain import CVR_WEIGHTS
from suppliers.imports.domain import HEADER
from suppliers.municipalities import MUNICIPALITIES

SOCIALTILSYN_BY_REGION = {
    "Region Hovedstaden": "Socialtilsyn Hovedstaden",
    "Region Sjælland": "Socialtilsyn Øst",
    "Region Syddanmark": "Socialtilsyn Syd",
    "Region Midtjylland": "Socialtilsyn Midt",
    "Region Nordjylland": "Socialtilsyn Nord",
}
MATRIKELLOES = ("ja", "ja", "ja", "ja")
RESIDENTIAL = ("nej", "nej", "ja", "ja")
DAY = ("ja", "ja", "ja", "nej")


def fictional_cvr(index: int) -> str:
    """A CVR number passing modulus 11, from 30000000 upwards (the check digit is the 8th; prefixes whose
    check digit would be 10 are skipped)."""
    prefix = 3_000_000 + index * 7
    while True:
        digits = f"{prefix:07d}"
        check = (11 - sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11) % 11
        if check < 10:
            return f"{digits}{check}"
        prefix += 1


def bad_cvr(index: int) -> str:
    """Eight digits that fail modulus 11."""
    good = fictional_cvr(index)
    return good[:7] + str((int(good[7]) + 1) % 10)


def generated_rows(suppliers: int, *, seed: int = 2026) -> list[list[str]]:
    """Rows of a register extract with `suppliers` suppliers of 0-4 departments each (seeded, reproducible)."""
    rng = random.Random(seed)
    kinds = ("SEL § 107", "SEL § 108", "ABL § 105", "SEL § 104", "Barnets lov", "Matrikelløs indsats")
    ownerships = ("Kommunal", "Regional", "Privat", "Selvejende")
    rows: list[list[str]] = []
    dept_id = 5_000_000
    for index in range(suppliers):
        municipality = rng.choice(MUNICIPALITIES)
        supplier = [
            str(1_000_000 + index),
            f"Tilbud {index:05d} {municipality.name}",
            fictional_cvr(index),
            rng.choice(ownerships),
            rng.choice(kinds),
            f"Testvej {rng.randint(1, 200)}",
            f"{rng.randint(1000, 9990)}",
            municipality.name,
            municipality.name if index % 2 else municipality.code,
            SOCIALTILSYN_BY_REGION[municipality.region],
        ]
        count = rng.choice((0, 1, 1, 2, 2, 3, 4))
        if count == 0:
            rows.append(supplier + [""] * 9)
        for number in range(count):
            dept_id += 1
            flags = rng.choice((MATRIKELLOES, RESIDENTIAL, DAY))
            rows.append(
                [
                    *supplier,
                    str(dept_id),
                    f"Afdeling {number + 1}",
                    f"Testvej {number + 1}",
                    supplier[6],
                    supplier[7],
                    *flags,
                ]
            )
    return rows


def csv_bytes(rows: list[list[str]], *, header=HEADER, delimiter: str = ";", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[object]], *, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Udtræk")
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
