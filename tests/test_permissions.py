"""Who gets what on every named URL of the foundation: one table, checked against the URL map.

A new URL in suppliers/, targetgroups/ or core/ without a row here fails
`test_every_named_url_has_a_permission_row`, so no view ships without a permission decision.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from suppliers.models import SupplierImport
from targetgroups.models import FormQuestion, FormTemplate, QuestionKind
from targetgroups.services import guide_new_draft, version_publish

from . import factories

NAMESPACES = ("core", "suppliers", "targetgroups")

# Who asks: a role fixture name from conftest, or "anonymous".
VISITORS = [
    "anonymous",
    "supplier_user",  # a user of supplier A
    "other_supplier_user",  # a user of supplier B
    "consultant",  # of the socialtilsyn supervising supplier A
    "other_consultant",  # of another socialtilsyn
    "leader",
    "other_leader",
    "fagadmin",
    "myndighed",
]
LOGIN = "login"  # redirect to the login page

ALL_LOGGED_IN = {v: 200 for v in VISITORS if v != "anonymous"}


def expect(default: int | str, **overrides: int | str) -> dict[str, int | str]:
    return {v: overrides.get(v, default) for v in VISITORS}


# url key → (how to build the URL's kwargs from fixtures, expected answer per visitor)
TABLE: dict[str, tuple[str | None, dict[str, int | str]]] = {
    "core:dashboard": (None, expect(200, anonymous=LOGIN)),
    "core:health": (None, expect(200)),
    # The public statements: anyone reads them, only the fagadministrator edits them.
    "core:accessibility_statement": (None, expect(200)),
    "core:privacy_notice": (None, expect(200)),
    "core:accessibility_statement_edit": (None, expect(403, anonymous=LOGIN, fagadmin=200)),
    "core:privacy_notice_edit": (None, expect(403, anonymous=LOGIN, fagadmin=200)),
    # The fagadministrator loads the register of all suppliers, so sees every supplier.
    "suppliers:list": (None, expect(200, anonymous=LOGIN, myndighed=403)),
    "suppliers:detail": (
        "supplier_a",
        expect(
            404,
            anonymous=LOGIN,
            supplier_user=200,
            consultant=200,
            leader=200,
            fagadmin=200,
        ),
    ),
    # Supplier onboarding from a register file: the fagadministrator's work only.
    "suppliers:import": (None, expect(403, anonymous=LOGIN, fagadmin=200)),
    "suppliers:import_detail": ("supplier_import", expect(403, anonymous=LOGIN, fagadmin=200)),
    "suppliers:import_confirm": ("supplier_import", expect(403, anonymous=LOGIN, fagadmin=405)),  # POST only
    "targetgroups:list": (None, expect(200, anonymous=LOGIN)),
    "targetgroups:guide": ("published_guide", expect(200, anonymous=LOGIN)),
    "targetgroups:rules": (None, expect(200, anonymous=LOGIN)),
    # Form templates (oplysningsskemaer) are the fagadministrators' work only.
    "targetgroups:form_templates": (None, expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_template_new_draft": ("target_group", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_template": ("draft_form", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_template_edit": ("draft_form", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_template_publish": ("draft_form", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_question_create": ("draft_form", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_question_edit": ("draft_question", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_question_delete": ("draft_question", expect(403, anonymous=LOGIN, fagadmin=200)),
    "targetgroups:form_question_move": ("draft_question", expect(403, anonymous=LOGIN, fagadmin=405)),  # POST only
}

# Further cases for URLs whose answer depends on the object, not only on the role.
EXTRA_CASES: dict[str, tuple[str, str, dict[str, int | str]]] = {
    "supplier B's detail": (
        "suppliers:detail",
        "supplier_b",
        expect(404, anonymous=LOGIN, other_supplier_user=200, other_consultant=200, other_leader=200, fagadmin=200),
    ),
    "a missing supplier": ("suppliers:detail", "missing", expect(404, anonymous=LOGIN)),
    "a missing supplier import": ("suppliers:import_detail", "missing", expect(403, anonymous=LOGIN, fagadmin=404)),
    "a draft guide": ("targetgroups:guide", "draft_guide", expect(404, anonymous=LOGIN, fagadmin=200)),
    "a missing guide": ("targetgroups:guide", "missing", expect(404, anonymous=LOGIN)),
    "a published form template": (
        "targetgroups:form_template",
        "published_form",
        expect(403, anonymous=LOGIN, fagadmin=200),
    ),
    # A published version is read-only: its edit pages answer the fagadmin with the 403 page and the reason.
    "editing a published form template": (
        "targetgroups:form_template_edit",
        "published_form",
        expect(403, anonymous=LOGIN),
    ),
    "a missing form template": ("targetgroups:form_template", "missing", expect(403, anonymous=LOGIN, fagadmin=404)),
}


def named_urls() -> set[str]:
    """Every 'namespace:name' of the foundation's apps, read from the resolver."""
    found = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace in NAMESPACES:
                found.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)
    return found


def test_every_named_url_has_a_permission_row():
    urls = named_urls()
    assert urls, "no URLs found: is the resolver walk broken?"
    assert urls - TABLE.keys() == set(), "add these URLs to TABLE in tests/test_permissions.py"
    assert TABLE.keys() - urls == set(), "these rows name URLs that no longer exist"


@pytest.fixture
def url_kwargs(request, supplier, other_supplier, published_guide, fagadmin):
    def build(kind: str | None) -> dict:
        if kind is None:
            return {}
        if kind == "supplier_a":
            return {"pk": supplier.pk}
        if kind == "supplier_b":
            return {"pk": other_supplier.pk}
        if kind == "published_guide":
            return {"pk": published_guide.pk}
        if kind == "draft_guide":
            return {"pk": guide_new_draft(source=published_guide, user=fagadmin).pk}
        if kind == "target_group":
            return {"pk": published_guide.target_group_id}
        if kind == "published_form":
            draft = factories.form_template_draft(guide=published_guide)
            return {"pk": version_publish(version=draft, user=fagadmin).pk}
        if kind in ("draft_form", "draft_question"):
            form = FormTemplate.objects.create(
                target_group=published_guide.target_group, guide=published_guide, version=1, title="Oplysningsskema"
            )
            if kind == "draft_form":
                return {"pk": form.pk}
            question = FormQuestion.objects.create(
                template=form, key="antal-borgere", kind=QuestionKind.INTEGER, label="Antal borgere"
            )
            return {"pk": question.pk}
        if kind == "supplier_import":
            return {
                "pk": SupplierImport.objects.create(created_by=fagadmin, filename="udtraek.csv", status="refused").pk
            }
        if kind == "missing":
            return {"pk": 987_654_321}
        raise AssertionError(kind)

    return build


def answer(client_for, url: str, visitor: str) -> int | str:
    """The visitor's status code on the URL, or LOGIN for a redirect to the login page that returns to it."""
    response = client_for(visitor).get(url)
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login") + "?next="):
        return LOGIN
    return response.status_code


# One test per URL (its objects are built once), every visitor asked in it; the assertion lists every mismatch at
# once, as a test per visitor would.
@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_answers_each_visitor_as_the_table_says(client, client_for, url_kwargs, name):
    kind, expected = TABLE[name]
    url = reverse(name, kwargs=url_kwargs(kind))
    got = {}
    for visitor in VISITORS:
        client.logout()
        got[visitor] = answer(client_for, url, visitor)
    assert got == expected, url


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(EXTRA_CASES))
def test_object_dependent_answers(client, client_for, url_kwargs, case):
    name, kind, expected = EXTRA_CASES[case]
    url = reverse(name, kwargs=url_kwargs(kind))
    got = {}
    for visitor in VISITORS:
        client.logout()
        got[visitor] = answer(client_for, url, visitor)
    assert got == expected, url
