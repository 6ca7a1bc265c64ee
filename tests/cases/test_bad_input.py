"""Bad input gets a field error (or a 4xx), never a 500: NUL bytes, absurd integers, impossible dates.

Table-driven over what each role can reach: starting from the dashboard and the case's routes, every page a
visitor can open is crawled (links on the site, no downloads), every form on it is sent once per hostile
value with that value in each of its typed-in fields (the rest as the page filled them), and every page and
filter is asked with the hostile values in its query string. The test client raises any exception a view
lets escape, so a DataError or ValueError fails the test with the URL and the value in the message.
"""

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from targetgroups.models import FormQuestion, FormTemplate, QuestionKind

from .helpers import judge, to_judging
from .review_states import to_appeal, to_decided, to_hearing, to_signoff
from .test_blindness import route_urls

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "før\x00efter",
    "huge integer": str(10**30),
    "negative huge integer": str(-(10**30)),
    "year 1": "01-01-0001",
    "year 1 iso": "0001-01-01",
    "year 9999": "31-12-9999",
    "year 9999 iso": "9999-12-31",
    "impossible date": "31-02-2026",
}

# Downloads render PDFs or ZIPs (slow, and not forms); logging out or switching language ends the crawl.
SKIPPED_ROUTES = {
    "assessments:submission_pdf",
    "assessments:decision_pdf",
    "assessments:case_file_export",
    "assessments:attachment_download",
    "accounts:logout",
    "set_language",
}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/i18n/")
MAX_PAGES = 80
TYPED_INPUTS = {"text", "number", "date", "email", "search", "tel", "url", ""}


class _Forms(HTMLParser):
    """The links and forms of a page: each form's method, action, and fields with the values the page set."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "").lower() if tag == "input" else tag
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                # Unchecked boxes send nothing; still remember the first choice so a required one can be picked.
                self._form["fields"].append({"name": a["name"], "kind": kind, "value": a.get("value", "on"), "off": 1})
                return
            field = {"name": a["name"], "kind": kind, "value": a.get("value", "")}
            self._form["fields"].append(field)
            if tag == "textarea":
                self._textarea = a["name"]
        elif self._form is not None and tag == "option" and "selected" in a:
            for field in reversed(self._form["fields"]):
                if field["kind"] == "select":
                    field["value"] = a.get("value", "")
                    break

    def handle_data(self, data):
        if self._textarea and self._form:
            for field in self._form["fields"]:
                if field["name"] == self._textarea:
                    field["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _local(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIPPED_PREFIXES) or _route(path) in SKIPPED_ROUTES:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _payload(form: dict, target: str | None, value: str) -> dict[str, list[str]]:
    """The form's data with `value` in every typed-in field (or only in `target`)."""
    data: dict[str, list[str]] = {}
    for field in form["fields"]:
        if field.get("off"):
            data.setdefault(field["name"], [])
            continue
        typed = field["kind"] in TYPED_INPUTS or field["kind"] == "textarea"
        hit = typed and (target is None or field["name"] == target)
        data.setdefault(field["name"], []).append(value if hit else field["value"])
    for field in form["fields"]:  # a group of radios/checkboxes with none checked: pick the first
        if field.get("off") and not data[field["name"]]:
            data[field["name"]] = [field["value"]]
    return data


def _assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {what}"


# Forms that end what the visitor can do on the case (or log them out) are sent after all the others.
LAST_ROUTES = {"assessments:case_cancel", "assessments:form_submit", "assessments:judgement_submit"}
QUERY_VALUES = ("nul", "huge integer", "year 9999")
# Every query parameter a view reads (grep request.GET): search, paging and the filters.
QUERY_PARAMS = (
    "q",
    "side",
    "status",
    "maalgruppe",
    "socialtilsyn",
    "leverandoer",
    "indsendelse",
    "flere",
    "type",
    "parameter",
)


def _pages(client, seeds: list[str], seen: set[str]) -> tuple[int, list[tuple[str, dict]]]:
    """GET every page reachable from `seeds` (and, once per view not in `seen`, its filters with hostile values);
    return the forms found."""
    queue = [s for s in (_local("/", u) for u in seeds) if s]
    forms: list[tuple[str, dict]] = []
    visited: set[str] = set()
    sent = 0
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        sent += 1
        _assert_no_server_error(response, f"GET {url}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        path = url.split("?")[0]
        view = _route(path) or path
        if view not in seen:
            seen.add(view)
            # Filters and paging read the query string: hostile values in every parameter a view reads. Once per
            # view, as the forms are sent once per route: the eight parameter pages of a judgement are one view.
            for name in QUERY_VALUES:
                query = urlencode(dict.fromkeys(QUERY_PARAMS, HOSTILE[name]))
                _assert_no_server_error(client.get(f"{path}?{query}"), f"GET {path}?{query} ({name})")
                sent += 1
        parser = _Forms()
        parser.feed(response.content.decode())
        queue.extend(local for local in (_local(url, href) for href in parser.links) if local and local not in visited)
        forms.extend((url, form) for form in parser.forms)
    return sent, forms


def crawl_with_hostile_input(client, seeds: list[str], rounds: int = 2) -> set[str]:
    """Visit every page reachable from `seeds` and send hostile input to each of its forms and filters.

    A second round finds pages that the first round's forms created (a new draft, a saved judgement).
    Returns the routes whose forms were sent, so a test can tell what was exercised."""
    seen_pages: set[str] = set()
    seen_forms: set[tuple] = set()
    routes: set[str] = set()
    for _round in range(rounds):
        _sent, found = _pages(client, seeds, seen_pages)
        todo = []
        for url, form in found:
            action = _local(url, form["action"]) if form["action"] else url
            if action is None:
                continue
            route = _route(action.split("?")[0])
            key = (form["method"], route, tuple(sorted(f["name"] for f in form["fields"])))
            if key not in seen_forms:
                seen_forms.add(key)
                todo.append((route in LAST_ROUTES, route, action, form))
        for _last, route, action, form in sorted(todo, key=lambda item: item[0]):
            routes.add(f"{form['method']} {route}")
            for name, value in HOSTILE.items():
                data = _payload(form, None, value)
                if form["method"] == "post":
                    response = client.post(action, data)
                else:
                    response = client.get(action.split("?")[0], data)
                _assert_no_server_error(response, f"{form['method'].upper()} {action} with {name} in every field")
    return routes


VISITORS = ["supplier_user", "consultant", "leader", "fagadmin", "myndighed"]


@pytest.fixture
def draft_form_template(published_guide):
    """A draft oplysningsskema with one question, so the fagadmin's question forms are reachable."""
    template = FormTemplate.objects.create(
        target_group=published_guide.target_group, guide=published_guide, version=2, title="Nyt oplysningsskema"
    )
    FormQuestion.objects.create(template=template, key="antal", kind=QuestionKind.INTEGER, label="Antal borgere")
    return template


def _seeds(case, *extra: str) -> list[str]:
    return [
        reverse("core:dashboard"),
        reverse("assessments:case_list"),
        reverse("assessments:case_create"),
        reverse("register"),
        reverse("suppliers:list"),
        reverse("targetgroups:list"),
        reverse("targetgroups:form_templates"),
        *extra,
        *route_urls(case),
    ]


@pytest.mark.parametrize("visitor", VISITORS)
def test_hostile_input_on_a_case_waiting_for_the_suppliers_form_never_gives_a_server_error(
    visitor, requested_form, draft_form_template, client_for
):
    create = reverse("targetgroups:form_question_create", args=[draft_form_template.pk])
    question = draft_form_template.questions.get()
    extra = [
        reverse("targetgroups:form_template", args=[draft_form_template.pk]),
        *(f"{create}?type={kind}" for kind in ("integer", "table", "single", "date", "long_text")),
        reverse("targetgroups:form_question_edit", args=[question.pk]),
    ]
    routes = crawl_with_hostile_input(client_for(visitor), _seeds(requested_form.case, *extra))
    expected = {
        "supplier_user": {"post assessments:form_section", "post accounts:password_change"},
        "consultant": {"post assessments:case_create", "post assessments:interview_notes"},
        "leader": {"post assessments:case_create"},
        "fagadmin": {"post targetgroups:form_question_create", "post targetgroups:form_question_edit"},
        "myndighed": {"get register"},
    }[visitor]
    assert expected <= routes, routes


@pytest.mark.parametrize("visitor", ["consultant", "second_consultant"])
def test_hostile_input_while_judging_never_gives_a_server_error(
    visitor, requested_form, supplier_user, consultant, client_for
):
    case = to_judging(requested_form, supplier_user, consultant)
    routes = crawl_with_hostile_input(client_for(visitor), _seeds(case))
    assert "post assessments:judgement_parameter" in routes, routes


def test_hostile_input_while_reconciling_never_gives_a_server_error(
    requested_form, supplier_user, consultant, second_consultant, client_for
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [3, 3, 3, 3, 3, 3, 3, 2])
    judge(case, second_consultant, [2, 2, 3, 3, 3, 3, 3, 2])
    routes = crawl_with_hostile_input(client_for("consultant"), _seeds(case))
    assert "post assessments:reconciliation_parameter" in routes, routes


@pytest.mark.parametrize("visitor", ["leader", "consultant"])
def test_hostile_input_on_a_case_at_sign_off_never_gives_a_server_error(
    visitor, requested_form, supplier_user, consultant, second_consultant, client_for
):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    routes = crawl_with_hostile_input(client_for(visitor), _seeds(case))
    if visitor == "leader":
        assert "post assessments:signoff" in routes, routes


@pytest.mark.parametrize("visitor", ["supplier_user", "consultant"])
def test_hostile_input_on_a_case_in_hearing_never_gives_a_server_error(
    visitor, requested_form, supplier_user, consultant, second_consultant, leader, client_for
):
    case = to_hearing(to_signoff(requested_form, supplier_user, consultant, second_consultant), leader)
    routes = crawl_with_hostile_input(client_for(visitor), _seeds(case))
    assert {"supplier_user": "post assessments:supplier_case", "consultant": "post assessments:decision_make"}[
        visitor
    ] in routes, routes


@pytest.mark.parametrize("visitor", ["supplier_user", "consultant", "leader"])
def test_hostile_input_on_a_decided_case_never_gives_a_server_error(
    visitor, requested_form, supplier_user, consultant, second_consultant, leader, client_for
):
    signed = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    case = to_decided(to_hearing(signed, leader), consultant, supplier_user)
    if visitor != "supplier_user":
        case = to_appeal(case, supplier_user)
    assert crawl_with_hostile_input(client_for(visitor), _seeds(case))


# --- the autosave endpoint, which reads raw input without a Django form field in between ------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tilbudstype", "før\x00efter", "ugyldigt tegn"),
        ("samarbejde", "lang\x00tekst", "ugyldigt tegn"),
        ("borgere-hoejt", str(10**30), "for stort"),
        ("seneste-kursus", "9999-12-31", "mellem år 1900 og 2100"),
        ("seneste-kursus", "01-01-0001", "mellem år 1900 og 2100"),
    ],
)
def test_autosave_refuses_hostile_values_with_a_danish_error_and_stores_nothing(
    key, value, message, requested_form, supplier_client
):
    question = FormQuestion.objects.get(template=requested_form.template, key=key)
    answer = requested_form.answers.get(question=question)
    url = reverse("assessments:answer_autosave", args=[requested_form.case.pk, question.pk])
    response = supplier_client.post(
        url, {f"q{question.pk}": value, "revision": answer.revision}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 422
    assert message in " ".join(response.json()["errors"])
    answer.refresh_from_db()
    assert answer.value is None


def test_autosave_with_a_json_body_or_a_nul_revision_is_not_a_server_error(requested_form, supplier_client):
    question = FormQuestion.objects.get(template=requested_form.template, key="tilbudstype")
    url = reverse("assessments:answer_autosave", args=[requested_form.case.pk, question.pk])
    as_json = supplier_client.post(
        url, data=f'{{"q{question.pk}": "a\\u0000b"}}', content_type="application/json", HTTP_ACCEPT="application/json"
    )
    assert as_json.status_code < 500
    odd_revision = supplier_client.post(
        url, {f"q{question.pk}": "Botilbud", "revision": "\x00"}, HTTP_ACCEPT="application/json"
    )
    assert odd_revision.status_code < 500
