"""Markup the Nu Html Checker refuses: search forms post to a real URL, not `action=""`."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "url_name"),
    [("leader", "assessments:case_list"), ("myndighed", "register"), ("consultant", "suppliers:list")],
)
def test_search_forms_submit_to_a_real_url(client_for, who, url_name):
    body = client_for(who).get(reverse(url_name)).content.decode()
    assert 'action=""' not in body
    assert f'<form method="get" action="{reverse(url_name)}"' in body
