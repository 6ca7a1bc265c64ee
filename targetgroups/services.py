"""Every write to the versioned model content: drafts, publication and retirement."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from privacy.domain import explain_refusal, find_cpr_numbers

from .domain.columns import validate_columns
from .domain.model import DESCRIPTION_PARAMETERS, SUPPLIER_PARAMETERS, Level
from .domain.questions import CHOICE_KINDS, TEXT_KINDS
from .inputs import SLUG_PATTERN, QuestionInput
from .models import (
    AssessmentGuide,
    CriterionThreshold,
    DescriptionCell,
    FormQuestion,
    FormTemplate,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    QuestionKind,
    SupplierParameterChoices,
    TargetGroup,
    TargetGroupDescription,
    VersionedContent,
    VersionStatus,
)
from .selectors import form_template_problems


def _require_fagadmin(user: User) -> None:
    if not user.has_perm("targetgroups.manage_content"):
        raise PermissionDenied(_("Kun fagadministratorer kan ændre modellens indhold."))


def _check_complete(version: VersionedContent) -> None:
    if isinstance(version, TargetGroupDescription):
        expected = len(DESCRIPTION_PARAMETERS) * len(Level)
        if version.cells.count() != expected:
            raise ValidationError(_("Beskrivelsen skal have alle %(n)d bokse udfyldt.") % {"n": expected})
    elif isinstance(version, AssessmentGuide):
        expected = len(SUPPLIER_PARAMETERS) * len(Level)
        if GuideCriterion.objects.filter(guide_parameter__guide=version).count() != expected:
            raise ValidationError(_("Vejledningen skal have et kriterium for hvert parameter og niveau."))
        if version.description.status == VersionStatus.DRAFT:
            raise ValidationError(_("Den tilhørende målgruppebeskrivelse skal offentliggøres først."))
    elif isinstance(version, PlacementRule):
        version.full_clean()
    elif isinstance(version, FormTemplate):
        problems = form_template_problems(template=version)
        if problems:
            raise ValidationError(problems)


@transaction.atomic
def version_publish(
    *, version: VersionedContent, user: User, valid_from: datetime.date | None = None
) -> VersionedContent:
    """Publish a draft and retire the version it replaces.

    Only a fagadministrator may publish. The draft must be complete. Afterwards the version is
    immutable; the previously published version of the same scope becomes retired, and stays
    readable for the cases that were judged against it.
    """
    _require_fagadmin(user)
    model = type(version)
    locked = model._default_manager.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(_("Kun en kladde kan offentliggøres."))
    _check_complete(locked)
    now = timezone.now()
    scope = {"target_group_id": locked.target_group_id}
    # order_by("pk") drops the default ordering by target group: a rule's target_group is nullable, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of the outer join that ordering adds.
    previous_versions = model._default_manager.select_for_update().filter(status=VersionStatus.PUBLISHED, **scope)
    for previous in previous_versions.order_by("pk"):
        previous.status = VersionStatus.RETIRED
        previous.retired_at = now
        previous.save(update_fields=["status", "retired_at"])
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = now
    locked.published_by = user
    locked.valid_from = valid_from or timezone.localdate()
    locked.save()
    return locked


def _next_version(model, target_group_id) -> int:
    current = model.objects.filter(target_group_id=target_group_id).aggregate(m=Max("version"))["m"]
    return (current or 0) + 1


@transaction.atomic
def description_new_draft(*, source: TargetGroupDescription, user: User) -> TargetGroupDescription:
    """Copy a description (with its cells) into a new draft version."""
    _require_fagadmin(user)
    draft = TargetGroupDescription.objects.create(
        target_group=source.target_group,
        version=_next_version(TargetGroupDescription, source.target_group_id),
        introduction=source.introduction,
        source=source.source,
    )
    DescriptionCell.objects.bulk_create(
        DescriptionCell(description=draft, parameter=c.parameter, level=c.level, text=c.text)
        for c in source.cells.all()
    )
    return draft


@transaction.atomic
def guide_new_draft(
    *, source: AssessmentGuide, user: User, description: TargetGroupDescription | None = None
) -> AssessmentGuide:
    """Copy a guide into a new draft, optionally re-pointing it at a newer description version.

    Cell links are carried over by position (parameter and level), so they follow the new description.
    """
    _require_fagadmin(user)
    description = description or source.description
    draft = AssessmentGuide.objects.create(
        target_group=source.target_group,
        version=_next_version(AssessmentGuide, source.target_group_id),
        description=description,
        introduction=source.introduction,
        decision_validity_months=source.decision_validity_months,
        source=source.source,
    )
    cells_by_position = {(c.parameter, c.level): c for c in description.cells.all()}
    for gp in source.parameters.prefetch_related("criteria__cells", "criteria__thresholds"):
        new_gp = GuideParameter.objects.create(guide=draft, parameter=gp.parameter, introduction=gp.introduction)
        for criterion in gp.criteria.all():
            new_c = GuideCriterion.objects.create(guide_parameter=new_gp, level=criterion.level, text=criterion.text)
            new_c.cells.set(
                cells_by_position[(c.parameter, c.level)]
                for c in criterion.cells.all()
                if (c.parameter, c.level) in cells_by_position
            )
            CriterionThreshold.objects.bulk_create(
                CriterionThreshold(criterion=new_c, label=t.label, minimum=t.minimum, unit=t.unit)
                for t in criterion.thresholds.all()
            )
    return draft


# --- Form templates (oplysningsskemaer) ----------------------------------------------------------------------


def _cpr_refusal(text: str) -> str | None:
    """The Danish refusal when text that suppliers and consultants will read holds a CPR number."""
    hits = find_cpr_numbers(text)
    return explain_refusal(hits, translate=_) if hits else None


def _locked_draft(template: FormTemplate) -> FormTemplate:
    locked = FormTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(_("En offentliggjort version kan ikke ændres. Opret en ny kladde."))
    return locked


def _clean_question(*, template: FormTemplate, data: QuestionInput, instance: FormQuestion | None) -> dict[str, Any]:
    """Check a question against its template and return the field values to store, or raise per-field errors."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in QuestionKind.values:
        add("kind", _("Vælg en af spørgsmålstyperne."))
    if data.parameter and data.parameter not in SupplierParameterChoices.values:
        add("parameter", _("Vælg en af de otte parametre eller «Generelt»."))
    label = data.label.strip()
    if not label:
        add("label", _("Skriv spørgsmålet."))
    key = data.key.strip()
    if not key or not SLUG_PATTERN.fullmatch(key):
        add("key", _("Nøglen må kun indeholde små bogstaver a-z, tal og bindestreg, fx «aktiv-praksis-antal»."))
    else:
        clash = template.questions.filter(key=key)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            add("key", _("Nøglen er allerede brugt af et andet spørgsmål i skemaet."))
    values: dict[str, Any] = {
        "kind": data.kind,
        "key": key,
        "label": label,
        "parameter": data.parameter,
        "help_text": data.help_text.strip(),
        "required": data.required,
        "min_value": None,
        "max_value": None,
        "max_words": None,
        "choices": [],
        "columns": [],
        "max_rows": None,
    }
    if data.kind == QuestionKind.INTEGER:
        values["min_value"], values["max_value"] = data.min_value, data.max_value
        if data.min_value is not None and data.max_value is not None and data.min_value > data.max_value:
            add("max_value", _("Den højeste værdi skal være mindst lige så stor som mindsteværdien."))
    if data.kind in TEXT_KINDS:
        if data.max_words is not None and data.max_words < 1:
            add("max_words", _("Skriv et positivt antal ord, eller lad feltet stå tomt."))
        values["max_words"] = data.max_words
    if data.kind in CHOICE_KINDS:
        choices = [c.strip() for c in data.choices if c.strip()]
        if len(choices) < 2:
            add("choices", _("Skriv mindst to svarmuligheder, én pr. linje."))
        elif len(set(choices)) != len(choices):
            add("choices", _("Den samme svarmulighed står flere gange."))
        values["choices"] = choices
    # Text the supplier will read: refused when it holds a CPR number (a label, a help text, a choice, a column).
    written = [("label", label), ("help_text", values["help_text"]), *(("choices", c) for c in values["choices"])]
    written += [
        ("columns", " ".join(str(v) for v in (c.get("label", ""), *c.get("choices", ())))) for c in data.columns
    ]
    for name, text in written:
        if refusal := _cpr_refusal(text):
            add(name, refusal)
    if data.kind == QuestionKind.TABLE:
        columns = [dict(c) for c in data.columns]
        for message in validate_columns(columns) if columns else [_("En tabel skal have mindst én kolonne.")]:
            add("columns", message)
        if data.max_rows is not None and data.max_rows < 1:
            add("max_rows", _("Skriv et positivt antal rækker, eller lad feltet stå tomt."))
        values["columns"], values["max_rows"] = columns, data.max_rows
    criteria = list(data.criteria)
    foreign = [c for c in criteria if c.guide_parameter.guide_id != template.guide_id]
    if foreign:
        add("criteria", _("Vælg kun kriterier fra skemaets vejledning."))
    if errors:
        raise ValidationError(errors)
    values["criteria"] = criteria
    return values


def _store_question(question: FormQuestion, values: dict[str, Any]) -> FormQuestion:
    criteria = values.pop("criteria")
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    question.criteria.set(criteria)
    return question


@transaction.atomic
def form_template_new_draft(
    *, user: User, source: FormTemplate | None = None, guide: AssessmentGuide | None = None, title: str = ""
) -> FormTemplate:
    """Start a new draft version of a target group's form template.

    With `source`, its title, introduction and questions (with their stable keys) are copied. The draft
    serves `guide`, or else the target group's published guide, or else the source's guide; question
    criteria are carried over by parameter and level, so they point into the draft's guide. Without
    `source` an empty draft is made for `guide`. A target group has at most one draft at a time.
    Only a fagadministrator may call this.
    """
    _require_fagadmin(user)
    if source is not None:
        target_group = source.target_group
    elif guide is not None:
        target_group = guide.target_group
    else:
        raise ValueError("form_template_new_draft needs a source or a guide")
    TargetGroup.objects.select_for_update().get(pk=target_group.pk)
    existing = FormTemplate.objects.filter(target_group=target_group, status=VersionStatus.DRAFT).first()
    if existing is not None:
        raise ValidationError(
            _("Der findes allerede en kladde (version %(v)d) for målgruppen. Arbejd videre i den.")
            % {"v": existing.version}
        )
    if guide is None:
        published = AssessmentGuide.objects.filter(target_group=target_group, status=VersionStatus.PUBLISHED).first()
        guide = published or source.guide  # type: ignore[union-attr]  # source is set when guide is None
    if guide.target_group_id != target_group.pk:
        raise ValidationError(_("Vejledningen skal høre til samme målgruppe som skemaet."))
    draft = FormTemplate.objects.create(
        target_group=target_group,
        guide=guide,
        version=_next_version(FormTemplate, target_group.pk),
        title=title or (source.title if source else _("Oplysningsskema – %(tg)s") % {"tg": target_group}),
        introduction=source.introduction if source else "",
    )
    if source is None:
        return draft
    criteria_by_position = {
        (c.guide_parameter.parameter, c.level): c
        for c in GuideCriterion.objects.filter(guide_parameter__guide=guide).select_related("guide_parameter")
    }
    questions = source.questions.prefetch_related("criteria__guide_parameter").order_by("position", "id")
    for position, question in enumerate(questions, start=1):
        copy = FormQuestion.objects.create(
            template=draft,
            parameter=question.parameter,
            position=position,
            key=question.key,
            kind=question.kind,
            label=question.label,
            help_text=question.help_text,
            required=question.required,
            min_value=question.min_value,
            max_value=question.max_value,
            max_words=question.max_words,
            choices=question.choices,
            columns=question.columns,
            max_rows=question.max_rows,
        )
        copy.criteria.set(
            criteria_by_position[key]
            for key in ((c.guide_parameter.parameter, c.level) for c in question.criteria.all())
            if key in criteria_by_position
        )
    return draft


@transaction.atomic
def form_template_update(
    *, template: FormTemplate, user: User, title: str, introduction: str, change_note: str = ""
) -> FormTemplate:
    """Change the title, the introduction to the supplier and the change note of a draft.

    Each text is refused (ValidationError on its field) when it holds a CPR number."""
    _require_fagadmin(user)
    locked = _locked_draft(template)
    if not title.strip():
        raise ValidationError({"title": [_("Skriv en titel.")]})
    texts = {"title": title, "introduction": introduction, "change_note": change_note}
    if refusals := {name: [refusal] for name, text in texts.items() if (refusal := _cpr_refusal(text))}:
        raise ValidationError(refusals)
    locked.title, locked.introduction, locked.change_note = title.strip(), introduction.strip(), change_note.strip()
    locked.save(update_fields=["title", "introduction", "change_note"])
    return locked


@transaction.atomic
def form_question_create(*, template: FormTemplate, user: User, data: QuestionInput) -> FormQuestion:
    """Add a question at the end of a draft. Raises ValidationError with per-field Danish messages."""
    _require_fagadmin(user)
    locked = _locked_draft(template)
    values = _clean_question(template=locked, data=data, instance=None)
    last = locked.questions.aggregate(m=Max("position"))["m"] or 0
    return _store_question(FormQuestion(template=locked, position=last + 1), values)


@transaction.atomic
def form_question_update(*, question: FormQuestion, user: User, data: QuestionInput) -> FormQuestion:
    """Change a question of a draft. The key may change while the template is a draft."""
    _require_fagadmin(user)
    locked = _locked_draft(question.template)
    values = _clean_question(template=locked, data=data, instance=question)
    return _store_question(FormQuestion.objects.get(pk=question.pk), values)


@transaction.atomic
def form_question_delete(*, question: FormQuestion, user: User) -> None:
    """Remove a question from a draft."""
    _require_fagadmin(user)
    _locked_draft(question.template)
    FormQuestion.objects.get(pk=question.pk).delete()


@transaction.atomic
def form_question_move(*, question: FormQuestion, user: User, direction: str) -> FormQuestion:
    """Swap a draft question with its neighbour ('up' or 'down') among the questions of the same parameter.

    Positions are renumbered 1..n first, so equal positions (e.g. all 0) cannot make a move a no-op.
    At the top or bottom of its group the question stays where it is.
    """
    _require_fagadmin(user)
    if direction not in ("up", "down"):
        raise ValueError(direction)
    locked = _locked_draft(question.template)
    ordered = list(locked.questions.select_for_update().order_by("position", "id"))
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    group = [q for q in ordered if q.parameter == question.parameter]
    index = next(i for i, q in enumerate(group) if q.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(group):
        return group[index]
    mine, other = group[index], group[other_index]
    mine.position, other.position = other.position, mine.position
    mine.save(update_fields=["position"])
    other.save(update_fields=["position"])
    return mine
