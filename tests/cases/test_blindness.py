"""Blind double judgement: before both judgements are in, nobody but its author sees a trace of one.

Walks every named route of the assessments app with the case's pk (pages, downloads, the case-file export),
as the second consultant, the leader and the supplier, and looks for the first consultant's reasons in the
response body (and inside ZIP exports) and for the first consultant's judgement objects in the template
context. Once both are submitted, the reasons become visible to the colleague and the leader.
"""

import dataclasses
import io
import zipfile

import pytest
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from assessments.models import Case, Judgement, ParameterJudgement
from assessments.services.review import judgement_start, judgement_submit, parameter_judgement_save
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.models import FormQuestion, GuideCriterion

from .helpers import fetch_export, judge, to_judging

pytestmark = pytest.mark.django_db

SECRET = "HEMMELIG-BEGRUNDELSE-A"
H, M = 3, 2


def assessment_routes() -> list[URLPattern]:
    """Every named route of the assessments URL map."""
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and "assessments" in (pattern.app_name, pattern.namespace):
            return [p for p in pattern.url_patterns if isinstance(p, URLPattern) and p.name]
    raise AssertionError("the assessments URL map is not mounted")


def route_urls(case) -> list[str]:
    """One URL per named route, filling in the case's pk and plausible values for the other parts."""
    question = FormQuestion.objects.filter(template=case.form_template).first()
    assert question is not None
    values = {
        "pk": case.pk,
        "parameter": "aktiv_praksis",
        "question_pk": question.pk,
        "section": "aktiv_praksis",
        "attachment_pk": 1,
        "number": 1,
        "version": 1,
        "export_pk": 1,
    }
    urls = []
    for pattern in assessment_routes():
        converters = pattern.pattern.converters
        if "pk" not in converters:
            continue
        missing = set(converters) - set(values)
        assert not missing, f"route {pattern.name} needs a value for {missing}: add one to route_urls"
        urls.append(reverse(f"assessments:{pattern.name}", kwargs={k: values[k] for k in converters}))
        if "parameter" in converters:
            urls.extend(
                reverse(f"assessments:{pattern.name}", kwargs={k: values[k] for k in converters} | {"parameter": p})
                for p in (p.value for p in SUPPLIER_PARAMETERS[1:])
            )
    return urls


def text_of(raw: bytes) -> str:
    """Bytes as searchable text: a ZIP's members one by one, a PDF's extracted text, anything else decoded.

    Whitespace is dropped, so that a line break inside the secret in a PDF cannot hide it."""
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "\n".join(text_of(archive.read(name)) for name in archive.namelist())
    if raw[:5] == b"%PDF-":
        text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
        return "".join(text.split())
    return raw.decode("utf-8", "replace")


def body_of(response) -> str:
    return text_of(b"".join(response.streaming_content) if response.streaming else response.content)


def _leaks(value, first_author_id: int, depth: int = 0) -> bool:
    """Whether a template-context value holds the first consultant's judgement (or one of its parameters)."""
    if depth > 4:
        return False
    if isinstance(value, Judgement):
        return value.author_id == first_author_id
    if isinstance(value, ParameterJudgement):
        return value.judgement.author_id == first_author_id
    if isinstance(value, dict):
        return any(_leaks(v, first_author_id, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, set)):
        return any(_leaks(v, first_author_id, depth + 1) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_leaks(getattr(value, f.name), first_author_id, depth + 1) for f in dataclasses.fields(value))
    return False


def context_leaks(response, first_author_id: int) -> list[str]:
    if not response.context:
        return []
    found = []
    contexts: list = response.context if isinstance(response.context, ContextList) else [response.context]
    for context in contexts:
        for key, value in context.flatten().items():
            if key not in ("request", "user", "perms") and _leaks(value, first_author_id):
                found.append(key)
    return found


def walk(client, user, case, first_author_id: int) -> dict[str, str]:
    """GET every route as user; returns {url: problem} for every response that shows the first's judgement."""
    client.force_login(user)
    problems = {}
    for url in route_urls(case):
        response = client.get(url)
        if response.status_code == 302 and "/eksport/" in response["Location"]:
            response = fetch_export(client, url)  # an export: read the file it makes
        if SECRET in body_of(response):
            problems[url] = "reasons in the response"
        elif leaked := context_leaks(response, first_author_id):
            problems[url] = f"judgement in the context: {leaked}"
    return problems


@pytest.fixture
def judging(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def save_secret_judgement(case, user, *, with_citations: bool = True):
    """A full judgement by user, every reason holding the secret, citing evidence where it can."""
    judgement = judgement_start(case=case, user=user)
    for parameter in SUPPLIER_PARAMETERS:
        questions = FormQuestion.objects.filter(template=case.form_template, parameter=parameter.value)
        criteria = GuideCriterion.objects.filter(
            guide_parameter__guide=case.guide, guide_parameter__parameter=parameter.value, level=H
        )
        parameter_judgement_save(
            judgement=judgement,
            parameter=parameter.value,
            user=user,
            level=H,
            reasons=f"{SECRET} om {parameter.value}",
            questions=list(questions) if with_citations else [],
            criteria=list(criteria) if with_citations else [],
        )
    return judgement


def test_the_walk_covers_the_judgement_pages_and_the_export(judging):
    urls = route_urls(judging)
    for name in ("judgement", "reconciliation", "case_detail", "case_history", "case_file_export"):
        assert reverse(f"assessments:{name}", kwargs={"pk": judging.pk}) in urls
    assert reverse("assessments:judgement_parameter", kwargs={"pk": judging.pk, "parameter": "metoder"}) in urls


def test_second_consultant_sees_no_trace_of_the_first_judgement_while_it_is_a_draft(
    client, judging, consultant, second_consultant
):
    save_secret_judgement(judging, consultant)
    assert walk(client, second_consultant, judging, consultant.pk) == {}


def test_second_consultant_sees_no_trace_of_the_first_judgement_before_submitting_their_own(
    client, judging, consultant, second_consultant
):
    first = save_secret_judgement(judging, consultant)
    judge_first = Judgement.objects.get(pk=first.pk)
    judgement_submit(judgement=judge_first, user=consultant)
    # the second consultant is half-way through their own
    judgement = judgement_start(case=judging, user=second_consultant)
    parameter_judgement_save(
        judgement=judgement, parameter="aktiv_praksis", user=second_consultant, level=M, reasons="Min egen."
    )
    assert walk(client, second_consultant, judging, consultant.pk) == {}


def test_first_consultant_sees_no_trace_of_the_second_judgement_before_both_are_in(
    client, judging, consultant, second_consultant
):
    save_secret_judgement(judging, second_consultant)
    judge(judging, consultant, [H] * 8)
    assert walk(client, consultant, judging, second_consultant.pk) == {}


def test_the_leader_and_the_supplier_see_nothing_before_both_are_in(
    client, judging, consultant, second_consultant, leader, supplier_user
):
    first = save_secret_judgement(judging, consultant)
    judgement_submit(judgement=first, user=consultant)
    assert walk(client, leader, judging, consultant.pk) == {}
    assert walk(client, supplier_user, judging, consultant.pk) == {}


def test_after_both_submit_the_colleague_and_the_leader_see_the_reasons(
    client, judging, consultant, second_consultant, leader, supplier_user
):
    judgement_submit(judgement=save_secret_judgement(judging, consultant), user=consultant)
    judge(judging, second_consultant, [H] * 7 + [M])
    for user in (second_consultant, leader):
        client.force_login(user)
        page = client.get(reverse("assessments:reconciliation_parameter", args=[judging.pk, "aktiv_praksis"]))
        assert SECRET in page.content.decode()
    # the export carries the judgements now (as PDFs): this also shows the walk reads inside ZIPs and PDFs
    client.force_login(leader)
    assert SECRET in body_of(fetch_export(client, reverse("assessments:case_file_export", args=[judging.pk])))
    # the supplier never sees the individual judgements
    assert walk(client, supplier_user, judging, consultant.pk) == {}


def test_review_mode_the_reviewers_remarks_stay_hidden_from_the_judge_until_submitted(
    client, judging, consultant, second_consultant
):
    Case.objects.filter(pk=judging.pk).update(mode=Case.Mode.REVIEW)
    judging.refresh_from_db()
    judge(judging, consultant, [H] * 8)
    review = judgement_start(case=judging, user=second_consultant)
    parameter_judgement_save(
        judgement=review, parameter="aktiv_praksis", user=second_consultant, review_agrees=False, review_reasons=SECRET
    )
    assert walk(client, consultant, judging, second_consultant.pk) == {}


def test_the_walk_finds_the_reasons_where_their_author_may_see_them(client, judging, consultant):
    """The check itself works: the author's own pages do show the secret reasons."""
    save_secret_judgement(judging, consultant)
    problems = walk(client, consultant, judging, consultant.pk)
    assert reverse("assessments:judgement", args=[judging.pk]) in problems
    assert reverse("assessments:judgement_parameter", args=[judging.pk, "aktiv_praksis"]) in problems
