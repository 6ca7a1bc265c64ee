# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The detail pages of one case make the same number of queries however much data there is around it (no N+1):
each is pinned at two data sizes, 10× apart, the way tests/test_query_counts_dashboards.py pins the lists.

The bigger size adds, around the measured case, more cases in every state (their forms, decisions, change
notices, appeals), judgements of eight parameters with citations, answers, suppliers and supplier users; and on
the measured case itself more change notices and audit rows by more people.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from assessments.domain.workflow import State
from assessments.models import Answer, Case, ChangeNotice, InformationForm, Judgement, ParameterJudgement
from assessments.selectors.supplier_form import section_slug
from audit.services import audit_record
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.domain.questions import TEXT_KINDS
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion

from . import factories
from .cases.conftest import case, published_form_template, requested_form, second_consultant  # noqa: F401
from .cases.helpers import decide, fill_and_submit, judge, to_judging
from .cases.review_states import LEVELS
from .test_query_counts_dashboards import _clone, grow

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1, 10  # rounds of data around the measured case: 10× apart

_names = itertools.count(1)

# Each page's queries (the same at both sizes). Every page starts with the session and the user (read with the
# socialtilsyn a staff member's header names, in the same query) — two of the counts below.
#
# case (with its people), its bound versions (a second query: one that joins eleven tables costs more to plan
# than two of six), its form, the form's answers and newest submission, the decisions (the follow-up case rides
# along), the change notices (pending and handled in one), the latest audit rows
CASE_DETAIL_QUERIES = 10
# case, the audit rows, the users their values name (not already loaded), the judgements and their parameters
# (who may see which values), the supplier users' part in the case (one query for all of them)
CASE_HISTORY_QUERIES = 8
# case, the own judgement (with the count of submitted judgements) and its parameters; the criteria (with the
# guide parameter), their thresholds and description boxes; the questions; the newest submission; what this
# parameter's judgement cites (one query over the three link tables)
JUDGEMENT_PARAMETER_QUERIES = 11
# case, both judgements and their parameters, the reconciled parameters, the leader's return (none here), the
# confirmations
RECONCILIATION_QUERIES = 8
# case, form, the open supplement request, the submissions, the answers, their attachments, revision counts
FORM_REVIEW_QUERIES = 9
# case, the supplier check, form, answers, questions with their criteria (2), the guide's help (2)
SUPPLIER_SECTION_QUERIES = 10
# case, the supplier check (once: the service reuses the view's), the answer with its form; under the lock:
# savepoint, the case, the answer and form (one query), update, revision, release; the section's progress
AUTOSAVE_QUERIES = 12
# the same when the value did not change (no update, no revision)
AUTOSAVE_UNCHANGED_QUERIES = 10


def _cited(judgement: Judgement) -> None:
    """Give every parameter of a judgement a citation of each kind (the link tables grow with the data)."""
    case = judgement.case
    for pj in judgement.parameters.all():
        pj.cited_questions.set(FormQuestion.objects.filter(template=case.form_template, parameter=pj.parameter)[:1])
        pj.cited_criteria.set(
            GuideCriterion.objects.filter(guide_parameter__guide=case.guide, guide_parameter__parameter=pj.parameter)[
                :1
            ]
        )
        pj.cited_cells.set(DescriptionCell.objects.filter(description=case.description, parameter=pj.parameter)[:1])


def _judgements_on(case: Case, *, submitted: bool = True) -> None:
    for author in (case.primary_consultant, case.second_consultant):
        judgement = Judgement.objects.create(
            case=case, author=author, submitted_at=timezone.now() if submitted else None
        )
        ParameterJudgement.objects.bulk_create(
            ParameterJudgement(judgement=judgement, parameter=p.value, level=level, reasons="Begrundet.")
            for p, level in zip(SUPPLIER_PARAMETERS, LEVELS, strict=True)
        )
        _cited(judgement)


def thicken(case: Case, supplier_user, rounds: int) -> None:
    """`rounds` × more of everything around `case` (see the module's docstring), and on `case` itself more
    change notices and audit rows by more people."""
    grow(case, supplier_user, rounds)
    template = case.form_template
    for n in range(rounds):
        supplier = factories.SupplierFactory(socialtilsyn=case.socialtilsyn)
        judged = _clone(case, supplier, state=State.AFGJORT if n % 2 else State.AFSTEMNING)
        _judgements_on(judged)
        form = InformationForm.objects.create(
            case=judged,
            template=template,
            deadline=timezone.localdate(),
            requested_by=case.primary_consultant,
            status=InformationForm.Status.ACCEPTED,
        )
        Answer.objects.bulk_create(
            Answer(form=form, question=q, value="Svar" if q.kind in TEXT_KINDS else None)
            for q in template.questions.all()
        )
        other_supplier_user: User = factories.SupplierUserFactory(
            username=f"lev-{next(_names)}", suppliers=[case.supplier]
        )  # type: ignore[assignment]
        colleague: User = factories.ConsultantFactory(username=f"kons-{next(_names)}", socialtilsyn=case.socialtilsyn)  # type: ignore[assignment]
        for actor in (other_supplier_user, colleague):
            audit_record(actor=actor, case=case, obj=case, action="note", summary="Bemærkning", after={"leader": 1})
        ChangeNotice.objects.create(
            case=case,
            text="Ny leder",
            submitted_by=other_supplier_user,
            outcome=ChangeNotice.Outcome.NO_ACTION,
            outcome_reasons="Ingen betydning",
            handled_by=colleague,
            handled_at=timezone.now(),
        )


def _counted(client, url: str, *, method: str = "get", data: dict | None = None):
    if method == "get":
        client.get(url)  # warm-up: what is read once per process (content types, translations) is not counted
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    return response, [q["sql"] for q in ctx.captured_queries]


def _assert_count(queries: list[str], expected: int) -> None:
    assert len(queries) == expected, "\n\n".join(queries)


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def rounds(request):
    return request.param


@pytest.fixture
def decided_case(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader).case


def test_case_detail(decided_case, supplier_user, consultant, client, rounds):
    thicken(decided_case, supplier_user, rounds)
    ChangeNotice.objects.create(case=decided_case, text="Ny adresse", submitted_by=supplier_user)
    client.force_login(consultant)
    response, queries = _counted(client, reverse("assessments:case_detail", args=[decided_case.pk]))
    assert response.status_code == 200
    _assert_count(queries, CASE_DETAIL_QUERIES)
    context = response.context
    assert len(context["notices"]) == 1
    assert len(context["handled_notices"]) == rounds
    assert context["current_decision"].case_id == decided_case.pk
    assert context["follow_up"] is None


def test_case_detail_names_the_follow_up_case(decided_case, consultant, leader, client):
    follow_up = _clone(decided_case, decided_case.supplier, state=State.OPRETTET, previous_case_id=decided_case.pk)
    client.force_login(consultant)
    response, queries = _counted(client, reverse("assessments:case_detail", args=[decided_case.pk]))
    _assert_count(queries, CASE_DETAIL_QUERIES)
    assert (response.context["follow_up"].pk, response.context["follow_up"].reference) == (
        follow_up.pk,
        follow_up.reference,
    )
    assert not response.context["may_reassess"]
    assert reverse("assessments:case_detail", args=[follow_up.pk]) in response.content.decode()


def test_case_history(decided_case, supplier_user, consultant, client, rounds):
    thicken(decided_case, supplier_user, rounds)
    client.force_login(consultant)
    response, queries = _counted(client, reverse("assessments:case_history", args=[decided_case.pk]))
    assert response.status_code == 200
    _assert_count(queries, CASE_HISTORY_QUERIES)
    rows = response.context["rows"]
    # the supplier users added around the case belong to its supplier too; the colleagues play no part in it
    suppliers_users = {u.display_name for u in User.objects.filter(role=Role.SUPPLIER, suppliers=decided_case.supplier)}
    assert len(suppliers_users) == rounds + 1
    assert {row.role for row in rows if row.actor in suppliers_users} == {"leverandør"}
    notes = [row for row in rows if row.summary == "Bemærkning"]
    assert len(notes) == 2 * rounds
    assert sum(1 for row in notes if row.role == "leverandør") == rounds


@pytest.fixture
def judging_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def test_judgement_parameter_page(judging_case, supplier_user, consultant, second_consultant, client, rounds):
    thicken(judging_case, supplier_user, rounds)
    # the own judgement started, with citations on the measured parameter; the colleague's submitted
    judge(judging_case, second_consultant, LEVELS)
    parameter = SUPPLIER_PARAMETERS[0].value
    judgement = Judgement.objects.create(case=judging_case, author=consultant)
    ParameterJudgement.objects.bulk_create(
        ParameterJudgement(judgement=judgement, parameter=p.value, level=3, reasons="Begrundet.")
        for p in SUPPLIER_PARAMETERS
    )
    _cited(judgement)
    client.force_login(consultant)
    url = reverse("assessments:judgement_parameter", args=[judging_case.pk, parameter])
    response, queries = _counted(client, url)
    assert response.status_code == 200
    _assert_count(queries, JUDGEMENT_PARAMETER_QUERIES)
    context = response.context
    own = ParameterJudgement.objects.get(judgement=judgement, parameter=parameter)
    assert {q.pk for q in context["own_citations"]["questions"]} == set(
        own.cited_questions.values_list("pk", flat=True)
    )
    assert {c.pk for c in context["own_citations"]["criteria"]} == set(own.cited_criteria.values_list("pk", flat=True))
    assert {c.pk for c in context["own_citations"]["cells"]} == set(own.cited_cells.values_list("pk", flat=True))
    assert context["own_citations"]["questions"]
    form = context["form"]
    assert set(form["cited_questions"].value()) == {q.pk for q in own.cited_questions.all()}
    assert not context["both_in"]
    html = response.content.decode()
    # the checkboxes stand next to what they cite: one per question of the parameter
    questions = FormQuestion.objects.filter(template=judging_case.form_template, parameter=parameter)
    for question in questions:
        assert f'value="{question.pk}"' in html


def test_judgement_parameter_page_before_the_own_judgement_is_started(judging_case, consultant, client):
    client.force_login(consultant)
    url = reverse("assessments:judgement_parameter", args=[judging_case.pk, SUPPLIER_PARAMETERS[1].value])
    response, queries = _counted(client, url)
    assert response.status_code == 200
    # no own judgement: no parameters or citations to read; the submitted judgements are counted instead
    _assert_count(queries, JUDGEMENT_PARAMETER_QUERIES - 1)
    assert response.context["own"] is None


@pytest.fixture
def reconciling_case(judging_case, consultant, second_consultant):
    judge(judging_case, consultant, LEVELS)
    judge(judging_case, second_consultant, LEVELS)
    judging_case.refresh_from_db()
    return judging_case


def test_reconciliation(reconciling_case, supplier_user, consultant, client, rounds):
    from assessments.services.review import reconciliation_accept_agreed

    thicken(reconciling_case, supplier_user, rounds)
    reconciliation_accept_agreed(case=reconciling_case, user=consultant)
    client.force_login(consultant)
    response, queries = _counted(client, reverse("assessments:reconciliation", args=[reconciling_case.pk]))
    assert response.status_code == 200
    _assert_count(queries, RECONCILIATION_QUERIES)
    assert response.context["reconciled_count"] == len(SUPPLIER_PARAMETERS)
    assert response.context["placement"] is not None


def test_form_review(requested_form, supplier_user, consultant, client, rounds):
    fill_and_submit(requested_form, supplier_user)
    thicken(requested_form.case, supplier_user, rounds)
    client.force_login(consultant)
    response, queries = _counted(client, reverse("assessments:form_review", args=[requested_form.case_id]))
    assert response.status_code == 200
    _assert_count(queries, FORM_REVIEW_QUERIES)


def _text_answer(form: InformationForm) -> Answer:
    answer = (
        Answer.objects.filter(form=form, question__kind__in=sorted(TEXT_KINDS))
        .select_related("question")
        .order_by("question__pk")
        .first()
    )
    assert answer is not None
    return answer


def test_supplier_form_section(requested_form, supplier_user, client, rounds):
    thicken(requested_form.case, supplier_user, rounds)
    answer = _text_answer(requested_form)
    client.force_login(supplier_user)
    url = reverse("assessments:form_section", args=[requested_form.case_id, section_slug(answer.question)])
    response, queries = _counted(client, url)
    assert response.status_code == 200
    _assert_count(queries, SUPPLIER_SECTION_QUERIES)


def test_autosave(requested_form, supplier_user, client, rounds):
    thicken(requested_form.case, supplier_user, rounds)
    answer = _text_answer(requested_form)
    client.force_login(supplier_user)
    url = reverse("assessments:answer_autosave", args=[requested_form.case_id, answer.question_id])
    data = {f"q{answer.question_id}": "Benchmark: svar gemt automatisk.", "force": "1"}
    response, queries = _counted(client, url, method="post", data=data)
    assert response.status_code == 200, response.content
    assert response.json()["saved"]
    _assert_count(queries, AUTOSAVE_QUERIES)
    answer.refresh_from_db()
    assert answer.value == "Benchmark: svar gemt automatisk."
    assert answer.revisions.count() == 1
    # the same value again: nothing to write
    response, queries = _counted(client, url, method="post", data=data | {"revision": str(answer.revision)})
    assert response.status_code == 200
    _assert_count(queries, AUTOSAVE_UNCHANGED_QUERIES)
    assert answer.revisions.count() == 1


def test_autosave_is_refused_to_a_supplier_user_of_another_supplier(requested_form, client):
    stranger = factories.SupplierUserFactory(username="fremmed")
    answer = _text_answer(requested_form)
    client.force_login(stranger)
    url = reverse("assessments:answer_autosave", args=[requested_form.case_id, answer.question_id])
    response = client.post(url, {f"q{answer.question_id}": "Ikke min sag", "force": "1"})
    assert response.status_code == 404
    answer.refresh_from_db()
    assert answer.value != "Ikke min sag"


def test_a_supplier_user_who_lost_the_supplier_is_refused_by_the_service(requested_form, supplier_user):
    """The membership kept on the user object is forgotten when the user's suppliers change."""
    from django.core.exceptions import PermissionDenied

    from assessments.services.information_form import answer_save

    answer = _text_answer(requested_form)
    result = answer_save(
        form=requested_form, question=answer.question, raw="Først", user=supplier_user, expected_revision=0
    )
    assert result.saved
    supplier_user.suppliers.clear()
    with pytest.raises(PermissionDenied):
        answer_save(
            form=requested_form, question=answer.question, raw="Bagefter", user=supplier_user, expected_revision=1
        )
