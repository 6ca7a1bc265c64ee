"""Demo oplysningsskemaer: one complete form template per pilot target group, in our own plain Danish.

Every question belongs to one of the eight parameters (or to 'Generelt'), has a help text that says what
to write and what to leave out, and names the levels of the guide criteria it gives evidence for. The
supplier is only ever asked for counts and general descriptions: never names, CPR numbers or stories
about individual citizens. A few lists (methods, aids, kinds of service, legal basis) differ by target
group and age band; the rest is shared, with the age band's words ('børn', 'unge', 'borgere') filled in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from targetgroups.domain.model import Level
from targetgroups.domain.model import SupplierParameter as SP

from .content import AGE_WORDS, AUTISME, HJERNESKADE, SYN, PilotArea

L, M, H = Level.LET, Level.MODERAT, Level.HOEJT
ALL_LEVELS = (L, M, H)

NO_PERSONAL_DATA = "Skriv ikke navne, CPR-numre eller beskrivelser af enkelte borgere."
LONG_TEXT_WORDS = 500  # as England's CQC limits the free-text answers of its provider information return
SHORT_DESCRIPTION_WORDS = 250


@dataclass(frozen=True)
class QuestionText:
    """One demo question. `levels` are the levels of the parameter's guide criteria it serves."""

    key: str
    kind: str
    label: str
    help_text: str
    parameter: SP | None = None
    levels: tuple[Level, ...] = ALL_LEVELS
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    max_words: int | None = None
    choices: tuple[str, ...] = ()
    columns: tuple[dict[str, Any], ...] = ()
    max_rows: int | None = None


def _col(key: str, label: str, kind: str = "short_text", **extra: Any) -> dict[str, Any]:
    column = {"key": key, "label": label, "kind": kind, "required": extra.pop("required", True)}
    column.update(extra)
    return column


# --- What differs per target group ---------------------------------------------------------------------------

METHODS: dict[str, tuple[str, ...]] = {
    HJERNESKADE.key: (
        "Neuropædagogik",
        "Kognitiv træning og kompenserende strategier",
        "Fast struktur og visuel støtte i hverdagen",
        "Low arousal",
        "Træning af praktiske færdigheder (ADL) sammen med terapeuter",
        "Metoder til håndtering af træthed og energi",
        "Motiverende samtale",
        "Systematisk inddragelse af pårørende",
        "Andet",
    ),
    AUTISME.key: (
        "Struktureret pædagogik (fx TEACCH)",
        "Low arousal",
        "KRAP (kognitiv, ressourcefokuseret og anerkendende pædagogik)",
        "Visuel støtte, fx piktogrammer og dagsplaner",
        "Sociale historier og tegneseriesamtaler",
        "Sansestimulering og sanseprofiler",
        "Mentaliseringsbaseret tilgang",
        "Neuropædagogik",
        "Andet",
    ),
    SYN.key: (
        "Synspædagogisk udredning og funktionel synsvurdering",
        "Træning i orientering og mobilitet (mobility)",
        "Træning i dagligdagens gøremål for blinde og svagsynede (ADL)",
        "Undervisning i punktskrift",
        "Undervisning i kompenserende it",
        "Tilrettelæggelse af lys, kontrast og omgivelser",
        "Neuropædagogik ved hjernebetinget synsnedsættelse (CVI)",
        "Andet",
    ),
}

AID_CATEGORIES: dict[str, tuple[str, ...]] = {
    HJERNESKADE.key: (
        "Kalender, påmindelser og huskeapps",
        "Kognitive hjælpemidler, fx ugeskemaer og tjeklister",
        "Kommunikationshjælpemidler (ASK)",
        "Mobilitetshjælpemidler, fx rollator og kørestol",
        "Velfærdsteknologi i boligen, fx sensorer og døråbnere",
        "Andet",
    ),
    AUTISME.key: (
        "Visuelle dagsplaner og piktogrammer",
        "Tidsstøtte, fx timere og tidsure",
        "Kommunikationshjælpemidler (ASK)",
        "Sanseredskaber, fx kugledyne og høreværn",
        "Apps til struktur og planlægning",
        "Andet",
    ),
    SYN.key: (
        "Punktskrift og punktdisplay",
        "Skærmlæser og forstørrelsesprogram",
        "Lup og elektronisk forstørrelse (CCTV)",
        "Mobility: stok, førerhund og ledelinjer",
        "Tale- og lydbaserede hjælpemidler, fx talende ur og lydbøger",
        "Belysning og kontrastmarkering",
        "Andet",
    ),
}

CERTIFICATION_EXAMPLES: dict[str, str] = {
    HJERNESKADE.key: "fx en diplomuddannelse i neuropædagogik eller en specialuddannelse i rehabilitering",
    AUTISME.key: "fx en diplomuddannelse i autisme eller certificering i en bestemt pædagogisk metode",
    SYN.key: "fx uddannelse som synskonsulent, instruktør i mobility eller ADL for blinde og svagsynede",
}

SERVICE_KINDS: dict[str, tuple[str, ...]] = {
    "boern": (
        "Døgninstitution eller opholdssted",
        "Aflastningstilbud",
        "Dagbehandling eller specialskoletilbud med socialpædagogisk indsats",
        "Matrikelløs indsats, fx rådgivning i hjemmet, daginstitutionen eller skolen",
        "Andet",
    ),
    "unge": (
        "Døgninstitution, opholdssted eller ungebolig",
        "Botilbud for unge over 18 år",
        "Socialpædagogisk støtte i egen bolig",
        "Matrikelløs indsats, fx rådgivning i hjemmet eller på uddannelsesstedet",
        "Andet",
    ),
    "voksne": (
        "Længerevarende botilbud",
        "Midlertidigt botilbud",
        "Socialpædagogisk støtte i egen bolig",
        "Beskyttet beskæftigelse eller aktivitets- og samværstilbud",
        "Matrikelløs indsats, fx rådgivning og undervisning i borgerens nærmiljø",
        "Andet",
    ),
}

LEGAL_BASES: dict[str, tuple[str, ...]] = {
    "boern": (
        "Barnets lov – støttende indsats i hjemmet",
        "Barnets lov – anbringelse uden for hjemmet",
        "Barnets lov – aflastning",
        "Andet",
    ),
    "unge": (
        "Barnets lov – anbringelse uden for hjemmet",
        "Barnets lov – efterværn for unge mellem 18 og 22 år",
        "Serviceloven § 85 (socialpædagogisk støtte)",
        "Serviceloven § 107 (midlertidigt botilbud)",
        "Andet",
    ),
    "voksne": (
        "Serviceloven § 85 (socialpædagogisk støtte)",
        "Serviceloven § 103 (beskyttet beskæftigelse)",
        "Serviceloven § 104 (aktivitets- og samværstilbud)",
        "Serviceloven § 107 (midlertidigt botilbud)",
        "Serviceloven § 108 (længerevarende botilbud)",
        "Almenboligloven § 105 med støtte efter serviceloven § 85",
        "Andet",
    ),
}

KNOWLEDGE_ACTIVITIES = (
    "Kurser og efteruddannelse om målgruppen",
    "Faglige netværk med andre tilbud",
    "Supervision fra en ekstern specialist",
    "Faste læsegrupper eller faglige temadage",
    "Konferencer og faglige arrangementer",
    "Samarbejde med forsknings- eller uddannelsesinstitutioner",
    "Deltagelse i udviklings- eller forskningsprojekter",
    "Undervisning af andre fagpersoner",
    "Artikler, oplæg eller materialer, som andre kan bruge",
    "Andet",
)

COOPERATION_KINDS = (
    "Faste møder om den enkeltes forløb",
    "Fælles mål eller fælles plan",
    "Rådgivning og sparring",
    "Brobygning ved overgange",
    "Fælles undervisning eller træning",
    "Andet",
)


# --- Title and introduction ----------------------------------------------------------------------------------


def title(area: PilotArea, age_band: str) -> str:
    return f"Oplysningsskema – {area.name.lower()}, {AGE_WORDS[age_band]['flertal']}"


def introduction(area: PilotArea, age_band: str) -> str:
    fl = AGE_WORDS[age_band]["flertal"]
    return (
        f"Skemaet samler de oplysninger, socialtilsynet bruger til at vurdere, hvor specialiseret jeres tilbud "
        f"er til {fl} med {area.kort}. Spørgsmålene følger vejledningens otte parametre. Svar så præcist som "
        "muligt for det tilbud eller den afdeling, vurderingen gælder. Oplys antal og generelle beskrivelser – "
        "aldrig navne, CPR-numre eller beskrivelser af enkelte borgere. Har I brug for at forklare noget "
        "nærmere, kan I gøre det ved det opfølgende interview."
    )


# --- The questions -------------------------------------------------------------------------------------------


def questions(area: PilotArea, age_band: str) -> list[QuestionText]:
    """The questions of one target group's form, in the order the supplier meets them."""
    w = AGE_WORDS[age_band]
    fl, person, naere = w["flertal"], w["person"], w["naere"]
    level_words = {L: "let", M: "moderat", H: "højt"}
    level_keys = {L: "let", M: "moderat", H: "hoejt"}
    return [
        *_general(area, age_band, fl),
        *_active_practice(area, fl, level_words, level_keys),
        *_experience(fl, level_words),
        *_education(area),
        *_environment(),
        *_cooperation(person),
        *_knowledge(area),
        *_methods(area, person, naere),
        *_aids(area, fl, person, naere),
    ]


def _general(area: PilotArea, age_band: str, fl: str) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "generelt-tilbudstype",
            "single",
            "Hvilken slags tilbud er det?",
            "Vælg den type, der passer bedst på det tilbud eller den afdeling, vurderingen gælder. Driver I "
            "flere slags tilbud, så udfyld et skema for hver.",
            levels=(),
            choices=SERVICE_KINDS[age_band],
        ),
        QuestionText(
            "generelt-lovgrundlag",
            "multiple",
            "Efter hvilke bestemmelser leverer I indsatsen?",
            "Vælg alle de bestemmelser, som kommunerne visiterer til jeres tilbud efter. Vælger I «Andet», så "
            "nævn bestemmelsen ved interviewet.",
            levels=(),
            choices=LEGAL_BASES[age_band],
        ),
        QuestionText(
            "generelt-pladser",
            "integer",
            "Hvor mange pladser eller forløb har tilbuddet i alt?",
            f"Skriv det antal pladser, som tilbuddet er godkendt til. Er tilbuddet matrikelløst, så skriv det "
            f"antal {fl}, I typisk kan have forløb med på samme tid.",
            levels=(),
            min_value=0,
            max_value=1000,
        ),
        QuestionText(
            "generelt-matrikelloes",
            "yesno",
            "Er tilbuddet en matrikelløs indsats?",
            f"Svar ja, hvis {fl} ikke bor hos jer, indsatsen gives i deres eget nærmiljø eller hos jer, den har "
            "hjemmel i den sociale lovgivning, og formålet er at udvikle eller genvinde færdigheder."
            + (" Det gælder mange tilbud på synsområdet." if area.key == SYN.key else ""),
            levels=(),
        ),
        QuestionText(
            "generelt-dato-medarbejderopgoerelse",
            "date",
            "Hvilken dato gælder oplysningerne om medarbejderne fra?",
            "Skriv datoen for den opgørelse af medarbejdere, I bruger i skemaet, fx den 1. i sidste måned. "
            "Oplysningerne om uddannelse, erfaring og vagtplaner skal gælde den samme dato.",
            levels=(),
        ),
    )


def _active_practice(area: PilotArea, fl: str, level_words: dict, level_keys: dict) -> Sequence[QuestionText]:
    counts = [
        QuestionText(
            f"aktiv-praksis-borgere-{level_keys[level]}",
            "integer",
            f"Hvor mange {fl} med behov på {level_words[level]} niveau fik en indsats hos jer i det seneste "
            "kalenderår?",
            f"Brug boksene for {level_words[level]} niveau i målgruppebeskrivelsen. Tæl hver person én gang, på "
            "det niveau der bedst passede til behovet det meste af året. Skriv kun et antal. " + NO_PERSONAL_DATA,
            parameter=SP.AKTIV_PRAKSIS,
            levels=(level,),
            min_value=0,
            max_value=5000,
        )
        for level in ALL_LEVELS
    ]
    return (
        QuestionText(
            "aktiv-praksis-kalenderaar",
            "integer",
            "Hvilket kalenderår gælder tallene for?",
            "Normalt det seneste hele kalenderår, fx 2025.",
            parameter=SP.AKTIV_PRAKSIS,
            min_value=2015,
            max_value=2100,
        ),
        *counts,
        QuestionText(
            "aktiv-praksis-vurdering-af-behov",
            "long_text",
            "Hvordan vurderer I, på hvilket niveau den enkeltes behov er?",
            "Beskriv jeres fremgangsmåde generelt: hvilke oplysninger I bruger (fx udredninger, handleplaner, "
            "egne observationer), hvem der deltager, og hvor ofte vurderingen bliver gentaget. "
            + NO_PERSONAL_DATA
            + " Indsæt ikke journaler eller lægelige beskrivelser.",
            parameter=SP.AKTIV_PRAKSIS,
            max_words=LONG_TEXT_WORDS,
        ),
    )


def _experience(fl: str, level_words: dict) -> Sequence[QuestionText]:
    years = {"min": 0, "max": 50}
    return (
        QuestionText(
            "praksiserfaring-medarbejdere",
            "table",
            "Hvor mange års erfaring har hver medarbejder med målgruppen på de tre niveauer?",
            f"Én række pr. medarbejder, der arbejder direkte med {fl}, også vikarer. Skriv stillingsbetegnelsen, "
            "ikke navnet. Tæl hele år med målgruppen på hvert niveau, også fra tidligere ansættelser; skriv 0, "
            "hvis medarbejderen ikke har erfaring på niveauet.",
            parameter=SP.PRAKSISERFARING,
            columns=(
                _col("stilling", "Stilling"),
                _col("ansaettelse", "Fast eller vikar", "single", choices=["Fast", "Vikar"]),
                _col("aar-let", f"År på {level_words[L]} niveau", "integer", **years),
                _col("aar-moderat", f"År på {level_words[M]} niveau", "integer", **years),
                _col("aar-hoejt", f"År på {level_words[H]} niveau", "integer", **years),
            ),
            max_rows=300,
        ),
        QuestionText(
            "praksiserfaring-dokumentation",
            "long_text",
            "Hvordan kan I dokumentere medarbejdernes erfaring?",
            "Beskriv kort, hvad I kan fremvise, fx CV'er, tidligere stillinger og opgaver eller udtalelser. Send "
            "ikke selve dokumenterne nu; socialtilsynet beder om dem, hvis det er nødvendigt.",
            parameter=SP.PRAKSISERFARING,
            levels=(M, H),
            max_words=SHORT_DESCRIPTION_WORDS,
        ),
    )


def _education(area: PilotArea) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "uddannelse-medarbejdere",
            "table",
            "Hvilken uddannelse har medarbejderne?",
            "Én række pr. medarbejder, der arbejder direkte med målgruppen. Vikarer tæller med på lige fod med "
            "faste medarbejdere, så husk dem. Skriv stillingsbetegnelse, ikke navn. Ved efteruddannelse: skriv "
            "kurser og uddannelser af betydning for målgruppen, fx «PD i specialpædagogik».",
            parameter=SP.UDDANNELSE,
            columns=(
                _col("stilling", "Stilling"),
                _col("ansaettelse", "Fast eller vikar", "single", choices=["Fast", "Vikar"]),
                _col("grunduddannelse", "Grunduddannelse"),
                _col("efteruddannelse", "Efter- og videreuddannelse", required=False),
                _col("maalgruppespecifik", "Målgruppespecifik efteruddannelse", "yesno"),
            ),
            max_rows=300,
        ),
        QuestionText(
            "uddannelse-saerlig-certificering",
            "yesno",
            "Har nogen af medarbejderne en særlig uddannelse eller certificering på målgruppens område?",
            f"Det kan være {CERTIFICATION_EXAMPLES[area.key]}. Svar nej, hvis det kun drejer sig om kortere kurser.",
            parameter=SP.UDDANNELSE,
            levels=(H,),
        ),
        QuestionText(
            "uddannelse-certificering-hvilke",
            "short_text",
            "Hvis ja: Hvilke uddannelser eller certificeringer, og hvor mange medarbejdere har dem?",
            "Skriv fx «Diplom i neuropædagogik: 3». Ingen navne.",
            parameter=SP.UDDANNELSE,
            levels=(H,),
            required=False,
            max_words=60,
        ),
    )


def _environment() -> Sequence[QuestionText]:
    return (
        QuestionText(
            "fagmiljoe-daekning-alle-dage",
            "yesno",
            "Er der medarbejdere med målgruppespecifik uddannelse eller erfaring til stede alle dage året rundt?",
            "Også i weekender, på helligdage og i ferier. Svar nej, hvis der er dage eller perioder, hvor det ikke "
            "er tilfældet, og forklar det i spørgsmålet om fravær.",
            parameter=SP.FAGMILJOE,
        ),
        QuestionText(
            "fagmiljoe-faglaerte-pr-vagt",
            "integer",
            "Hvor mange medarbejdere med målgruppespecifik uddannelse er der mindst på arbejde i dagtimerne?",
            "Skriv det laveste antal på en almindelig hverdag. Er tilbuddet matrikelløst, så skriv hvor mange "
            "der mindst er til rådighed for forløbene på en hverdag.",
            parameter=SP.FAGMILJOE,
            min_value=0,
            max_value=200,
        ),
        QuestionText(
            "fagmiljoe-vikardaekning-procent",
            "integer",
            "Hvor stor en del af vagterne blev dækket af vikarer i det seneste kvartal, i procent?",
            "Et skøn er nok. Medregn både eksterne vikarer og timelønnede afløsere.",
            parameter=SP.FAGMILJOE,
            min_value=0,
            max_value=100,
        ),
        QuestionText(
            "fagmiljoe-fravaer",
            "long_text",
            "Hvordan sikrer I niveauet ved sygdom, ferie og udskiftning af medarbejdere?",
            "Beskriv fx jeres faste afløsere, hvordan vikarer bliver introduceret, og hvad I gør, når en "
            "nøgleperson stopper. Skriv generelt; nævn ikke medarbejdere eller borgere ved navn.",
            parameter=SP.FAGMILJOE,
            max_words=LONG_TEXT_WORDS,
        ),
        QuestionText(
            "fagmiljoe-sparring-hyppighed",
            "single",
            "Hvor ofte har medarbejderne fast faglig sparring eller supervision?",
            "Vælg det, der gælder for de fleste medarbejdere.",
            parameter=SP.FAGMILJOE,
            choices=(
                "Mindst hver uge",
                "Hver 14. dag",
                "Hver måned",
                "Sjældnere end hver måned",
                "Ingen fast sparring",
            ),
        ),
        QuestionText(
            "fagmiljoe-sparring",
            "long_text",
            "Hvordan er den faglige sparring og supervision organiseret?",
            "Beskriv hvem der giver sparring (intern eller ekstern), i hvilken form, og hvordan vikarer og nye "
            "medarbejdere får del i den. " + NO_PERSONAL_DATA,
            parameter=SP.FAGMILJOE,
            max_words=LONG_TEXT_WORDS,
        ),
        QuestionText(
            "fagmiljoe-vagtplaner",
            "file",
            "Vedhæft vagtplaner for fire sammenhængende uger",
            "Gerne de seneste fire uger. Stillingsbetegnelser eller initialer er nok; fjern alle oplysninger om "
            "borgere, før I vedhæfter. PDF eller regneark.",
            parameter=SP.FAGMILJOE,
        ),
    )


def _cooperation(person: str) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "samarbejde-partnere",
            "table",
            "Hvem samarbejder I fast med om forløbene?",
            "Én række pr. samarbejdspartner, fx en kommunal afdeling, en skole, en hospitalsafdeling eller en "
            "specialrådgivning. Skriv organisation eller faggruppe – ikke navne på personer.",
            parameter=SP.SAMARBEJDSFORMER,
            columns=(
                _col("partner", "Samarbejdspartner"),
                _col("samarbejdsform", "Slags samarbejde", "single", choices=list(COOPERATION_KINDS)),
                _col("skriftlig-aftale", "Skriftlig aftale", "yesno"),
            ),
            max_rows=60,
        ),
        QuestionText(
            "samarbejde-sammenhaeng",
            "long_text",
            f"Hvordan sikrer I, at {person} oplever et sammenhængende forløb?",
            "Beskriv hvem der koordinerer, hvordan I deler oplysninger med samarbejdspartnerne (med samtykke), og "
            "hvordan I følger op på fælles mål. " + NO_PERSONAL_DATA,
            parameter=SP.SAMARBEJDSFORMER,
            max_words=LONG_TEXT_WORDS,
        ),
        QuestionText(
            "samarbejde-aftaler",
            "file",
            "Vedhæft jeres skriftlige samarbejdsaftaler",
            "Kun generelle aftaler mellem organisationer – ikke aftaler om en bestemt borger.",
            parameter=SP.SAMARBEJDSFORMER,
            levels=(M, H),
            required=False,
        ),
    )


def _knowledge(area: PilotArea) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "vidensudvikling-aktiviteter",
            "multiple",
            "Hvordan henter I ny viden ind, og hvordan deler I den?",
            "Vælg alt det, I har gjort inden for de seneste to år.",
            parameter=SP.VIDENSUDVIKLING,
            choices=KNOWLEDGE_ACTIVITIES,
        ),
        QuestionText(
            "vidensudvikling-efteruddannede",
            "integer",
            f"Hvor mange medarbejdere deltog i efteruddannelse om {area.kort} i det seneste kalenderår?",
            "Tæl hver medarbejder én gang, også vikarer.",
            parameter=SP.VIDENSUDVIKLING,
            min_value=0,
            max_value=1000,
        ),
        QuestionText(
            "vidensudvikling-fra-viden-til-praksis",
            "long_text",
            "Hvordan bliver ny viden til ændret praksis hos jer?",
            "Giv gerne et eksempel fra de seneste to år på en ændring i jeres arbejde, og hvad den byggede på. "
            "Beskriv ændringen generelt; beskriv ikke enkelte borgere.",
            parameter=SP.VIDENSUDVIKLING,
            max_words=LONG_TEXT_WORDS,
        ),
        QuestionText(
            "vidensudvikling-eget-bidrag",
            "long_text",
            "Bidrager I selv til at udvikle ny viden på området?",
            "Fx udviklings- eller forskningsprojekter, undervisning af andre eller materialer, som andre tilbud "
            "bruger. Svar kun, hvis det er relevant for jer.",
            parameter=SP.VIDENSUDVIKLING,
            levels=(H,),
            required=False,
            max_words=SHORT_DESCRIPTION_WORDS,
        ),
    )


def _methods(area: PilotArea, person: str, naere: str) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "metoder-anvendte",
            "multiple",
            "Hvilke metoder og faglige tilgange bruger I i det daglige arbejde?",
            "Vælg kun de metoder, som medarbejderne faktisk er uddannet i og bruger. Vælger I «Andet», så nævn "
            "metoden i beskrivelsen nedenfor.",
            parameter=SP.METODER,
            choices=METHODS[area.key],
        ),
        QuestionText(
            "metoder-fagligt-grundlag",
            "long_text",
            "Hvordan vælger og tilpasser I metoderne til den enkelte?",
            "Beskriv det faglige grundlag, hvordan I vælger metode, og hvordan I følger op på, om den virker. "
            + NO_PERSONAL_DATA,
            parameter=SP.METODER,
            max_words=LONG_TEXT_WORDS,
        ),
        QuestionText(
            "metoder-inddragelse",
            "long_text",
            f"Hvordan inddrager I {person} og {naere} i indsatsen?",
            "Beskriv fx hvordan mål bliver sat og fulgt op sammen med dem, og hvordan I tilpasser "
            "kommunikationen. Skriv generelt – ingen eksempler, der kan genkendes.",
            parameter=SP.METODER,
            max_words=LONG_TEXT_WORDS,
        ),
    )


def _aids(area: PilotArea, fl: str, person: str, naere: str) -> Sequence[QuestionText]:
    return (
        QuestionText(
            "hjaelpemidler-kategorier",
            "table",
            "Hvilke hjælpemidler og teknologier støtter I brugen af?",
            f"Én række pr. kategori. Skriv antal {fl}, der brugte kategorien i det seneste kalenderår, og antal "
            "medarbejdere, der kan lære andre at bruge den. Kun antal – ingen navne.",
            parameter=SP.HJAELPEMIDLER,
            columns=(
                _col("kategori", "Kategori", "single", choices=list(AID_CATEGORIES[area.key])),
                _col("antal-borgere", f"Antal {fl}, der bruger det", "integer", min=0, max=5000),
                _col("antal-medarbejdere", "Medarbejdere, der kan lære det fra sig", "integer", min=0, max=1000),
            ),
            max_rows=30,
        ),
        QuestionText(
            "hjaelpemidler-afproevning",
            "long_text",
            "Hvordan afprøver og tilpasser I hjælpemidler sammen med kommunen eller en specialrådgivning?",
            "Beskriv hvem I samarbejder med, og hvordan I følger op på, om hjælpemidlet bliver brugt. "
            + NO_PERSONAL_DATA,
            parameter=SP.HJAELPEMIDLER,
            levels=(M, H),
            max_words=SHORT_DESCRIPTION_WORDS,
        ),
        QuestionText(
            "hjaelpemidler-undervisning",
            "yesno",
            f"Underviser jeres medarbejdere {naere} eller andre fagpersoner i brugen af hjælpemidler?",
            f"Svar ja, hvis det sker fast og planlagt – ikke kun, når det er nødvendigt for at {person} kan "
            "bruge hjælpemidlet.",
            parameter=SP.HJAELPEMIDLER,
            levels=(H,),
        ),
    )
