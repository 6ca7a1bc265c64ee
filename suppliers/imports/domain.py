"""Rules for reading a Tilbudsportalen-shaped register extract. Pure Python: no Django import, no I/O.

The file has one row per department (afdeling). The supplier's columns are repeated on each of its rows and
must agree; a supplier without departments has one row with the department columns empty. Rows are grouped
by the supplier's Tilbudsportalen id, which is also the key that makes a re-import idempotent.

`parse_register` turns a header and rows of strings into `SupplierRecord`s and a list of `RowError`s, one per
problem, each naming the row (as numbered in the file, the header being row 1) and the column as written in
the file. Messages are Danish source text marked with `gettext_noop`; callers translate them with `params`.
Any error refuses the whole file: nothing is imported from a file with errors.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from privacy.domain import describe_hits, find_cpr_numbers, gettext_noop
from suppliers.domain import is_valid_cvr, normalise_cvr
from suppliers.municipalities import find_municipality

MAX_ROWS = 50_000
PROGRESS_EVERY = 1000  # rows between two calls of parse_register's on_progress
MAX_TEXT = {"name": 200, "street": 200, "city": 100, "dept_name": 200, "dept_street": 200, "dept_city": 100}
MAX_ID = 2_147_483_647  # PositiveIntegerField's upper bound in PostgreSQL

# Accepted values, keyed by the model's stored value (kept equal to Supplier.Ownership / Supplier.Kind by a test).
OWNERSHIP_SPELLINGS: dict[str, tuple[str, ...]] = {
    "kommunal": ("kommunal", "kommunalt", "kommune"),
    "regional": ("regional", "regionalt", "region"),
    "privat": ("privat", "privat tilbud"),
    "selvejende": ("selvejende", "selvejende institution"),
}
KIND_SPELLINGS: dict[str, tuple[str, ...]] = {
    "sel107": ("sel107", "§ 107", "sel § 107", "midlertidigt botilbud"),
    "sel108": ("sel108", "§ 108", "sel § 108", "længerevarende botilbud"),
    "abl105": ("abl105", "abl § 105", "§ 105", "almen bolig", "almen bolig med støtte"),
    "sel104": ("sel104", "§ 104", "sel § 104", "§ 103", "sel § 103", "aktivitets- og samværstilbud", "dagtilbud"),
    "barnetslov": ("barnetslov", "barnets lov", "døgntilbud for børn og unge", "døgntilbud"),
    "matrikelloest": ("matrikelloest", "matrikelløs", "matrikelløs indsats"),
}
TRUE_WORDS = frozenset({"ja", "j", "x", "1", "sand", "true", "yes"})
FALSE_WORDS = frozenset({"nej", "n", "0", "falsk", "false", "no", ""})

# Column key → accepted header spellings (compared case-insensitively, spaces collapsed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "tilbudsportal_id": ("tilbudsportal-id", "tilbudsportalen-id", "tilbuds-id", "tilbudsid", "tilbud id"),
    "name": ("navn", "tilbudsnavn", "leverandør"),
    "cvr": ("cvr", "cvr-nummer", "cvr-nr", "cvr-nr."),
    "ownership": ("ejerform",),
    "kind": ("tilbudstype", "type"),
    "street": ("adresse",),
    "postcode": ("postnummer", "postnr", "postnr."),
    "city": ("by", "postdistrikt"),
    "municipality": ("kommune", "beliggenhedskommune"),
    "socialtilsyn": ("socialtilsyn", "ansvarligt socialtilsyn"),
    "dept_id": ("afdelings-id", "afdeling-id", "afdelingsid"),
    "dept_name": ("afdeling", "afdelingsnavn"),
    "dept_street": ("afdelingsadresse", "afdeling adresse"),
    "dept_postcode": ("afdeling postnummer", "afdelingens postnummer"),
    "dept_city": ("afdeling by", "afdelingens by"),
    "no_fixed_residence": ("ikke fast ophold",),
    "delivered_locally": ("leveres i nærmiljø",),
    "legal_basis_sel": ("hjemmel i serviceloven",),
    "developing_aim": ("udviklende sigte",),
}
REQUIRED_COLUMNS = ("tilbudsportal_id", "name", "cvr", "ownership", "kind", "municipality", "socialtilsyn")
SUPPLIER_FIELDS = (
    "name",
    "cvr",
    "ownership",
    "kind",
    "street",
    "postcode",
    "city",
    "municipality_code",
    "socialtilsyn",
)
DEPARTMENT_COLUMNS = ("dept_id", "dept_name", "dept_street", "dept_postcode", "dept_city")
CRITERIA = ("no_fixed_residence", "delivered_locally", "legal_basis_sel", "developing_aim")
DEPARTMENT_FIELDS = ("name", "street", "postcode", "city", *CRITERIA)

# The header row every generated and sample file uses.
HEADER = (
    "Tilbudsportal-id",
    "Navn",
    "CVR",
    "Ejerform",
    "Tilbudstype",
    "Adresse",
    "Postnummer",
    "By",
    "Kommune",
    "Socialtilsyn",
    "Afdelings-id",
    "Afdeling",
    "Afdelingsadresse",
    "Afdeling postnummer",
    "Afdeling by",
    "Ikke fast ophold",
    "Leveres i nærmiljø",
    "Hjemmel i serviceloven",
    "Udviklende sigte",
)

MSG_EMPTY = gettext_noop("Filen indeholder ingen rækker med leverandører.")
MSG_TOO_MANY_ROWS = gettext_noop("Filen har %(count)s rækker. Der kan højst indlæses %(limit)s rækker ad gangen.")
MSG_MISSING_COLUMNS = gettext_noop(
    "Filen mangler kolonnen/kolonnerne: %(columns)s. Første række skal være overskrifter."
)
MSG_DUPLICATE_COLUMN = gettext_noop("Kolonnen »%(column)s« står flere gange i overskriften.")
MSG_REQUIRED = gettext_noop("Feltet skal udfyldes.")
MSG_BAD_ID = gettext_noop("»%(value)s« er ikke et gyldigt id. Et id er et positivt heltal.")
MSG_BAD_CVR = gettext_noop(
    "»%(value)s« er ikke et gyldigt CVR-nummer: det skal være 8 cifre og bestå modulus 11-kontrollen."
)
MSG_BAD_OWNERSHIP = gettext_noop("Ukendt ejerform »%(value)s«. Brug kommunal, regional, privat eller selvejende.")
MSG_BAD_KIND = gettext_noop(
    "Ukendt tilbudstype »%(value)s«. Brug fx »SEL § 107«, »SEL § 108« eller »Matrikelløs indsats«."
)
MSG_BAD_POSTCODE = gettext_noop("»%(value)s« er ikke et postnummer. Et postnummer er 4 cifre.")
MSG_BAD_MUNICIPALITY = gettext_noop("Ukendt kommune »%(value)s«. Skriv kommunens navn eller 3-cifrede kommunekode.")
MSG_BAD_SOCIALTILSYN = gettext_noop("Ukendt socialtilsyn »%(value)s«. Brug fx »Socialtilsyn Midt« eller »midt«.")
MSG_BAD_BOOLEAN = gettext_noop("»%(value)s« er hverken ja eller nej.")
MSG_TOO_LONG = gettext_noop("Teksten er for lang (%(length)s tegn). Der må højst være %(limit)s tegn.")
MSG_CPR = gettext_noop(
    "Cellen ser ud til at indeholde et CPR-nummer (%(numbers)s). Registeret må ikke indeholde personnumre; "
    "fjern nummeret, og indlæs filen igen."
)
MSG_SUPPLIER_DIFFERS = gettext_noop(
    "Leverandøren med Tilbudsportal-id %(id)s har en anden værdi her end i række %(first_row)s."
)
MSG_DUPLICATE_DEPT_ID = gettext_noop(
    "Afdelings-id %(id)s står også i række %(first_row)s. Et id må kun bruges én gang."
)
MSG_DUPLICATE_DEPT_NAME = gettext_noop(
    "Leverandøren har allerede en afdeling med navnet »%(name)s« (række %(first_row)s)."
)
MSG_DEPT_ID_IS_SUPPLIER_ID = gettext_noop(
    "Afdelings-id %(id)s er også en leverandørs Tilbudsportal-id (række %(first_row)s)."
)
MSG_DEPT_WITHOUT_ID = gettext_noop("Afdelingen mangler sit afdelings-id.")
MSG_DEPT_WITHOUT_NAME = gettext_noop("Afdelingen mangler sit navn.")
MSG_DEPT_MIXED = gettext_noop(
    "Leverandøren med Tilbudsportal-id %(id)s har både en række uden afdeling og rækker med afdelinger. "
    "Fjern rækken uden afdeling."
)
MSG_DUPLICATE_SUPPLIER_ROW = gettext_noop(
    "Leverandøren med Tilbudsportal-id %(id)s står allerede i række %(first_row)s."
)
# Conflicts with what the database holds (found by the service, reported the same way).
MSG_DEPT_OF_OTHER_SUPPLIER = gettext_noop(
    "Afdelings-id %(id)s tilhører afdelingen »%(department)s« hos en anden leverandør (»%(supplier)s«). "
    "En afdeling kan ikke flyttes mellem leverandører ved en indlæsning."
)
MSG_DEPT_NAME_TAKEN = gettext_noop(
    "Leverandøren har allerede afdelingen »%(name)s« med et andet afdelings-id (%(existing_id)s)."
)


@dataclass(frozen=True)
class RowError:
    """One problem: the file row (header = 1; None for the file as a whole), the column as written, a message."""

    row: int | None
    column: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "params": dict(self.params)}


@dataclass(frozen=True)
class DepartmentRecord:
    tilbudsportal_id: int
    row: int
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    no_fixed_residence: bool = False
    delivered_locally: bool = False
    legal_basis_sel: bool = False
    developing_aim: bool = False

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DEPARTMENT_FIELDS}


@dataclass(frozen=True)
class SupplierRecord:
    """A supplier as the file describes it. `socialtilsyn` is the code the caller's lookup resolved."""

    tilbudsportal_id: int
    row: int
    name: str
    cvr: str
    ownership: str
    kind: str
    street: str
    postcode: str
    city: str
    municipality_code: str
    socialtilsyn: str
    departments: tuple[DepartmentRecord, ...] = ()

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SUPPLIER_FIELDS}

    def as_dict(self) -> dict[str, Any]:
        return {
            "tilbudsportal_id": self.tilbudsportal_id,
            "row": self.row,
            **self.values(),
            "departments": [
                {"tilbudsportal_id": d.tilbudsportal_id, "row": d.row, **d.values()} for d in self.departments
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SupplierRecord":
        departments = tuple(DepartmentRecord(**d) for d in data["departments"])
        return cls(**{k: v for k, v in data.items() if k != "departments"}, departments=departments)


@dataclass
class ParsedRegister:
    records: list[SupplierRecord]
    errors: list[RowError]
    row_count: int

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_header(value: str) -> str:
    return " ".join(value.replace("\ufeff", "").split()).casefold()


_HEADER_KEYS = {spelling: key for key, spellings in COLUMNS.items() for spelling in spellings}
_OWNERSHIP = {s: value for value, spellings in OWNERSHIP_SPELLINGS.items() for s in spellings}
_KIND = {s: value for value, spellings in KIND_SPELLINGS.items() for s in spellings}


def _spelling(value: str) -> str:
    return " ".join(value.replace("§", " § ").split()).casefold().replace("§ ", "§ ")


def parse_kind(value: str) -> str | None:
    text = _spelling(value)
    return _KIND.get(text) or _KIND.get(re.sub(r"\s*\(.*\)$", "", text))


def parse_bool(value: str) -> bool | None:
    text = value.strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def parse_id(value: str) -> int | None:
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class _Row:
    """One data row being read: its cells by column key, and the errors found in it."""

    def __init__(self, number: int, cells: Mapping[str, str], headers: Mapping[str, str], errors: list[RowError]):
        self.number, self.cells, self.headers, self.errors = number, cells, headers, errors

    def error(self, key: str, message: str, **params: Any) -> None:
        self.errors.append(RowError(self.number, self.headers.get(key, key), message, params))

    def text(self, key: str, *, required: bool = False) -> str:
        value = " ".join(self.cells.get(key, "").split())
        if required and not value:
            self.error(key, MSG_REQUIRED)
        limit = MAX_TEXT.get(key)
        if limit is not None and len(value) > limit:
            self.error(key, MSG_TOO_LONG, length=len(value), limit=limit)
        return value

    def postcode(self, key: str) -> str:
        value = self.text(key)
        if value and not (len(value) == 4 and value.isascii() and value.isdigit()):
            self.error(key, MSG_BAD_POSTCODE, value=value)
        return value


def parse_register(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    socialtilsyn_lookup: Mapping[str, str],
    on_progress: Callable[[int], None] | None = None,
) -> ParsedRegister:
    """Read a register extract: `header` is the first row, `rows` the data rows (all cells as strings).

    `socialtilsyn_lookup` maps accepted spellings (casefolded: code, name, name without "Socialtilsyn ") to
    the socialtilsyn's code. Returns the suppliers in file order and every error found; with any error the
    records must not be imported.
    """
    errors: list[RowError] = []
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, title in enumerate(header):
        key = _HEADER_KEYS.get(normalise_header(str(title)))
        if key is None:
            continue  # extra columns of the extract are ignored
        if key in positions:
            errors.append(RowError(None, str(title), MSG_DUPLICATE_COLUMN, {"column": str(title).strip()}))
            continue
        positions[key], headers[key] = position, str(title).strip()
    missing = [COLUMNS[key][0].capitalize() for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        errors.append(RowError(None, "", MSG_MISSING_COLUMNS, {"columns": ", ".join(missing)}))
    if errors:
        return ParsedRegister([], errors, 0)

    suppliers: dict[int, dict[str, Any]] = {}
    dept_ids: dict[int, int] = {}
    row_count = 0
    for number, raw in enumerate(rows, start=2):
        cells = {key: ("" if pos >= len(raw) or raw[pos] is None else str(raw[pos])) for key, pos in positions.items()}
        if not any(value.strip() for value in raw if value is not None):
            continue  # blank lines (Excel leaves them at the end)
        row_count += 1
        if row_count > MAX_ROWS:
            return ParsedRegister(
                [], [RowError(None, "", MSG_TOO_MANY_ROWS, {"count": f"{row_count}+", "limit": MAX_ROWS})], row_count
            )
        _read_row(_Row(number, cells, headers, errors), suppliers, dept_ids, socialtilsyn_lookup)
        if on_progress is not None and row_count % PROGRESS_EVERY == 0:
            on_progress(row_count)

    for supplier_id, entry in suppliers.items():
        if supplier_id in dept_ids:
            errors.append(
                RowError(
                    dept_ids[supplier_id],
                    headers["dept_id"],
                    MSG_DEPT_ID_IS_SUPPLIER_ID,
                    {"id": supplier_id, "first_row": entry["row"]},
                )
            )
    if row_count == 0:
        errors.append(RowError(None, "", MSG_EMPTY))
    errors.sort(key=lambda e: (e.row or 0, e.column))
    records = [
        SupplierRecord(tilbudsportal_id=sid, row=e["row"], **e["values"], departments=tuple(e["departments"]))
        for sid, e in suppliers.items()
    ]
    return ParsedRegister(records if not errors else [], errors, row_count)


def _read_row(
    row: _Row, suppliers: dict[int, dict[str, Any]], dept_ids: dict[int, int], lookup: Mapping[str, str]
) -> None:
    before = len(row.errors)
    for key, value in row.cells.items():
        hits = find_cpr_numbers(value) if value else []
        if hits:
            row.error(key, MSG_CPR, numbers=describe_hits(hits))
    if len(row.errors) > before:
        return  # a cell with a CPR number: nothing else of the row is read or echoed

    raw_id = row.text("tilbudsportal_id", required=True)
    supplier_id = parse_id(raw_id) if raw_id else None
    if raw_id and supplier_id is None:
        row.error("tilbudsportal_id", MSG_BAD_ID, value=raw_id)
    values = _supplier_values(row, lookup)
    department = _department(row)
    if supplier_id is None or len(row.errors) > before:
        return

    if department is not None and department.tilbudsportal_id in dept_ids:
        first_row = dept_ids[department.tilbudsportal_id]
        row.error("dept_id", MSG_DUPLICATE_DEPT_ID, id=department.tilbudsportal_id, first_row=first_row)
        return
    entry = suppliers.get(supplier_id)
    if entry is None:
        suppliers[supplier_id] = {
            "row": row.number,
            "values": values,
            "departments": [department] if department else [],
            "names": {department.name.casefold(): row.number} if department else {},
            "bare_row": None if department else row.number,
        }
        if department:
            dept_ids[department.tilbudsportal_id] = row.number
        return
    for key, value in values.items():
        if entry["values"][key] != value:
            column = {"municipality_code": "municipality"}.get(key, key)
            row.error(column, MSG_SUPPLIER_DIFFERS, id=supplier_id, first_row=entry["row"])
    if department is None or entry["bare_row"] is not None:
        if department is None and entry["bare_row"] is not None:
            row.error("tilbudsportal_id", MSG_DUPLICATE_SUPPLIER_ROW, id=supplier_id, first_row=entry["bare_row"])
        else:
            row.error("dept_id", MSG_DEPT_MIXED, id=supplier_id)
        return
    if department.name.casefold() in entry["names"]:
        row.error(
            "dept_name",
            MSG_DUPLICATE_DEPT_NAME,
            name=department.name,
            first_row=entry["names"][department.name.casefold()],
        )
        return
    dept_ids[department.tilbudsportal_id] = row.number
    entry["names"][department.name.casefold()] = row.number
    entry["departments"].append(department)


def _supplier_values(row: _Row, lookup: Mapping[str, str]) -> dict[str, Any]:
    name = row.text("name", required=True)
    raw_cvr = row.text("cvr", required=True)
    cvr = normalise_cvr(raw_cvr)
    if raw_cvr and not is_valid_cvr(cvr):
        row.error("cvr", MSG_BAD_CVR, value=raw_cvr)
    raw_ownership = row.text("ownership", required=True)
    ownership = _OWNERSHIP.get(_spelling(raw_ownership), "")
    if raw_ownership and not ownership:
        row.error("ownership", MSG_BAD_OWNERSHIP, value=raw_ownership)
    raw_kind = row.text("kind", required=True)
    kind = parse_kind(raw_kind) or ""
    if raw_kind and not kind:
        row.error("kind", MSG_BAD_KIND, value=raw_kind)
    raw_municipality = row.text("municipality", required=True)
    municipality = find_municipality(raw_municipality) if raw_municipality else None
    if raw_municipality and municipality is None:
        row.error("municipality", MSG_BAD_MUNICIPALITY, value=raw_municipality)
    raw_tilsyn = row.text("socialtilsyn", required=True)
    tilsyn = lookup.get(raw_tilsyn.casefold(), "") if raw_tilsyn else ""
    if raw_tilsyn and not tilsyn:
        row.error("socialtilsyn", MSG_BAD_SOCIALTILSYN, value=raw_tilsyn)
    return {
        "name": name,
        "cvr": cvr,
        "ownership": ownership,
        "kind": kind,
        "street": row.text("street"),
        "postcode": row.postcode("postcode"),
        "city": row.text("city"),
        "municipality_code": municipality.code if municipality else "",
        "socialtilsyn": tilsyn,
    }


def _department(row: _Row) -> DepartmentRecord | None:
    """The row's department, or None when all its department columns are empty."""
    if not any(row.cells.get(key, "").strip() for key in DEPARTMENT_COLUMNS):
        return None
    raw_id = row.text("dept_id")
    dept_id = parse_id(raw_id) if raw_id else None
    if not raw_id:
        row.error("dept_id", MSG_DEPT_WITHOUT_ID)
    elif dept_id is None:
        row.error("dept_id", MSG_BAD_ID, value=raw_id)
    name = row.text("dept_name")
    if not name:
        row.error("dept_name", MSG_DEPT_WITHOUT_NAME)
    flags = {}
    for key in CRITERIA:
        raw = row.cells.get(key, "")
        flag = parse_bool(raw)
        if flag is None:
            row.error(key, MSG_BAD_BOOLEAN, value=raw.strip())
        flags[key] = bool(flag)
    street, postcode, city = row.text("dept_street"), row.postcode("dept_postcode"), row.text("dept_city")
    if dept_id is None or not name:
        return None
    return DepartmentRecord(dept_id, row.number, name, street, postcode, city, **flags)


def changed_fields(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose stored value differs from the file's: {field: (before, after)}."""
    return {key: (current.get(key), value) for key, value in wanted.items() if current.get(key) != value}


def socialtilsyn_spellings(code: str, name: str) -> dict[str, str]:
    """The spellings of one socialtilsyn a file may use, casefolded, mapped to its code."""
    short = name.removeprefix("Socialtilsyn ").strip()
    return {spelling.casefold(): code for spelling in (code, name, short) if spelling}
