"""Demo socialtilsyn, suppliers and departments. All suppliers, addresses and numbers are fictional."""

from dataclasses import dataclass, field

from suppliers.domain import CVR_WEIGHTS, is_valid_cvr

SOCIALTILSYN: tuple[dict[str, str], ...] = (
    {"code": "hovedstaden", "name": "Socialtilsyn Hovedstaden", "host_municipality": "Frederiksberg Kommune"},
    {"code": "oest", "name": "Socialtilsyn Øst", "host_municipality": "Holbæk Kommune"},
    {"code": "syd", "name": "Socialtilsyn Syd", "host_municipality": "Faaborg-Midtfyn Kommune"},
    {"code": "midt", "name": "Socialtilsyn Midt", "host_municipality": "Silkeborg Kommune"},
    {"code": "nord", "name": "Socialtilsyn Nord", "host_municipality": "Hjørring Kommune"},
)


def socialtilsyn_email(code: str) -> str:
    return f"{code}@demo.socialtilsyn.dk"


def demo_cvr(index: int) -> str:
    """A deterministic CVR number that passes the modulus-11 check.

    The numbers start with 9 so they are unlikely to collide with companies in the real register; they are
    fictional all the same. The first seven digits come from the index; the eighth is the check digit
    (weight 1), and a prefix whose check digit would be 10 is skipped.
    """
    prefix = 9_100_000 + index * 37_813
    while True:
        digits = f"{prefix:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            cvr = f"{digits}{check}"
            assert is_valid_cvr(cvr)
            return cvr
        prefix += 1


# Department flags: all four matrikelløs criteria, or a residential / day service.
MATRIKELLOES = {"no_fixed_residence": True, "delivered_locally": True, "legal_basis_sel": True, "developing_aim": True}
RESIDENTIAL = {"no_fixed_residence": False, "delivered_locally": False, "legal_basis_sel": True, "developing_aim": True}
# A day service: the citizen lives elsewhere, but the aim is to maintain rather than develop, so not matrikelløs.
DAY_MAINTAINING = {
    "no_fixed_residence": True,
    "delivered_locally": True,
    "legal_basis_sel": True,
    "developing_aim": False,
}
# Regional teams working from the supplier's base, counselling in the citizen's surroundings.
DAY_DEVELOPING = MATRIKELLOES


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    street: str
    postcode: str
    city: str
    flags: dict[str, bool]


@dataclass(frozen=True)
class SupplierSpec:
    name: str
    socialtilsyn: str
    ownership: str
    kind: str
    street: str
    postcode: str
    city: str
    departments: tuple[DepartmentSpec, ...] = field(default_factory=tuple)


def _d(name: str, street: str, postcode: str, city: str, flags: dict[str, bool]) -> DepartmentSpec:
    return DepartmentSpec(name, street, postcode, city, flags)


SUPPLIERS: tuple[SupplierSpec, ...] = (
    # --- Hovedstaden ---------------------------------------------------------------------------------
    SupplierSpec(
        "Bostedet Egevang",
        "hovedstaden",
        "kommunal",
        "sel108",
        "Egevangen 12",
        "2750",
        "Ballerup",
        (
            _d("Egevang Bo", "Egevangen 12", "2750", "Ballerup", RESIDENTIAL),
            _d("Egevang Dagcenter", "Egevangen 14", "2750", "Ballerup", DAY_MAINTAINING),
        ),
    ),
    SupplierSpec(
        "Synscenter Øresund",
        "hovedstaden",
        "regional",
        "matrikelloest",
        "Strandparksvej 41",
        "2900",
        "Hellerup",
        (
            _d("Rådgivning for børn og unge", "Strandparksvej 41", "2900", "Hellerup", MATRIKELLOES),
            _d("Rådgivning for voksne", "Strandparksvej 41", "2900", "Hellerup", MATRIKELLOES),
            _d("Hjælpemiddelværkstedet", "Strandparksvej 43", "2900", "Hellerup", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Autismehuset Solsikken",
        "hovedstaden",
        "privat",
        "barnetslov",
        "Solsikkevej 7",
        "3400",
        "Hillerød",
        (
            _d("Døgnafsnittet", "Solsikkevej 7", "3400", "Hillerød", RESIDENTIAL),
            _d("Familieteamet", "Solsikkevej 9", "3400", "Hillerød", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Neurocenter Kildebakken",
        "hovedstaden",
        "regional",
        "sel107",
        "Kildebakken 3",
        "2650",
        "Hvidovre",
        (_d("Rehabiliteringsafsnittet", "Kildebakken 3", "2650", "Hvidovre", RESIDENTIAL),),
    ),
    # --- Øst -----------------------------------------------------------------------------------------
    SupplierSpec(
        "Bofællesskabet Lindelunden",
        "oest",
        "kommunal",
        "abl105",
        "Lindealléen 22",
        "4300",
        "Holbæk",
        (_d("Lindelunden", "Lindealléen 22", "4300", "Holbæk", RESIDENTIAL),),
    ),
    SupplierSpec(
        "Synsrådgivningen Sjælland",
        "oest",
        "kommunal",
        "matrikelloest",
        "Ringstedvej 58",
        "4180",
        "Sorø",
        (
            _d("Børn og unge", "Ringstedvej 58", "4180", "Sorø", MATRIKELLOES),
            _d("Voksne og ældre", "Ringstedvej 58", "4180", "Sorø", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Spektrumhuset Næstved",
        "oest",
        "selvejende",
        "sel104",
        "Ved Mølleåen 5",
        "4700",
        "Næstved",
        (
            _d("Værkstederne", "Ved Mølleåen 5", "4700", "Næstved", DAY_MAINTAINING),
            _d("Mentorteamet", "Ved Mølleåen 5", "4700", "Næstved", DAY_DEVELOPING),
        ),
    ),
    SupplierSpec(
        "Hjerneskadeteamet Roskilde Fjord",
        "oest",
        "kommunal",
        "matrikelloest",
        "Fjordstien 16",
        "4000",
        "Roskilde",
        (_d("Udekørende team", "Fjordstien 16", "4000", "Roskilde", MATRIKELLOES),),
    ),
    SupplierSpec(
        "Synsbostedet Skovly",
        "oest",
        "selvejende",
        "sel108",
        "Skovlyvej 30",
        "4400",
        "Kalundborg",
        (_d("Skovly", "Skovlyvej 30", "4400", "Kalundborg", RESIDENTIAL),),
    ),
    # --- Syd -----------------------------------------------------------------------------------------
    SupplierSpec(
        "Ungecentret Fjordblink",
        "syd",
        "privat",
        "barnetslov",
        "Fjordblinkvej 2",
        "5700",
        "Svendborg",
        (
            _d("Ungehuset", "Fjordblinkvej 2", "5700", "Svendborg", RESIDENTIAL),
            _d("Udslusningen", "Havnegade 19", "5700", "Svendborg", RESIDENTIAL),
        ),
    ),
    SupplierSpec(
        "Syn og Hverdag Fyn",
        "syd",
        "kommunal",
        "matrikelloest",
        "Rugårdsvej 104",
        "5000",
        "Odense C",
        (
            _d("Synskonsulenterne", "Rugårdsvej 104", "5000", "Odense C", MATRIKELLOES),
            _d("Mobility og ADL", "Rugårdsvej 104", "5000", "Odense C", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Neurohjemmet Strandgården",
        "syd",
        "selvejende",
        "sel108",
        "Strandgårdsvej 11",
        "6700",
        "Esbjerg",
        (
            _d("Strandgården Bo", "Strandgårdsvej 11", "6700", "Esbjerg", RESIDENTIAL),
            _d("Strandgården Dag", "Strandgårdsvej 13", "6700", "Esbjerg", DAY_MAINTAINING),
        ),
    ),
    SupplierSpec(
        "Kommunikationscenter Sydjylland",
        "syd",
        "regional",
        "matrikelloest",
        "Vejlevej 77",
        "7100",
        "Vejle",
        (
            _d("Synsafdelingen", "Vejlevej 77", "7100", "Vejle", MATRIKELLOES),
            _d("Hjerneskadeafdelingen", "Vejlevej 77", "7100", "Vejle", MATRIKELLOES),
        ),
    ),
    # --- Midt ----------------------------------------------------------------------------------------
    SupplierSpec(
        "Center for Syn og Læring Vest",
        "midt",
        "regional",
        "matrikelloest",
        "Gullestrupvej 8",
        "7400",
        "Herning",
        (
            _d("Børneteamet", "Gullestrupvej 8", "7400", "Herning", MATRIKELLOES),
            _d("Ungeteamet", "Gullestrupvej 8", "7400", "Herning", MATRIKELLOES),
            _d("Voksenteamet", "Gullestrupvej 8", "7400", "Herning", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Bostedet Bøgely",
        "midt",
        "kommunal",
        "sel107",
        "Bøgelyvej 4",
        "8600",
        "Silkeborg",
        (_d("Bøgely", "Bøgelyvej 4", "8600", "Silkeborg", RESIDENTIAL),),
    ),
    SupplierSpec(
        "Autismecenter Gudenå",
        "midt",
        "selvejende",
        "sel108",
        "Åbrinken 21",
        "8900",
        "Randers C",
        (
            _d("Åbrinken", "Åbrinken 21", "8900", "Randers C", RESIDENTIAL),
            _d("Udeteamet", "Åbrinken 21", "8900", "Randers C", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Familiehuset Lærken",
        "midt",
        "privat",
        "barnetslov",
        "Lærkevej 15",
        "8200",
        "Aarhus N",
        (_d("Lærken", "Lærkevej 15", "8200", "Aarhus N", RESIDENTIAL),),
    ),
    # --- Nord ----------------------------------------------------------------------------------------
    SupplierSpec(
        "Synsteamet Nordjylland",
        "nord",
        "kommunal",
        "matrikelloest",
        "Hobrovej 210",
        "9000",
        "Aalborg",
        (
            _d("Synsteamet Aalborg", "Hobrovej 210", "9000", "Aalborg", MATRIKELLOES),
            _d("Synsteamet Vendsyssel", "Østergade 3", "9800", "Hjørring", MATRIKELLOES),
        ),
    ),
    SupplierSpec(
        "Bo- og Rehabiliteringscentret Vesterhavet",
        "nord",
        "kommunal",
        "sel107",
        "Klitvej 9",
        "9800",
        "Hjørring",
        (
            _d("Vesterhavet Bo", "Klitvej 9", "9800", "Hjørring", RESIDENTIAL),
            _d("Vesterhavet Genoptræning", "Klitvej 11", "9800", "Hjørring", DAY_DEVELOPING),
        ),
    ),
    SupplierSpec(
        "Autismetilbuddet Lyngbakken",
        "nord",
        "privat",
        "sel104",
        "Lyngbakken 6",
        "9900",
        "Frederikshavn",
        (_d("Lyngbakken", "Lyngbakken 6", "9900", "Frederikshavn", DAY_MAINTAINING),),
    ),
    SupplierSpec(
        "Hjerneskadecenter Limfjorden",
        "nord",
        "selvejende",
        "sel108",
        "Limfjordsvej 44",
        "7700",
        "Thisted",
        (_d("Limfjorden", "Limfjordsvej 44", "7700", "Thisted", RESIDENTIAL),),
    ),
)


def supplier_values(index: int, spec: SupplierSpec) -> dict[str, object]:
    """Field values of a supplier, apart from its CVR (the natural key) and socialtilsyn."""
    return {
        "name": spec.name,
        "tilbudsportal_id": 990_100 + index,
        "ownership": spec.ownership,
        "kind": spec.kind,
        "street": spec.street,
        "postcode": spec.postcode,
        "city": spec.city,
    }
