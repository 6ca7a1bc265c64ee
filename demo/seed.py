"""Load the demo data. Idempotent: a second run finds everything and changes nothing.

Rows are matched on natural keys (socialtilsyn code, supplier CVR, department name within its supplier,
username, target-group slug, version number). Published versions are immutable, so they are created
(and published by the demo fagadministrator) only when absent.
"""

import datetime
from collections import Counter

from django.db import transaction

from accounts.models import User
from suppliers.models import Department, Socialtilsyn, Supplier
from targetgroups.inputs import QuestionInput
from targetgroups.models import (
    AssessmentGuide,
    CriterionThreshold,
    DescriptionCell,
    FormTemplate,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)
from targetgroups.services import form_question_create, form_template_new_draft, version_publish

from . import content, form_content
from .cases import seed_demo_cases
from .suppliers import SOCIALTILSYN, SUPPLIERS, demo_cvr, socialtilsyn_email, supplier_values
from .users import DEMO_PASSWORD, USERS, demo_password_hash

VALID_FROM = datetime.date(2026, 1, 1)
CREATED, UPDATED, FOUND = "oprettet", "opdateret", "fundet"


class Tally:
    """Counts per kind of object of what was created, updated or found unchanged."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        out = []
        for kind, c in self.counts.items():
            parts = [f"{c[o]} {o}" for o in (CREATED, UPDATED, FOUND) if c[o]]
            out.append(f"  {kind}: {', '.join(parts)}")
        return out

    def changed(self) -> int:
        return sum(c[CREATED] + c[UPDATED] for c in self.counts.values())


def _upsert(model, lookup: dict, values: dict, *, validate: bool = False):
    """Create the row, or bring the listed fields up to date; save only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if validate:
            obj.full_clean()
        obj.save()
        return obj, CREATED
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return obj, FOUND
    for k in changed:
        setattr(obj, k, values[k])
    if validate:
        obj.full_clean()
    obj.save(update_fields=changed)
    return obj, UPDATED


def _seed_socialtilsyn(tally: Tally) -> dict[str, Socialtilsyn]:
    result = {}
    for st in SOCIALTILSYN:
        values = {
            "name": st["name"],
            "host_municipality": st["host_municipality"],
            "email": socialtilsyn_email(st["code"]),
        }
        obj, outcome = _upsert(Socialtilsyn, {"code": st["code"]}, values)
        tally.add("Socialtilsyn", outcome)
        result[st["code"]] = obj
    return result


def _seed_suppliers(tally: Tally, tilsyn: dict[str, Socialtilsyn]) -> dict[str, Supplier]:
    result = {}
    for index, spec in enumerate(SUPPLIERS):
        values = supplier_values(index, spec) | {"socialtilsyn": tilsyn[spec.socialtilsyn]}
        supplier, outcome = _upsert(Supplier, {"cvr": demo_cvr(index)}, values, validate=True)
        tally.add("Leverandører", outcome)
        result[spec.name] = supplier
        for dep in spec.departments:
            dep_values = {"street": dep.street, "postcode": dep.postcode, "city": dep.city, **dep.flags}
            _, outcome = _upsert(Department, {"supplier": supplier, "name": dep.name}, dep_values, validate=True)
            tally.add("Afdelinger", outcome)
    return result


def _seed_users(
    tally: Tally, tilsyn: dict[str, Socialtilsyn], suppliers: dict[str, Supplier], *, reset_passwords: bool
) -> dict[str, User]:
    result = {}
    for spec in USERS:
        values = {
            "role": spec.role,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "organisation": spec.organisation,
            "socialtilsyn": tilsyn[spec.socialtilsyn] if spec.socialtilsyn else None,
            "is_active": True,
        }
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, password=demo_password_hash(), **values)
            user.save()
            outcome = CREATED
        else:
            _, outcome = _upsert(User, {"pk": user.pk}, values)
            user.refresh_from_db()
            # Checking a password costs a deliberate slow hash, so it is done only on request (and not at all
            # for a user who still has the hash this process gives out).
            if reset_passwords and user.password != demo_password_hash() and not user.check_password(DEMO_PASSWORD):
                user.password = demo_password_hash()
                user.save(update_fields=["password"])
                outcome = UPDATED
        wanted = {suppliers[name].pk for name in spec.suppliers}
        missing = wanted - set(user.suppliers.values_list("pk", flat=True))
        if missing:
            user.suppliers.add(*missing)
            outcome = UPDATED if outcome == FOUND else outcome
        tally.add("Brugere", outcome)
        result[spec.username] = user
    return result


def _publish(version, fagadmin: User) -> None:
    version_publish(version=version, user=fagadmin, valid_from=VALID_FROM)


def _seed_description(tally: Tally, tg: TargetGroup, area, age_band: str, fagadmin: User) -> TargetGroupDescription:
    description = TargetGroupDescription.objects.filter(target_group=tg, version=1).first()
    if description is not None and description.status != VersionStatus.DRAFT:
        tally.add("Målgruppebeskrivelser", FOUND)
        return description
    cells = content.description_cells(area, age_band)
    if description is None:
        description = TargetGroupDescription.objects.create(
            target_group=tg,
            version=1,
            introduction=content.description_introduction(area, age_band),
            source=content.SOURCE,
            change_note="Første version (demodata).",
        )
        # A new draft gets its boxes in one statement (the database's guard checks each row all the same).
        DescriptionCell.objects.bulk_create(
            DescriptionCell(description=description, parameter=parameter.value, level=int(level), text=text)
            for (parameter, level), text in cells.items()
        )
    else:
        # A leftover draft is completed in place.
        for (parameter, level), text in cells.items():
            DescriptionCell.objects.update_or_create(
                description=description, parameter=parameter.value, level=int(level), defaults={"text": text}
            )
    _publish(description, fagadmin)
    tally.add("Målgruppebeskrivelser", CREATED)
    description.refresh_from_db()
    return description


def _seed_guide(
    tally: Tally, tg: TargetGroup, area, age_band: str, description: TargetGroupDescription, fagadmin: User
) -> AssessmentGuide:
    guide = AssessmentGuide.objects.filter(target_group=tg, version=1).first()
    if guide is not None and guide.status != VersionStatus.DRAFT:
        tally.add("Vejledninger", FOUND)
        return guide
    cells = {(c.parameter, c.level): c for c in description.cells.all()}
    items = content.guide_parameters(area, age_band)
    if guide is None:
        guide = AssessmentGuide.objects.create(
            target_group=tg,
            version=1,
            description=description,
            introduction=content.guide_introduction(area, age_band),
            source=content.SOURCE,
            change_note="Første version (demodata).",
        )
        _fill_new_guide(guide, items, cells)
    else:
        # A leftover draft is completed in place.
        for item in items:
            gp, _ = GuideParameter.objects.update_or_create(
                guide=guide, parameter=item.parameter.value, defaults={"introduction": item.introduction}
            )
            for crit in item.criteria:
                criterion, _ = GuideCriterion.objects.update_or_create(
                    guide_parameter=gp, level=int(crit.level), defaults={"text": crit.text}
                )
                criterion.cells.set([cells[(p.value, int(crit.level))] for p in crit.cells])
                criterion.thresholds.all().delete()
                CriterionThreshold.objects.bulk_create(
                    CriterionThreshold(criterion=criterion, label=t.label, minimum=t.minimum, unit=t.unit)
                    for t in crit.thresholds
                )
    _publish(guide, fagadmin)
    tally.add("Vejledninger", CREATED)
    guide.refresh_from_db()
    return guide


def _fill_new_guide(guide: AssessmentGuide, items, cells: dict) -> None:
    """The parameters, criteria, their description boxes and thresholds of a new draft guide: the rows the
    update_or_create path below would write, one statement per table (the database's guards check each row)."""
    parameters = GuideParameter.objects.bulk_create(
        GuideParameter(guide=guide, parameter=item.parameter.value, introduction=item.introduction) for item in items
    )
    specs = [(gp, crit) for gp, item in zip(parameters, items, strict=True) for crit in item.criteria]
    criteria = GuideCriterion.objects.bulk_create(
        GuideCriterion(guide_parameter=gp, level=int(crit.level), text=crit.text) for gp, crit in specs
    )
    through = GuideCriterion.cells.through
    links, thresholds = [], []
    for criterion, (_gp, crit) in zip(criteria, specs, strict=True):
        boxes = dict.fromkeys(cells[(p.value, int(crit.level))] for p in crit.cells)  # as .set(): each box once
        links += [through(guidecriterion=criterion, descriptioncell=box) for box in boxes]
        thresholds += [
            CriterionThreshold(criterion=criterion, label=t.label, minimum=t.minimum, unit=t.unit)
            for t in crit.thresholds
        ]
    through.objects.bulk_create(links)
    CriterionThreshold.objects.bulk_create(thresholds)


def _seed_form_template(tally: Tally, tg: TargetGroup, area, age_band: str, guide: AssessmentGuide, fagadmin: User):
    """Version 1 of the target group's oplysningsskema, built through the services (which validate it)."""
    template = FormTemplate.objects.filter(target_group=tg, version=1).first()
    if template is not None and template.status != VersionStatus.DRAFT:
        tally.add("Skemaskabeloner", FOUND)
        return
    if template is None:
        template = form_template_new_draft(user=fagadmin, guide=guide, title=form_content.title(area, age_band))
    # A leftover draft is rebuilt from scratch, then published.
    template.questions.all().delete()
    template.title = form_content.title(area, age_band)
    template.introduction = form_content.introduction(area, age_band)
    template.change_note = "Første version (demodata)."
    template.save()
    criteria = {
        (c.guide_parameter.parameter, c.level): c
        for c in GuideCriterion.objects.filter(guide_parameter__guide=template.guide).select_related("guide_parameter")
    }
    for q in form_content.questions(area, age_band):
        parameter = q.parameter.value if q.parameter else ""
        data = QuestionInput(
            kind=q.kind,
            key=q.key,
            label=q.label,
            parameter=parameter,
            help_text=q.help_text,
            required=q.required,
            min_value=q.min_value,
            max_value=q.max_value,
            max_words=q.max_words,
            choices=q.choices,
            columns=q.columns,
            max_rows=q.max_rows,
            criteria=[criteria[(parameter, int(level))] for level in q.levels] if parameter else [],
        )
        form_question_create(template=template, user=fagadmin, data=data)
    _publish(template, fagadmin)
    tally.add("Skemaskabeloner", CREATED)


def _seed_target_groups(tally: Tally, fagadmin: User) -> None:
    for area in content.PILOT_AREAS:
        for age_band in content.AGE_BANDS:
            tg, outcome = _upsert(
                TargetGroup,
                {"slug": content.target_group_slug(area, age_band)},
                {"name": area.name, "age_band": age_band},
            )
            tally.add("Målgrupper", outcome)
            description = _seed_description(tally, tg, area, age_band, fagadmin)
            guide = _seed_guide(tally, tg, area, age_band, description, fagadmin)
            _seed_form_template(tally, tg, area, age_band, guide, fagadmin)


def _seed_rule(tally: Tally, fagadmin: User) -> None:
    rule = PlacementRule.objects.filter(target_group__isnull=True, version=1).first()
    if rule is not None and rule.status != VersionStatus.DRAFT:
        tally.add("Indplaceringsregler", FOUND)
        return
    if rule is None:
        rule = PlacementRule.objects.create(
            target_group=None,
            version=1,
            name="Indplaceringsregel 2021",
            moderat_min_at_least_moderat=7,
            hoejt_min_at_hoejt=7,
            hoejt_max_at_moderat=1,
            hoejt_max_at_let=None,
            weights=[],
            source=content.RULE_SOURCE,
            change_note="Reglen fra afprøvningen i 2021: alle otte parametre vægter ens.",
        )
    _publish(rule, fagadmin)
    tally.add("Indplaceringsregler", CREATED)


@transaction.atomic
def seed_demo(*, reset_passwords: bool = False) -> Tally:
    """Create or complete the demo data in one transaction and return what happened.

    New demo users get the demo password. Existing users keep theirs unless reset_passwords is set.
    """
    tally = Tally()
    tilsyn = _seed_socialtilsyn(tally)
    suppliers = _seed_suppliers(tally, tilsyn)
    users = _seed_users(tally, tilsyn, suppliers, reset_passwords=reset_passwords)
    fagadmin = users["fagadmin"]
    _seed_target_groups(tally, fagadmin)
    _seed_rule(tally, fagadmin)
    created = seed_demo_cases()
    for _ in range(created):
        tally.add("Demosager", CREATED)
    if not created:
        tally.add("Demosager", FOUND)
    return tally
