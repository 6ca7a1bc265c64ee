"""The shared page parts that every page renders: choice labels, the header's menu, language and log-out forms
rendered once and shown twice, and the menu's URLs reversed once per role."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from accounts.context_processors import NAVIGATION
from accounts.models import Role
from assessments.domain.workflow import State
from assessments.models import Case
from targetgroups.models import TargetGroup


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("band", list(TargetGroup.AgeBand))
def test_label_is_the_display_value_in_the_active_language(language, band):
    group = TargetGroup(name="Autisme", age_band=band)
    with translation.override(language):
        assert _render('{% load choices %}{{ g|label:"age_band" }}', g=group) == group.get_age_band_display()


@pytest.mark.parametrize("state", list(State))
def test_label_of_every_case_state(state):
    case = Case(state=state.value)
    with translation.override("en"):
        assert _render('{% load choices %}{{ c|label:"state" }}', c=case) == case.get_state_display()


def test_label_of_a_value_outside_the_choices_is_the_value():
    assert _render('{% load choices %}{{ c|label:"state" }}', c=Case(state="ukendt")) == "ukendt"


def test_label_is_escaped():
    assert _render('{% load choices %}{{ c|label:"state" }}', c=Case(state="<b>")) == "&lt;b&gt;"


class _Counter:
    def __init__(self) -> None:
        self.renders = 0

    def __str__(self) -> str:
        self.renders += 1
        return "<i>x</i>"


def test_capture_renders_once_and_shows_the_output_wherever_it_is_used():
    counter = _Counter()
    out = _render("{% load capture %}{% capture as part %}[{{ c }}]{% endcapture %}{{ part }}|{{ part }}", c=counter)
    assert out == "[&lt;i&gt;x&lt;/i&gt;]|[&lt;i&gt;x&lt;/i&gt;]"  # escaped once, not twice
    assert counter.renders == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.LEADER, Role.FAGADMIN])
def test_header_shows_the_menu_language_and_log_out_forms_in_the_bar_and_the_drawer(client, user_for, role):
    user = user_for(role.value)
    client.force_login(user)
    html = client.get(reverse("core:dashboard")).content.decode()
    for name, label in NAVIGATION[role]:
        assert html.count(f'href="{reverse(name)}" class="nav-link"') == 2, name
        assert html.count(f"<span>{label}</span></a></li>") == 2, label
    # the dashboard is the current item, in both menus
    assert html.count(f'<a href="{reverse("core:dashboard")}" class="nav-link" aria-current="page">') == 2
    assert html.count(f'action="{reverse("accounts:logout")}"') == 2
    assert html.count(f'action="{reverse("set_language")}"') == 2
    assert html.count('name="csrfmiddlewaretoken"') >= 4


@pytest.mark.django_db
def test_the_current_menu_item_follows_the_page(consultant_client):
    html = consultant_client.get(reverse("assessments:case_list")).content.decode()
    assert html.count(f'<a href="{reverse("assessments:case_list")}" class="nav-link" aria-current="page">') == 2
    assert html.count('aria-current="page"><span>') == 2


def _bar_as_the_template_drew_it(current: int, last: int) -> list[int | None]:
    """The pagination bar's rule, over every page: first, last and current ± 2 as numbers; page 2 or the last
    but one as "…" when not shown."""
    bar: list[int | None] = []
    for n in range(1, last + 1):
        if n in (1, last) or current - 2 <= n <= current + 2:
            bar.append(n)
        elif n in (2, last - 1):
            bar.append(None)
    return bar


@pytest.mark.parametrize("last", range(1, 31))
def test_page_window_shows_what_the_bar_over_every_page_showed(last):
    from django.core.paginator import Paginator

    from core.templatetags.pagination import page_window

    paginator = Paginator(range(last * 2), 2)
    for current in range(1, last + 1):
        assert page_window(paginator.page(current)) == _bar_as_the_template_drew_it(current, last), (current, last)
