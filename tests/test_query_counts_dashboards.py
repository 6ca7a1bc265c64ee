# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The dashboards of every role, the case list and the sweeps make the same number of queries however many
cases there are (no N+1): each is pinned at two data sizes, 10× apart, and on a day with nothing new."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.domain.workflow import State
from assessments.models import Appeal, Case, ChangeNotice, Decision, Hearing, InformationForm
from assessments.services.notify import form_deadline_sweep
from assessments.services.reassessment import reassessment_sweep
from notifications.models import Notification
from suppliers.models import Department

from . import factories
from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30  # rounds of the state cycle below: 10× apart

_refs = itertools.count(1)


def _clone(template: Case, supplier, *, state: State, with_department: bool = False, **kwargs) -> Case:
    department = Department.objects.create(supplier=supplier, name=f"Afd {next(_refs)}") if with_department else None
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in ("id", "reference", "supplier_id", "department_id", "state", "opened_at")
    }
    fields.update(kwargs)
    return Case.objects.create(
        **fields,
        reference=f"QC-{next(_refs):05d}",
        supplier=supplier,
        department=department,
        state=state.value,
    )


def _decision(decided: Case, *, valid_until: datetime.date, remedy_until=None) -> Decision:
    return Decision.objects.create(
        case=decided,
        level=3,
        explanation="Niveau 3",
        rule=decided.rule,
        parameters={},
        valid_from=valid_until - datetime.timedelta(days=3 * 365),
        valid_until=valid_until,
        remedy_until=remedy_until,
        decided_by=decided.primary_consultant,
    )


def grow(case: Case, supplier_user, rounds: int) -> None:
    """`rounds` × one case in each state a dashboard or a sweep looks at, on new suppliers (half of them on a
    department) that `supplier_user` is a user of: forms to fill (some overdue, some due for a reminder),
    submitted forms, judging, sign-off, hearings, decisions (expired, due for a reminder, with a remedy period,
    under appeal), change notices."""
    today = timezone.localdate()
    consultant = case.primary_consultant
    for n in range(rounds):
        suppliers = factories.SupplierFactory.create_batch(9, socialtilsyn=case.socialtilsyn)
        supplier_user.suppliers.add(*suppliers)
        dep = n % 2 == 0
        for deadline in (today - datetime.timedelta(days=3), today + datetime.timedelta(days=7)):
            filling = _clone(case, suppliers.pop(), state=State.OPLYSNINGER_ANMODET, with_department=dep)
            InformationForm.objects.create(
                case=filling, template=case.form_template, deadline=deadline, requested_by=consultant
            )
        received = _clone(case, suppliers.pop(), state=State.OPLYSNINGER_MODTAGET, with_department=dep)
        InformationForm.objects.create(
            case=received,
            template=case.form_template,
            deadline=today,
            requested_by=consultant,
            status=InformationForm.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        _clone(case, suppliers.pop(), state=State.VURDERING, with_department=dep)
        _clone(case, suppliers.pop(), state=State.TIL_GODKENDELSE, with_department=dep)
        hearing_case = _clone(case, suppliers.pop(), state=State.PARTSHOERING, with_department=dep)
        Hearing.objects.create(case=hearing_case, draft={}, deadline=today + datetime.timedelta(days=14))
        expired = _decision(
            _clone(case, suppliers.pop(), state=State.AFGJORT, with_department=dep),
            valid_until=today - datetime.timedelta(days=10),
        )
        ChangeNotice.objects.create(case=expired.case, text="Ny leder", submitted_by=supplier_user)
        _decision(
            _clone(case, suppliers.pop(), state=State.AFGJORT, with_department=dep),
            valid_until=today + datetime.timedelta(days=60),
            remedy_until=today + datetime.timedelta(days=30),
        )
        appealed = _decision(
            _clone(case, suppliers.pop(), state=State.KLAGE, with_department=dep),
            valid_until=today + datetime.timedelta(days=30),
        )
        Appeal.objects.create(decision=appealed, reasons="Uenig", submitted_by=supplier_user)


# Each page's queries (the same at both sizes):
# session, user (with the socialtilsyn the staff page header names); tasks: the cases waiting for the consultant
# (with the pending appeal's date annotated), pending change notices; the first ten suppliers with their number;
# "Mine sager" with their number; pending supplier links (template tag); target groups with their versions (3).
CONSULTANT_DASHBOARD_QUERIES = 10
# session, user (with socialtilsyn); tasks: sign-offs, the newest expired decisions with their number, change
# notices; suppliers; "Mine sager"; supplier links; target groups (3).
LEADER_DASHBOARD_QUERIES = 11
# session, user; tasks: forms, hearings, decisions in the appeal period; suppliers; open forms and their answers;
# result cases and their open hearings; supplier links (2).
SUPPLIER_DASHBOARD_QUERIES = 12
# session, user (a staff member's with the socialtilsyn their page header names), the target groups of the
# filter, the count, the page's ids, the page's cases.
CASE_LIST_QUERIES = {"consultant": 6, "leader": 6, "supplier_user": 6}
# the decisions (or forms) within reach, their supplier users, the INSERT that finds every key written already
SWEEP_NOTHING_NEW_QUERIES = 3
# the same three, the INSERT writing the new rows
SWEEP_BUSY_DAY_QUERIES = 3
# nothing within reach: the one query that finds none
SWEEP_NOTHING_DUE_QUERIES = 1


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def grown(request, case, supplier_user):
    grow(case, supplier_user, request.param)
    return request.param


def _count_queries(client, user, url: str) -> tuple[int, int, list[str]]:
    """(status, number of queries, the SQL) of one GET as `user`."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries), [q["sql"] for q in queries.captured_queries]


# Growing the data is the expensive part: each size is grown once and every role (and filter) is counted on it; the
# assertion lists every mismatch at once, with its SQL, as a parametrised test would.
DASHBOARD_QUERIES = {
    "consultant": CONSULTANT_DASHBOARD_QUERIES,
    "leader": LEADER_DASHBOARD_QUERIES,
    "supplier_user": SUPPLIER_DASHBOARD_QUERIES,
}


def test_dashboard_query_count_is_the_same_at_both_sizes(grown, request, client):
    got, sql = {}, {}
    for who in DASHBOARD_QUERIES:
        client.force_login(request.getfixturevalue(who))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("core:dashboard"))
        assert response.status_code == 200, who
        assert response.context["tasks"], who
        got[who], sql[who] = len(queries), [q["sql"] for q in queries.captured_queries]
    wrong = {who: sql[who] for who in got if got[who] != DASHBOARD_QUERIES[who]}
    assert got == DASHBOARD_QUERIES, wrong


def test_case_list_query_count_is_the_same_at_both_sizes(grown, request, client):
    got, expected, sql = {}, {}, {}
    for who in ("consultant", "leader", "supplier_user"):
        for query in ("", "?status=afgjort", "?side=2"):
            status, got[(who, query)], sql[(who, query)] = _count_queries(
                client, request.getfixturevalue(who), reverse("assessments:case_list") + query
            )
            assert status == 200, (who, query)
            expected[(who, query)] = CASE_LIST_QUERIES[who]
    assert got == expected, {key: sql[key] for key in got if got[key] != expected[key]}


def test_case_list_pages_newest_first_with_relations_loaded(
    case,
    supplier_user,
    consultant,
    client,
    django_assert_num_queries,
):
    grow(case, supplier_user, SMALL)
    client.force_login(consultant)
    response = client.get(reverse("assessments:case_list"))
    cases = [row["case"] for row in response.context["rows"]]
    assert len(cases) == 25
    assert cases == sorted(cases, key=lambda c: (c.opened_at, c.pk), reverse=True)
    # What the case table shows is loaded with the page (and only that: further joins cost planning time).
    with django_assert_num_queries(0):
        [
            (c.supplier.name, c.department.name if c.department_id else "", c.target_group.name)
            for c in cases
            if getattr(c, "information_form", None) is None or c.information_form.deadline
        ]
    assert any(c.department_id for c in cases)


def test_leader_sees_the_newest_expired_decisions_and_the_number_of_the_others(
    case,
    supplier_user,
    leader,
    client,
    settings,
):
    from assessments.selectors import tasks

    grow(case, supplier_user, 5)  # five expired decisions
    settings.DEBUG = False
    original = tasks.LEADER_EXPIRED_SHOWN
    tasks.LEADER_EXPIRED_SHOWN = 3
    try:
        panel = tasks.task_panel(leader)
        client.force_login(leader)
        html = client.get(reverse("core:dashboard")).content.decode()
    finally:
        tasks.LEADER_EXPIRED_SHOWN = original
    assert [t.kind for t in panel.tasks].count(tasks.Kind.EXPIRED) == 3
    assert panel.more == 2
    # the dashboard says how many are not listed, and where to find them
    assert "Og 2 ældre udløbne afgørelser, der ikke er vist her." in html
    assert f"{reverse('assessments:case_list')}?status=afgjort" in html


def test_sweeps_on_a_day_with_nothing_new_make_a_fixed_number_of_queries(grown, case, django_assert_num_queries):
    today = timezone.localdate()
    before = Notification.objects.count()  # the case's own (assigned)
    queued = reassessment_sweep(today=today)
    assert queued > 0
    queued += form_deadline_sweep(today=today)
    assert Notification.objects.count() == before + queued
    with django_assert_num_queries(SWEEP_NOTHING_NEW_QUERIES):
        assert reassessment_sweep(today=today) == 0
    with django_assert_num_queries(SWEEP_NOTHING_NEW_QUERIES):
        assert form_deadline_sweep(today=today) == 0


def test_sweeps_on_a_busy_day_make_a_fixed_number_of_queries_and_render_nothing(grown, case, django_assert_num_queries):
    """A day with many reminders due: the same queries at both sizes, however many notices are new (their rows
    are written by one INSERT and rendered when they are sent)."""
    today = timezone.localdate()
    before = set(Notification.objects.values_list("pk", flat=True))
    with django_assert_num_queries(SWEEP_BUSY_DAY_QUERIES):
        queued = reassessment_sweep(today=today)
    with django_assert_num_queries(SWEEP_BUSY_DAY_QUERIES):
        queued += form_deadline_sweep(today=today)
    new = Notification.objects.exclude(pk__in=before)
    assert queued == new.count() > 2 * grown  # reminders, lapses and overdue forms of every round
    assert not new.exclude(subject="").exists()
    assert not new.filter(context__isnull=True).exists()


def test_sweeps_on_a_day_with_nothing_due_make_a_fixed_number_of_queries(
    case,
    supplier_user,
    django_assert_num_queries,
):
    """Decisions valid for years and forms with distant deadlines: nothing is read but the empty candidates."""
    today = timezone.localdate()
    for rounds in (1, 10):
        for _ in range(rounds):
            supplier = factories.SupplierFactory(socialtilsyn=case.socialtilsyn)
            _decision(_clone(case, supplier, state=State.AFGJORT), valid_until=today + datetime.timedelta(days=400))
        with django_assert_num_queries(SWEEP_NOTHING_DUE_QUERIES):
            assert reassessment_sweep(today=today) == 0
        with django_assert_num_queries(SWEEP_NOTHING_DUE_QUERIES):
            assert form_deadline_sweep(today=today) == 0


def test_dashboard_lists_the_first_ten_suppliers_by_name_with_their_departments_and_the_number_of_all(
    grown, request, client
):
    from suppliers.selectors import suppliers_visible_to

    for who in ("consultant", "leader", "supplier_user"):
        user = request.getfixturevalue(who)
        client.force_login(user)
        response = client.get(reverse("core:dashboard"))
        visible = list(suppliers_visible_to(user).order_by("name", "pk"))
        assert len(visible) > 10, who
        assert response.context["supplier_count"] == len(visible), who
        shown = response.context["suppliers"]
        assert [s.pk for s in shown] == [s.pk for s in visible[:10]], who
        assert [s.department_count for s in shown] == [s.departments.count() for s in shown], who
        assert any(s.department_count for s in shown), who


def test_case_list_filter_offers_the_target_groups_of_the_users_cases(grown, consultant, leader):
    from django.db.models import Q

    from assessments.selectors.cases import case_list_target_groups

    other = factories.TargetGroupFactory(name="Ingen sager her")
    scopes = {
        consultant: Q(primary_consultant=consultant) | Q(second_consultant=consultant),
        leader: Q(socialtilsyn=leader.socialtilsyn_id),
    }
    for user, scope in scopes.items():
        expected = sorted({c.target_group for c in Case.objects.filter(scope)}, key=lambda t: (t.name, t.age_band))
        choices = list(case_list_target_groups(user))
        assert choices == expected
        assert choices
        assert other not in choices
