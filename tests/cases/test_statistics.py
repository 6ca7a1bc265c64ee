"""Agreement statistics: numbers on a small known set, scoping per role, the filters; the summary kept by the
services equal to the rebuild from the judgement rows; the summary's numbers equal to the pure reference on
generated data; the calibration list; the downloads."""

import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessments.domain.agreement import agreement_by_parameter, table_from_pairs, table_statistics
from assessments.models import AgreementSummary, CalibrationCitation, Case, Judgement, ParameterJudgement
from assessments.models.agreement import CELLS
from assessments.selectors.statistics import (
    StatisticsFilters,
    agreement_overview,
    statistics_choices,
    statistics_rows,
)
from assessments.selectors.statistics_calibration import calibration
from assessments.services.agreement import agreement_pair_add, agreement_summary_rebuild
from assessments.services.review import judgement_start, judgement_submit
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.models import DescriptionCell, GuideCriterion

from .. import factories

pytestmark = pytest.mark.django_db

ALL_HIGH = [3] * 8
ALL_MODERATE = [2] * 8
PARAMETER_VALUES = [p.value for p in SUPPLIER_PARAMETERS]


@pytest.fixture
def make_case(case, second_consultant):
    """Cases copied from the fixture case (same content versions), with judgements written directly (as the
    scale seed does; the tests rebuild the summary after). The first consultant submits one hour before the
    second, so "first" in the summary is the primary consultant.

    One open case per subject: each copy assesses a department of its own of the fixture case's supplier."""
    counter = iter(range(100, 1000))

    def make(*, first, second, mode=Case.Mode.DOUBLE_BLIND, second_submitted=True, submitted_at=None, **overrides):
        fields = {
            "reference": f"T-{next(counter)}",
            "mode": mode,
            "supplier": case.supplier,
            "department": factories.DepartmentFactory(supplier=case.supplier),
            "target_group": case.target_group,
            "socialtilsyn": case.socialtilsyn,
            "description": case.description,
            "guide": case.guide,
            "form_template": case.form_template,
            "rule": case.rule,
            "primary_consultant": case.primary_consultant,
            "second_consultant": case.second_consultant,
            "leader": case.leader,
            "opened_by": case.leader,
            "state": "afstemning",
            **overrides,
        }
        new = Case.objects.create(**fields)
        at = submitted_at or timezone.now()
        for author, levels, submitted, when in (
            (new.primary_consultant, first, True, at - datetime.timedelta(hours=1)),
            (new.second_consultant, second, second_submitted, at),
        ):
            judgement = Judgement.objects.create(case=new, author=author, submitted_at=when if submitted else None)
            ParameterJudgement.objects.bulk_create(
                ParameterJudgement(judgement=judgement, parameter=p.value, level=level, reasons="x")
                for p, level in zip(SUPPLIER_PARAMETERS, levels, strict=True)
            )
        return new

    return make


def overview_for(user, **filters):
    return agreement_overview(user, StatisticsFilters(**filters), statistics_choices(user))


@pytest.fixture
def known_set(make_case):
    # Case 1 disagrees on the last parameter (3 against 2), case 2 on the first (2 against 1); the rest agree.
    make_case(first=ALL_HIGH, second=[3, 3, 3, 3, 3, 3, 3, 2])
    make_case(first=ALL_MODERATE, second=[1, 2, 2, 2, 2, 2, 2, 2])
    # Not counted: review mode, and a case where only one judgement is submitted.
    make_case(first=ALL_HIGH, second=ALL_MODERATE, mode=Case.Mode.REVIEW)
    make_case(first=ALL_HIGH, second=ALL_MODERATE, second_submitted=False)
    agreement_summary_rebuild()


def test_agreement_per_parameter_on_a_known_set(known_set, leader):
    overview = overview_for(leader)
    by = {p.key: p for p in overview.parameters}
    assert overview.cases == 2
    assert by["aktiv_praksis"].table == [[0, 0, 0], [1, 0, 0], [0, 0, 1]]
    assert (by["aktiv_praksis"].pairs, by["aktiv_praksis"].stats.agreed) == (2, 1)
    assert by["hjaelpemidler"].table == [[0, 0, 0], [0, 1, 0], [0, 1, 0]]
    assert by["metoder"].table == [[0, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert by["metoder"].stats.kappa.value == pytest.approx(1.0)
    assert (overview.total.pairs, overview.total.stats.agreed) == (16, 14)
    # all parameters together: 7 pairs (3,3), 1 (3,2), 7 (2,2), 1 (2,1)
    assert overview.total.table == [[0, 0, 0], [1, 7, 0], [0, 1, 7]]
    assert overview.total.stats == table_statistics([[0, 0, 0], [1, 7, 0], [0, 1, 7]])


def test_statistics_page_for_the_leader(known_set, client_for):
    response = client_for("leader").get(reverse("assessments:agreement_statistics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aktiv praksis" in body
    assert "Vægtet kappa" in body
    assert "2 sager med to uafhængige vurderinger" in body
    assert "Sådan læser du tallene" in body
    assert "<svg" in body  # the charts
    assert "Pr. socialtilsyn" not in body  # a leader sees one


def test_fagadmin_sees_the_breakdown_by_socialtilsyn(known_set, client_for, tilsyn):
    body = client_for("fagadmin").get(reverse("assessments:agreement_statistics")).content.decode()
    assert "Pr. socialtilsyn" in body
    assert tilsyn.name in body


def test_leader_of_another_tilsyn_sees_none_of_it_and_fagadmin_sees_all(known_set, other_leader, fagadmin):
    assert overview_for(other_leader).cases == 0
    assert overview_for(fagadmin).cases == 2


def test_filter_by_target_group(known_set, make_case, client_for):
    other_group = factories.TargetGroupFactory(name="Hjerneskade", age_band="voksne", slug="hjerneskade-voksne")
    make_case(first=ALL_HIGH, second=ALL_MODERATE, target_group=other_group)
    agreement_summary_rebuild()
    client = client_for("leader")
    everything = client.get(reverse("assessments:agreement_statistics")).context["overview"]
    assert everything.cases == 3
    assert {row.label for row in everything.by_target_group} == {"Autisme – voksne", "Hjerneskade – voksne"}
    only_other = client.get(reverse("assessments:agreement_statistics"), {"maalgruppe": other_group.pk}).context[
        "overview"
    ]
    assert (only_other.cases, only_other.total.stats.agreed) == (1, 0)


def test_half_years_and_the_period_filter(make_case, leader, client_for):
    tz = timezone.get_current_timezone()
    make_case(first=ALL_HIGH, second=ALL_HIGH, submitted_at=datetime.datetime(2025, 3, 1, 12, tzinfo=tz))
    make_case(first=ALL_HIGH, second=ALL_MODERATE, submitted_at=datetime.datetime(2025, 9, 1, 12, tzinfo=tz))
    # submitted in the first minutes of 1 July Danish time (still 30 June in UTC): the second half-year
    make_case(first=ALL_HIGH, second=ALL_MODERATE, submitted_at=datetime.datetime(2026, 7, 1, 0, 30, tzinfo=tz))
    agreement_summary_rebuild()
    overview = overview_for(leader)
    assert [(row.label, row.pairs) for row in overview.by_half_year] == [
        ("1. halvår 2025", 8),
        ("2. halvår 2025", 8),
        ("2. halvår 2026", 8),
    ]
    assert overview_for(leader, period_from=datetime.date(2025, 7, 1), period_to=datetime.date(2025, 7, 1)).cases == 1
    response = client_for("leader").get(reverse("assessments:agreement_statistics"), {"fra": "2025-2"})
    assert response.context["overview"].cases == 2


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(make_case, client_for):
    tz = timezone.get_current_timezone()
    make_case(first=ALL_HIGH, second=ALL_HIGH, submitted_at=datetime.datetime(2025, 3, 1, 12, tzinfo=tz))
    make_case(first=ALL_HIGH, second=ALL_HIGH, submitted_at=datetime.datetime(2025, 9, 1, 12, tzinfo=tz))
    agreement_summary_rebuild()
    response = client_for("leader").get(reverse("assessments:agreement_statistics"), {"fra": "2025-2", "til": "2025-1"})
    assert response.status_code == 200
    assert "Vælg et halvår, der ligger efter" in response.content.decode()
    assert response.context["overview"].cases == 2  # the filters are left out


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("fagadmin", 200),
        ("consultant", 403),
        ("supplier_user", 403),
        ("myndighed", 403),
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/statistik/",
        "/statistik/kalibrering/",
        "/statistik/eksport/csv/",
        "/statistik/kalibrering/eksport/xlsx/",
    ],
)
def test_statistics_pages_permissions(case, client_for, who, status, url):
    path = reverse("assessments:agreement_statistics").replace("/statistik/", url)
    assert client_for(who).get(path).status_code == status


def test_anonymous_is_sent_to_login(client):
    for name in ("agreement_statistics", "agreement_calibration"):
        assert client.get(reverse(f"assessments:{name}")).status_code == 302


def test_nav_shows_statistik_for_leader_and_fagadmin_only(case, client_for):
    assert "Statistik" in client_for("leader").get(reverse("core:dashboard")).content.decode()
    assert "Statistik" in client_for("fagadmin").get(reverse("core:dashboard")).content.decode()
    assert ">Statistik<" not in client_for("consultant").get(reverse("core:dashboard")).content.decode()


def test_empty_state(case, client_for):
    body = client_for("leader").get(reverse("assessments:agreement_statistics")).content.decode()
    assert "Der er endnu ingen sager" in body


# --- the summary kept by the services equals the rebuild ------------------------------------------------------


def _judge(case, user, levels):
    """Start, fill and submit the user's judgement through the services; each level cites its criterion."""
    judgement = judgement_start(case=case, user=user)
    for p, level in zip(SUPPLIER_PARAMETERS, levels, strict=True):
        ParameterJudgement.objects.filter(judgement=judgement, parameter=p.value).update(level=level, reasons="x")
    pj = ParameterJudgement.objects.get(judgement=judgement, parameter="aktiv_praksis")
    pj.cited_criteria.add(
        GuideCriterion.objects.get(
            guide_parameter__guide=case.guide, guide_parameter__parameter="aktiv_praksis", level=levels[0]
        )
    )
    return judgement_submit(judgement=judgement, user=user)


def _cells():
    group = ("socialtilsyn_id", "target_group_id", "guide_id", "half_year", "parameter")
    return sorted(AgreementSummary.objects.values_list(*group, *CELLS)), sorted(
        CalibrationCitation.objects.values_list(*group, "criterion_id", "cell_id", "pairs", "citations")
    )


def test_the_summary_kept_on_submission_equals_the_rebuild(make_case, case, leader):
    judged = []
    for i, (first, second) in enumerate(
        [(ALL_HIGH, ALL_MODERATE), ([1, 2, 3, 1, 2, 3, 1, 2], [3, 2, 1, 1, 2, 3, 3, 3]), (ALL_HIGH, ALL_HIGH)]
    ):
        new = make_case(first=[None] * 8, second=[None] * 8, second_submitted=False, state="vurdering")
        Judgement.objects.filter(case=new).delete()
        # the second consultant submits first in one case: "first" is whoever submitted first
        a, b = (new.primary_consultant, new.second_consultant)
        if i == 1:
            a, b = b, a
        before = _cells()
        _judge(new, a, first)
        assert _cells() == before  # one judgement: nothing to count yet
        _judge(new, b, second)
        new.refresh_from_db()
        assert new.state == "afstemning"
        assert _cells() != before  # counted in the transaction that submitted the second judgement
        judged.append(new)
    maintained = _cells()
    assert sum(sum(row[5:]) for row in maintained[0]) == 3 * 8
    # two cases disagree on aktiv praksis, each side citing the criterion of its own level
    assert sum(row[-2] for row in maintained[1]) == 4
    agreement_summary_rebuild()
    assert _cells() == maintained
    by = {p.key: p for p in overview_for(leader).parameters}
    # case 1: 3 against 2; case 2: the first to submit (the second consultant) 1, the other 3; case 3: 3 and 3
    assert by["aktiv_praksis"].table == [[0, 0, 1], [0, 0, 0], [0, 1, 1]]


def test_adding_a_case_twice_is_not_possible_through_submission(make_case, case):
    """judgement_submit returns early for a submitted judgement: the pair is counted once."""
    new = make_case(first=[None] * 8, second=[None] * 8, second_submitted=False, state="vurdering")
    Judgement.objects.filter(case=new).delete()
    _judge(new, new.primary_consultant, ALL_HIGH)
    second = _judge(new, new.second_consultant, ALL_MODERATE)
    counted = _cells()
    judgement_submit(judgement=second, user=new.second_consultant)
    assert _cells() == counted


def test_pair_add_ignores_review_mode_and_single_judgements(make_case):
    with transaction.atomic():
        review = make_case(first=ALL_HIGH, second=ALL_MODERATE, mode=Case.Mode.REVIEW)
        single = make_case(first=ALL_HIGH, second=ALL_MODERATE, second_submitted=False)
        assert agreement_pair_add(case=review) == 0
        assert agreement_pair_add(case=single) == 0
    assert AgreementSummary.objects.count() == 0


# --- the SQL counting against the pure reference ------------------------------------------------------------

LEVEL = st.sampled_from([1, 2, 3])
EIGHT_LEVELS = st.lists(LEVEL, min_size=8, max_size=8)
GENERATED_CASE = st.tuples(st.sampled_from(list(Case.Mode)), EIGHT_LEVELS, EIGHT_LEVELS, st.booleans())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(GENERATED_CASE, max_size=5))
def test_summary_numbers_match_the_pure_reference(make_case, fagadmin, generated):
    with transaction.atomic():
        for mode, first, second, submitted in generated:
            make_case(first=first, second=second, mode=mode, second_submitted=submitted)
        agreement_summary_rebuild()
        counted = [
            (dict(zip(PARAMETER_VALUES, first, strict=True)), dict(zip(PARAMETER_VALUES, second, strict=True)))
            for mode, first, second, submitted in generated
            if mode == Case.Mode.DOUBLE_BLIND and submitted
        ]
        reference = agreement_by_parameter(counted)
        overview = overview_for(fagadmin)
        assert overview.cases == len(counted)
        for row in overview.parameters:
            stats = reference.get(row.key)
            assert (row.pairs, row.stats.agreed) == ((stats.pairs, stats.agreed) if stats else (0, 0))
            assert row.table == table_from_pairs((a[row.key], b[row.key]) for a, b in counted)
            assert row.stats == table_statistics(row.table)
        transaction.set_rollback(True)


def test_a_leader_never_reads_another_socialtilsyn_s_cells(make_case, leader, other_tilsyn):
    make_case(first=ALL_HIGH, second=ALL_HIGH, socialtilsyn=other_tilsyn)
    agreement_summary_rebuild()
    assert AgreementSummary.objects.exists()
    assert not statistics_rows(leader, StatisticsFilters(socialtilsyn_id=other_tilsyn.pk)).exists()


# --- calibration ----------------------------------------------------------------------------------------------


@pytest.fixture
def cited_set(make_case, case):
    """Three cases disagreeing on aktiv praksis, one agreeing; citations on both sides."""
    criterion_high = GuideCriterion.objects.get(
        guide_parameter__guide=case.guide, guide_parameter__parameter="aktiv_praksis", level=3
    )
    criterion_mid = GuideCriterion.objects.get(
        guide_parameter__guide=case.guide, guide_parameter__parameter="aktiv_praksis", level=2
    )
    other_parameter = GuideCriterion.objects.get(
        guide_parameter__guide=case.guide, guide_parameter__parameter="metoder", level=3
    )
    cell = DescriptionCell.objects.filter(description=case.description).order_by("pk").first()
    disagreeing = [make_case(first=ALL_HIGH, second=[2, 3, 3, 3, 3, 3, 3, 3]) for _ in range(3)]
    agreeing = make_case(first=ALL_HIGH, second=ALL_HIGH)
    for n, new in enumerate(disagreeing):
        first, second = (
            ParameterJudgement.objects.get(judgement__case=new, judgement__author=author, parameter="aktiv_praksis")
            for author in (new.primary_consultant, new.second_consultant)
        )
        first.cited_criteria.add(criterion_high)
        second.cited_criteria.add(criterion_high, criterion_mid)  # the same pair counts once for criterion_high
        if n == 0:
            second.cited_cells.add(cell)
        ParameterJudgement.objects.get(
            judgement__case=new, judgement__author=new.primary_consultant, parameter="metoder"
        ).cited_criteria.add(other_parameter)
    for pj in ParameterJudgement.objects.filter(judgement__case=agreeing, parameter="aktiv_praksis"):
        pj.cited_criteria.add(criterion_mid)  # agreement: not counted
    agreement_summary_rebuild()
    return criterion_high, criterion_mid, other_parameter, cell


def test_calibration_counts_the_criteria_cited_in_disagreeing_pairs(cited_set, leader, other_leader):
    criterion_high, criterion_mid, _other_parameter, cell = cited_set
    result = calibration(leader, StatisticsFilters(), statistics_choices(leader))
    assert [row.key for row in result.low] == ["aktiv_praksis"]
    assert result.selected is not None
    assert result.selected.key == "aktiv_praksis"
    assert result.disagreeing_pairs == 3
    assert [(c.pk, c.pairs, c.citations) for c in result.criteria] == [
        (criterion_high.pk, 3, 6),
        (criterion_mid.pk, 3, 3),
    ]
    assert [(c.pk, c.pairs) for c in result.cells] == [(cell.pk, 1)]
    assert result.criteria[0].guide is not None
    # another socialtilsyn's leader: nothing
    assert calibration(other_leader, StatisticsFilters(), statistics_choices(other_leader)).criteria == []


def test_calibration_page_links_to_the_guide(cited_set, client_for, case):
    response = client_for("fagadmin").get(reverse("assessments:agreement_calibration"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("targetgroups:guide", args=[case.guide_id]) + "#parameter-aktiv_praksis" in body
    assert "vægtede kappa er under 0,6" in body
    # another parameter chosen: its pairs all agree, so nothing is listed
    response = client_for("fagadmin").get(reverse("assessments:agreement_calibration"), {"parameter": "metoder"})
    assert response.context["calibration"].criteria == []


# --- downloads ------------------------------------------------------------------------------------------------


def test_statistics_export_csv_and_xlsx(known_set, client_for):
    client = client_for("fagadmin")
    today = timezone.localdate().isoformat()
    response = client.get(reverse("assessments:agreement_export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="enighed-{today}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Enighed pr. parameter" in text
    assert "Parameter;Par;Samme niveau;Andel samme niveau" in text
    assert "Aktiv praksis;2;1;0,5;" in text
    response = client.get(reverse("assessments:agreement_export", args=["xlsx"]))
    assert response["Content-Disposition"] == f'attachment; filename="enighed-{today}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["Enighed pr. parameter", "Forvekslingstabeller", "Pr. socialtilsyn"]
    sheet = workbook["Forvekslingstabeller"]
    assert [c.value for c in sheet[1]] == ["Parameter", "Første konsulents niveau", "Anden konsulents niveau", "Par"]
    assert client.get(reverse("assessments:agreement_export", args=["pdf"])).status_code == 404


def test_calibration_export(cited_set, client_for):
    response = client_for("leader").get(reverse("assessments:calibration_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Parametre med lav enighed",
        "Kriterier – Aktiv praksis",
        "Beskrivelsesbokse – Aktiv praks",
    ]


def test_breakdown_and_confusion_tables_are_written_with_links_badges_and_marked_diagonal():
    """The statistics tables written in Python (assessments.templatetags.statistics_tags): a breakdown row links
    to the page narrowed by it (after the current filters, escaped), a row with few pairs has its badge, and the
    confusion table marks the diagonal and sums rows and columns."""
    from django.template import Context, Template
    from django.utils.translation import override

    from assessments.selectors.statistics import AgreementRow

    table = [[5, 1, 0], [2, 3, 0], [0, 0, 1]]
    row = AgreementRow(
        key="x", label="Bo <A> & co", table=table, stats=table_statistics(table), url_param="maalgruppe=7"
    )
    html = Template(
        "{% load statistics_tags %}{% breakdown_rows rows heading True query %}{% confusion_table row %}"
    ).render(Context({"rows": [row], "heading": "Målgruppe", "query": "fra=2025-1&til=2025-2", "row": row}))
    assert '<a href="?fra=2025-1&amp;til=2025-2&amp;maalgruppe=7">Bo &lt;A&gt; &amp; co</a>' in html
    assert '<span class="badge badge-small">få par</span>' in html
    assert html.count("confusion-agree") == 3
    assert '<td class="align-text-right confusion-agree">5</td><td class="align-text-right">1</td>' in html
    assert '<td class="align-text-right muted">12</td>' in html  # all pairs, bottom right
    with override("en"):
        english = Template("{% load statistics_tags %}{% breakdown_rows rows heading False '' %}").render(
            Context({"rows": [row], "heading": "Target group"})
        )
    assert 'data-title="Same level (95% CI)"' in english
    assert "<a " not in english
