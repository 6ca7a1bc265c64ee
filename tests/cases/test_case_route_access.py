"""Every route of a case, walked as people who have no part in it: nothing is shown and nothing happens.

Complements the per-page permission tests: a new route added to the case URL map is covered here at once.
"""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from .helpers import to_judging
from .test_blindness import route_urls

pytestmark = pytest.mark.django_db

# No case has this pk: what an outsider gets for a real case must be what anyone gets for this one.
ABSENT_PK = 2_000_000_000
OUTSIDERS = ["other_supplier_user", "other_consultant", "other_leader", "fagadmin", "myndighed"]


def _with_pk(url: str, pk: int) -> str:
    """The same route for another case."""
    match = resolve(url)
    return reverse(match.view_name, kwargs={**match.kwargs, "pk": pk})


@pytest.fixture
def judged_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_case_route(client, judged_case):
    for url in route_urls(judged_case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), url


def test_people_outside_the_case_get_not_found_on_every_route_and_change_nothing(client_for, judged_case):
    """An outsider may not know the case exists: every route answers 404, never 403 (which would say that there
    is something to refuse). The one other answer is 405, the method check of a POST-only or GET-only route,
    which comes before the case is looked up: a case that does not exist gets the same, so it tells nothing.

    One case in judgement (the expensive part) for every outsider in turn; each must leave it as it was."""
    state_before = judged_case.state
    audit_before = judged_case.audit_entries.count()
    data = {"reasons": "x", "text": "x", "action": "uphold"}
    wrong: dict[str, list[tuple[str, str, int]]] = {}
    for outsider in OUTSIDERS:
        client = client_for(outsider)
        for url in route_urls(judged_case):
            absent_url = _with_pk(url, ABSENT_PK)
            for method in ("get", "post"):
                status = getattr(client, method)(url, data if method == "post" else None).status_code
                absent_status = getattr(client, method)(absent_url, data if method == "post" else None).status_code
                if status != 404 and not (status == 405 == absent_status):
                    wrong.setdefault(outsider, []).append((method.upper(), url, status))
        judged_case.refresh_from_db()
        assert judged_case.state == state_before, outsider
        assert judged_case.audit_entries.count() == audit_before, outsider
    assert wrong == {}, f"outsiders must get 404: {wrong}"
