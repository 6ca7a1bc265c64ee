"""factory_boy factories for the foundation's models, plus builders for complete content versions.

Every factory produces rows that pass the model's validators and database constraints, so a test only
spells out what it is about.
"""

import itertools

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from suppliers.domain import CVR_WEIGHTS
from suppliers.models import Department, Socialtilsyn, Supplier
from targetgroups.domain.model import DESCRIPTION_PARAMETERS, SUPPLIER_PARAMETERS, Level
from targetgroups.models import (
    AssessmentGuide,
    DescriptionCell,
    FormQuestion,
    FormTemplate,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
)

PASSWORD = "korrekt-hest-batteri-42"


def cvr_numbers():
    """Endless valid CVR numbers: seven digits (first non-zero) and the modulus-11 check digit."""
    for base in itertools.count(1_000_001):
        digits = str(base)
        remainder = sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:  # a remainder of 1 would need a check digit of 10: no valid number with this base
            yield digits + str(check)


_cvr = cvr_numbers()


class SocialtilsynFactory(DjangoModelFactory):
    class Meta:
        model = Socialtilsyn
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"tilsyn-{n}")
    name = factory.Sequence(lambda n: f"Socialtilsyn {n}")
    host_municipality = factory.Sequence(lambda n: f"Værtskommune {n}")
    email = factory.LazyAttribute(lambda o: f"{o.code}@tilsyn.example")


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Leverandør {n:04d}")
    cvr = factory.LazyFunction(lambda: next(_cvr))
    ownership = Supplier.Ownership.PRIVAT
    kind = Supplier.Kind.LAENGEREVARENDE_BOTILBUD
    street = "Eksempelvej 1"
    postcode = "8000"
    city = "Aarhus C"
    socialtilsyn = factory.SubFactory(SocialtilsynFactory)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")


class UserFactory(DjangoModelFactory):
    """A myndighed user by default; the role factories below set role and socialtilsyn consistently."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.dk")
    password = factory.django.Password(PASSWORD)
    role = Role.MYNDIGHED
    socialtilsyn: object = None


class SupplierUserFactory(UserFactory):
    role = Role.SUPPLIER

    @factory.post_generation
    def suppliers(self, create, extracted, **kwargs):
        """`SupplierUserFactory(suppliers=[a, b])` links the user to those suppliers; default: a new one."""
        if not create:
            return
        self.suppliers.set(extracted if extracted is not None else [SupplierFactory()])


class ConsultantFactory(UserFactory):
    role = Role.CONSULTANT
    socialtilsyn = factory.SubFactory(SocialtilsynFactory)


class LeaderFactory(UserFactory):
    role = Role.LEADER
    socialtilsyn = factory.SubFactory(SocialtilsynFactory)


class FagadminFactory(UserFactory):
    role = Role.FAGADMIN


class MyndighedFactory(UserFactory):
    role = Role.MYNDIGHED
    organisation = "Aarhus Kommune"


ROLE_FACTORIES = {
    Role.SUPPLIER: SupplierUserFactory,
    Role.CONSULTANT: ConsultantFactory,
    Role.LEADER: LeaderFactory,
    Role.FAGADMIN: FagadminFactory,
    Role.MYNDIGHED: MyndighedFactory,
}


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Målgruppe {n}")
    age_band = TargetGroup.AgeBand.VOKSNE
    slug = factory.Sequence(lambda n: f"maalgruppe-{n}")


class DescriptionFactory(DjangoModelFactory[TargetGroupDescription]):
    """A draft description without cells; see `description_draft` for a complete one."""

    class Meta:
        model = TargetGroupDescription

    target_group = factory.SubFactory(TargetGroupFactory)
    version = 1
    introduction = "Målgruppen beskrives her."


class GuideFactory(DjangoModelFactory[AssessmentGuide]):
    """A draft guide without criteria; see `guide_draft` for a complete one."""

    class Meta:
        model = AssessmentGuide

    target_group = factory.SelfAttribute("description.target_group")
    description = factory.SubFactory(DescriptionFactory)
    version = 1


class PlacementRuleFactory(DjangoModelFactory):
    """A draft of the national 2021 rule unless target_group is given."""

    class Meta:
        model = PlacementRule

    target_group = None
    name = "Indplaceringsregel 2021"
    version = 1


def description_draft(*, target_group: TargetGroup, version: int = 1, cells: bool = True) -> TargetGroupDescription:
    """A draft description with all 12 cells (4 parameters × 3 levels) unless cells=False."""
    description = DescriptionFactory.create(target_group=target_group, version=version)
    if cells:
        DescriptionCell.objects.bulk_create(
            DescriptionCell(description=description, parameter=p.value, level=level, text=f"{p.value} {level.label}")
            for p in DESCRIPTION_PARAMETERS
            for level in Level
        )
    return description


def guide_draft(*, description: TargetGroupDescription, version: int = 1, complete: bool = True) -> AssessmentGuide:
    """A draft guide with 8 parameters × 3 criteria, each criterion citing the description cell at its level
    of the first description parameter. complete=False leaves out the last criterion."""
    guide = GuideFactory.create(description=description, target_group=description.target_group, version=version)
    # Bulk inserts (a handful of queries instead of ~100): the guide is a fresh draft, so the per-row draft
    # guard of ChildOfVersion.save() has nothing to refuse; the database's own triggers still run.
    cells = dict(description.cells.filter(parameter=DESCRIPTION_PARAMETERS[0].value).values_list("level", "pk"))
    parameters = GuideParameter.objects.bulk_create(
        GuideParameter(guide=guide, parameter=parameter.value, introduction=f"Om {parameter}")
        for parameter in SUPPLIER_PARAMETERS
    )
    criteria = GuideCriterion.objects.bulk_create(
        GuideCriterion(guide_parameter=gp, level=level, text=f"Kriterium for {parameter} på {level.label}")
        for index, (parameter, gp) in enumerate(zip(SUPPLIER_PARAMETERS, parameters, strict=True))
        for level in Level
        if complete or index < len(SUPPLIER_PARAMETERS) - 1 or level != Level.HOEJT
    )
    GuideCriterion.cells.through.objects.bulk_create(
        GuideCriterion.cells.through(guidecriterion_id=criterion.pk, descriptioncell_id=cells[criterion.level])
        for criterion in criteria
        if criterion.level in cells
    )
    return guide


def form_template_draft(*, guide: AssessmentGuide, version: int = 1, complete: bool = True) -> FormTemplate:
    """A draft form template on the guide: one general question and one whole-number question per parameter,
    each citing its parameter's criteria. complete=False leaves out the last parameter's question."""
    template = FormTemplate.objects.create(
        target_group=guide.target_group, guide=guide, version=version, title=f"Oplysningsskema v{version}"
    )
    FormQuestion.objects.create(template=template, position=1, key="generelt-pladser", kind="integer", label="Pladser")
    parameters = SUPPLIER_PARAMETERS if complete else SUPPLIER_PARAMETERS[:-1]
    for position, parameter in enumerate(parameters, start=2):
        question = FormQuestion.objects.create(
            template=template,
            parameter=parameter.value,
            position=position,
            key=f"{parameter.value.replace('_', '-')}-antal",
            kind="integer",
            label=f"Antal for {parameter}",
            min_value=0,
        )
        question.criteria.set(
            GuideCriterion.objects.filter(guide_parameter__guide=guide, guide_parameter__parameter=parameter)
        )
    return template
