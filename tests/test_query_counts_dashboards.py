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

from . import factories
from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30  # rounds of the state cycle below: 10× apart

_refs = itertools.count(1)


def _clone(template: Case, supplier, *, state: State, with_department: bool = False, **kwargs) -> Case:
    department = factories.DepartmentFactory(supplier=supplier) if with_department else None
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


def _decision(case: Case, *, valid_until: datetime.date, remedy_until=None) -> Decision:
    return Decision.objects.create(
        case=case,
        level=3,
        explanation="Niveau 3",
        rule=case.rule,
        parameters={},
        valid_from=valid_until - datetime.timedelta(days=3 * 365),
        valid_until=valid_until,
        remedy_until=remedy_until,
        decided_by=case.primary_consultant,
    )


def grow(case: Case, supplier_user, rounds: int) -> None:  # noqa: F811
    """`rounds` × one case in each state a dashboard or a sweep looks at, on new suppliers (half of them on a
    department) that `supplier_user` is a user of: forms to fill (some overdue, some due for a reminder),
    submitted forms, judging, sign-off, hearings, decisions (expired, due for a reminder, with a remedy period,
    under appeal), change notices."""
    today = timezone.localdate()
    consultant, leader = case.primary_consultant, case.leader
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


def count_queries(func) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("rounds", [SMALL, LARGE])
def test_measure(case, supplier_user, consultant, leader, client, rounds):  # noqa: F811
    grow(case, supplier_user, rounds)
    for user, url in [
        (consultant, reverse("core:dashboard")),
        (leader, reverse("core:dashboard")),
        (supplier_user, reverse("core:dashboard")),
        (consultant, reverse("assessments:case_list")),
        (leader, reverse("assessments:case_list")),
    ]:
        client.force_login(user)
        n, sqls = count_queries(lambda: client.get(url))
        print(user.role, url, n)
        for s in sqls:
            print("   ", s[:160])
    today = timezone.localdate()
    n, _ = count_queries(lambda: reassessment_sweep(today=today))
    print("reassessment sweep", n, Notification.objects.count())
    n, _ = count_queries(lambda: reassessment_sweep(today=today))
    print("reassessment sweep again", n)
    n, _ = count_queries(lambda: form_deadline_sweep(today=today))
    print("form sweep", n)
    n, _ = count_queries(lambda: form_deadline_sweep(today=today))
    print("form sweep again", n)
