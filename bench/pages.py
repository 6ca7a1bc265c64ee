"""The key pages of the bench: which user, which URL, found in whatever data the database holds.

Demo users are used when they exist (`manage.py seed_demo`); otherwise the first user of each role that has
something to show (a case in the right state, an open form, …). A page whose object is absent from the data
is left out and listed as such in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.urls import reverse

from accounts.models import Role, User
from assessments.models import Answer, Case, CurrentPlacement, Decision, InformationForm, Submission
from assessments.selectors.supplier_form import section_slug
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.domain.questions import TEXT_KINDS

# Kinds of page: "list" pages are held to the throughput targets against the admin changelist and the floor.
LIST, DETAIL, FORM, REFERENCE = "list", "detail", "form", "reference"


@dataclass
class Page:
    name: str
    username: str
    url: str
    kind: str = DETAIL
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    # expected status of the response (the autosave endpoint answers 200 JSON)
    status: int = 200

    @property
    def key(self) -> str:
        return self.name


@dataclass
class PageList:
    pages: list[Page]
    missing: list[str]
    notes: list[str]


DEMO: dict[str, str] = {
    Role.CONSULTANT: "konsulent1.hovedstaden",
    Role.LEADER: "leder.hovedstaden",
    Role.FAGADMIN: "fagadmin",
    Role.MYNDIGHED: "myndighed",
    Role.SUPPLIER: "leverandoer",
}


def _user(role: str) -> User | None:
    demo = User.objects.filter(username=DEMO[role], role=role, is_active=True).first()
    return demo or User.objects.filter(role=role, is_active=True).order_by("pk").first()


def _case_in(states: list[str], consultant: User | None = None) -> Case | None:
    cases = Case.objects.filter(state__in=states, primary_consultant__isnull=False)
    if consultant is not None:
        own = cases.filter(primary_consultant=consultant).order_by("pk").first()
        if own is not None:
            return own
    return cases.order_by("pk").first()


def _supplier_form_target() -> tuple[User, Answer] | None:
    """An open form whose supplier has a user, and a text answer on it (for the section page and autosave)."""
    forms = InformationForm.objects.filter(
        status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT],
        case__state__in=["oplysninger_anmodet", "supplering"],
    ).select_related("case")
    demo = User.objects.filter(username=DEMO[Role.SUPPLIER]).first()
    if demo is not None:
        own = forms.filter(case__supplier__in=demo.suppliers.all())
        forms = own if own.exists() else forms
    for form in forms.order_by("pk")[:50]:
        user = (
            User.objects.filter(role=Role.SUPPLIER, is_active=True, suppliers=form.case.supplier_id)
            .order_by("pk")
            .first()
        )
        answer = (
            Answer.objects.filter(form=form, question__kind__in=sorted(TEXT_KINDS))
            .select_related("question")
            .order_by("question__pk")
            .first()
        )
        if user is not None and answer is not None:
            return user, answer
    return None


def _register_filters() -> dict[str, Any]:
    decision = Decision.objects.select_related("case").order_by("pk").first()
    if decision is None:
        return {"level": "2"}
    return {"level": str(decision.level), "target_group": str(decision.case.target_group_id)}


def _process_filters() -> dict[str, Any]:
    """One socialtilsyn, one target group with cases, the longest period (the summary rows the page reads)."""
    case = Case.objects.order_by("pk").first()
    if case is None:
        return {"periode": "24"}
    return {"socialtilsyn": str(case.socialtilsyn_id), "maalgruppe": str(case.target_group_id), "periode": "24"}


def _qs(params: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params)


def resolve_pages() -> PageList:
    """Every key page the data allows, in report order; what is missing is named."""
    pages: list[Page] = []
    missing: list[str] = []
    notes: list[str] = []
    consultant, leader = _user(Role.CONSULTANT), _user(Role.LEADER)
    fagadmin, myndighed = _user(Role.FAGADMIN), _user(Role.MYNDIGHED)

    def add(name: str, user: User | None, url: str | None, **kw: Any) -> None:
        if user is None or url is None:
            missing.append(name)
        else:
            pages.append(Page(name, user.username, url, **kw))

    dashboard = reverse("core:dashboard")
    add("floor (trivial view)", consultant, "/bench/floor/", kind=REFERENCE)
    add("admin changelist: suppliers", fagadmin, reverse("admin:suppliers_supplier_changelist"), kind=REFERENCE)
    if admin.site.is_registered(Case):
        add("admin changelist: cases", fagadmin, reverse("admin:assessments_case_changelist"), kind=REFERENCE)
    else:
        notes.append("No admin is registered for cases: the cases changelist cannot be measured.")

    supplier_target = _supplier_form_target()
    supplier = supplier_target[0] if supplier_target else _user(Role.SUPPLIER)
    add("dashboard (consultant)", consultant, dashboard, kind=LIST)
    add("dashboard (leader)", leader, dashboard, kind=LIST)
    add("dashboard (supplier)", supplier, dashboard, kind=LIST)
    add("dashboard (fagadmin)", fagadmin, dashboard, kind=LIST)
    add("dashboard (myndighed)", myndighed, dashboard, kind=LIST)
    add("case list (consultant)", consultant, reverse("assessments:case_list"), kind=LIST)
    add("case list (leader)", leader, reverse("assessments:case_list"), kind=LIST)
    add("supplier list (consultant)", consultant, reverse("suppliers:list"), kind=LIST)
    add("register (myndighed)", myndighed, reverse("register"), kind=LIST)
    add("register, filtered (myndighed)", myndighed, reverse("register") + _qs(_register_filters()), kind=LIST)
    placed = CurrentPlacement.objects.order_by("pk").values("supplier_id", "supplier_name").first()
    text = placed["supplier_name"].split()[0] if placed else "bo"
    add("placement search, text (myndighed)", myndighed, reverse("register") + _qs({"q": text}), kind=LIST)
    add(
        "placement search, all filters and text (myndighed)",
        myndighed,
        reverse("register")
        + _qs({**_register_filters(), "age_band": "voksne", "ownership": "privat", "matrikelloes": "nej", "q": text}),
        kind=LIST,
    )
    add(
        "placement supplier page (myndighed)",
        myndighed,
        reverse("register_supplier", args=[placed["supplier_id"]]) if placed else None,
    )
    add(
        "placement export XLSX, filtered (myndighed)",
        myndighed,
        reverse("register_export", args=["xlsx"]) + _qs(_register_filters()),
    )
    # The REST API (session auth as in the browsable API; a token adds one indexed lookup)
    add("API placements (myndighed)", myndighed, reverse("api:placements"), kind=LIST)
    add(
        "API placements, filtered + text (myndighed)",
        myndighed,
        reverse("api:placements") + _qs({**_register_filters(), "age_band": "voksne", "q": text}),
        kind=LIST,
    )
    add("API suppliers (leader)", leader, reverse("api:suppliers"), kind=LIST)
    add("API departments (fagadmin)", fagadmin, reverse("api:departments"), kind=LIST)
    add("API cases (leader)", leader, reverse("api:cases"), kind=LIST)
    add("statistics (fagadmin)", fagadmin, reverse("assessments:agreement_statistics"), kind=LIST)
    add("statistics (leader)", leader, reverse("assessments:agreement_statistics"), kind=LIST)
    add("calibration (fagadmin)", fagadmin, reverse("assessments:agreement_calibration"), kind=LIST)
    add("calibration (leader)", leader, reverse("assessments:agreement_calibration"), kind=LIST)
    add("statistics export XLSX (fagadmin)", fagadmin, reverse("assessments:agreement_export", args=["xlsx"]))
    add("process figures (fagadmin)", fagadmin, reverse("assessments:process_figures"), kind=LIST)
    add("process figures (leader)", leader, reverse("assessments:process_figures"), kind=LIST)
    add(
        "process figures, filtered (fagadmin)",
        fagadmin,
        reverse("assessments:process_figures") + _qs(_process_filters()),
        kind=LIST,
    )

    decided = _case_in(["afgjort"], consultant)
    staff = decided.primary_consultant if decided else None
    add("case detail (consultant)", staff, reverse("assessments:case_detail", args=[decided.pk]) if decided else None)
    add("case history (consultant)", staff, reverse("assessments:case_history", args=[decided.pk]) if decided else None)
    add("API case (consultant)", staff, reverse("api:case", args=[decided.pk]) if decided else None)

    def staged(states: list[str], page: str) -> Case | None:
        """A case in one of the states; else the decided case (its page then shows the finished step)."""
        case = _case_in(states, consultant)
        if case is None and decided is not None:
            notes.append(
                f"{page}: no case in state {' / '.join(states)} in the data; measured on decided case {decided.pk}."
            )
            return decided
        return case

    # A decided case's parameter page is gone (404): without a case being judged the page is not measured.
    judging = _case_in(["vurdering"], consultant)
    parameter = SUPPLIER_PARAMETERS[0].value
    add(
        "judgement parameter page",
        judging.primary_consultant if judging else None,
        reverse("assessments:judgement_parameter", args=[judging.pk, parameter]) if judging else None,
    )
    reconciling = staged(["afstemning"], "reconciliation")
    add(
        "reconciliation",
        reconciling.primary_consultant if reconciling else None,
        reverse("assessments:reconciliation", args=[reconciling.pk]) if reconciling else None,
    )
    received = staged(["oplysninger_modtaget"], "form review (consultant)")
    add(
        "form review (consultant)",
        received.primary_consultant if received else None,
        reverse("assessments:form_review", args=[received.pk]) if received else None,
    )

    if supplier_target is None:
        missing += ["supplier form section", "autosave (POST)"]
    else:
        user, answer = supplier_target
        case_pk = answer.form.case_id
        section = section_slug(answer.question)
        add(
            "supplier form section",
            user,
            reverse("assessments:form_section", args=[case_pk, section]),
            kind=FORM,
        )
        add("API form (supplier)", user, reverse("api:form", args=[case_pk]), kind=FORM)
        add(
            "autosave (POST)",
            user,
            reverse("assessments:answer_autosave", args=[case_pk, answer.question_id]),
            kind=FORM,
            method="POST",
            data={f"q{answer.question_id}": "Benchmark: svar gemt automatisk.", "force": "1"},
        )
    return PageList(pages, missing, notes)


def pdf_targets() -> dict[str, int | None]:
    """The decision and the submission whose PDFs are rendered (the latest of each, if any)."""
    decision = Decision.objects.order_by("-pk").values_list("pk", flat=True).first()
    submission = Submission.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"decision": decision, "submission": submission}
