"""The 98 Danish municipalities (kommuner) with their 3-digit codes and regions. Pure data, no Django import.

Codes and names are public facts (Danmarks Statistik's kommunekoder since the 2007 reform). Christiansø (411)
is not a municipality and is left out.
"""

from dataclasses import dataclass

HOVEDSTADEN, SJAELLAND, SYDDANMARK, MIDTJYLLAND, NORDJYLLAND = (
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
)


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str


_DATA: dict[str, tuple[tuple[str, str], ...]] = {
    HOVEDSTADEN: (
        ("101", "København"),
        ("147", "Frederiksberg"),
        ("151", "Ballerup"),
        ("153", "Brøndby"),
        ("155", "Dragør"),
        ("157", "Gentofte"),
        ("159", "Gladsaxe"),
        ("161", "Glostrup"),
        ("163", "Herlev"),
        ("165", "Albertslund"),
        ("167", "Hvidovre"),
        ("169", "Høje-Taastrup"),
        ("173", "Lyngby-Taarbæk"),
        ("175", "Rødovre"),
        ("183", "Ishøj"),
        ("185", "Tårnby"),
        ("187", "Vallensbæk"),
        ("190", "Furesø"),
        ("201", "Allerød"),
        ("210", "Fredensborg"),
        ("217", "Helsingør"),
        ("219", "Hillerød"),
        ("223", "Hørsholm"),
        ("230", "Rudersdal"),
        ("240", "Egedal"),
        ("250", "Frederikssund"),
        ("260", "Halsnæs"),
        ("270", "Gribskov"),
        ("400", "Bornholm"),
    ),
    SJAELLAND: (
        ("253", "Greve"),
        ("259", "Køge"),
        ("265", "Roskilde"),
        ("269", "Solrød"),
        ("306", "Odsherred"),
        ("316", "Holbæk"),
        ("320", "Faxe"),
        ("326", "Kalundborg"),
        ("329", "Ringsted"),
        ("330", "Slagelse"),
        ("336", "Stevns"),
        ("340", "Sorø"),
        ("350", "Lejre"),
        ("360", "Lolland"),
        ("370", "Næstved"),
        ("376", "Guldborgsund"),
        ("390", "Vordingborg"),
    ),
    SYDDANMARK: (
        ("410", "Middelfart"),
        ("420", "Assens"),
        ("430", "Faaborg-Midtfyn"),
        ("440", "Kerteminde"),
        ("450", "Nyborg"),
        ("461", "Odense"),
        ("479", "Svendborg"),
        ("480", "Nordfyns"),
        ("482", "Langeland"),
        ("492", "Ærø"),
        ("510", "Haderslev"),
        ("530", "Billund"),
        ("540", "Sønderborg"),
        ("550", "Tønder"),
        ("561", "Esbjerg"),
        ("563", "Fanø"),
        ("573", "Varde"),
        ("575", "Vejen"),
        ("580", "Aabenraa"),
        ("607", "Fredericia"),
        ("621", "Kolding"),
        ("630", "Vejle"),
    ),
    MIDTJYLLAND: (
        ("615", "Horsens"),
        ("657", "Herning"),
        ("661", "Holstebro"),
        ("665", "Lemvig"),
        ("671", "Struer"),
        ("706", "Syddjurs"),
        ("707", "Norddjurs"),
        ("710", "Favrskov"),
        ("727", "Odder"),
        ("730", "Randers"),
        ("740", "Silkeborg"),
        ("741", "Samsø"),
        ("746", "Skanderborg"),
        ("751", "Aarhus"),
        ("756", "Ikast-Brande"),
        ("760", "Ringkøbing-Skjern"),
        ("766", "Hedensted"),
        ("779", "Skive"),
        ("791", "Viborg"),
    ),
    NORDJYLLAND: (
        ("773", "Morsø"),
        ("787", "Thisted"),
        ("810", "Brønderslev"),
        ("813", "Frederikshavn"),
        ("820", "Vesthimmerlands"),
        ("825", "Læsø"),
        ("840", "Rebild"),
        ("846", "Mariagerfjord"),
        ("849", "Jammerbugt"),
        ("851", "Aalborg"),
        ("860", "Hjørring"),
    ),
}

MUNICIPALITIES: tuple[Municipality, ...] = tuple(
    Municipality(code, name, region) for region, rows in _DATA.items() for code, name in rows
)
BY_CODE: dict[str, Municipality] = {m.code: m for m in MUNICIPALITIES}

# Spellings people write that the rules below do not derive from the name.
_ALIASES = {"århus": "751", "åbenrå": "580", "københavns": "101", "nordfyn": "480", "vesthimmerland": "820"}
_BY_NAME: dict[str, str] = {m.name.casefold(): m.code for m in MUNICIPALITIES} | _ALIASES


def find_municipality(value: str) -> Municipality | None:
    """The municipality a register cell names: its code ("751", "0751") or its name, with or without
    "Kommune" ("Aarhus", "Aarhus Kommune", "Københavns Kommune", "Bornholms Regionskommune"). None if unknown."""
    text = " ".join(value.split()).casefold()
    if text.isdigit():
        return BY_CODE.get(text.lstrip("0").rjust(3, "0")) if len(text) <= 4 else None
    for suffix in (" regionskommune", " kommune"):
        text = text.removesuffix(suffix)
    code = _BY_NAME.get(text)
    if code is None and text.endswith("s"):
        code = _BY_NAME.get(text[:-1])  # the genitive of "Københavns Kommune", "Bornholms Regionskommune"
    return BY_CODE[code] if code else None
