"""The case pages: who gets what, the list with its filters and flat query count, opening a case, the overview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.domain.workflow import State
from assessments.models import Case
from assessments.services.cases import case_open
from assessments.services.information_form import form_request

from .. import factories
from .filling import fill_and_submit

pytestmark = pytest.mark.django_db

LOGIN = "login"
VISITORS = [
    "anonymous",
    "supplier_user",
    "other_supplier_user",
    "consultant",  # primary consultant of the case
    "second_consultant",
    "unassigned_consultant",  # same socialtilsyn, not on the case
    "other_consultant",  # another socialtilsyn
    "leader",
    "other_leader",
    "fagadmin",
    "myndighed",
]
STAFF_ON_CASE = {"consultant": 200, "second_consultant": 200, "leader": 200}


def expect(default, **overrides):
    return {v: overrides.get(v, default) for v in VISITORS}


@pytest.fixture
def unassigned_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent3", socialtilsyn=tilsyn)


@pytest.fixture
def submitted_case(requested_form, supplier_user):
    fill_and_submit(requested_form, supplier_user)
    return requested_form.case


# url name → (which case, expected answer per visitor)
TABLE = {
    "case_list": (None, expect(200, anonymous=LOGIN, fagadmin=403, myndighed=403)),
    "case_create": (
        None,
        expect(
            403,
            anonymous=LOGIN,
            consultant=200,
            second_consultant=200,
            unassigned_consultant=200,
            other_consultant=200,
            leader=200,
            other_leader=200,
        ),
    ),
    "case_detail": ("case", expect(404, anonymous=LOGIN, **STAFF_ON_CASE)),
    "form_request": ("case", expect(404, anonymous=LOGIN, consultant=200, second_consultant=403, leader=403)),
    "form_review": ("requested_form", expect(404, anonymous=LOGIN, **STAFF_ON_CASE)),
    "form_supplement": ("submitted_case", expect(404, anonymous=LOGIN, **{**STAFF_ON_CASE, "leader": 403})),
    # POST only: a GET is refused before anything is looked up.
    "form_accept": ("submitted_case", expect(405, anonymous=LOGIN)),
    "answer_history": ("requested_form", expect(404, anonymous=LOGIN, **STAFF_ON_CASE)),
    # Cancelling: the primary consultant and the case's leader; the second consultant is told why not.
    "case_cancel": ("case", expect(404, anonymous=LOGIN, consultant=200, second_consultant=403, leader=200)),
}


def url_for(name: str, request, fixture: str | None) -> str:
    if fixture is None:
        return reverse(f"assessments:{name}")
    obj = request.getfixturevalue(fixture)
    case = obj if isinstance(obj, Case) else obj.case
    if name == "answer_history":
        question = case.form_template.questions.get(key="borgere-hoejt")
        return reverse(f"assessments:{name}", args=[case.pk, question.pk])
    return reverse(f"assessments:{name}", args=[case.pk])


# One test per page (its case is the expensive part), every visitor asked in it; the assertion lists every
# mismatch at once, as a test per visitor would.
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_case_page_answers_each_visitor_as_the_table_says(request, client, name):
    fixture, expected = TABLE[name]
    url = url_for(name, request, fixture)
    got = {}
    for visitor in VISITORS:
        client.logout()
        if visitor != "anonymous":
            client.force_login(request.getfixturevalue(visitor))
        response = client.get(url)
        got[visitor] = response.status_code
        if expected[visitor] == LOGIN and response.status_code == 302:
            got[visitor] = LOGIN if response.url.startswith(reverse("accounts:login")) else response.url
    assert got == expected, url


def test_every_case_url_of_the_consultants_has_a_row():
    from assessments.urls import urlpatterns

    mine = {p.name for p in urlpatterns if p.callback.__module__.split(".")[-1] in ("cases", "consultant_form")}
    assert mine == set(TABLE)


def test_a_refused_action_shows_the_danish_reason(client, case, leader):
    client.force_login(leader)
    response = client.get(reverse("assessments:form_request", args=[case.pk]))
    assert response.status_code == 403
    assert "Du har ikke en rolle på sagen, der må «anmod om oplysninger»." in response.content.decode()


# --- the list -----------------------------------------------------------------------------------------------


def open_case(supplier, target_group, primary, second, leader, **kwargs) -> Case:
    return case_open(
        user=leader,
        supplier=supplier,
        target_group=target_group,
        primary_consultant=primary,
        second_consultant=second,
        leader=leader,
        **kwargs,
    )


@pytest.fixture
def three_cases(case, supplier, target_group, consultant, second_consultant, unassigned_consultant, leader):
    """The fixture case (consultant primary), one with roles swapped, one without the consultant.

    One open case per subject: the two extra cases assess two departments of the supplier."""
    east, west = factories.DepartmentFactory.create_batch(2, supplier=supplier)
    swapped = open_case(supplier, target_group, second_consultant, consultant, leader, department=east)
    form_request(case=swapped, user=second_consultant, deadline=timezone.localdate() + datetime.timedelta(days=10))
    without = open_case(supplier, target_group, second_consultant, unassigned_consultant, leader, department=west)
    return case, swapped, without


def test_a_consultant_sees_the_cases_assigned_to_them_with_their_role(consultant_client, three_cases):
    case, swapped, without = three_cases
    response = consultant_client.get(reverse("assessments:case_list"))
    rows = {row["case"]: row for row in response.context["rows"]}
    assert set(rows) == {case, swapped}
    assert rows[case]["roles"] == ["Primær konsulent"]
    assert rows[swapped]["roles"] == ["Anden konsulent"]
    assert rows[swapped]["deadline"] == timezone.localdate() + datetime.timedelta(days=10)
    assert rows[case]["deadline"] is None
    html = response.content.decode()
    assert without.reference not in html
    assert "Oplysninger anmodet" in html
    assert 'class="badge badge-warning"' in html


def test_a_leader_sees_every_case_of_the_socialtilsyn(leader_client, three_cases, other_leader):
    response = leader_client.get(reverse("assessments:case_list"))
    assert {row["case"] for row in response.context["rows"]} == set(three_cases)
    assert all(row["roles"] == ["Leder, der godkender"] for row in response.context["rows"])


def test_the_list_filters_by_state_and_target_group(leader_client, three_cases, supplier, consultant, leader, fagadmin):
    case, swapped, _without = three_cases
    url = reverse("assessments:case_list")
    response = leader_client.get(url, {"status": State.OPLYSNINGER_ANMODET.value})
    assert [row["case"] for row in response.context["rows"]] == [swapped]
    response = leader_client.get(url, {"maalgruppe": case.target_group_id})
    assert len(response.context["rows"]) == 3
    response = leader_client.get(url, {"status": State.AFGJORT.value})
    assert response.context["rows"] == []
    assert "Ingen sager matcher filtrene." in response.content.decode()


def test_a_supplier_sees_its_own_cases_linking_to_the_form(client, supplier_user, requested_form, other_supplier_user):
    client.force_login(supplier_user)
    response = client.get(reverse("assessments:case_list"))
    html = response.content.decode()
    assert reverse("assessments:form_fill", args=[requested_form.case_id]) in html
    assert f'href="{reverse("assessments:case_detail", args=[requested_form.case_id])}"' not in html
    client.force_login(other_supplier_user)
    assert client.get(reverse("assessments:case_list")).context["rows"] == []


# session, user, socialtilsyn in the header, target groups for the filter, paginator count, the page of cases
CASE_LIST_MAX_QUERIES = 7


@pytest.mark.parametrize("n", [3, 30])
def test_case_list_has_a_flat_query_count(
    leader_client, n, supplier, target_group, published_form_template, national_rule, tilsyn, leader,
    django_assert_max_num_queries,
):  # fmt: skip
    consultants = factories.ConsultantFactory.create_batch(2, socialtilsyn=tilsyn)
    for i in range(n):
        # One open case per subject: every case after the first assesses a department of its own.
        department = factories.DepartmentFactory(supplier=supplier) if i else None
        created = open_case(supplier, target_group, *consultants, leader, department=department)
        if i % 3 == 0:
            form_request(case=created, user=consultants[0], deadline=timezone.localdate() + datetime.timedelta(days=5))
    with django_assert_max_num_queries(CASE_LIST_MAX_QUERIES):
        response = leader_client.get(reverse("assessments:case_list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 25)


def test_navigation_and_dashboard_show_the_cases(consultant_client, case):
    response = consultant_client.get(reverse("core:dashboard"))
    labels = [item["label"] for item in response.context["main_navigation"]]
    assert "Sager" in labels
    assert "Mine sager" in response.content.decode()
    assert [row["case"] for row in response.context["my_cases"]] == [case]


def test_the_leaders_dashboard_lists_the_cases_they_sign_off(leader_client, case):
    response = leader_client.get(reverse("core:dashboard"))
    assert [row["case"] for row in response.context["my_cases"]] == [case]


# --- opening a case -----------------------------------------------------------------------------------------


@pytest.fixture
def ready(published_form_template, national_rule):
    return published_form_template.target_group


def create_data(supplier, target_group, primary, second, leader, **overrides):
    data = {
        "supplier": supplier.pk,
        "department": "",
        "target_group": target_group.pk,
        "primary_consultant": primary.pk,
        "second_consultant": second.pk,
        "leader": leader.pk,
        "mode": Case.Mode.DOUBLE_BLIND,
    }
    return {**data, **overrides}


def test_the_create_form_offers_only_the_users_socialtilsyn_and_ready_target_groups(
    consultant_client, consultant, second_consultant, leader, ready, supplier, other_supplier, other_consultant
):
    bare = factories.TargetGroupFactory(name="Synsnedsættelse", age_band="boern", slug="syn-boern")
    response = consultant_client.get(reverse("assessments:case_create"))
    form = response.context["form"]
    assert list(form.fields["supplier"].queryset) == [supplier]
    assert list(form.fields["target_group"].queryset) == [ready]
    assert set(form.fields["primary_consultant"].queryset) == {consultant, second_consultant}
    assert list(form.fields["leader"].queryset) == [leader]
    assert form.initial["primary_consultant"] == consultant.pk
    html = response.content.decode()
    assert "Synsnedsættelse – børn" in html
    assert "mangler målgruppebeskrivelse, vejledning, oplysningsskema" in html
    assert bare.pk not in [tg.pk for tg in form.fields["target_group"].queryset]


def test_opening_a_case_redirects_to_its_overview(
    consultant_client, consultant, second_consultant, leader, ready, supplier
):
    department = supplier.departments.get()
    data = create_data(supplier, ready, consultant, second_consultant, leader, department=department.pk)
    response = consultant_client.post(reverse("assessments:case_create"), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessments:case_detail", args=[case.pk])
    assert (case.department, case.opened_by, case.mode) == (department, consultant, Case.Mode.DOUBLE_BLIND)


def test_four_eyes_errors_are_shown_on_the_fields_and_the_input_is_kept(
    consultant_client, consultant, leader, ready, supplier
):
    data = create_data(supplier, ready, consultant, consultant, leader, mode=Case.Mode.REVIEW)
    response = consultant_client.post(reverse("assessments:case_create"), data)
    assert response.status_code == 200
    assert not Case.objects.exists()
    form = response.context["form"]
    assert form.errors["second_consultant"] == ["Den anden konsulent skal være en anden person end den primære."]
    html = response.content.decode()
    assert "Sagen er ikke oprettet" in html
    assert f'<option value="{ready.pk}" selected>' in html
    assert 'value="review" id="id_mode_1" checked' in html


def test_a_department_of_another_supplier_is_refused(
    consultant_client, consultant, second_consultant, leader, ready, supplier, tilsyn
):
    sibling = factories.SupplierFactory(socialtilsyn=tilsyn)
    foreign = factories.DepartmentFactory(supplier=sibling, name="Annekset")
    data = create_data(supplier, ready, consultant, second_consultant, leader, department=foreign.pk)
    response = consultant_client.post(reverse("assessments:case_create"), data)
    assert "Afdelingen «Annekset» hører ikke til" in response.context["form"].errors["department"][0]


def test_a_supplier_of_another_socialtilsyn_cannot_be_chosen(
    consultant_client, consultant, second_consultant, leader, ready, other_supplier
):
    data = create_data(other_supplier, ready, consultant, second_consultant, leader)
    response = consultant_client.post(reverse("assessments:case_create"), data)
    assert "supplier" in response.context["form"].errors
    assert not Case.objects.exists()


# --- the overview -------------------------------------------------------------------------------------------


def test_the_overview_shows_assignment_versions_history_and_the_primarys_next_step(consultant_client, case):
    response = consultant_client.get(reverse("assessments:case_detail", args=[case.pk]))
    html = response.content.decode()
    assert case.reference in html
    assert "Oprettet" in html
    assert reverse("targetgroups:guide", args=[case.guide_id]) in html
    assert f"Vejledning, version {case.guide.version}" in html
    assert reverse("assessments:form_request", args=[case.pk]) in html
    assert [a["action"] for a in response.context["actions"]] == ["request_information"]
    assert response.context["may_cancel"]  # a link to the confirm page, beside the next step
    assert "Sag oprettet for" in html  # the audit trail
    assert "Der er endnu ikke anmodet om oplysninger." in html


def test_the_second_consultant_has_no_button_before_the_information_is_in(client, case, second_consultant):
    client.force_login(second_consultant)
    response = client.get(reverse("assessments:case_detail", args=[case.pk]))
    assert response.context["actions"] == []
    assert "Den primære konsulent skal anmode leverandøren om oplysninger." in response.content.decode()


def test_after_submission_both_consultants_may_accept_or_ask_for_more(client, submitted_case, second_consultant):
    client.force_login(second_consultant)
    response = client.get(reverse("assessments:case_detail", args=[submitted_case.pk]))
    assert [a["action"] for a in response.context["actions"]] == ["accept_information", "request_supplement"]
    html = response.content.decode()
    assert f'action="{reverse("assessments:form_accept", args=[submitted_case.pk])}"' in html
    assert "1 af 1" not in html  # progress counts every required question, not one
    assert response.context["form_status"]["progress"].complete


def test_a_second_open_case_on_the_same_subject_is_refused_next_to_the_target_group(
    consultant_client, consultant, second_consultant, leader, ready, supplier
):
    data = create_data(supplier, ready, consultant, second_consultant, leader)
    assert consultant_client.post(reverse("assessments:case_create"), data).status_code == 302
    first = Case.objects.get()
    response = consultant_client.post(reverse("assessments:case_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["target_group"] == [
        f"Der er allerede en åben sag ({first.reference}) om samme leverandør og målgruppe."
    ]
    assert Case.objects.count() == 1
    Case.objects.filter(pk=first.pk).update(state="annulleret")
    assert consultant_client.post(reverse("assessments:case_create"), data).status_code == 302


def test_each_department_option_names_its_supplier_for_the_filtering_script(consultant_client, ready, supplier, tilsyn):
    sibling = factories.SupplierFactory(socialtilsyn=tilsyn, name="Bofællesskabet Birken")
    annex = factories.DepartmentFactory(supplier=sibling, name="Annekset")
    html = consultant_client.get(reverse("assessments:case_create")).content.decode()
    home = supplier.departments.get()
    assert f'<option value="{home.pk}" data-supplier="{supplier.pk}">' in html
    assert f'<option value="{annex.pk}" data-supplier="{sibling.pk}">' in html
    assert 'data-follows="id_supplier"' in html
    assert "js/case_form.js" in html


def test_a_department_of_another_supplier_is_refused_next_to_the_department_field(
    consultant_client, consultant, second_consultant, leader, ready, supplier, tilsyn
):
    sibling = factories.SupplierFactory(socialtilsyn=tilsyn)
    foreign = factories.DepartmentFactory(supplier=sibling, name="Annekset")
    data = create_data(supplier, ready, consultant, second_consultant, leader, department=foreign.pk)
    html = consultant_client.post(reverse("assessments:case_create"), data).content.decode()
    assert not Case.objects.exists()
    group = html.split('id="id_department"', 1)[0].rsplit('class="form-group', 1)[1]
    assert "form-error" in group
    assert "Afdelingen «Annekset» hører ikke til" in group
