"""What the API sends and accepts. Field descriptions are Danish: they are the documentation's text."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Case, InformationForm
from suppliers.models import Department, Socialtilsyn, Supplier
from suppliers.municipalities import MUNICIPALITIES
from targetgroups.models import LevelChoices, TargetGroup

LEVELS = [(choice.value, choice.label) for choice in LevelChoices]
REGIONS = list(dict.fromkeys(m.region for m in MUNICIPALITIES))


# --- small shared parts -----------------------------------------------------------------------------------


class SocialtilsynSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text=_("Socialtilsynets kode, fx «nord»."))
    name = serializers.CharField(help_text=_("Socialtilsynets navn."))

    class Meta:
        model = Socialtilsyn
        fields = ["code", "name"]


class TargetGroupSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Målgruppens id (bruges i filteret target_group)."))
    name = serializers.CharField(help_text=_("Målgruppens navn."))
    age_band = serializers.ChoiceField(choices=TargetGroup.AgeBand.choices, help_text=_("Aldersgruppen."))

    class Meta:
        model = TargetGroup
        fields = ["id", "name", "age_band"]


class SupplierRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Leverandørens id."))
    name = serializers.CharField(help_text=_("Leverandørens navn."))
    cvr = serializers.CharField(help_text=_("CVR-nummeret (8 cifre)."))

    class Meta:
        model = Supplier
        fields = ["id", "name", "cvr"]


class DepartmentRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Afdelingens id."))
    name = serializers.CharField(help_text=_("Afdelingens navn."))
    is_matrikelloes = serializers.BooleanField(help_text=_("Sand, når afdelingen er en matrikelløs indsats."))

    class Meta:
        model = Department
        fields = ["id", "name", "is_matrikelloes"]


# --- suppliers and departments ----------------------------------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Afdelingens id."))
    supplier = serializers.IntegerField(source="supplier_id", help_text=_("Id på leverandøren, afdelingen hører til."))
    name = serializers.CharField(help_text=_("Afdelingens navn."))
    street = serializers.CharField(help_text=_("Adresse (tom, hvis den ikke er oplyst)."))
    postcode = serializers.CharField(help_text=_("Postnummer (4 cifre eller tom)."))
    city = serializers.CharField(help_text=_("By."))
    is_matrikelloes = serializers.BooleanField(
        help_text=_("Sand, når alle fire kriterier for en matrikelløs indsats er opfyldt.")
    )

    class Meta:
        model = Department
        fields = ["id", "supplier", "name", "street", "postcode", "city", "is_matrikelloes"]


class SupplierSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Leverandørens id."))
    name = serializers.CharField(help_text=_("Leverandørens navn."))
    cvr = serializers.CharField(help_text=_("CVR-nummeret (8 cifre)."))
    ownership = serializers.ChoiceField(choices=Supplier.Ownership.choices, help_text=_("Ejerform."))
    kind = serializers.ChoiceField(choices=Supplier.Kind.choices, help_text=_("Tilbudstype (lovgrundlag)."))
    street = serializers.CharField(help_text=_("Adresse (tom, hvis den ikke er oplyst)."))
    postcode = serializers.CharField(help_text=_("Postnummer (4 cifre eller tom)."))
    city = serializers.CharField(help_text=_("By."))
    municipality_code = serializers.CharField(
        help_text=_("Kommunekoden (3 cifre) for den kommune, tilbuddet ligger i.")
    )
    socialtilsyn = SocialtilsynSerializer(help_text=_("Det socialtilsyn, der fører tilsyn med leverandøren."))
    department_count = serializers.IntegerField(help_text=_("Antal afdelinger."))

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "cvr",
            "ownership",
            "kind",
            "street",
            "postcode",
            "city",
            "municipality_code",
            "socialtilsyn",
            "department_count",
        ]


class SupplierDetailSerializer(SupplierSerializer):
    departments = DepartmentSerializer(many=True, help_text=_("Leverandørens afdelinger."))

    class Meta(SupplierSerializer.Meta):
        fields = [*SupplierSerializer.Meta.fields, "departments"]


# --- current placements -----------------------------------------------------------------------------------


class PlacementFilterSerializer(serializers.Serializer):
    """The placement list's query parameters (the placement search's filters), validated with Danish messages."""

    target_group = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text=_("Kun denne målgruppe (id).")
    )
    age_band = serializers.ChoiceField(
        choices=TargetGroup.AgeBand.choices, required=False, help_text=_("Kun målgrupper i denne aldersgruppe.")
    )
    level = serializers.ChoiceField(
        choices=LEVELS, required=False, help_text=_("Kun dette gældende niveau: 1 let, 2 moderat, 3 højt.")
    )
    socialtilsyn = serializers.SlugField(required=False, help_text=_("Kun sager fra dette socialtilsyn (kode)."))
    region = serializers.ChoiceField(
        choices=[(r, r) for r in REGIONS], required=False, help_text=_("Kun tilbud i denne region (navnet).")
    )
    municipality = serializers.ChoiceField(
        choices=[(m.code, m.name) for m in MUNICIPALITIES],
        required=False,
        help_text=_("Kun tilbud i denne kommune (kommunekoden, 3 cifre)."),
    )
    ownership = serializers.ChoiceField(
        choices=Supplier.Ownership.choices, required=False, help_text=_("Kun leverandører med denne ejerform.")
    )
    matrikelloes = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("true: kun matrikelløse indsatser; false: kun andre."),
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_(
            "Fritekst i leverandørens og afdelingens navn og adresse (hvert ord også som begyndelsen af et ord; "
            "stavefejl i navne findes også). Et CVR-nummer finder leverandøren. Rækkerne sorteres efter relevans."
        ),
    )


class PlacementSupplierSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="supplier_id", help_text=_("Leverandørens id."))
    name = serializers.CharField(source="supplier_name", help_text=_("Leverandørens navn."))
    cvr = serializers.CharField(help_text=_("CVR-nummeret (8 cifre)."))
    address = serializers.CharField(source="supplier_address", help_text=_("Leverandørens adresse."))
    ownership = serializers.ChoiceField(choices=Supplier.Ownership.choices, help_text=_("Ejerform."))
    municipality_code = serializers.CharField(help_text=_("Kommunekoden (3 cifre) for tilbuddets kommune."))


class PlacementDepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="department_id", help_text=_("Afdelingens id."))
    name = serializers.CharField(source="department_name", help_text=_("Afdelingens navn."))
    address = serializers.CharField(source="department_address", help_text=_("Afdelingens adresse."))


class PlacementSerializer(serializers.Serializer):
    """One current placement: a supplier (or one of its departments) on a level for one target group."""

    supplier = PlacementSupplierSerializer(source="*", help_text=_("Leverandøren."))
    department = serializers.SerializerMethodField(help_text=_("Afdelingen, når vurderingen gælder én afdeling."))
    matrikelloes = serializers.BooleanField(help_text=_("Sand, når indsatsen er matrikelløs."))
    target_group = TargetGroupSerializer(help_text=_("Målgruppen."))
    socialtilsyn = SocialtilsynSerializer(help_text=_("Socialtilsynet, der afgjorde."))
    level = serializers.ChoiceField(
        choices=LEVELS,
        source="effective_level",
        help_text=_("Det gældende niveau: 1 let, 2 moderat, 3 højt (i en frist for at rette op: det tidligere)."),
    )
    decided_level = serializers.ChoiceField(
        choices=LEVELS, source="level", help_text=_("Niveauet i den seneste afgørelse.")
    )
    pending_level = serializers.ChoiceField(
        choices=LEVELS,
        allow_null=True,
        help_text=_("Det lavere niveau, der gælder, når fristen for at rette op udløber (ellers null)."),
    )
    pending_from = serializers.DateField(allow_null=True, help_text=_("Dagen, det lavere niveau gælder fra."))
    valid_from = serializers.DateField(help_text=_("Afgørelsen gælder fra."))
    valid_until = serializers.DateField(help_text=_("Afgørelsen gælder til."))

    @extend_schema_field(PlacementDepartmentSerializer(allow_null=True))
    def get_department(self, row: Any) -> dict[str, Any] | None:
        return PlacementDepartmentSerializer(row).data if row.department_id else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def placement_list_data(rows: list[Any]) -> list[dict[str, Any]]:
    """What PlacementSerializer(many=True) writes for a page of placements (rows of selectors.placements.
    search_placements with their target group and socialtilsyn set), without the serializer's field machinery:
    a page of 50 through its nested serializers cost more than the search. PlacementSerializer stays the schema;
    the tests hold the two to the same output."""
    return [
        {
            "supplier": {
                "id": row.supplier_id,
                "name": row.supplier_name,
                "cvr": row.cvr,
                "address": row.supplier_address,
                "ownership": row.ownership,
                "municipality_code": row.municipality_code,
            },
            "department": {"id": row.department_id, "name": row.department_name, "address": row.department_address}
            if row.department_id
            else None,
            "matrikelloes": row.matrikelloes,
            "target_group": {
                "id": row.target_group.pk,
                "name": row.target_group.name,
                "age_band": row.target_group.age_band,
            },
            "socialtilsyn": {"code": row.socialtilsyn.code, "name": row.socialtilsyn.name},
            "level": row.effective_level,
            "decided_level": row.level,
            "pending_level": row.pending_level,
            "pending_from": _iso(row.pending_from),
            "valid_from": _iso(row.valid_from),
            "valid_until": _iso(row.valid_until),
        }
        for row in rows
    ]


# --- the supplier's information form ----------------------------------------------------------------------


class AnswerStateSerializer(serializers.Serializer):
    value = serializers.JSONField(allow_null=True, help_text=_("Det gemte svar (null: ikke besvaret)."))
    revision = serializers.IntegerField(help_text=_("Svarets version; send den med, når du gemmer."))
    carried_over = serializers.BooleanField(
        help_text=_("Sand, når svaret er genbrugt fra sidste skema og endnu ikke bekræftet.")
    )
    attachments = serializers.IntegerField(help_text=_("Antal vedhæftede filer (filer uploades i webformularen)."))


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="question.id", help_text=_("Spørgsmålets id (bruges i adressen, når svaret gemmes).")
    )
    key = serializers.CharField(source="question.key", help_text=_("Spørgsmålets nøgle i skabelonen."))
    parameter = serializers.CharField(
        source="question.parameter", help_text=_("Den parameter, spørgsmålet hører til (tom: generelt).")
    )
    kind = serializers.CharField(
        source="question.kind",
        help_text=_("Svartype: integer, short_text, long_text, yesno, single, multiple, date, table eller file."),
    )
    label = serializers.CharField(source="question.label", help_text=_("Spørgsmålet."))
    help_text = serializers.CharField(source="question.help_text", help_text=_("Hjælpetekst."))
    required = serializers.BooleanField(
        source="question.required", help_text=_("Skal besvares, før skemaet kan indsendes.")
    )
    min_value = serializers.IntegerField(
        source="question.min_value", allow_null=True, help_text=_("Mindsteværdi (tal).")
    )
    max_value = serializers.IntegerField(
        source="question.max_value", allow_null=True, help_text=_("Højeste værdi (tal).")
    )
    max_words = serializers.IntegerField(
        source="question.max_words", allow_null=True, help_text=_("Højst antal ord (tekst).")
    )
    choices = serializers.ListField(
        source="question.choices", child=serializers.CharField(), help_text=_("Svarmuligheder (valg).")
    )
    columns = serializers.ListField(
        source="question.columns",
        child=serializers.DictField(),
        help_text=_("Tabelkolonner: key, label, kind, required, min, max, choices."),
    )
    max_rows = serializers.IntegerField(
        source="question.max_rows", allow_null=True, help_text=_("Højst antal rækker (tabel).")
    )
    editable = serializers.BooleanField(help_text=_("Kan ændres nu (under supplering kun de udpegede spørgsmål)."))
    answer = AnswerStateSerializer(source="answer_state", help_text=_("Det gemte svar."))


class FormSummarySerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk", help_text=_("Sagens id (bruges i adressen)."))
    reference = serializers.CharField(source="case.reference", help_text=_("Sagsnummeret."))
    subject = serializers.CharField(source="case.subject_name", help_text=_("Leverandøren eller afdelingen."))
    target_group = TargetGroupSerializer(source="case.target_group", help_text=_("Målgruppen."))
    status = serializers.ChoiceField(choices=InformationForm.Status.choices, help_text=_("Skemaets status."))
    deadline = serializers.DateField(help_text=_("Frist for indsendelse."))
    message = serializers.CharField(help_text=_("Socialtilsynets besked til leverandøren."))


class FormDetailSerializer(FormSummarySerializer):
    questions = QuestionSerializer(many=True, help_text=_("Spørgsmålene i skabelonens rækkefølge, med svarene."))
    missing = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Id på spørgsmål, der mangler svar eller bekræftelse, før skemaet kan indsendes."),
    )


class AnswerInputSerializer(serializers.Serializer):
    value = serializers.JSONField(
        allow_null=True,
        help_text=_(
            "Svaret: tal eller tekst; «ja»/«nej» eller true/false; en liste af valg; en liste af rækker "
            "(objekter med kolonnernes nøgler) for en tabel; null tømmer svaret."
        ),
    )
    revision = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text=_("Den version af svaret, du sidst har set (fra GET).")
    )
    force = serializers.BooleanField(
        default=False, help_text=_("true: gem dit svar, selv om en anden har gemt et andet imellemtiden.")
    )


class CellErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Rækkens nummer (fra 0)."))
    column = serializers.CharField(help_text=_("Kolonnens nøgle."))
    message = serializers.CharField(help_text=_("Fejlen på dansk."))


class ConflictSerializer(serializers.Serializer):
    current_value = serializers.JSONField(allow_null=True, help_text=_("Det svar, der er gemt nu."))
    current_revision = serializers.IntegerField(help_text=_("Versionen af det gemte svar."))
    saved_by = serializers.CharField(help_text=_("Hvem der gemte det."))
    saved_at = serializers.DateTimeField(allow_null=True, help_text=_("Hvornår det blev gemt."))
    your_value = serializers.JSONField(allow_null=True, help_text=_("Dit svar, som ikke blev gemt."))


class AnswerResultSerializer(serializers.Serializer):
    saved = serializers.BooleanField(help_text=_("Sand, når svaret er gemt."))
    value = serializers.JSONField(allow_null=True, help_text=_("Det gemte svar."))
    revision = serializers.IntegerField(help_text=_("Svarets version nu."))
    carried_over = serializers.BooleanField(help_text=_("Sand, når svaret stadig er genbrugt og ubekræftet."))
    errors = serializers.ListField(child=serializers.CharField(), help_text=_("Fejl i svaret, på dansk."))
    cell_errors = CellErrorSerializer(many=True, help_text=_("Fejl i enkelte tabelceller."))
    conflict = ConflictSerializer(allow_null=True, help_text=_("Ved 409: det gemte svar og dit."))


class SubmissionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=_("Indsendelsens nummer (1 for første indsendelse)."))
    submitted_at = serializers.DateTimeField(help_text=_("Tidspunktet for indsendelsen."))


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Hvorfor forespørgslen blev afvist, på dansk."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Ved ugyldigt input: fejlene på dansk pr. felt eller parameter."),
    )
    missing = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text=_("Ved indsendelse: spørgsmål, der mangler.")
    )


# --- cases (staff) ----------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Brugerens id."))
    name = serializers.CharField(source="display_name", help_text=_("Brugerens navn."))


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Sagens id."))
    reference = serializers.CharField(help_text=_("Sagsnummeret."))
    kind = serializers.ChoiceField(choices=Case.Kind.choices, help_text=_("Sagstype."))
    state = serializers.CharField(help_text=_("Sagens status (maskinnavn)."))
    state_name = serializers.CharField(source="get_state_display", help_text=_("Sagens status på dansk."))
    supplier = SupplierRefSerializer(help_text=_("Leverandøren."))
    department = DepartmentRefSerializer(allow_null=True, help_text=_("Afdelingen, når sagen gælder én afdeling."))
    target_group = TargetGroupSerializer(help_text=_("Målgruppen."))
    primary_consultant = PersonSerializer(help_text=_("Primær konsulent."))
    second_consultant = PersonSerializer(help_text=_("Anden konsulent."))
    leader = PersonSerializer(help_text=_("Leder."))
    opened_at = serializers.DateTimeField(help_text=_("Oprettet."))
    state_changed_at = serializers.DateTimeField(help_text=_("Status senest ændret."))

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "kind",
            "state",
            "state_name",
            "supplier",
            "department",
            "target_group",
            "primary_consultant",
            "second_consultant",
            "leader",
            "opened_at",
            "state_changed_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    socialtilsyn = SocialtilsynSerializer(help_text=_("Socialtilsynet, der har sagen."))
    form_status = serializers.SerializerMethodField(help_text=_("Oplysningsskemaets status (null: ikke anmodet)."))
    form_deadline = serializers.SerializerMethodField(help_text=_("Oplysningsskemaets frist (null: ikke anmodet)."))

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "socialtilsyn", "form_status", "form_deadline"]

    def _form(self, case: Case) -> Any:
        return getattr(case, "api_form", None)

    @extend_schema_field(serializers.ChoiceField(choices=InformationForm.Status.choices, allow_null=True))
    def get_form_status(self, case: Case) -> str | None:
        form = self._form(case)
        return form.status if form else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_form_deadline(self, case: Case) -> str | None:
        form = self._form(case)
        return form.deadline.isoformat() if form else None


def case_list_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What CaseSerializer(many=True) writes for these cases, built from plain values (api.selectors.
    case_rows_for_api, completed by case_rows_complete). The list shows 50 cases a page, and the
    serializer's field machinery cost more than the query; CaseSerializer stays the schema, and the tests hold
    the two to the same output."""
    states = {value: str(label) for value, label in Case._meta.get_field("state").flatchoices}
    when = serializers.DateTimeField()

    def person(row: dict[str, Any], role: str) -> dict[str, Any] | None:
        pk = row[f"{role}_id"]
        return None if pk is None else {"id": pk, "name": row[f"{role}__name"]}

    return [
        {
            "id": row["id"],
            "reference": row["reference"],
            "kind": row["kind"],
            "state": row["state"],
            "state_name": states.get(row["state"], row["state"]),
            "supplier": {"id": row["supplier_id"], "name": row["supplier__name"], "cvr": row["supplier__cvr"]},
            "department": None
            if row["department_id"] is None
            else {
                "id": row["department_id"],
                "name": row["department__name"],
                "is_matrikelloes": row["department__is_matrikelloes"],
            },
            "target_group": {
                "id": row["target_group_id"],
                "name": row["target_group__name"],
                "age_band": row["target_group__age_band"],
            },
            "primary_consultant": person(row, "primary_consultant"),
            "second_consultant": person(row, "second_consultant"),
            "leader": person(row, "leader"),
            "opened_at": when.to_representation(row["opened_at"]),
            "state_changed_at": when.to_representation(row["state_changed_at"]),
        }
        for row in rows
    ]
