"""Demo users. Fictional people; one shared password so a demo can switch roles quickly."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .suppliers import SOCIALTILSYN

DEMO_PASSWORD = "Demo-tilsyn-2026"  # noqa: S105 - a published demo password, never used in production
EMAIL_DOMAIN = "demo.socialtilsyn.dk"
DEMO_URL = "http://127.0.0.1:8000/"


def demo_password_hash() -> str:
    """The demo password, hashed once per process (per hasher setting) and shared by every user the seeds write.

    The hash is deliberately slow (about 0.4 s), and the demo and scale seeds give the same password to some
    6,000 users: one salted hash for all of them verifies exactly as one hash each would."""
    return _hash(tuple(settings.PASSWORD_HASHERS))


@cache
def _hash(hashers: tuple[str, ...]) -> str:
    return make_password(DEMO_PASSWORD)


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    first_name: str
    last_name: str
    socialtilsyn: str | None = None  # code
    suppliers: tuple[str, ...] = ()  # supplier names
    organisation: str = ""

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower()
        for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), (" ", "-")):
            local = local.replace(danish, ascii_)
        return f"{local}@{EMAIL_DOMAIN}"


# (first consultant, second consultant, leader) per socialtilsyn
_TILSYN_STAFF: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "hovedstaden": (("Mette", "Lindholm"), ("Jonas", "Brandt"), ("Hanne", "Vestergaard")),
    "oest": (("Sofie", "Kjær"), ("Rasmus", "Holm"), ("Birgitte", "Dahl")),
    "syd": (("Line", "Mortensen"), ("Anders", "Skov"), ("Peter", "Lund")),
    "midt": (("Camilla", "Bach"), ("Mikkel", "Thomsen"), ("Susanne", "Friis")),
    "nord": (("Louise", "Nørgaard"), ("Kasper", "Vinther"), ("Henrik", "Mølgaard")),
}


def _tilsyn_users() -> list[UserSpec]:
    users = []
    for st in SOCIALTILSYN:
        code = st["code"]
        first, second, leader = _TILSYN_STAFF[code]
        users += [
            UserSpec(f"konsulent1.{code}", "consultant", *first, socialtilsyn=code),
            UserSpec(f"konsulent2.{code}", "consultant", *second, socialtilsyn=code),
            UserSpec(f"leder.{code}", "leader", *leader, socialtilsyn=code),
        ]
    return users


USERS: tuple[UserSpec, ...] = (
    UserSpec("fagadmin", "fagadmin", "Karen", "Østergaard", organisation="Socialstyrelsen (demo)"),
    UserSpec("myndighed", "myndighed", "Thomas", "Kristensen", organisation="Aarhus Kommune"),
    *_tilsyn_users(),
    UserSpec("leverandoer", "supplier", "Maria", "Holst", suppliers=("Bostedet Egevang",)),
    UserSpec("leverandoer2", "supplier", "Niels", "Bruun", suppliers=("Center for Syn og Læring Vest",)),
    UserSpec("leverandoer3", "supplier", "Anne", "Kirkegaard", suppliers=("Autismecenter Gudenå",)),
    UserSpec("leverandoer4", "supplier", "Ole", "Søndergaard", suppliers=("Synsteamet Nordjylland",)),
    UserSpec("leverandoer5", "supplier", "Pia", "Rasmussen", suppliers=("Neurohjemmet Strandgården",)),
    UserSpec("leverandoer6", "supplier", "Jesper", "Winther", suppliers=("Synsrådgivningen Sjælland",)),
)
