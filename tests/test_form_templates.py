"""Form templates (oplysningsskemaer) as versioned data: services, the column syntax, the fagadmin pages, demo data."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from targetgroups.domain.columns import columns_to_text, parse_columns
from targetgroups.domain.model import SUPPLIER_PARAMETERS, Level
from targetgroups.domain.questions import ColumnSpec
from targetgroups.inputs import QuestionInput
from targetgroups.models import (
    FormQuestion,
    FormTemplate,
    GuideCriterion,
    PublishedVersionIsImmutable,
    VersionStatus,
)
from targetgroups.selectors import form_template_problems
from targetgroups.services import (
    form_question_create,
    form_question_delete,
    form_question_move,
    form_question_update,
    form_template_new_draft,
    form_template_update,
    guide_new_draft,
    version_publish,
)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(published_guide, fagadmin):
    """A complete draft (a question for every parameter) on the published guide."""
    return factories.form_template_draft(guide=published_guide)


@pytest.fixture
def published_template(draft, fagadmin):
    return version_publish(version=draft, user=fagadmin)


def criteria_of(guide, parameter: str, *levels: Level):
    qs = GuideCriterion.objects.filter(guide_parameter__guide=guide, guide_parameter__parameter=parameter)
    return list(qs.filter(level__in=levels) if levels else qs)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- The column syntax (pure) --------------------------------------------------------------------------------


def test_column_lines_parse_into_the_spec_the_answers_parser_reads():
    text = (
        "stilling | Stilling | tekst\n"
        "ansaettelse | Fast eller vikar | valg | Fast; Vikar\n"
        "aar-hoejt | År på højt niveau | tal | 0-50\n"
        "aftale | Skriftlig aftale | ja/nej | valgfri\n"
    )
    columns, errors = parse_columns(text)
    assert errors == []
    specs = [ColumnSpec.from_json(c) for c in columns]
    assert [s.kind for s in specs] == ["short_text", "single", "integer", "yesno"]
    assert specs[1].choices == ("Fast", "Vikar")
    assert (specs[2].min_value, specs[2].max_value) == (0, 50)
    assert specs[3].required is False
    assert parse_columns(columns_to_text(columns)) == (columns, [])


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("rolle | Rolle", "mindst nøgle, overskrift og type"),
        ("Rolle | Rolle | tekst", "små bogstaver"),
        ("rolle | Rolle | nummer", "ukendt type «nummer»"),
        ("rolle | Rolle | valg | Kun én", "mindst to muligheder"),
        ("antal | Antal | tal | 9-1", "større end"),
        ("antal | Antal | tal | mange", "grænserne"),
    ],
)
def test_column_errors_name_the_line_in_danish(line, fragment):
    _, errors = parse_columns("ok | OK | tekst\n" + line)
    assert len(errors) == 1
    assert errors[0].startswith("Linje 2:")
    assert fragment in errors[0]


def test_duplicate_column_keys_are_refused():
    _, errors = parse_columns("a | A | tekst\na | B | tal")
    assert errors == ["Linje 2: nøglen «a» er brugt i en anden kolonne."]


# --- Services -----------------------------------------------------------------------------------------------


def test_new_draft_from_scratch_is_an_empty_draft_on_the_guide(published_guide, fagadmin):
    draft = form_template_new_draft(user=fagadmin, guide=published_guide)
    assert draft.status == VersionStatus.DRAFT
    assert draft.version == 1
    assert draft.guide == published_guide
    assert draft.questions.count() == 0
    assert "Autisme" in draft.title


def test_only_a_fagadmin_may_change_form_templates(published_guide, draft, consultant, leader, supplier_user):
    question = draft.questions.first()
    data = QuestionInput(kind="yesno", key="ny", label="Ny?")
    for user in (consultant, leader, supplier_user):
        with pytest.raises(PermissionDenied):
            form_template_new_draft(user=user, guide=published_guide)
        with pytest.raises(PermissionDenied):
            form_question_create(template=draft, user=user, data=data)
        with pytest.raises(PermissionDenied):
            form_question_delete(question=question, user=user)
        with pytest.raises(PermissionDenied):
            version_publish(version=draft, user=user)


def test_a_target_group_has_at_most_one_draft(draft, published_guide, fagadmin):
    with pytest.raises(ValidationError, match="allerede en kladde"):
        form_template_new_draft(user=fagadmin, guide=published_guide)


def test_question_validation_gives_danish_errors_per_field(draft, fagadmin, published_guide):
    def create(**fields):
        values = {"kind": "short_text", "key": "nyt-spoergsmaal", "label": "Et spørgsmål"} | fields
        with pytest.raises(ValidationError) as excinfo:
            form_question_create(template=draft, user=fagadmin, data=QuestionInput(**values))
        return errors_of(excinfo)

    assert "mindst to svarmuligheder" in create(kind="single", choices=["Kun én"])["choices"][0]
    assert "mindst to svarmuligheder" in create(kind="multiple", choices=[])["choices"][0]
    assert "mindst lige så stor" in create(kind="integer", min_value=10, max_value=5)["max_value"][0]
    assert "allerede brugt" in create(key="generelt-pladser")["key"][0]
    assert "små bogstaver" in create(key="Æble Grød")["key"][0]
    assert "mindst én kolonne" in create(kind="table", columns=[])["columns"][0]
    assert "ukendt type" in create(kind="table", columns=[{"key": "a", "label": "A", "kind": "decimal"}])["columns"][0]
    assert "Skriv spørgsmålet" in create(label="  ")["label"][0]


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("label", {"label": "Hvor mange borgere som 01.01.90-1234?"}),
        ("help_text", {"help_text": "Fx borgeren 0101901234."}),
        ("choices", {"kind": "single", "choices": ["Ingen", "010190-1234"]}),
    ],
)
def test_a_cpr_number_in_a_question_the_supplier_will_read_is_refused(draft, fagadmin, field, values):
    data = QuestionInput(**({"kind": "short_text", "key": "nyt-spoergsmaal", "label": "Et spørgsmål"} | values))
    with pytest.raises(ValidationError) as excinfo:
        form_question_create(template=draft, user=fagadmin, data=data)
    assert "010190-****" in errors_of(excinfo)[field][0]
    assert not draft.questions.filter(key="nyt-spoergsmaal").exists()


@pytest.mark.parametrize("field", ["title", "introduction", "change_note"])
def test_a_cpr_number_in_a_template_text_is_refused(draft, fagadmin, field):
    texts = {"title": "Skema", "introduction": "", "change_note": ""} | {field: "Borger 010190 1234"}
    with pytest.raises(ValidationError) as excinfo:
        form_template_update(template=draft, user=fagadmin, **texts)
    assert "010190-****" in errors_of(excinfo)[field][0]
    draft.refresh_from_db()
    assert "1234" not in draft.title + draft.introduction + draft.change_note


def test_criteria_must_come_from_the_templates_own_guide(draft, fagadmin, published_guide):
    other_guide = factories.guide_draft(
        description=factories.description_draft(target_group=factories.TargetGroupFactory())
    )
    foreign = GuideCriterion.objects.filter(guide_parameter__guide=other_guide).first()
    data = QuestionInput(kind="yesno", key="ny", label="Ny?", parameter="metoder", criteria=[foreign])
    with pytest.raises(ValidationError) as excinfo:
        form_question_create(template=draft, user=fagadmin, data=data)
    assert "criteria" in errors_of(excinfo)


def test_fields_that_do_not_fit_the_kind_are_not_stored(draft, fagadmin, published_guide):
    data = QuestionInput(
        kind="long_text",
        key="metoder-inddragelse",
        label="Hvordan inddrager I borgeren?",
        parameter="metoder",
        max_words=500,
        min_value=1,
        choices=["a", "b"],
        criteria=criteria_of(published_guide, "metoder"),
    )
    question = form_question_create(template=draft, user=fagadmin, data=data)
    question.refresh_from_db()
    assert question.max_words == 500
    assert question.min_value is None
    assert question.choices == []
    assert question.criteria.count() == 3
    assert question.position == draft.questions.count()


def test_a_table_question_stores_columns_the_answers_parser_accepts(draft, fagadmin, published_guide):
    columns, _ = parse_columns("partner | Samarbejdspartner | tekst\naftale | Skriftlig aftale | ja/nej")
    data = QuestionInput(
        kind="table", key="samarbejde", label="Samarbejde", parameter="samarbejdsformer", columns=columns
    )
    question = form_question_create(template=draft, user=fagadmin, data=data)
    assert [ColumnSpec.from_json(c).kind for c in question.columns] == ["short_text", "yesno"]


def test_update_and_delete_change_only_the_draft(draft, fagadmin):
    question = draft.questions.get(key="generelt-pladser")
    data = QuestionInput(kind="integer", key="generelt-pladser", label="Antal pladser i alt", min_value=0, max_value=99)
    form_question_update(question=question, user=fagadmin, data=data)
    question.refresh_from_db()
    assert (question.label, question.max_value) == ("Antal pladser i alt", 99)
    form_question_delete(question=question, user=fagadmin)
    assert not draft.questions.filter(key="generelt-pladser").exists()


def test_move_swaps_with_the_neighbour_in_the_same_parameter(draft, fagadmin):
    first = draft.questions.get(parameter="metoder")
    second = form_question_create(
        template=draft,
        user=fagadmin,
        data=QuestionInput(kind="yesno", key="metoder-to", label="To", parameter="metoder"),
    )
    form_question_move(question=second, user=fagadmin, direction="up")
    ordered = list(draft.questions.filter(parameter="metoder").order_by("position").values_list("key", flat=True))
    assert ordered == ["metoder-to", first.key]
    # At the top of its group a question stays put.
    form_question_move(question=second, user=fagadmin, direction="up")
    assert draft.questions.filter(parameter="metoder").order_by("position").first().key == "metoder-to"


def test_publish_lists_every_parameter_without_a_question(published_guide, fagadmin):
    template = factories.form_template_draft(guide=published_guide, complete=False)
    problems = form_template_problems(template=template)
    assert problems == ["Parameteret «Hjælpemidler og teknologi» har endnu intet spørgsmål."]
    with pytest.raises(ValidationError, match="Hjælpemidler og teknologi"):
        version_publish(version=template, user=fagadmin)
    template.refresh_from_db()
    assert template.status == VersionStatus.DRAFT


def test_publish_requires_the_guide_to_be_published(published_description, fagadmin):
    guide = factories.guide_draft(description=published_description)
    template = factories.form_template_draft(guide=guide)
    with pytest.raises(ValidationError, match="ikke er den gældende offentliggjorte vejledning"):
        version_publish(version=template, user=fagadmin)


def test_a_published_template_never_changes(published_template, fagadmin):
    assert published_template.status == VersionStatus.PUBLISHED
    question = published_template.questions.first()
    data = QuestionInput(kind="yesno", key="ny", label="Ny?")
    with pytest.raises(ValidationError, match="offentliggjort version kan ikke ændres"):
        form_question_create(template=published_template, user=fagadmin, data=data)
    with pytest.raises(ValidationError):
        form_question_delete(question=question, user=fagadmin)
    with pytest.raises(ValidationError):
        form_template_update(template=published_template, user=fagadmin, title="Ny titel", introduction="")
    question.label = "Ændret"
    with pytest.raises(PublishedVersionIsImmutable):
        question.save()
    # The database refuses too, also for writes that bypass the model.
    with pytest.raises(IntegrityError), transaction.atomic():
        FormQuestion.objects.filter(pk=question.pk).update(label="Ændret")
    with pytest.raises(IntegrityError), transaction.atomic():
        FormTemplate.objects.filter(pk=published_template.pk).update(title="Ændret")


def test_new_draft_copies_questions_with_their_keys_and_follows_a_newer_guide(published_template, fagadmin):
    guide_v2 = version_publish(version=guide_new_draft(source=published_template.guide, user=fagadmin), user=fagadmin)
    draft = form_template_new_draft(user=fagadmin, source=published_template)
    assert draft.version == 2
    assert draft.guide == guide_v2
    assert sorted(draft.questions.values_list("key", flat=True)) == sorted(
        published_template.questions.values_list("key", flat=True)
    )
    copied = draft.questions.get(parameter="metoder")
    assert {c.guide_parameter.guide_id for c in copied.criteria.all()} == {guide_v2.pk}
    assert copied.criteria.count() == 3
    # Publishing the draft retires version 1, which stays readable and unchanged.
    version_publish(version=draft, user=fagadmin)
    published_template.refresh_from_db()
    assert published_template.status == VersionStatus.RETIRED
    assert published_template.questions.count() == len(SUPPLIER_PARAMETERS) + 1


# --- Pages --------------------------------------------------------------------------------------------------


def test_template_page_groups_questions_by_parameter_and_cites_criteria(client_for, published_template):
    response = client_for("fagadmin").get(reverse("targetgroups:form_template", args=[published_template.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Generelt" in html
    assert "8. Hjælpemidler og teknologi" in html
    assert "Giver oplysninger til" in html
    assert "(let, moderat, højt)" in html
    # Read-only: no editing controls on a published version.
    assert "Tilføj spørgsmål" not in html
    assert "Opret ny kladde" in html


@pytest.mark.parametrize("visitor", ["consultant", "leader", "supplier_user", "myndighed"])
def test_other_roles_are_refused(client_for, published_template, visitor):
    response = client_for(visitor).get(reverse("targetgroups:form_template", args=[published_template.pk]))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, published_template):
    response = client.get(reverse("targetgroups:form_templates"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_question_form_keeps_input_and_shows_errors_next_to_the_field(client_for, draft, published_guide):
    client = client_for("fagadmin")
    url = reverse("targetgroups:form_question_create", args=[draft.pk])
    assert "Hvilken type svar" in client.get(url).content.decode()
    criterion = criteria_of(published_guide, "samarbejdsformer", Level.HOEJT)[0]
    posted = {
        "kind": "table",
        "parameter": "samarbejdsformer",
        "label": "Hvem samarbejder I fast med?",
        "help_text": "Én række pr. partner. Ingen navne.",
        "key": "samarbejde-partnere",
        "required": "on",
        "columns": "partner | Samarbejdspartner | tekst\naftale | Skriftlig aftale | janej-ish",
        "max_rows": "40",
        "criteria": [str(criterion.pk)],
    }
    response = client.post(url, posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Linje 2: ukendt type «janej-ish»" in html
    assert "Hvem samarbejder I fast med?" in html  # what the user typed is still there
    assert "janej-ish" in html
    assert "form-error" in html
    assert not draft.questions.filter(key="samarbejde-partnere").exists()

    posted["columns"] = "partner | Samarbejdspartner | tekst\naftale | Skriftlig aftale | ja/nej"
    response = client.post(url, posted)
    question = draft.questions.get(key="samarbejde-partnere")
    assert response.status_code == 302
    assert response.url.endswith(f"#question-{question.pk}")
    assert question.max_rows == 40
    assert list(question.criteria.all()) == [criterion]
    # Editing shows the columns back in the line syntax.
    edit = client.get(reverse("targetgroups:form_question_edit", args=[question.pk])).content.decode()
    assert "aftale | Skriftlig aftale | ja/nej" in edit


def test_changing_a_published_version_through_the_pages_is_refused(client_for, published_template):
    client = client_for("fagadmin")
    question = published_template.questions.first()
    for url in (
        reverse("targetgroups:form_template_edit", args=[published_template.pk]),
        reverse("targetgroups:form_question_create", args=[published_template.pk]),
        reverse("targetgroups:form_question_delete", args=[question.pk]),
        reverse("targetgroups:form_template_publish", args=[published_template.pk]),
    ):
        response = client.post(url, {"kind": "yesno", "key": "ny", "label": "Ny?", "title": "Ny"})
        # one policy (core.errors): may see, may not do -> the 403 page with the reason
        assert response.status_code == 403, url
        assert "Opret en ny kladde" in response.content.decode()
    assert published_template.questions.count() == len(SUPPLIER_PARAMETERS) + 1


def test_publish_page_explains_and_lists_what_is_missing(client_for, published_guide):
    template = factories.form_template_draft(guide=published_guide, complete=False)
    client = client_for("fagadmin")
    url = reverse("targetgroups:form_template_publish", args=[template.pk])
    html = client.get(url).content.decode()
    assert "kan aldrig ændres" in html
    assert "Hjælpemidler og teknologi" in html
    client.post(url, {"valid_from": "01-03-2026", "confirm": "on"})
    template.refresh_from_db()
    assert template.status == VersionStatus.DRAFT


def test_publish_page_publishes_a_complete_draft(client_for, draft):
    client = client_for("fagadmin")
    url = reverse("targetgroups:form_template_publish", args=[draft.pk])
    response = client.post(url, {"valid_from": "01-03-2026"})
    assert "Sæt kryds for at bekræfte" in response.content.decode()
    response = client.post(url, {"valid_from": "01-03-2026", "confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.valid_from.isoformat() == "2026-03-01"


def test_new_draft_page_copies_the_published_version(client_for, published_template):
    client = client_for("fagadmin")
    url = reverse("targetgroups:form_template_new_draft", args=[published_template.target_group.pk])
    assert "kopi af version 1" in client.get(url).content.decode()
    response = client.post(url)
    draft = FormTemplate.objects.get(target_group=published_template.target_group, status=VersionStatus.DRAFT)
    assert response.url == reverse("targetgroups:form_template", args=[draft.pk])
    assert draft.questions.count() == published_template.questions.count()


# --- Demo data ----------------------------------------------------------------------------------------------


def test_seed_demo_publishes_one_complete_template_per_target_group_and_stays_idempotent():
    call_command("seed_demo", stdout=StringIO())
    templates = FormTemplate.objects.select_related("guide", "target_group")
    assert templates.count() == 9
    for template in templates:
        assert template.status == VersionStatus.PUBLISHED
        assert template.guide.status == VersionStatus.PUBLISHED
        assert template.guide.target_group_id == template.target_group_id
        assert form_template_problems(template=template) == []
        questions = list(template.questions.prefetch_related("criteria__guide_parameter"))
        kinds = {q.kind for q in questions}
        assert {"integer", "yesno", "single", "multiple", "short_text", "long_text", "date", "file", "table"} <= kinds
        for q in questions:
            assert q.help_text
            for criterion in q.criteria.all():
                assert criterion.guide_parameter.guide_id == template.guide_id
                assert criterion.guide_parameter.parameter == q.parameter
            for column in q.columns:
                ColumnSpec.from_json(column)
        assert template.questions.get(key="aktiv-praksis-borgere-hoejt").criteria.get().level == Level.HOEJT
    sight = FormTemplate.objects.get(target_group__slug="synsnedsaettelse-voksne")
    aids = sight.questions.get(key="hjaelpemidler-kategorier").columns[0]["choices"]
    assert "Punktskrift og punktdisplay" in aids

    counts = (FormTemplate.objects.count(), FormQuestion.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "intet er ændret" in out.getvalue()
    assert (FormTemplate.objects.count(), FormQuestion.objects.count()) == counts
