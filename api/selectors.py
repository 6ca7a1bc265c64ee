"""The API's reads: tokens (the fagadministrator's list, the lookup on each request) and what the endpoints
show, always starting from the scope the UI uses for the same user."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import User
from assessments.models import Answer, Case, CurrentPlacement, InformationForm
from assessments.selectors.access import cases_visible_to
from assessments.selectors.information_form import editable_question_ids, form_answers, missing_for_submit
from suppliers.models import Department, Socialtilsyn, Supplier
from suppliers.selectors import suppliers_visible_to
from targetgroups.domain.questions import FILE
from targetgroups.models import FormQuestion, TargetGroup

from .domain import token_matches, token_prefix
from .models import ApiToken

EDITABLE_STATUSES = (InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT)


def tokens_for_admin() -> QuerySet[ApiToken]:
    """Every token, newest first, with its owner and who made and revoked it (one query)."""
    return ApiToken.objects.select_related("user", "created_by", "revoked_by").order_by("-created_at", "-pk")


def token_authenticate(token: str) -> ApiToken | None:
    """The active token (with its active user) that `token` proves, else None. One query."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    found = ApiToken.objects.active().select_related("user").filter(prefix=prefix, user__is_active=True).first()
    if found is None or not token_matches(token, found.digest):
        return None
    return found


# --- reads the endpoints make, each starting from the UI's scope ------------------------------------------


def departments_visible_to(user: "User | AnonymousUser") -> QuerySet[Department]:
    """Departments of the suppliers the user may see (suppliers.selectors.suppliers_visible_to's scope), by id:
    a page is read off the primary key, not sorted out of every visible department (15,000 nationally)."""
    return Department.objects.filter(supplier_id__in=suppliers_visible_to(user).values("pk")).order_by("pk")


def suppliers_for_api(user: "User | AnonymousUser", query: str) -> QuerySet[Supplier]:
    """The visible suppliers (suppliers_visible_to, every column: the API shows them all) whose name contains
    `query` or whose CVR is `query`; all of them for ""."""
    suppliers = suppliers_visible_to(user)
    if query:
        suppliers = suppliers.filter(Q(name__icontains=query) | Q(cvr=query))
    return suppliers


def open_forms_of(user: User) -> QuerySet[InformationForm]:
    """The supplier user's forms that can be filled in now (open, or reopened for supplementation)."""
    cases = cases_visible_to(user).filter(supplier__users=user).values("pk")
    return (
        InformationForm.objects.filter(case_id__in=Subquery(cases), status__in=EDITABLE_STATUSES)
        .select_related("case__supplier", "case__department__supplier", "case__target_group")
        .order_by("deadline", "pk")
    )


@dataclass(frozen=True)
class FormQuestionState:
    question: FormQuestion
    answer: Answer
    editable: bool

    @property
    def answer_state(self) -> dict[str, Any]:
        return {
            "value": self.answer.value,
            "revision": self.answer.revision,
            "carried_over": self.answer.carried_over,
            "attachments": getattr(self.answer, "live_attachments", 0),
        }


@dataclass(frozen=True)
class FormDetail:
    form: InformationForm
    questions: list[FormQuestionState]
    missing: list[int]

    # the summary fields, read by the serializer from the form
    @property
    def case(self) -> Case:
        return self.form.case

    @property
    def status(self) -> str:
        return self.form.status

    @property
    def deadline(self) -> datetime.date:
        return self.form.deadline

    @property
    def message(self) -> str:
        return self.form.message


def form_detail(form: InformationForm) -> FormDetail:
    """The form with every question, its stored answer, whether it may change now, and what stops submission."""
    answers = form_answers(form)
    allowed = editable_question_ids(form) if form.is_editable else set()
    missing = [answer.question_id for answer, _reason in missing_for_submit(form)]
    return FormDetail(
        form=form,
        questions=[
            FormQuestionState(
                question=a.question,
                answer=a,
                editable=(allowed is None or a.question_id in allowed) and a.question.kind != FILE,
            )
            for a in answers
        ],
        missing=missing,
    )


def user_by_username(username: str) -> User | None:
    """An active user with this username (the owner of a new token), or None."""
    return User.objects.filter(username=username, is_active=True).first()


def token_or_404(pk: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=pk)


def socialtilsyn_by_code(code: str) -> Socialtilsyn | None:
    return Socialtilsyn.objects.filter(code=code).first()


def placements_with_labels(rows: list[CurrentPlacement]) -> list[CurrentPlacement]:
    """Set each row's target group and socialtilsyn from two small lookups (as the search page does: joining them
    into the search would join every matching row before the sort picks a page)."""
    if rows:
        groups = TargetGroup.objects.in_bulk({row.target_group_id for row in rows})
        tilsyn = Socialtilsyn.objects.in_bulk({row.socialtilsyn_id for row in rows})
        for row in rows:
            row.target_group = groups[row.target_group_id]
            row.socialtilsyn = tilsyn[row.socialtilsyn_id]
    return rows


# The case list: a page is read off the case table alone (its count too: joined to the subject's tables, the count
# of a leader's 6,000 cases took 10–30 ms), then the page's subjects and people are read by id (two queries).
CASE_LIST_FIELDS = (
    "id",
    "reference",
    "kind",
    "state",
    "opened_at",
    "state_changed_at",
    "supplier_id",
    "department_id",
    "target_group_id",
    "primary_consultant_id",
    "second_consultant_id",
    "leader_id",
)
CASE_SUBJECT_FIELDS = (
    "supplier__name",
    "supplier__cvr",
    "department__name",
    "department__is_matrikelloes",
    "target_group__name",
    "target_group__age_band",
)
CASE_PEOPLE = ("primary_consultant", "second_consultant", "leader")


def case_rows_for_api(user: User, state: str = "") -> QuerySet[Case, dict[str, Any]]:
    """The cases the user may see (cases_visible_to), newest first, as the case table's values
    (CASE_LIST_FIELDS); only those in `state` when given. A page of them is completed by case_rows_complete."""
    cases = cases_visible_to(user).select_related(None).order_by("-opened_at", "-id")
    if state:
        cases = cases.filter(state=state)
    return cases.values(*CASE_LIST_FIELDS)


def case_rows_complete(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows (of case_rows_for_api) with their subject's columns (CASE_SUBJECT_FIELDS) and each person's
    display name as `<role>__name` (None for nobody). Two queries; none for no rows."""
    if not rows:
        return rows
    subjects = {
        subject.pop("id"): subject
        for subject in Case.objects.filter(pk__in=[row["id"] for row in rows]).values("id", *CASE_SUBJECT_FIELDS)
    }
    ids = {row[f"{role}_id"] for row in rows for role in CASE_PEOPLE} - {None}
    users = User.objects.filter(pk__in=ids).only("pk", "first_name", "last_name", "username")
    names = {user.pk: user.display_name for user in users}
    for row in rows:
        row.update(subjects[row["id"]])
        for role in CASE_PEOPLE:
            row[f"{role}__name"] = names.get(row[f"{role}_id"])
    return rows
