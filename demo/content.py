"""Demo texts for the three pilot target groups: descriptions (4 × 3 boxes) and assessment guides.

The texts are our own Danish wording. They paraphrase the generic model (Socialstyrelsen 2021, Spor 2,
chapter 2, tables 1-3) and what the report says about each pilot area; no sentence is taken from the
report. They are assembled from building blocks per target group and per age band, so that a box for
children talks about the child, the family and school, and a box for adults about the citizen, housing
and work. The numbers in the thresholds are demonstration values inspired by the pilot (e.g. 5 or 10
citizens per calendar year), not official requirements.
"""

from dataclasses import dataclass
from decimal import Decimal

from targetgroups.domain.model import DescriptionParameter as DP
from targetgroups.domain.model import Level
from targetgroups.domain.model import SupplierParameter as SP

SOURCE = (
    "Bygger på den generiske model i Socialstyrelsen (2021): Evaluering af model for specialisering – "
    "Spor 2, kap. 2. Egen formulering; ikke Socialstyrelsens vejledning."
)
RULE_SOURCE = (
    "Socialstyrelsen (2021): Evaluering af model for specialisering – Spor 2, Tabel 4 "
    "(systematik for indplacering). Egen formulering."
)
L, M, H = Level.LET, Level.MODERAT, Level.HOEJT

# --- Age bands -------------------------------------------------------------------------------------------

AGE_WORDS: dict[str, dict[str, str]] = {
    "boern": {
        "person": "barnet",
        "gen": "barnets",
        "flertal": "børn",
        "naere": "forældrene",
        "arena": "i familien, i dagtilbuddet og i skolen",
        "sektor": "skole, PPR og sundhedsvæsenet",
        "aktivitet": "skolegang",
        "sted": "i dagtilbuddet eller skolen",
        "kunne": "trives og lære i familien, i dagtilbuddet og i skolen",
    },
    "unge": {
        "person": "den unge",
        "gen": "den unges",
        "flertal": "unge",
        "naere": "familien",
        "arena": "i hjemmet, på uddannelsen og i fritiden",
        "sektor": "uddannelsessted, ungdomsvejledning og sundhedsvæsenet",
        "aktivitet": "uddannelse",
        "sted": "på uddannelsesstedet",
        "kunne": "gennemføre en uddannelse og få et aktivt ungdomsliv",
    },
    "voksne": {
        "person": "borgeren",
        "gen": "borgerens",
        "flertal": "voksne",
        "naere": "de pårørende",
        "arena": "i hjemmet, på arbejdet og i fritiden",
        "sektor": "jobcenter, sundhedsvæsen og eventuelt specialundervisning for voksne",
        "aktivitet": "arbejde eller anden meningsfuld beskæftigelse",
        "sted": "på arbejdspladsen",
        "kunne": "klare hverdagen i egen bolig, på arbejdet og i fritiden",
    },
}


@dataclass(frozen=True)
class PilotArea:
    key: str
    name: str
    slug: str
    kort: str  # "erhvervet hjerneskade", used after "børn med …"
    intro: str  # one sentence added to the description's introduction
    grid: dict[tuple[DP, Level], str]
    who: dict[Level, str]  # who is served at each level, after "… til mindst 5 børn "
    education: dict[Level, str]
    methods: dict[Level, str]
    aids: dict[Level, str]
    specialists: str
    partners: dict[str, str]  # per age band
    aids_note: str = ""
    # Extra sentences for particular age bands: (age band, parameter, level) -> sentence
    age_notes: dict[tuple[str, DP, Level], str] | None = None
    # Aktiv praksis: minimum number of citizens per calendar year at (let, moderat, højt), per age band
    active_practice: dict[str, tuple[int, int, int]] | None = None


HJERNESKADE = PilotArea(
    key="hjerneskade",
    name="Erhvervet hjerneskade",
    slug="erhvervet-hjerneskade",
    kort="erhvervet hjerneskade",
    intro=(
        "Hjerneskaden kan skyldes fx blodprop, hjerneblødning, ulykke eller infektion. "
        "Niveauerne ligner sundhedsområdets inddeling, men her handler det om indsatser efter serviceloven."
    ),
    grid={
        (DP.KOMPLEKSITET, L): (
            "{Person} har få og afgrænsede følger efter en erhvervet hjerneskade, fx let nedsat hukommelse, "
            "koncentration eller udholdenhed. Følgerne påvirker kun i mindre grad {gen} funktionsevne, og "
            "hverdagen {arena} hænger sammen med enkle tilpasninger."
        ),
        (DP.KOMPLEKSITET, M): (
            "{Person} har flere følger efter hjerneskaden, som spiller sammen – fx kognitive vanskeligheder, "
            "hurtig udtrætning, ændret adfærd eller nedsat fysisk funktion. Tilsammen påvirker de {gen} "
            "funktionsevne i moderat grad, og {person} har brug for støtte for at kunne {kunne}."
        ),
        (DP.KOMPLEKSITET, H): (
            "{Person} har svære eller mange samtidige følger – fx betydelige kognitive vanskeligheder, "
            "manglende sygdomsindsigt, udadreagerende adfærd eller en samtidig psykisk lidelse – som tilsammen "
            "påvirker funktionsevnen i høj grad. Graden kan skifte, selv om skaden er uændret, hvis {gen} "
            "livssituation eller støtten fra {naere} ændrer sig."
        ),
        (DP.STOERRELSE, L): (
            "Lette følger efter hjerneskade er så udbredte, at de fleste kommuner har grundlag for at "
            "opbygge og fastholde en lokal indsats – selv eller sammen med regionale og private leverandører."
        ),
        (DP.STOERRELSE, M): (
            "Behovene forekommer ofte nok til, at en stor del af kommunerne kan opretholde en lokal indsats; "
            "mindre kommuner vil ofte gå sammen med andre om den."
        ),
        (DP.STOERRELSE, H): (
            "Behovene er sjældne, fx svære adfærdsmæssige følger kombineret med psykisk sygdom. "
            "Kun få kommuner har {flertal} nok i målgruppen til selv at opbygge den nødvendige erfaring, så "
            "indsatsen med fordel samles hos få leverandører. Den kan stadig leveres i {gen} nærmiljø."
        ),
        (DP.SAMMENSAETNING, L): (
            "Indsatsen består af en eller få enkeltstående ydelser, fx støtte til struktur i hverdagen eller "
            "et kortere vejledningsforløb, som kan gives uden tæt koordinering med andre."
        ),
        (DP.SAMMENSAETNING, M): (
            "Indsatsen samler flere ydelser i ét forløb – fx socialpædagogisk støtte, træning af "
            "hverdagsfunktioner og støtte til {aktivitet} – og kræver løbende koordinering med {sektor}."
        ),
        (DP.SAMMENSAETNING, H): (
            "Indsatsen er særligt tilrettelagt og sammensat af flere ydelser, som et tværfagligt team leverer "
            "samlet med fælles udredning, mål og opfølgning. Den kræver tæt og forpligtende samarbejde med "
            "{sektor} – fx om genoptræningsplanen, når {person} udskrives fra hospitalet."
        ),
        (DP.FAGLIGT_INDHOLD, L): (
            "Indsatsen kræver generel socialfaglig viden og grundlæggende kendskab til hjerneskade, fx til "
            "træthed og behovet for pauser, samt enkle hjælpemidler som kalender og påmindelser."
        ),
        (DP.FAGLIGT_INDHOLD, M): (
            "Indsatsen kræver mere målrettet viden om hjerneskade, fx neuropædagogik, og særligt tilpassede "
            "metoder og kognitive hjælpemidler."
        ),
        (DP.FAGLIGT_INDHOLD, H): (
            "Indsatsen kræver meget specifik neurofaglig viden – fx neuropsykologisk udredning, specialiseret "
            "forståelse af adfærd og individuelt tilpassede kompenserende strategier og teknologi."
        ),
    },
    who={
        L: "med få og afgrænsede følger efter hjerneskade",
        M: "med flere samspillende følger efter hjerneskade",
        H: "med svære og sammensatte følger efter hjerneskade",
    },
    education={
        L: "pædagog, social- og sundhedsassistent, ergoterapeut eller fysioterapeut",
        M: "kurser eller moduler i neuropædagogik og hjerneskaderehabilitering",
        H: "diplom- eller masteruddannelse i neurorehabilitering eller neuropædagogik",
    },
    methods={
        L: "faste rutiner, pauser og kompenserende strategier i hverdagen",
        M: "en neuropædagogisk tilgang, kognitiv træning og fælles mål med løbende opfølgning",
        H: "neuropsykologisk funderet rehabilitering, individuelle adfærdsplaner og tværfaglig udredning",
    },
    aids={
        L: "kalender, huskelister og påmindelser på telefonen",
        M: "visuelle planlægningsværktøjer, tidshjælpere og apps til struktur",
        H: "kommunikationshjælpemidler (ASK) og velfærdsteknologi, der tilpasses den enkelte",
    },
    specialists="neuropsykolog, neurolog og ergoterapeut med speciale i hjerneskade",
    partners={
        "boern": "forældre, skole og PPR, hospitalets børneafdeling og kommunens hjerneskadekoordinator",
        "unge": "familien, uddannelsessted, ungdomsvejledning og kommunens hjerneskadekoordinator",
        "voksne": "pårørende, jobcenter, kommunal genoptræning og kommunens hjerneskadekoordinator",
    },
    age_notes={
        ("boern", DP.KOMPLEKSITET, L): (
            "Det lette niveau er sjældent relevant for børn: en skade på en hjerne i udvikling kan give nye "
            "vanskeligheder, efterhånden som barnet vokser, så udviklingen skal følges tæt."
        ),
        ("boern", DP.STOERRELSE, H): (
            "Blandt børn er gruppen så lille, at de fleste kommuner kun sjældent har et barn med behov på dette niveau."
        ),
        ("unge", DP.KOMPLEKSITET, L): (
            "Hos unge bliver følgerne ofte først tydelige, når kravene stiger, fx ved start på en uddannelse."
        ),
        ("voksne", DP.SAMMENSAETNING, L): (
            "Mange voksne med lette følger får deres støtte gennem beskæftigelsesindsatsen snarere end efter "
            "serviceloven."
        ),
    },
    active_practice={"boern": (3, 3, 3), "unge": (5, 5, 3), "voksne": (15, 10, 10)},
)

AUTISME = PilotArea(
    key="autisme",
    name="Autisme",
    slug="autisme",
    kort="autisme",
    intro=(
        "Diagnosen alene afgør ikke niveauet: det gør samspillet mellem vanskelighederne, omgivelsernes "
        "støtte og den enkeltes egen mestring."
    ),
    grid={
        (DP.KOMPLEKSITET, L): (
            "{Person} har autisme med afgrænsede vanskeligheder, fx med forandringer, socialt samspil eller "
            "mange sanseindtryk, men klarer det meste af hverdagen {arena} med forudsigelighed og lidt "
            "støtte fra {naere}."
        ),
        (DP.KOMPLEKSITET, M): (
            "{Person} har autisme med vanskeligheder på flere områder – fx kommunikation, angst, søvn eller "
            "sanseoverbelastning – eventuelt sammen med ADHD eller en lettere udviklingshæmning. Tilsammen "
            "påvirker det {gen} funktionsevne i moderat grad, og {person} har brug for støtte for at kunne "
            "{kunne}."
        ),
        (DP.KOMPLEKSITET, H): (
            "{Person} har autisme med en særlig svær eller sammensat problematik, fx massiv angst, selvskade, "
            "udadreagerende adfærd eller isolation, ofte sammen med en psykiatrisk lidelse. Funktionsevnen er "
            "påvirket i høj grad. Også {flertal} uden udviklingshæmning kan have behov på dette niveau, hvis "
            "støtten omkring dem ikke slår til."
        ),
        (DP.STOERRELSE, L): (
            "Autisme med afgrænsede støttebehov er så almindelig, at de fleste kommuner kan opbygge og "
            "fastholde en lokal indsats."
        ),
        (DP.STOERRELSE, M): (
            "Behovene ses ofte nok til, at en stor del af kommunerne kan have en lokal indsats. Det gælder "
            "også fx autisme sammen med udviklingshæmning, som giver komplekse behov uden at være sjælden."
        ),
        (DP.STOERRELSE, H): (
            "De sværeste og mest sammensatte behov er sjældne, så kun få kommuner har grundlag for selv at "
            "opbygge og holde den nødvendige erfaring ved lige. At samle erfaringen hos få leverandører må "
            "ikke betyde, at {person} flyttes langt fra {naere}; indsatsen kan også ydes i nærmiljøet."
        ),
        (DP.SAMMENSAETNING, L): (
            "Indsatsen består af en eller få ydelser, fx vejledning til {naere} eller støtte til at skabe "
            "struktur i hverdagen, som kan gives uden tæt koordinering. At ydelsen er enkeltstående, siger "
            "intet om varigheden; støtten kan sagtens strække sig over lang tid."
        ),
        (DP.SAMMENSAETNING, M): (
            "Indsatsen kombinerer flere ydelser i et sammenhængende forløb – fx socialpædagogisk støtte, hjælp "
            "til {aktivitet} og vejledning af {naere} – og forudsætter løbende koordinering med {sektor}."
        ),
        (DP.SAMMENSAETNING, H): (
            "Indsatsen er særligt tilrettelagt omkring {person} og består af flere ydelser, der leveres samlet "
            "med fælles plan og opfølgning. Den kræver tæt og forpligtende samarbejde med {sektor}, herunder "
            "psykiatrien."
        ),
        (DP.FAGLIGT_INDHOLD, L): (
            "Indsatsen kræver generel pædagogisk viden og kendskab til autisme, fx betydningen af "
            "forudsigelighed, tydelig kommunikation og visuel støtte."
        ),
        (DP.FAGLIGT_INDHOLD, M): (
            "Indsatsen kræver mere målrettede autismefaglige kompetencer og særligt tilpassede metoder, fx "
            "struktureret pædagogik og en lavaffektiv tilgang."
        ),
        (DP.FAGLIGT_INDHOLD, H): (
            "Indsatsen kræver meget specifik autismefaglig ekspertise, fx funktionel analyse af adfærd, "
            "afdækning af sansemæssige behov og individuelt tilpassede kommunikationsformer."
        ),
    },
    who={
        L: "med autisme og afgrænsede støttebehov",
        M: "med autisme og støttebehov på flere områder",
        H: "med autisme og særligt svære eller sammensatte behov",
    },
    education={
        L: "pædagog, lærer eller social- og sundhedsassistent",
        M: "moduler i autismepædagogik, struktureret pædagogik eller lavaffektiv tilgang",
        H: "diplomuddannelse med autismespecialisering eller certificering i en autismespecifik metode",
    },
    methods={
        L: "visuel struktur, forudsigelige rammer og tydelig kommunikation",
        M: "struktureret pædagogik, en lavaffektiv tilgang og sociale historier",
        H: (
            "funktionel adfærdsanalyse, sanseprofiler og behandlingspædagogiske planer, der udarbejdes sammen "
            "med psykiatrien"
        ),
    },
    aids={
        L: "visuelle dagsskemaer og piktogrammer",
        M: "tidsstyring, apps til struktur samt høreværn og andre sansemæssige hjælpemidler",
        H: "alternative kommunikationsformer (ASK), talemaskiner og individuelt tilpassede sanseløsninger",
    },
    specialists="psykolog med autismeerfaring og psykiatrien",
    partners={
        "boern": "forældre, dagtilbud eller skole, PPR og børne- og ungdomspsykiatrien",
        "unge": "familien, uddannelsessted, ungdomsvejledning og psykiatrien",
        "voksne": "pårørende, jobcenter, bostøtte og voksenpsykiatrien",
    },
    aids_note=(
        "På autismeområdet fylder hjælpemidler ofte mindre end på fx synsområdet; vurder ud fra, hvad "
        "målgruppen reelt har brug for."
    ),
    age_notes={
        ("boern", DP.KOMPLEKSITET, L): (
            "Mange børn på dette niveau trives i almindelige dagtilbud og fritidstilbud, eventuelt med støtte."
        ),
        ("unge", DP.SAMMENSAETNING, M): (
            "Overgangen til voksenlivet kræver særlig opmærksomhed, fordi nogle tilbud ophører ved 18 år."
        ),
        ("voksne", DP.SAMMENSAETNING, L): (
            "Støtten bør også åbne for adgang til almindelige fællesskaber, fx arbejde, uddannelse og fritidsliv."
        ),
    },
    active_practice={"boern": (10, 10, 5), "unge": (10, 10, 5), "voksne": (10, 10, 5)},
)

SYN = PilotArea(
    key="syn",
    name="Synsnedsættelse",
    slug="synsnedsaettelse",
    kort="synsnedsættelse",
    intro=(
        "En stor del af indsatsen leveres som matrikelløs rådgivning og undervisning i borgerens eget "
        "nærmiljø, ofte som én blandt flere indsatser omkring den samme person."
    ),
    grid={
        (DP.KOMPLEKSITET, L): (
            "{Person} har en synsnedsættelse, som kun i mindre grad påvirker hverdagen {arena}, fx behov for "
            "bedre lys, tydelige kontraster eller forstørrelse ved læsning."
        ),
        (DP.KOMPLEKSITET, M): (
            "{Person} har en betydelig synsnedsættelse, som påvirker flere dele af hverdagen – fx læsning, "
            "færden og praktiske gøremål – eventuelt sammen med andre vanskeligheder. Samlet påvirker det "
            "{gen} funktionsevne i moderat grad, og {person} har brug for støtte for at kunne {kunne}."
        ),
        (DP.KOMPLEKSITET, H): (
            "{Person} er blind eller stærkt svagsynet, ofte sammen med andre funktionsnedsættelser som "
            "høretab, udviklingshæmning eller hjerneskade. Funktionsevnen er påvirket i høj grad. Hvor meget "
            "synstabet betyder, afhænger også af livssituationen og af, hvor meget {naere} kan støtte."
        ),
        (DP.STOERRELSE, L): (
            "Lettere synsnedsættelse er så udbredt, at de fleste kommuner selv kan sørge for råd, vejledning "
            "og enkle hjælpemidler."
        ),
        (DP.STOERRELSE, M): (
            "Behovene forekommer så ofte, at en større del af kommunerne kan opretholde en indsats lokalt "
            "eller gennem et fælles kommunikationscenter."
        ),
        (DP.STOERRELSE, H): (
            "Behovene er sjældne, og leverandører med den nødvendige ekspertise er få; nogle steder i landet "
            "er der langt til den nærmeste. Indsatsen leveres derfor ofte som en matrikelløs indsats i {gen} "
            "eget nærmiljø."
        ),
        (DP.SAMMENSAETNING, L): (
            "Indsatsen består af en eller få ydelser, fx råd om belysning eller skriftligt vejledningsmateriale "
            "efter en udredning hos øjenlæge, som kan gennemføres uden tæt koordinering."
        ),
        (DP.SAMMENSAETNING, M): (
            "Indsatsen samler flere ydelser, fx synsfaglig vejledning, træning i dagligdagens færdigheder og "
            "afprøvning af hjælpemidler, og kræver koordinering med {sektor}."
        ),
        (DP.SAMMENSAETNING, H): (
            "Indsatsen er særligt tilrettelagt og samler flere ydelser, ofte i flere miljøer på samme tid – "
            "fx synsfaglig støtte {sted} og samtidig tilpasning af lys og indretning i hjemmet. "
            "Den kræver tæt samarbejde med {sektor}."
        ),
        (DP.FAGLIGT_INDHOLD, L): (
            "Indsatsen kræver generel viden om synsnedsættelse og om enkle hjælpemidler som lup, lys og "
            "kontrastmarkering; ofte er råd og skriftlig vejledning nok."
        ),
        (DP.FAGLIGT_INDHOLD, M): (
            "Indsatsen kræver synsfaglige kompetencer og særligt tilpassede metoder og hjælpemidler, fx "
            "elektroniske luper og forstørrelsesprogrammer."
        ),
        (DP.FAGLIGT_INDHOLD, H): (
            "Indsatsen kræver meget specifik synsfaglig ekspertise, fx mobility-undervisning, punktskrift, "
            "synspædagogisk udredning og avanceret tilpasning af IT. Selve udredningen af behovet kræver "
            "altid denne ekspertise, også når den indsats, der følger, er let."
        ),
    },
    who={
        L: "med en lettere synsnedsættelse",
        M: "med en betydelig synsnedsættelse",
        H: "med blindhed eller svær synsnedsættelse, ofte sammen med andre funktionsnedsættelser",
    },
    education={
        L: "pædagog, lærer, ergoterapeut eller optiker",
        M: "kurser i synsrehabilitering eller synspædagogik",
        H: "diplomuddannelse i synspædagogik eller certificering som mobility- eller ADL-instruktør",
    },
    methods={
        L: "råd om belysning, kontrast og små tilpasninger i hverdagen",
        M: "træning i dagligdagens færdigheder (ADL) og i brug af optiske hjælpemidler",
        H: "mobility-undervisning, punktskrift, synspædagogisk udredning og undervisning i kompenserende teknikker",
    },
    aids={
        L: "lup, god belysning og kontrastmarkeringer",
        M: "elektroniske luper, forstørrelses- og oplæsningsprogrammer og den hvide stok",
        H: "skærmlæser, punktdisplay og avanceret tilpasning af computer og telefon",
    },
    specialists="synspædagog, optometrist og øjenlæge",
    partners={
        "boern": "forældre, dagtilbud eller skole, PPR og øjenafdelingen",
        "unge": "familien, uddannelsessted, ungdomsvejledning og øjenlæge",
        "voksne": "pårørende, øjenlæge, kommunens hjælpemiddelafdeling og jobcenter",
    },
    age_notes={
        ("boern", DP.KOMPLEKSITET, L): (
            "Hos børn kan selv en let synsnedsættelse få betydning for leg og læring, og forældrenes "
            "ressourcer spiller en stor rolle."
        ),
        ("unge", DP.KOMPLEKSITET, M): (
            "Skiftet fra grundskole til ungdomsuddannelse kan ændre behovene markant og kræver ny planlægning."
        ),
        ("voksne", DP.KOMPLEKSITET, M): (
            "For ældre borgere betyder det meget, om der er et netværk, som kan hjælpe med fx transport og indkøb."
        ),
    },
    active_practice={"boern": (5, 5, 5), "unge": (5, 5, 5), "voksne": (20, 15, 10)},
)

PILOT_AREAS: tuple[PilotArea, ...] = (HJERNESKADE, AUTISME, SYN)
AGE_BANDS: tuple[str, ...] = ("boern", "unge", "voksne")
AGE_LABELS = {"boern": "børn", "unge": "unge", "voksne": "voksne"}

# Which description boxes each supplier parameter rests on (at the same level).
CELL_LINKS: dict[SP, tuple[DP, ...]] = {
    SP.AKTIV_PRAKSIS: (DP.KOMPLEKSITET, DP.STOERRELSE, DP.SAMMENSAETNING),
    SP.PRAKSISERFARING: (DP.KOMPLEKSITET, DP.SAMMENSAETNING),
    SP.UDDANNELSE: (DP.FAGLIGT_INDHOLD,),
    SP.FAGMILJOE: (DP.STOERRELSE, DP.FAGLIGT_INDHOLD),
    SP.SAMARBEJDSFORMER: (DP.SAMMENSAETNING,),
    SP.VIDENSUDVIKLING: (DP.FAGLIGT_INDHOLD,),
    SP.METODER: (DP.KOMPLEKSITET, DP.FAGLIGT_INDHOLD),
    SP.HJAELPEMIDLER: (DP.FAGLIGT_INDHOLD,),
}

# Praksiserfaring: (share of staff in %, years of experience) per level.
EXPERIENCE = {L: (50, 1), M: (50, 2), H: (60, 3)}
# Uddannelse: (share with relevant basic education, share with target-group-specific further education).
EDUCATION = {L: (60, None), M: (75, 25), H: (80, 40)}


@dataclass(frozen=True)
class Threshold:
    label: str
    minimum: Decimal
    unit: str


@dataclass(frozen=True)
class Criterion:
    level: Level
    text: str
    cells: tuple[DP, ...]
    thresholds: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class ParameterText:
    parameter: SP
    introduction: str
    criteria: tuple[Criterion, ...]


def _fill(template: str, words: dict[str, str]) -> str:
    text = template.format(**words)
    return text[0].upper() + text[1:]


def _words(area: PilotArea, age_band: str) -> dict[str, str]:
    words = dict(AGE_WORDS[age_band])
    words["Person"] = words["person"][0].upper() + words["person"][1:]
    words["kort"] = area.kort
    return words


def target_group_name(area: PilotArea) -> str:
    return area.name


def target_group_slug(area: PilotArea, age_band: str) -> str:
    return f"{area.slug}-{age_band}"


def description_introduction(area: PilotArea, age_band: str) -> str:
    w = _words(area, age_band)
    return (
        f"Beskrivelsen viser, hvilke vanskeligheder {w['flertal']} med {area.kort} kan have, og hvilke "
        "indsatser de har brug for på let, moderat og højt specialiseret niveau. Boksene er idealtyper: "
        "den enkelte kan have behov på flere niveauer på én gang, og behovet kan ændre sig over tid. " + area.intro
    )


def description_cells(area: PilotArea, age_band: str) -> dict[tuple[DP, Level], str]:
    """The 12 box texts for one target group and age band."""
    w = _words(area, age_band)
    notes = area.age_notes or {}
    cells = {}
    for (parameter, level), template in area.grid.items():
        text = _fill(template, w)
        note = notes.get((age_band, parameter, level))
        if note:
            text = f"{text} {note}"
        cells[(parameter, level)] = text
    return cells


def guide_introduction(area: PilotArea, age_band: str) -> str:
    w = _words(area, age_band)
    return (
        f"Vejledningen omsætter de otte parametre til konkrete kriterier for leverandører, der arbejder med "
        f"{w['flertal']} med {area.kort}. Ved hvert kriterium står de bokse i målgruppebeskrivelsen, som det "
        "bygger på. Et parameter er opfyldt på et niveau, når kriteriet for niveauet er opfyldt. Tærsklerne er "
        "eksempler til demonstration."
    )


def _count_unit(age_band: str) -> str:
    return {"boern": "børn pr. kalenderår", "unge": "unge pr. kalenderår", "voksne": "borgere pr. kalenderår"}[age_band]


def guide_parameters(area: PilotArea, age_band: str) -> list[ParameterText]:
    """The eight parameters, each with an introduction and one criterion per level."""
    w = _words(area, age_band)
    fl, person, naere, kort = w["flertal"], w["person"], w["naere"], area.kort
    partners = area.partners[age_band]
    active = (area.active_practice or {}).get(age_band, (10, 10, 5))
    n = dict(zip((L, M, H), active, strict=True))
    unit = _count_unit(age_band)

    def cells(parameter: SP) -> tuple[DP, ...]:
        return CELL_LINKS[parameter]

    # 1. Aktiv praksis
    need = {
        L: "har brug for en eller få enkeltstående ydelser",
        M: "har brug for flere ydelser i en samlet indsats",
        H: "har brug for en særligt tilrettelagt, samlet indsats",
    }
    active_criteria = []
    for level in (L, M, H):
        text = (
            f"Leverandøren har i det seneste kalenderår leveret indsatser til mindst {n[level]} {fl} "
            f"{area.who[level]}, som {need[level]}."
        )
        if level == H and n[H] < n[M]:
            text += " Tærsklen er lavere end på moderat niveau, fordi målgruppen på dette niveau er lille."
        active_criteria.append(
            Criterion(
                level,
                text,
                cells(SP.AKTIV_PRAKSIS),
                (
                    Threshold(
                        f"{fl.capitalize()} med behov på niveauet, som har fået en indsats", Decimal(n[level]), unit
                    ),
                ),
            )
        )

    # 2. Praksiserfaring
    exp_what = {
        L: f"indsatser til {fl} {area.who[L]}",
        M: f"sammensatte indsatser til {fl} {area.who[M]}",
        H: f"særligt tilrettelagte indsatser til {fl} {area.who[H]}",
    }
    experience_criteria = []
    for level in (L, M, H):
        share, years = EXPERIENCE[level]
        year_word = "år" if years == 1 else "års"
        text = f"Mindst {share} % af medarbejderne har mindst {years} {year_word} erfaring med {exp_what[level]}."
        if level == H:
            text += " Erfaringen skal kunne dokumenteres, fx med tidligere stillinger og opgaver."
        experience_criteria.append(
            Criterion(
                level,
                text,
                cells(SP.PRAKSISERFARING),
                (
                    Threshold(
                        f"Andel af medarbejderne med mindst {years} {year_word} praksiserfaring", Decimal(share), "%"
                    ),
                ),
            )
        )

    # 3. Uddannelsesmæssige kompetencer
    education_criteria = []
    for level in (L, M, H):
        basic, special = EDUCATION[level]
        thresholds = [Threshold("Andel med relevant grunduddannelse, vikarer medregnet", Decimal(basic), "%")]
        if special is None:  # level L asks for the basic education only
            text = (
                f"Mindst {basic} % af medarbejderne, vikarer medregnet, har en relevant grunduddannelse, "
                f"fx {area.education[L]}."
            )
        else:
            extra = (
                "målgruppespecifik efteruddannelse"
                if level == M
                else "specialiseret videreuddannelse eller en certificering"
            )
            text = (
                f"Mindst {basic} % af medarbejderne, vikarer medregnet, har en relevant grunduddannelse, og "
                f"mindst {special} % har desuden {extra}, fx {area.education[level]}."
            )
            thresholds.append(Threshold(f"Andel med {extra}, vikarer medregnet", Decimal(special), "%"))
        education_criteria.append(Criterion(level, text, cells(SP.UDDANNELSE), tuple(thresholds)))

    # 4. Fagmiljø
    environment = {
        L: (
            f"I hele åbningstiden eller på alle vagter er der medarbejdere med grundlæggende viden om {kort}, "
            "og der er faste møder med faglig sparring."
        ),
        M: (
            "Vagtplaner og bemanding sikrer, at medarbejdere med målgruppespecifik uddannelse og erfaring er til "
            "stede alle dage, også ved ferie og sygdom. Der er fast faglig sparring, og nye medarbejdere bliver "
            "introduceret systematisk til målgruppen."
        ),
        H: (
            "Fagmiljøet er så stort og stabilt, at det høje niveau kan holdes hele året, også når medarbejdere "
            f"skifter. Der er systematisk supervision og fast adgang til specialister, fx {area.specialists}."
        ),
    }

    # 5. Samarbejdsformer
    cooperation = {
        L: (
            f"Medarbejderne kan samarbejde med andre fagpersoner og sektorer, når {person} får flere ydelser, "
            f"fx med {partners}, så forløbet hænger sammen."
        ),
        M: (
            f"Medarbejderne samarbejder fast og tværfagligt om sammensatte forløb, fx med {partners}. Det er "
            "aftalt, hvem der koordinerer, og hvordan oplysninger deles."
        ),
        H: (
            "Medarbejderne indgår i et forpligtende tværfagligt og tværsektorielt samarbejde om særligt "
            f"tilrettelagte forløb med fælles mål og opfølgning og skriftlige samarbejdsaftaler med {partners}."
        ),
    }

    # 6. Vidensudvikling
    knowledge = {
        L: (
            f"Leverandøren holder sig orienteret om aktuel viden om {kort} hos {fl}, fx gennem kurser, "
            "faglitteratur og netværk, og deler den i medarbejdergruppen."
        ),
        M: (
            f"Leverandøren har en plan for, hvordan ny viden om {kort} og om sammensatte indsatser hentes ind "
            "og bruges i praksis, fx gennem faglige netværk og systematisk efteruddannelse."
        ),
        H: (
            "Leverandøren følger den nyeste viden på området og bidrager selv til at udvikle den, fx ved at "
            "undervise andre, deltage i udviklings- eller forskningsprojekter eller dele erfaringer med andre "
            "leverandører og kommuner."
        ),
    }

    # 7. Metoder og faglige tilgange
    methods = {
        L: (
            f"Medarbejderne arbejder på et velbegrundet socialpædagogisk grundlag, inddrager {person} og "
            f"{naere} og bruger enkle målgruppespecifikke tilgange, fx {area.methods[L]}."
        ),
        M: (
            f"Medarbejderne bruger målgruppespecifikke metoder i en samlet indsats, fx {area.methods[M]}, og "
            f"følger systematisk op på målene sammen med {person}."
        ),
        H: (
            f"Medarbejderne tilrettelægger indsatsen individuelt med højt specialiserede metoder, fx "
            f"{area.methods[H]}, på et dokumenteret fagligt grundlag og med aktiv inddragelse af {person} og "
            f"{naere}."
        ),
    }

    # 8. Hjælpemidler og teknologi
    aids = {
        L: f"Medarbejderne kan hjælpe {person} med at bruge enkle hjælpemidler og teknologi, fx {area.aids[L]}.",
        M: (
            f"Medarbejderne kan afprøve, tilpasse og støtte brugen af mere målrettede hjælpemidler, fx "
            f"{area.aids[M]}, i samarbejde med kommunens hjælpemiddelområde."
        ),
        H: (
            f"Medarbejderne har ekspertise i specialiserede hjælpemidler og teknologi, fx {area.aids[H]}, og kan "
            f"vejlede og undervise både {person}, {naere} og andre fagpersoner i brugen."
        ),
    }

    def simple(parameter: SP, texts: dict[Level, str]) -> tuple[Criterion, ...]:
        return tuple(Criterion(level, texts[level], cells(parameter)) for level in (L, M, H))

    intros = {
        SP.AKTIV_PRAKSIS: (
            f"Arbejder leverandøren faktisk med {fl} med {kort} på niveauet – og med nok af dem i løbet af et "
            "kalenderår til at holde kompetencerne ved lige? Øvelse gør mester. Leverandøren oplyser antal pr. "
            "niveau, og socialtilsynet holder tallene op mod målgruppebeskrivelsens bokse. Oplys kun antal, "
            "aldrig navne eller CPR-numre."
        ),
        SP.PRAKSISERFARING: (
            f"Hvor stor en del af medarbejderne har dokumenteret erfaring med indsatser til {fl} med {kort} på "
            "niveauet? Erfaring fra tidligere ansættelser tæller med, når den kan beskrives konkret: hvilken "
            "målgruppe, hvilket niveau og hvor længe."
        ),
        SP.UDDANNELSE: (
            "Her ser vi på medarbejdernes grunduddannelse og relevante efter- og videreuddannelse. Vikarer tæller "
            "med på lige fod med faste medarbejdere, så husk at oplyse deres uddannelse. På højt niveau kan der "
            "kræves særlige uddannelser eller certificeringer."
        ),
        SP.FAGMILJOE: (
            "Fagmiljøet handler om robusthed: Kan leverandøren levere niveauet alle dage og året rundt, også ved "
            "ferie, sygdom og udskiftning? Vagtplaner, bemanding og faste rammer for sparring indgår."
        ),
        SP.SAMARBEJDSFORMER: (
            "Hvordan samarbejder medarbejderne systematisk med andre fagpersoner og sektorer, så "
            f"{person} oplever et sammenhængende forløb? Både skriftlige aftaler og faste samarbejder om den "
            "enkelte kan dokumentere parameteret."
        ),
        SP.VIDENSUDVIKLING: (
            f"Holder leverandøren sig ajour med den bedste aktuelle viden om {kort} hos {fl}? På højt niveau "
            "skal leverandøren også selv bidrage til at udvikle den."
        ),
        SP.METODER: (
            "Bruger medarbejderne metoder og faglige tilgange, der passer til målgruppen, på et solidt "
            f"socialpædagogisk grundlag? Og bliver {person} og {naere} inddraget i indsatsen?"
        ),
        SP.HJAELPEMIDLER: (
            f"Kan medarbejderne støtte brugen af de hjælpemidler og den teknologi, der er relevant for {fl} med "
            f"{kort}? På højt niveau skal de også kunne vejlede og undervise andre fagpersoner."
            + (f" {area.aids_note}" if area.aids_note else "")
        ),
    }
    criteria = {
        SP.AKTIV_PRAKSIS: tuple(active_criteria),
        SP.PRAKSISERFARING: tuple(experience_criteria),
        SP.UDDANNELSE: tuple(education_criteria),
        SP.FAGMILJOE: simple(SP.FAGMILJOE, environment),
        SP.SAMARBEJDSFORMER: simple(SP.SAMARBEJDSFORMER, cooperation),
        SP.VIDENSUDVIKLING: simple(SP.VIDENSUDVIKLING, knowledge),
        SP.METODER: simple(SP.METODER, methods),
        SP.HJAELPEMIDLER: simple(SP.HJAELPEMIDLER, aids),
    }
    return [ParameterText(p, intros[p], criteria[p]) for p in SP]
