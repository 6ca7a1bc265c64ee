# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The REST API: who gets what on every endpoint (one table, as tests/test_permissions.py for the pages), the
objects each user sees, and the tokens (hashed, shown once, revocable, audited, throttled).

Systems call with `Authorization: Bearer <token>`; every row here does, so the table checks the token path
and the same `rules` predicates the pages ask.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIClient

from api.domain import token_digest
from api.models import ApiToken
from api.services import token_create, token_revoke
from audit.models import AuditEntry
from targetgroups.models import FormQuestion

from . import factories
from .cases.conftest import case, published_form_template, requested_form, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "revoked_token",  # a token of the supplier user, revoked
    "supplier_user",  # a user of supplier A, whose case has an open form
    "other_supplier_user",
    "consultant",  # primary consultant of the case, socialtilsyn of supplier A
    "unassigned_consultant",  # same socialtilsyn, not on the case
    "other_consultant",
    "leader",
    "other_leader",
    "fagadmin",
    "myndighed",
]


def expect(default: int, **overrides: int) -> dict[str, int]:
    unknown = overrides.keys() - set(VISITORS)
    assert not unknown, unknown
    return {v: overrides.get(v, default) for v in VISITORS}


STAFF_CASES = dict.fromkeys(["consultant", "unassigned_consultant", "other_consultant", "leader", "other_leader"], 200)
SUPPLIERS_LIST = {"supplier_user": 200, "other_supplier_user": 200, "fagadmin": 200, **STAFF_CASES}
NO_LOGIN = {"anonymous": 401, "revoked_token": 401}

# endpoint → (method, URL builder key, expected status per visitor)
TABLE: dict[str, tuple[str, str | None, dict[str, int]]] = {
    "api:placements": ("get", None, expect(403, **NO_LOGIN, myndighed=200, fagadmin=200, **STAFF_CASES)),
    "api:suppliers": ("get", None, expect(403, **NO_LOGIN, **SUPPLIERS_LIST)),
    "api:supplier": (
        "get",
        "supplier_a",
        expect(
            404,
            **NO_LOGIN,
            myndighed=403,
            supplier_user=200,
            consultant=200,
            unassigned_consultant=200,
            leader=200,
            fagadmin=200,
        ),
    ),
    "api:departments": ("get", None, expect(403, **NO_LOGIN, **SUPPLIERS_LIST)),
    "api:forms": ("get", None, expect(403, **NO_LOGIN, supplier_user=200, other_supplier_user=200)),
    "api:form": ("get", "case", expect(403, **NO_LOGIN, supplier_user=200, other_supplier_user=404)),
    "api:form_answer": ("put", "answer", expect(403, **NO_LOGIN, supplier_user=200, other_supplier_user=404)),
    # the supplier may submit, but the form is not filled in yet: 400 with what is missing
    "api:form_submit": ("post", "case", expect(403, **NO_LOGIN, supplier_user=400, other_supplier_user=404)),
    "api:cases": ("get", None, expect(403, **NO_LOGIN, **STAFF_CASES)),
    "api:case": (
        "get",
        "case",
        expect(
            403,
            **NO_LOGIN,
            **{**STAFF_CASES, "unassigned_consultant": 404, "other_consultant": 404, "other_leader": 404},
        ),
    ),
    # the schema and its docs are public; a refused token is refused everywhere
    "api:schema": ("get", None, expect(200, revoked_token=401)),
    "api:docs": ("get", None, expect(200, revoked_token=401)),
}
EXTRA: dict[str, tuple[str, str, str, dict[str, int]]] = {
    "supplier B": (
        "api:supplier",
        "get",
        "supplier_b",
        expect(
            404,
            **NO_LOGIN,
            myndighed=403,
            other_supplier_user=200,
            other_consultant=200,
            other_leader=200,
            fagadmin=200,
        ),
    ),
    "a missing supplier": ("api:supplier", "get", "missing", expect(404, **NO_LOGIN, myndighed=403)),
    "a missing case": ("api:case", "get", "missing", expect(403, **NO_LOGIN, **dict.fromkeys(STAFF_CASES, 404))),
}
PAGES = {"api:tokens", "api:token_revoke"}  # the fagadministrator's HTML pages, tested below


def api_urls() -> set[str]:
    found = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "api":
                found.add(f"api:{entry.name}")

    walk(get_resolver().url_patterns, None)
    return found


def test_every_api_url_has_a_permission_row():
    assert api_urls() - PAGES == TABLE.keys()


@pytest.fixture
def unassigned_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent-uden-sag", socialtilsyn=tilsyn)


@pytest.fixture
def api_client_for(request, fagadmin, requested_form):
    """`api_client_for("leader")` → an APIClient sending a fresh token of that user (or none, or a revoked one)."""

    def get(visitor: str) -> APIClient:
        api = APIClient()
        if visitor == "anonymous":
            return api
        owner = request.getfixturevalue("supplier_user" if visitor == "revoked_token" else visitor)
        token, secret = token_create(owner=owner, name=f"System af {visitor}", user=fagadmin)
        if visitor == "revoked_token":
            token_revoke(token=token, user=fagadmin)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return api

    return get


@pytest.fixture
def url_for(supplier, other_supplier, requested_form):
    question = FormQuestion.objects.get(template=requested_form.template, key="borgere-hoejt")

    def build(name: str, kind: str | None) -> tuple[str, dict]:
        kwargs: dict = {}
        body: dict = {}
        if kind == "supplier_a":
            kwargs = {"pk": supplier.pk}
        elif kind == "supplier_b":
            kwargs = {"pk": other_supplier.pk}
        elif kind == "missing":
            kwargs = {"pk": 999_999}
        elif kind == "case":
            kwargs = (
                {"case_pk": requested_form.case_id} if name.startswith("api:form") else {"pk": requested_form.case_id}
            )
        elif kind == "answer":
            kwargs = {"case_pk": requested_form.case_id, "question_pk": question.pk}
            body = {"value": 12, "revision": 0}
        return reverse(name, kwargs=kwargs), body

    return build


ROWS = [(name, method, kind, status) for name, (method, kind, status) in TABLE.items()]
ROWS += list(EXTRA.values())


def test_api_permission_table(request, api_client_for, url_for, unassigned_consultant):
    """Every endpoint for every visitor, on one data set (the expensive part); each visitor's token and requests
    are in a savepoint rolled back after them, so each meets the data as it was. Every mismatch is listed at once."""
    for visitor in VISITORS:  # the people are made first, outside the savepoints
        if visitor not in ("anonymous", "revoked_token"):
            request.getfixturevalue(visitor)
    got = {}
    for visitor in VISITORS:
        with transaction.atomic():
            api = api_client_for(visitor)
            for name, method, kind, status in ROWS:
                url, body = url_for(name, kind)
                response = getattr(api, method)(url, body, format="json") if method != "get" else api.get(url)
                got[(visitor, name, kind)] = (response.status_code, status[visitor])
            transaction.set_rollback(True)
    assert {key: codes for key, codes in got.items() if codes[0] != codes[1]} == {}
    assert len(got) == len(VISITORS) * len(ROWS)


# --- what each user sees ----------------------------------------------------------------------------------


def test_a_supplier_user_lists_only_its_own_suppliers_and_departments(api_client_for, supplier, other_supplier):
    api = api_client_for("supplier_user")
    suppliers = api.get(reverse("api:suppliers")).json()
    assert [s["name"] for s in suppliers["results"]] == [supplier.name]
    departments = api.get(reverse("api:departments")).json()
    assert {d["supplier"] for d in departments["results"]} == {supplier.pk}
    assert api.get(reverse("api:departments"), {"supplier": other_supplier.pk}).json()["count"] == 0


def test_a_supplier_user_lists_only_its_own_open_forms(api_client_for, requested_form):
    mine = api_client_for("supplier_user").get(reverse("api:forms")).json()
    assert [f["reference"] for f in mine["results"]] == [requested_form.case.reference]
    theirs = api_client_for("other_supplier_user").get(reverse("api:forms")).json()
    assert theirs["results"] == []


def test_a_consultant_lists_only_assigned_cases(api_client_for, unassigned_consultant, requested_form):
    assigned = api_client_for("consultant").get(reverse("api:cases")).json()
    assert [c["reference"] for c in assigned["results"]] == [requested_form.case.reference]
    assert assigned["results"][0]["state"] == "oplysninger_anmodet"
    assert api_client_for("unassigned_consultant").get(reverse("api:cases")).json()["results"] == []
    # the leader of the socialtilsyn sees every case of it, the other socialtilsyn's leader none
    assert api_client_for("leader").get(reverse("api:cases")).json()["count"] == 1
    assert api_client_for("other_leader").get(reverse("api:cases")).json()["count"] == 0


def test_case_detail_shows_the_state_and_the_form(api_client_for, requested_form):
    body = api_client_for("leader").get(reverse("api:case", kwargs={"pk": requested_form.case_id})).json()
    assert body["state"] == requested_form.case.state
    assert body["state_name"] == requested_form.case.get_state_display()
    assert body["form_status"] == "open"
    assert body["form_deadline"] == requested_form.deadline.isoformat()


def test_the_browsable_api_works_with_the_session_and_needs_csrf_for_writes(client, supplier_user, requested_form):
    client.force_login(supplier_user)
    page = client.get(reverse("api:forms"), HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert b"<html" in page.content
    csrf_client = APIClient(enforce_csrf_checks=True)
    csrf_client.force_login(supplier_user)
    question = requested_form.answers.first().question
    url = reverse("api:form_answer", kwargs={"case_pk": requested_form.case_id, "question_pk": question.pk})
    refused = csrf_client.put(url, {"value": "1", "revision": 0}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


# --- tokens -----------------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_digest(fagadmin, supplier_user):
    token, secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"sv_{stored.prefix}_")
    assert stored.digest == token_digest(secret)
    assert secret not in str(list(ApiToken.objects.values()))
    assert secret not in str(list(AuditEntry.objects.values()))


def test_token_creation_and_revocation_are_audited(fagadmin, supplier_user):
    token, _secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    token_revoke(token=token, user=fagadmin)
    entries = AuditEntry.objects.filter(object_id=str(token.pk)).order_by("pk")
    assert [(e.action, e.actor_id) for e in entries] == [
        ("api_token_create", fagadmin.pk),
        ("api_token_revoke", fagadmin.pk),
    ]


def test_a_revoked_token_stops_working_at_once(fagadmin, supplier_user):
    token, secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(reverse("api:suppliers")).status_code == 200
    token_revoke(token=token, user=fagadmin)
    assert api.get(reverse("api:suppliers")).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer sv_00000000_" + "a" * 43, "Bearer x y", "Bearer ikke-en-nøgle"],
)
def test_a_wrong_token_is_refused_not_ignored(header, supplier_user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(reverse("api:suppliers"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_user_is_refused(fagadmin, supplier_user):
    _token, secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    supplier_user.is_active = False
    supplier_user.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(reverse("api:suppliers")).status_code == 401


def test_last_used_is_noted(fagadmin, supplier_user):
    token, secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    assert token.last_used_at is None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    api.get(reverse("api:suppliers"))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_fagadmin_may_make_tokens(consultant, supplier_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_create(owner=supplier_user, name="Fagsystem", user=consultant)


def test_requests_over_the_rate_are_throttled(settings, fagadmin, supplier_user):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "3/min", "write": "2/min"},
    }
    cache.clear()
    _token, secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    codes = [api.get(reverse("api:suppliers")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # another token of the same user counts on its own
    _token2, secret2 = token_create(owner=supplier_user, name="Andet system", user=fagadmin)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret2}")
    assert api.get(reverse("api:suppliers")).status_code == 200


# --- the fagadministrator's token page --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("supplier_user", 403), ("consultant", 403), ("leader", 403), ("myndighed", 403), ("fagadmin", 200)],
)
def test_only_the_fagadmin_opens_the_token_page(client_for, role, expected):
    assert client_for(role).get(reverse("api:tokens")).status_code == expected


def test_the_token_page_shows_a_new_token_once_and_lists_it(client_for, supplier_user):
    client = client_for("fagadmin")
    response = client.post(reverse("api:tokens"), {"owner": supplier_user.username, "name": "Fagsystem X"})
    assert response.status_code == 200
    secret = response.context["new_token"]
    token = ApiToken.objects.get()
    assert token.digest == token_digest(secret)
    assert secret in response.content.decode()
    again = client.get(reverse("api:tokens")).content.decode()
    assert "Fagsystem X" in again
    assert secret not in again


def test_the_token_page_refuses_an_unknown_owner_beside_the_field(client_for):
    response = client_for("fagadmin").post(reverse("api:tokens"), {"owner": "ingen-saadan", "name": "Fagsystem"})
    assert response.context["form"].errors["owner"] == ["Der findes ingen aktiv bruger med det brugernavn."]
    assert not ApiToken.objects.exists()


def test_the_token_page_refuses_a_cpr_number_in_the_name(client_for, supplier_user):
    response = client_for("fagadmin").post(
        reverse("api:tokens"), {"owner": supplier_user.username, "name": "Til 010190-1234"}
    )
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"), [(None, 302), ("supplier_user", 403), ("consultant", 403), ("fagadmin", 302)]
)
def test_only_the_fagadmin_revokes(client_for, fagadmin, supplier_user, role, expected):
    token, _secret = token_create(owner=supplier_user, name="Fagsystem", user=fagadmin)
    response = client_for(role).post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == expected
    token.refresh_from_db()
    assert (token.revoked_at is not None) == (role == "fagadmin")


def test_the_case_list_writes_what_the_case_serializer_writes(api_client_for, requested_form):
    """The list builds its rows from plain values (api.serializers.case_list_data); CaseSerializer stays the
    schema. A case on the whole supplier and one on a department, in Danish and in English."""
    from api.serializers import CaseSerializer
    from assessments.models import Case
    from assessments.services.cases import case_open

    first = requested_form.case
    on_department = case_open(
        user=first.leader,
        supplier=first.supplier,
        department=factories.DepartmentFactory(supplier=first.supplier, name="Afdeling <Øst> & co"),
        target_group=first.target_group,
        primary_consultant=first.primary_consultant,
        second_consultant=first.second_consultant,
        leader=first.leader,
    )
    api = api_client_for("leader")
    for language in ("da", "en"):
        body = api.get(reverse("api:cases"), HTTP_ACCEPT_LANGUAGE=language).json()
        cases = Case.objects.filter(pk__in=[first.pk, on_department.pk]).order_by("-opened_at", "-id")
        with translation.override(language):
            expected = [dict(row) for row in CaseSerializer(cases, many=True).data]
        assert body["results"] == expected
        assert [r["department"] is None for r in body["results"]] == [False, True]


def test_the_placement_list_writes_what_the_placement_serializer_writes(api_client_for, case):
    """The list builds its rows as plain dicts (api.serializers.placement_list_data); PlacementSerializer stays
    the schema. Departments, and a third of them in a remedy period (a pending level and date)."""
    from django.utils import timezone

    from api.selectors import placements_with_labels
    from api.serializers import PlacementSerializer
    from assessments.selectors.placements import placement_rows, search_placements

    from .test_query_counts_placements import make_placements

    make_placements(case, 3)
    body = api_client_for("myndighed").get(reverse("api:placements")).json()
    rows = placements_with_labels(list(placement_rows(search_placements(today=timezone.localdate()))))
    assert body["results"] == [dict(row) for row in PlacementSerializer(rows, many=True).data]
    assert len(body["results"]) == 3
    assert {r["pending_level"] for r in body["results"]} == {None, 2}
