"""The public statements (tilgængelighedserklæring, privatlivspolitik) and their first versions.

Version 1 of each is seeded here, only when no version of that kind exists. The texts are written out here, frozen
(a migration must not import live code); they were copied unchanged from the statements' built-in defaults.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACCESSIBILITY_TITLE = "Tilgængelighedserklæring"

ACCESSIBILITY_BODY = """\
Socialtilsynet ønsker, at alle kan bruge Specialiseringsvurdering, også med handicap, med skærmlæser, \
forstørrelse eller kun tastatur. Løsningen er omfattet af lov om tilgængelighed af offentlige organers \
websteder og mobilapplikationer (webtilgængelighedsloven), og målet er at leve op til standarden \
EN 301 549, som bygger på WCAG 2.1 niveau AA.

## Overholdelse
Vi vurderer, at løsningen overholder standarden delvist. De kendte mangler står længere nede på siden.

## Sådan har vi testet
- Automatisk test med axe-core af hver side, som de automatiske browsertest besøger. En side med en alvorlig \
eller kritisk fejl får testen til at fejle.
- Gennemgang med tastatur alene af de vigtigste forløb: log ind, udfyld oplysningsskemaet, og afgiv en vurdering.
- Sider set på skærmbilleder i 320 pixels bredde (svarer til 400 % forstørrelse) og i 1280 pixels bredde.
- En streng Content-Security-Policy uden inline-scripts og inline-styles, som browsertestene også kontrollerer.
- Sidernes opbygning følger Det Fælles Designsystem (DKFDS), og hjælpetekster til hver parameter kan foldes ud \
med tastatur.

## Kendte mangler
- Løsningen er endnu ikke testet fuldt igennem med skærmlæser (fx NVDA, JAWS eller VoiceOver) af en bruger, der \
bruger skærmlæser til daglig.
- Afgørelser og rapporter dannes som PDF/A-3A med tags, men filerne er ikke kontrolleret med veraPDF eller en \
anden uafhængig PDF/A-validator.
- Dokumenter, som leverandører selv uploader, kan vi ikke gøre tilgængelige.
- Administrationsmodulet (Djangos administration), som kun fagadministratorer bruger, er ikke gennemgået på \
samme måde som resten af løsningen.
- Automatiske test finder kun en del af de mulige tilgængelighedsproblemer.

## Kontakt os
Oplever du indhold, du ikke kan bruge, så skriv eller ring til os. Skriv ikke CPR-numre eller \
helbredsoplysninger i din henvendelse.
- E-mail: «Udfyldes af socialtilsynet»
- Telefon: «Udfyldes af socialtilsynet»

Vi svarer normalt inden for 10 arbejdsdage.

## Klag over tilgængeligheden
Får du ikke et tilfredsstillende svar, eller har du ikke fået svar inden for 10 arbejdsdage, kan du \
henvende dig til Digitaliseringsstyrelsen, som fører tilsyn med webtilgængelighed: \
[Oplever du ikke-tilgængeligt indhold? \
(Digitaliseringsstyrelsen)](https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/)
"""

PRIVACY_TITLE = "Privatlivspolitik"

PRIVACY_BODY = """\
Her kan du læse, hvilke personoplysninger Specialiseringsvurdering behandler, hvorfor, og hvilke \
rettigheder du har. Teksten er socialtilsynets oplysningspligt efter databeskyttelsesforordningens artikel 13.

## Dataansvarlig
- Dataansvarlig: «Udfyldes af socialtilsynet: navn, adresse og CVR-nummer»
- Databeskyttelsesrådgiver (DPO): «Udfyldes af socialtilsynet: navn og e-mail»

## Hvilke oplysninger vi gemmer
- Brugerkonti: navn, brugernavn, e-mail, rolle og hvilket socialtilsyn eller hvilken leverandør du arbejder for. \
Adgangskoder gemmes kun som krypteret hash.
- Oplysninger om leverandøren: navn, CVR-nummer, afdelinger og svarene i oplysningsskemaet, herunder uploadede \
dokumenter.
- Oplysninger om borgere kun i samlet form, fx hvor mange borgere et tilbud har haft på hvert niveau. Vi beder \
aldrig om navne eller CPR-numre, og systemet afviser tekst og filnavne, der indeholder noget, der ligner et \
CPR-nummer.
- Sagens forløb: konsulenternes vurderinger og begrundelser, interviewnoter, afgørelser og klager.
- En revisionslog over, hvem der har set, ændret eller hentet hvad og hvornår.
- E-mails, som systemet sender, fx om frister og nye opgaver.

## Hvorfor og med hvilket retsgrundlag
Socialtilsynet bruger oplysningerne til at vurdere, hvor specialiseret et socialt tilbud er, og til \
at træffe og dokumentere afgørelsen. Behandlingen sker for at udføre en opgave i samfundets interesse \
og som led i offentlig myndighedsudøvelse (databeskyttelsesforordningens artikel 6, stk. 1, litra e). \
«Udfyldes af socialtilsynet: den konkrete hjemmel i lovgivningen»

## Hvor længe vi gemmer oplysningerne
- Sager, afgørelser og revisionslog: «Udfyldes af socialtilsynet efter arkivlovgivningen og socialtilsynets \
bevaringsregler»
- Brugerkonti: «Udfyldes af socialtilsynet», fx til kontoen lukkes
- E-mails i systemets udbakke: «Udfyldes af socialtilsynet»

## Hvem vi deler oplysningerne med
Afgørelser om et tilbuds specialiseringsniveau kan ses af kommunernes sagsbehandlere. \
Systemet drives af «Udfyldes af socialtilsynet: databehandler», som behandler oplysningerne på \
socialtilsynets vegne efter en databehandleraftale.

## Dine rettigheder
- Du har ret til at få indsigt i de oplysninger, vi behandler om dig.
- Du har ret til at få urigtige oplysninger rettet.
- Du kan i visse tilfælde få oplysninger slettet eller begrænset.
- Du har ret til at gøre indsigelse mod behandlingen.

Kontakt databeskyttelsesrådgiveren, hvis du vil bruge dine rettigheder.

## Klage til Datatilsynet
Du kan klage til Datatilsynet over vores behandling af dine personoplysninger: \
[Klag til Datatilsynet](https://www.datatilsynet.dk/borger/klage-til-datatilsynet)
"""

DEFAULTS = {
    "tilgaengelighed": (ACCESSIBILITY_TITLE, ACCESSIBILITY_BODY),
    "privatliv": (PRIVACY_TITLE, PRIVACY_BODY),
}


def seed(apps, schema_editor):
    StatementVersion = apps.get_model("core", "StatementVersion")
    for kind, (title, body) in DEFAULTS.items():
        if not StatementVersion.objects.filter(kind=kind).exists():
            StatementVersion.objects.create(
                kind=kind, version=1, title=title, body=body, change_note="Første version (standardtekst)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_export_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatementVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("tilgaengelighed", "Tilgængelighedserklæring"), ("privatliv", "Privatlivspolitik")],
                        max_length=20,
                        verbose_name="erklæring",
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("body", models.TextField(verbose_name="tekst")),
                ("change_note", models.CharField(blank=True, max_length=300, verbose_name="ændringsnote")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="offentliggjort")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["kind", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "version"), name="core_statement_kind_version_unique")
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
