"""Suppliers, departments and people of the national dataset."""

import datetime
import random
from dataclasses import dataclass, field

from accounts.models import Role
from demo.suppliers import DAY_MAINTAINING, MATRIKELLOES, RESIDENTIAL
from demo.users import EMAIL_DOMAIN, demo_password_hash
from suppliers.domain import CVR_WEIGHTS
from suppliers.models import Socialtilsyn, Supplier
from suppliers.municipalities import MUNICIPALITIES

from .copy import Table

# Bulk rows are told apart from the demo's by these: usernames, Tilbudsportalen ids and CVR numbers.
USERNAME_PREFIX = "skala."
SUPPLIER_PORTAL_BASE = 5_000_000
DEPARTMENT_PORTAL_BASE = 6_000_000
CVR_BASE = 9_900_000  # above every demo CVR (9,100,000 + 37,813 × 20)

_FIRST = ("Bo", "Center", "Huset", "Tilbuddet", "Botilbuddet", "Rådgivningen", "Teamet", "Fællesskabet")
_SECOND = (
    "Egely",
    "Solgården",
    "Fjordlyst",
    "Bakkehuset",
    "Lyngholm",
    "Skovbrynet",
    "Engely",
    "Møllegården",
    "Havblik",
    "Kærgården",
    "Rosenly",
    "Granly",
    "Åstedet",
    "Klinten",
    "Birkely",
    "Nordlys",
)
_DEPARTMENTS = ("Bo", "Dag", "Udeteam", "Ungeafsnit", "Voksenafsnit", "Rådgivning", "Værksted", "Familieteam")
_PLACES = (
    ("2750", "Ballerup"),
    ("4300", "Holbæk"),
    ("5700", "Svendborg"),
    ("7400", "Herning"),
    ("9000", "Aalborg"),
    ("8600", "Silkeborg"),
    ("4700", "Næstved"),
    ("6700", "Esbjerg"),
    ("3400", "Hillerød"),
    ("9800", "Hjørring"),
)
_KINDS = [k.value for k in Supplier.Kind]
_OWNERSHIP = [o.value for o in Supplier.Ownership]
_FLAGS = (MATRIKELLOES, RESIDENTIAL, RESIDENTIAL, DAY_MAINTAINING)


def scale_cvr(index: int) -> str:
    """A CVR number that passes the modulus-11 check, above every demo number (fictional all the same)."""
    prefix = CVR_BASE + (index * 16) % 99_984  # seven digits; the eighth is the check digit
    while True:
        digits = f"{prefix:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return f"{digits}{check}"
        prefix += 1


@dataclass
class Unit:
    """A subject a case can be about: a whole supplier (department None) or one department."""

    supplier_id: int
    department_id: int | None
    tilsyn_index: int
    name: str


@dataclass
class Staff:
    consultants: list[list[int]] = field(default_factory=list)  # per socialtilsyn
    leaders: list[list[int]] = field(default_factory=list)
    supplier_user: dict[int, int] = field(default_factory=dict)  # supplier id → its user


def write_suppliers(
    rng: random.Random, tilsyn: list[Socialtilsyn], n_suppliers: int, n_departments: int, now: datetime.datetime
) -> list[Unit]:
    suppliers = Table(
        "suppliers_supplier",
        (
            "name",
            "cvr",
            "tilbudsportal_id",
            "ownership",
            "kind",
            "street",
            "postcode",
            "city",
            "municipality_code",
            "socialtilsyn_id",
            "created_at",
            "updated_at",
        ),
    )
    departments = Table(
        "suppliers_department",
        (
            "supplier_id",
            "name",
            "tilbudsportal_id",
            "street",
            "postcode",
            "city",
            "no_fixed_residence",
            "delivered_locally",
            "legal_basis_sel",
            "developing_aim",
        ),
    )
    units: list[Unit] = []
    # Departments are dealt out so every supplier has at least one and the total is as asked.
    per_supplier = [1] * n_suppliers
    for _ in range(max(0, n_departments - n_suppliers)):
        per_supplier[rng.randrange(n_suppliers)] += 1
    municipalities = [m.code for m in MUNICIPALITIES]
    for index in range(n_suppliers):
        t = rng.randrange(len(tilsyn))
        postcode, city = rng.choice(_PLACES)
        name = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {index + 1}"
        street = f"{rng.choice(_SECOND)}vej {rng.randint(1, 120)}"
        supplier_id = suppliers.add(
            name,
            scale_cvr(index),
            SUPPLIER_PORTAL_BASE + index,
            rng.choice(_OWNERSHIP),
            rng.choice(_KINDS),
            street,
            postcode,
            city,
            rng.choice(municipalities),
            tilsyn[t].pk,
            now,
            now,
        )
        units.append(Unit(supplier_id, None, t, name))
        for d in range(per_supplier[index]):
            dep_name = f"{_DEPARTMENTS[d % len(_DEPARTMENTS)]} {d + 1}"
            flags = rng.choice(_FLAGS)
            dep_id = departments.add(
                supplier_id,
                dep_name,
                DEPARTMENT_PORTAL_BASE + departments.next_id,
                street,
                postcode,
                city,
                flags["no_fixed_residence"],
                flags["delivered_locally"],
                flags["legal_basis_sel"],
                flags["developing_aim"],
            )
            units.append(Unit(supplier_id, dep_id, t, f"{name} – {dep_name}"))
    suppliers.finish()
    departments.finish()
    return units


_NAMES = ("Anna", "Bo", "Camilla", "Dorte", "Erik", "Frida", "Gustav", "Helle", "Ida", "Jens", "Karin", "Lars")
_SURNAMES = ("Andersen", "Berg", "Christensen", "Dam", "Eriksen", "Fog", "Grøn", "Hansen", "Juhl", "Krogh")


def write_users(
    rng: random.Random,
    tilsyn: list[Socialtilsyn],
    units: list[Unit],
    *,
    consultants: int,
    leaders: int,
    now: datetime.datetime,
) -> Staff:
    """Staff of every socialtilsyn and one user per supplier, all with the demo password (one hash for all)."""
    password = demo_password_hash()
    users = Table(
        "accounts_user",
        (
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "role",
            "organisation",
            "socialtilsyn_id",
        ),
    )
    staff = Staff()

    def person(username: str, role: str, tilsyn_id: int | None, organisation: str = "") -> int:
        first, last = rng.choice(_NAMES), rng.choice(_SURNAMES)
        email = f"{username}@{EMAIL_DOMAIN}"
        return users.add(password, False, username, first, last, email, False, True, now, role, organisation, tilsyn_id)

    for st in tilsyn:
        staff.consultants.append(
            [
                person(f"{USERNAME_PREFIX}konsulent{n + 1:03d}.{st.code}", Role.CONSULTANT.value, st.pk)
                for n in range(consultants)
            ]
        )
        staff.leaders.append(
            [person(f"{USERNAME_PREFIX}leder{n + 1:02d}.{st.code}", Role.LEADER.value, st.pk) for n in range(leaders)]
        )
    links = Table("accounts_user_suppliers", ("user_id", "supplier_id"))
    for unit in units:
        if unit.department_id is None:
            user_id = person(
                f"{USERNAME_PREFIX}leverandoer{len(staff.supplier_user) + 1:05d}", Role.SUPPLIER.value, None, unit.name
            )
            staff.supplier_user[unit.supplier_id] = user_id
            links.add(user_id, unit.supplier_id)
    users.finish()
    links.finish()
    return staff
