"""Every route of a case, walked as people who have no part in it: nothing is shown and nothing happens.

Complements the per-page permission tests: a new route added to the case URL map is covered here at once.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from .helpers import to_judging
from .test_blindness import route_urls

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_supplier_user", "other_consultant", "other_leader", "fagadmin", "myndighed"]


@pytest.fixture
def judged_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_case_route(client, judged_case):
    for url in route_urls(judged_case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_people_outside_the_case_get_not_found_on_every_route_and_change_nothing(client_for, outsider, judged_case):
    client = client_for(outsider)
    state_before = judged_case.state
    audit_before = judged_case.audit_entries.count()
    for url in route_urls(judged_case):
        # 405 is the method check of POST-only actions; it says nothing about the case.
        assert client.get(url).status_code in (403, 404, 405), url
        assert client.post(url, {"reasons": "x", "text": "x", "action": "uphold"}).status_code in (403, 404, 405), url
    judged_case.refresh_from_db()
    assert judged_case.state == state_before
    assert judged_case.audit_entries.count() == audit_before
