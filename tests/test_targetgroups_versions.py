"""Versioned model content: publication, immutability, drafts copied from published versions, and
which version was in force on a given day."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targetgroups.domain.model import DESCRIPTION_PARAMETERS, SUPPLIER_PARAMETERS
from targetgroups.models import (
    AssessmentGuide,
    DescriptionCell,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    PublishedVersionIsImmutable,
    TargetGroupDescription,
    VersionStatus,
)
from targetgroups.selectors import description_in_force, guide_in_force, rule_in_force
from targetgroups.services import description_new_draft, guide_new_draft, version_publish

from . import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date


# --- publication ---------------------------------------------------------------------------------------------


def test_published_description_has_twelve_cells_and_publication_data(published_description, fagadmin):
    assert published_description.status == VersionStatus.PUBLISHED
    assert published_description.cells.count() == 12
    assert published_description.published_by == fagadmin
    assert published_description.published_at is not None
    assert published_description.valid_from is not None


def test_published_guide_has_eight_parameters_with_three_criteria_each(published_guide):
    assert published_guide.status == VersionStatus.PUBLISHED
    assert published_guide.parameters.count() == len(SUPPLIER_PARAMETERS)
    assert GuideCriterion.objects.filter(guide_parameter__guide=published_guide).count() == 24


@pytest.mark.parametrize("role", ["supplier_user", "consultant", "leader", "myndighed"])
def test_only_a_fagadmin_may_publish(request, target_group, role):
    draft = factories.description_draft(target_group=target_group)
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        version_publish(version=draft, user=user)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_publishing_retires_the_previous_version(published_description, fagadmin):
    draft = description_new_draft(source=published_description, user=fagadmin)
    version_publish(version=draft, user=fagadmin)

    published_description.refresh_from_db()
    draft.refresh_from_db()
    assert published_description.status == VersionStatus.RETIRED
    assert published_description.retired_at is not None
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.version == 2
    assert (
        TargetGroupDescription.objects.filter(target_group=draft.target_group, status=VersionStatus.PUBLISHED).count()
        == 1
    )


def test_a_description_without_all_twelve_cells_is_refused(target_group, fagadmin):
    draft = factories.description_draft(target_group=target_group)
    draft.cells.first().delete()
    with pytest.raises(ValidationError):
        version_publish(version=draft, user=fagadmin)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_guide_missing_a_criterion_is_refused(published_description, fagadmin):
    draft = factories.guide_draft(description=published_description, complete=False)
    with pytest.raises(ValidationError):
        version_publish(version=draft, user=fagadmin)


def test_a_guide_on_a_draft_description_is_refused(target_group, fagadmin):
    description = factories.description_draft(target_group=target_group)
    guide = factories.guide_draft(description=description)
    with pytest.raises(ValidationError):
        version_publish(version=guide, user=fagadmin)


def test_an_already_published_version_cannot_be_published_again(published_description, fagadmin):
    with pytest.raises(ValidationError):
        version_publish(version=published_description, user=fagadmin)


def test_a_placement_rule_with_wrong_weights_is_refused(fagadmin):
    rule = factories.PlacementRuleFactory(weights=[1, 2, 3])
    with pytest.raises(ValidationError):
        version_publish(version=rule, user=fagadmin)


def test_publication_takes_the_given_valid_from(target_group, fagadmin):
    draft = factories.description_draft(target_group=target_group)
    published = version_publish(version=draft, user=fagadmin, valid_from=DAY(2030, 1, 1))
    assert published.valid_from == DAY(2030, 1, 1)


# --- immutability --------------------------------------------------------------------------------------------


def test_changing_a_published_description_raises(published_description):
    published_description.introduction = "Ny tekst"
    with pytest.raises(PublishedVersionIsImmutable):
        published_description.save()
    published_description.refresh_from_db()
    assert published_description.introduction != "Ny tekst"


def test_changing_the_validity_date_of_a_published_version_raises(published_description):
    published_description.valid_from = DAY(2000, 1, 1)
    with pytest.raises(PublishedVersionIsImmutable):
        published_description.save()


def test_deleting_a_published_version_raises(published_guide):
    with pytest.raises(PublishedVersionIsImmutable):
        published_guide.delete()
    assert AssessmentGuide.objects.filter(pk=published_guide.pk).exists()


def test_deleting_a_retired_version_raises(published_description, fagadmin):
    version_publish(version=description_new_draft(source=published_description, user=fagadmin), user=fagadmin)
    published_description.refresh_from_db()
    with pytest.raises(PublishedVersionIsImmutable):
        published_description.delete()


def test_a_cell_of_a_published_description_cannot_be_changed_added_or_deleted(published_description):
    cell = published_description.cells.first()
    cell.text = "Ændret"
    with pytest.raises(PublishedVersionIsImmutable):
        cell.save()
    with pytest.raises(PublishedVersionIsImmutable):
        cell.delete()
    with pytest.raises(PublishedVersionIsImmutable):
        DescriptionCell(description=published_description, parameter=cell.parameter, level=cell.level).save()


def test_criteria_and_parameters_of_a_published_guide_cannot_be_changed(published_guide):
    criterion = GuideCriterion.objects.filter(guide_parameter__guide=published_guide).first()
    criterion.text = "Ændret"
    with pytest.raises(PublishedVersionIsImmutable):
        criterion.save()
    with pytest.raises(PublishedVersionIsImmutable):
        criterion.delete()
    parameter = published_guide.parameters.first()
    parameter.introduction = "Ændret"
    with pytest.raises(PublishedVersionIsImmutable):
        parameter.save()


def test_a_threshold_cannot_be_added_to_a_published_guide(published_guide):
    criterion = GuideCriterion.objects.filter(guide_parameter__guide=published_guide).first()
    with pytest.raises(PublishedVersionIsImmutable):
        criterion.thresholds.create(label="borgere", minimum=5, unit="borgere pr. år")


def test_a_published_version_can_be_retired(published_description):
    published_description.status = VersionStatus.RETIRED
    published_description.save()
    published_description.refresh_from_db()
    assert published_description.status == VersionStatus.RETIRED


def test_a_draft_can_be_edited_and_deleted(target_group):
    draft = factories.description_draft(target_group=target_group)
    draft.introduction = "Ændret"
    draft.save()
    cell = draft.cells.first()
    cell.text = "Ændret"
    cell.save()
    draft.delete()
    assert not TargetGroupDescription.objects.filter(pk=draft.pk).exists()


# --- new drafts from published versions ----------------------------------------------------------------------


def test_description_new_draft_copies_the_cells(published_description, fagadmin):
    draft = description_new_draft(source=published_description, user=fagadmin)
    assert draft.status == VersionStatus.DRAFT
    assert draft.version == 2
    assert sorted(draft.cells.values_list("parameter", "level", "text")) == sorted(
        published_description.cells.values_list("parameter", "level", "text")
    )


def test_guide_new_draft_copies_criteria_and_thresholds(published_description, fagadmin):
    draft_guide = factories.guide_draft(description=published_description)
    criterion = GuideCriterion.objects.filter(guide_parameter__guide=draft_guide).first()
    criterion.thresholds.create(label="borgere", minimum=5, unit="borgere pr. år")
    guide = version_publish(version=draft_guide, user=fagadmin)

    copy = guide_new_draft(source=guide, user=fagadmin)

    assert copy.status == VersionStatus.DRAFT
    assert copy.version == 2
    assert copy.description == published_description

    def content(g):
        return sorted(
            GuideCriterion.objects.filter(guide_parameter__guide=g).values_list(
                "guide_parameter__parameter", "level", "text"
            )
        )

    assert content(copy) == content(guide)
    copied = GuideCriterion.objects.get(
        guide_parameter__guide=copy,
        guide_parameter__parameter=criterion.guide_parameter.parameter,
        level=criterion.level,
    )
    assert list(copied.thresholds.values_list("label", "unit")) == [("borgere", "borgere pr. år")]
    assert GuideParameter.objects.filter(guide=copy).count() == len(SUPPLIER_PARAMETERS)


def test_guide_new_draft_relinks_cells_to_a_newer_description(published_guide, published_description, fagadmin):
    new_description = version_publish(
        version=description_new_draft(source=published_description, user=fagadmin), user=fagadmin
    )

    copy = guide_new_draft(source=published_guide, user=fagadmin, description=new_description)

    assert copy.description == new_description
    for criterion in GuideCriterion.objects.filter(guide_parameter__guide=copy).prefetch_related("cells"):
        cells = list(criterion.cells.all())
        assert cells, f"{criterion} lost its cell links"
        for cell in cells:
            assert cell.description_id == new_description.pk
            assert (cell.parameter, cell.level) == (DESCRIPTION_PARAMETERS[0].value, criterion.level)
    # the published original still cites the old description
    old = GuideCriterion.objects.filter(guide_parameter__guide=published_guide).prefetch_related("cells")
    assert {c.description_id for criterion in old for c in criterion.cells.all()} == {published_description.pk}


def test_new_drafts_need_a_fagadmin(published_guide, consultant):
    with pytest.raises(PermissionDenied):
        guide_new_draft(source=published_guide, user=consultant)
    with pytest.raises(PermissionDenied):
        description_new_draft(source=published_guide.description, user=consultant)


# --- in force on a date --------------------------------------------------------------------------------------


def _publish_description(target_group, fagadmin, version, valid_from):
    draft = factories.description_draft(target_group=target_group, version=version)
    return version_publish(version=draft, user=fagadmin, valid_from=valid_from)


def test_description_in_force_follows_valid_from(target_group, fagadmin):
    v1 = _publish_description(target_group, fagadmin, 1, DAY(2022, 1, 1))
    v2 = _publish_description(target_group, fagadmin, 2, DAY(2024, 7, 1))

    assert description_in_force(target_group=target_group, on=DAY(2021, 12, 31)) is None
    assert description_in_force(target_group=target_group, on=DAY(2022, 1, 1)) == v1
    assert description_in_force(target_group=target_group, on=DAY(2024, 6, 30)) == v1  # retired, but in force then
    assert description_in_force(target_group=target_group, on=DAY(2024, 7, 1)) == v2
    assert description_in_force(target_group=target_group, on=DAY(2030, 1, 1)) == v2


def test_drafts_are_never_in_force(target_group, fagadmin):
    v1 = _publish_description(target_group, fagadmin, 1, DAY(2022, 1, 1))
    description_new_draft(source=v1, user=fagadmin)
    assert description_in_force(target_group=target_group, on=DAY(2030, 1, 1)) == v1


def test_guide_in_force_follows_valid_from(published_description, fagadmin):
    target_group = published_description.target_group
    v1 = version_publish(
        version=factories.guide_draft(description=published_description), user=fagadmin, valid_from=DAY(2022, 1, 1)
    )
    v2 = version_publish(version=guide_new_draft(source=v1, user=fagadmin), user=fagadmin, valid_from=DAY(2023, 1, 1))

    assert guide_in_force(target_group=target_group, on=DAY(2021, 1, 1)) is None
    assert guide_in_force(target_group=target_group, on=DAY(2022, 6, 1)) == v1
    assert guide_in_force(target_group=target_group, on=DAY(2023, 1, 1)) == v2


def test_guides_of_other_target_groups_are_not_in_force(published_guide):
    other = factories.TargetGroupFactory()
    assert guide_in_force(target_group=other, on=DAY(2100, 1, 1)) is None


def test_target_group_rule_beats_the_national_rule(target_group, fagadmin):
    national = version_publish(version=factories.PlacementRuleFactory(), user=fagadmin, valid_from=DAY(2021, 1, 1))
    own = version_publish(
        version=factories.PlacementRuleFactory(target_group=target_group, name="Særregel", hoejt_min_at_hoejt=6),
        user=fagadmin,
        valid_from=DAY(2023, 1, 1),
    )
    other_group = factories.TargetGroupFactory()

    assert rule_in_force(target_group=target_group, on=DAY(2020, 12, 31)) is None
    assert rule_in_force(target_group=target_group, on=DAY(2022, 1, 1)) == national  # own rule not yet valid
    assert rule_in_force(target_group=target_group, on=DAY(2023, 1, 1)) == own
    assert rule_in_force(target_group=other_group, on=DAY(2023, 1, 1)) == national


def test_a_newer_national_rule_replaces_the_old_one(target_group, fagadmin):
    v1 = version_publish(version=factories.PlacementRuleFactory(), user=fagadmin, valid_from=DAY(2021, 1, 1))
    v2 = version_publish(
        version=factories.PlacementRuleFactory(version=2, moderat_min_at_least_moderat=6),
        user=fagadmin,
        valid_from=DAY(2025, 1, 1),
    )
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert rule_in_force(target_group=target_group, on=DAY(2024, 12, 31)) == v1
    assert rule_in_force(target_group=target_group, on=DAY(2025, 1, 1)) == v2
    assert PlacementRule.objects.filter(target_group=None, status=VersionStatus.PUBLISHED).get() == v2
