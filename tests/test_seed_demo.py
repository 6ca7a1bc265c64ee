"""The demo data command: complete, consistent and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from demo.users import DEMO_PASSWORD, DEMO_URL
from suppliers.domain import is_valid_cvr
from suppliers.models import Department, Socialtilsyn, Supplier
from targetgroups.models import (
    AssessmentGuide,
    CriterionThreshold,
    DescriptionCell,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)

from .shared_db import shared_transaction

pytestmark = pytest.mark.django_db

MODELS = (
    Socialtilsyn,
    Supplier,
    Department,
    User,
    TargetGroup,
    TargetGroupDescription,
    DescriptionCell,
    AssessmentGuide,
    GuideParameter,
    GuideCriterion,
    CriterionThreshold,
    PlacementRule,
)


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_second_run_changes_nothing():
    first = _seed()
    counts = _counts()
    stamps = dict(Supplier.objects.values_list("pk", "updated_at"))
    links = GuideCriterion.cells.through.objects.count()

    second = _seed()

    assert "oprettet" in first
    assert "intet er ændret" in second
    assert "oprettet" not in second
    assert _counts() == counts
    assert dict(Supplier.objects.values_list("pk", "updated_at")) == stamps
    assert GuideCriterion.cells.through.objects.count() == links


def test_demo_logins_without_data_says_what_to_do():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """One seed for the tests of the class below (it takes seconds), rolled back after the last of them."""
    with shared_transaction(django_db_blocker):
        _seed()
        yield


class TestTheSeededData:
    """Each test reads the class's seed, or writes only inside its own savepoint."""

    def test_expected_volumes(self, seeded):
        assert Socialtilsyn.objects.count() == 5
        assert set(Socialtilsyn.objects.values_list("code", flat=True)) == {
            "hovedstaden",
            "oest",
            "syd",
            "midt",
            "nord",
        }
        assert TargetGroup.objects.count() == 9
        assert 18 <= Supplier.objects.count() <= 25
        for supplier in Supplier.objects.all():
            assert 1 <= supplier.departments.count() <= 3
        for st in Socialtilsyn.objects.all():
            assert st.suppliers.exists(), st

    def test_descriptions_are_published_with_twelve_cells(self, seeded):
        for tg in TargetGroup.objects.all():
            description = tg.descriptions.get(version=1)
            assert description.status == VersionStatus.PUBLISHED
            assert description.valid_from.isoformat() == "2026-01-01"
            assert description.published_by.role == Role.FAGADMIN
            assert "Egen formulering" in description.source
            cells = list(description.cells.all())
            assert len(cells) == 12
            assert all(c.text.strip() for c in cells)

    def test_guides_are_published_and_every_criterion_cites_its_description(self, seeded):
        for tg in TargetGroup.objects.all():
            guide = tg.guides.get(version=1)
            assert guide.status == VersionStatus.PUBLISHED
            assert guide.description.target_group_id == tg.pk
            assert guide.parameters.count() == 8
            assert all(p.introduction.strip() for p in guide.parameters.all())
            criteria = GuideCriterion.objects.filter(guide_parameter__guide=guide).prefetch_related("cells")
            assert criteria.count() == 24
            for criterion in criteria:
                cells = list(criterion.cells.all())
                assert cells, criterion
                assert all(c.description_id == guide.description_id for c in cells)
                assert all(c.level == criterion.level for c in cells)

    def test_numeric_thresholds_where_the_model_has_them(self, seeded):
        for parameter in ("aktiv_praksis", "praksiserfaring", "uddannelse"):
            criteria = GuideCriterion.objects.filter(guide_parameter__parameter=parameter)
            assert criteria.count() == 27
            assert not criteria.filter(thresholds__isnull=True).exists(), parameter
        assert CriterionThreshold.objects.filter(unit="%").exists()
        assert CriterionThreshold.objects.filter(unit__contains="kalenderår").exists()

    def test_national_placement_rule_2021(self, seeded):
        rule = PlacementRule.objects.get(target_group__isnull=True, status=VersionStatus.PUBLISHED)
        assert rule.name == "Indplaceringsregel 2021"
        assert (rule.moderat_min_at_least_moderat, rule.hoejt_min_at_hoejt, rule.hoejt_max_at_moderat) == (7, 7, 1)
        assert rule.hoejt_max_at_let is None
        assert rule.weights == []
        assert "Tabel 4" in rule.source

    def test_all_cvr_numbers_are_valid_and_distinct(self, seeded):
        cvrs = list(Supplier.objects.values_list("cvr", flat=True))
        assert all(is_valid_cvr(cvr) for cvr in cvrs)
        assert len(set(cvrs)) == len(cvrs)

    def test_matrikelloese_departments_especially_in_the_sight_area(self, seeded):
        assert Department.objects.filter(is_matrikelloes=True).count() >= 10
        assert Department.objects.filter(is_matrikelloes=False).exists()
        sight = Supplier.objects.filter(name__iregex=r"syn")
        matrikelloese = [s for s in sight if s.departments.filter(is_matrikelloes=True).exists()]
        assert len(matrikelloese) >= sight.count() - 1 >= 4

    def test_four_eyes_possible_in_every_socialtilsyn(self, seeded):
        for st in Socialtilsyn.objects.all():
            assert st.staff.filter(role=Role.CONSULTANT).count() >= 2, st
            assert st.staff.filter(role=Role.LEADER).count() >= 1, st

    def test_demo_users(self, seeded):
        fagadmin = User.objects.get(username="fagadmin")
        assert fagadmin.role == Role.FAGADMIN
        assert fagadmin.check_password(DEMO_PASSWORD)
        assert User.objects.get(username="myndighed").organisation
        supplier_user = User.objects.get(username="leverandoer")
        assert supplier_user.role == Role.SUPPLIER
        assert supplier_user.suppliers.get().socialtilsyn.code == "hovedstaden"
        assert User.objects.get(username="konsulent1.hovedstaden").socialtilsyn.code == "hovedstaden"
        assert all(u.email.endswith("@demo.socialtilsyn.dk") for u in User.objects.all())

    def test_demo_logins_prints_url_users_and_password(self, seeded):
        out = StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        assert DEMO_URL in text
        assert DEMO_PASSWORD in text
        for username in ("fagadmin", "myndighed", "konsulent2.nord", "leder.midt", "leverandoer"):
            assert username in text

    def test_demo_cases_show_a_decided_case_and_a_form_waiting_for_the_supplier(self, seeded):
        from django.utils import timezone

        from assessments.models import Case, DecisionReport
        from assessments.selectors.placements import search_placements

        cases = {c.target_group.slug: c for c in Case.objects.filter(supplier__name="Bostedet Egevang")}
        assert set(cases) == {"autisme-voksne", "erhvervet-hjerneskade-voksne"}
        decided = cases["autisme-voksne"]
        assert decided.state == "afgjort"
        decision = decided.decisions.get()
        assert decision.explanation == "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret"
        assert DecisionReport.objects.filter(decision=decision).exists()
        assert [e.case for e in search_placements(today=timezone.localdate())] == [decided]
        waiting = cases["erhvervet-hjerneskade-voksne"]
        assert waiting.state == "oplysninger_anmodet"
        assert waiting.information_form.answers.count() > 0
        _seed()
        assert Case.objects.filter(supplier__name="Bostedet Egevang").count() == 2
