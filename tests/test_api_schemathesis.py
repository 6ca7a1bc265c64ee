# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""Schemathesis against the API's own OpenAPI schema: generated requests to every operation, in-process through
the Django WSGI app and the real PostgreSQL test database, as a supplier's system and as a staff member's.

Checks: no 5xx for any input, and every documented response matches its schema. Path ids are mostly pointed
at real objects (the open form, its questions, the case, the supplier), so the 200/409/422 answers are
checked too, not only 404s. Bounded by max_examples: 5 generated requests per operation in the default run
(seconds); SCHEMATHESIS_EXAMPLES=100 (or any number) for a thorough run, API_SCHEMATHESIS_FULL=1 adds the
coverage phase (docs/api.md).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.services import token_create

from .cases.conftest import case, published_form_template, requested_form, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# Derandomized, so the default run sends the same requests every time; raise it for a thorough run.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
CHECKS = [not_a_server_error, response_schema_conformance]


# Loaded once at collection: the schema view reads no database (it describes the code, not the data).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Django's test client does the same: a request's end must not close the test's connection (it holds
    the test's transaction, which the fixtures' data lives in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def real_ids(requested_form, supplier):
    questions = list(requested_form.template.questions.values_list("pk", flat=True))
    return {"case_pk": requested_form.case_id, "questions": questions, "supplier": supplier.pk}


def point_at_real_objects(case, real_ids) -> None:
    """Most generated ids would only find 404s; send most requests to the objects the test data holds."""
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        if not isinstance(value, int) or value % 5 == 0:
            continue  # keep some generated ids: the 404 answers are checked too
        if name == "case_pk":
            params[name] = real_ids["case_pk"]
        elif name == "question_pk":
            params[name] = real_ids["questions"][value % len(real_ids["questions"])]
        elif name == "pk":
            params[name] = real_ids["case_pk"] if "/sager/" in case.path else real_ids["supplier"]


@pytest.fixture
def systems(fagadmin, supplier_user, consultant) -> dict[str, dict[str, str]]:
    """The Authorization header of a supplier's system and of a staff member's (one token each)."""
    headers = {}
    for name, user in (("supplier", supplier_user), ("staff", consultant)):
        _token, secret = token_create(owner=user, name=f"Schemathesis ({name})", user=fagadmin)
        headers[name] = {"Authorization": f"Bearer {secret}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    # The generate phase only: schemathesis' coverage phase adds every boundary case of the schema as explicit
    # examples (several hundred here, minutes); API_SCHEMATHESIS_FULL=1 runs it too (docs/api.md).
    phases=[Phase.explicit, Phase.generate] if os.environ.get("API_SCHEMATHESIS_FULL") else [Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_schema(case, systems, real_ids):
    """Each generated request is sent as the supplier's system and as the staff member's."""
    point_at_real_objects(case, real_ids)
    for headers in systems.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
