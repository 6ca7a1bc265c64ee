"""Interview notes and the case history: who may see them, CPR refusal, and the blindness rule in the history."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import InterviewNote
from assessments.selectors.casefile import history_rows
from assessments.services import review
from assessments.services.review import judgement_start, parameter_judgement_save
from audit.models import AuditEntry
from targetgroups.domain.model import SUPPLIER_PARAMETERS

from .. import factories
from .helpers import judge, to_judging

pytestmark = pytest.mark.django_db

SECRET_REASON = "Særlig-begrundelse-XYZZY om vagtplanens dækning"


@pytest.fixture
def unassigned_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent-uden-sag", socialtilsyn=tilsyn)


@pytest.fixture
def other_leader_same_tilsyn(tilsyn):
    return factories.LeaderFactory(username="leder2", socialtilsyn=tilsyn)


STAFF_ONLY = {
    "consultant": 200,
    "second_consultant": 200,
    "leader": 200,
    "other_leader_same_tilsyn": 200,  # leaders oversee every case of their socialtilsyn
    "supplier_user": 404,
    "other_supplier_user": 404,
    "other_leader": 404,
    "unassigned_consultant": 404,
    "other_consultant": 404,
    "fagadmin": 404,
    "myndighed": 404,
}


@pytest.mark.parametrize("url_name", ["interview_notes", "case_history"])
def test_case_file_pages_are_for_the_staff_of_the_case(case, client_for, url_name):
    # Every visitor on one case; the assertion lists every mismatch at once.
    got = {
        who: client_for(who).get(reverse(f"assessments:{url_name}", args=[case.pk])).status_code for who in STAFF_ONLY
    }
    assert got == STAFF_ONLY


@pytest.mark.parametrize("url_name", ["interview_notes", "case_history", "case_file_export"])
def test_anonymous_is_sent_to_login(case, client, url_name):
    response = client.get(reverse(f"assessments:{url_name}", args=[case.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _note(**overrides):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "form": "video",
        "participants": "Leder, to pædagoger, tilsynskonsulent",
        "text": "Vagtplanen blev gennemgået; nattevagten er vågen.",
    }
    return {**data, **overrides}


def test_consultant_adds_an_interview_note_and_it_is_audited(case, client_for, consultant):
    response = client_for("consultant").post(reverse("assessments:interview_notes", args=[case.pk]), _note())
    assert response.status_code == 302
    note = InterviewNote.objects.get(case=case)
    assert note.author == consultant
    assert note.form == "video"
    entry = AuditEntry.objects.get(case=case, action="interview_note_add")
    assert entry.after["participants"] == "Leder, to pædagoger, tilsynskonsulent"


def test_notes_are_listed_newest_first(case, client_for):
    client = client_for("consultant")
    url = reverse("assessments:interview_notes", args=[case.pk])
    older = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    client.post(url, _note(held_on=older, text="Første interview."))
    client.post(url, _note(text="Andet interview."))
    body = client.get(url).content.decode()
    assert body.index("Andet interview.") < body.index("Første interview.")


def test_cpr_number_in_the_note_is_refused_next_to_the_field_and_input_kept(case, client_for):
    response = client_for("consultant").post(
        reverse("assessments:interview_notes", args=[case.pk]),
        _note(text="Borgeren 010190-1234 blev nævnt ved navn."),
    )
    assert response.status_code == 200
    assert not InterviewNote.objects.exists()
    form = response.context["form"]
    assert "text" in form.errors
    assert "CPR" in form.errors["text"][0]
    body = response.content.decode()
    assert "Leder, to pædagoger, tilsynskonsulent" in body  # the input is kept
    assert "Borgeren 010190-1234 blev nævnt" in body


def test_cpr_number_in_participants_is_refused(case, client_for):
    response = client_for("consultant").post(
        reverse("assessments:interview_notes", args=[case.pk]), _note(participants="Borger 0101901234")
    )
    assert "participants" in response.context["form"].errors
    assert not InterviewNote.objects.exists()


def test_a_date_in_the_future_is_refused(case, client_for):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for("consultant").post(
        reverse("assessments:interview_notes", args=[case.pk]), _note(held_on=tomorrow)
    )
    assert "held_on" in response.context["form"].errors
    assert not InterviewNote.objects.exists()


def test_a_leader_without_a_role_on_the_case_reads_but_cannot_write(case, client_for):
    client = client_for("other_leader_same_tilsyn")
    url = reverse("assessments:interview_notes", args=[case.pk])
    assert client.get(url).context["form"] is None
    assert client.post(url, _note()).status_code == 403
    assert not InterviewNote.objects.exists()


def test_supplier_cannot_post_a_note(case, client_for):
    response = client_for("supplier_user").post(reverse("assessments:interview_notes", args=[case.pk]), _note())
    assert response.status_code == 404
    assert not InterviewNote.objects.exists()


# --- history -------------------------------------------------------------------------------------------------


def test_history_shows_who_did_what_with_readable_values(requested_form, supplier_user, consultant, client_for):
    case = to_judging(requested_form, supplier_user, consultant)
    body = client_for("leader").get(reverse("assessments:case_history", args=[case.pk])).content.decode()
    assert "Oplysningsskema anmodet" in body
    assert "primær konsulent" in body
    assert "Oplysninger modtaget" in body  # a state shown by its label, not 'oplysninger_modtaget'
    assert "oplysninger_modtaget" not in body


def test_history_hides_a_colleagues_judgement_until_both_are_submitted(
    requested_form, supplier_user, consultant, second_consultant, client_for
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [3, 3, 3, 3, 3, 3, 3, 2], reason=SECRET_REASON)
    url = reverse("assessments:case_history", args=[case.pk])

    own = client_for("consultant").get(url).content.decode()
    assert SECRET_REASON in own
    assert "højt" in own  # levels in words
    assert "Værdierne vises, når begge vurderinger er afgivet." not in own

    second = client_for("second_consultant").get(url).content.decode()
    assert SECRET_REASON not in second
    assert "Værdierne vises, når begge vurderinger er afgivet." in second

    leader = client_for("leader").get(url).content.decode()
    assert SECRET_REASON not in leader

    judge(case, second_consultant, [3, 3, 3, 3, 3, 3, 3, 3])
    assert SECRET_REASON in client_for("second_consultant").get(url).content.decode()
    assert SECRET_REASON in client_for("leader").get(url).content.decode()


def test_history_hides_a_draft_judgement_too(requested_form, supplier_user, consultant, client_for):
    case = to_judging(requested_form, supplier_user, consultant)
    judgement = judgement_start(case=case, user=consultant)
    parameter_judgement_save(judgement=judgement, parameter="metoder", user=consultant, level=2, reasons=SECRET_REASON)
    url = reverse("assessments:case_history", args=[case.pk])
    assert SECRET_REASON not in client_for("second_consultant").get(url).content.decode()
    assert SECRET_REASON in client_for("consultant").get(url).content.decode()


def test_history_page_query_count_does_not_grow_with_entries(
    requested_form, supplier_user, consultant, second_consultant, client_for
):
    """The same people and kinds of entry, first few and then 20 more: the page makes exactly as many queries
    (none per entry)."""
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [3] * 8)
    judge(case, second_consultant, [3] * 8)
    review.reconciliation_accept_agreed(case=case, user=consultant)
    client = client_for("leader")
    url = reverse("assessments:case_history", args=[case.pk])

    def page_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries), len(history_rows(case.leader, case))

    numbers = itertools.count()  # every resolve records a change (new reasons), so each adds a history row

    def resolve(times: int) -> None:
        for i in (next(numbers) for _ in range(times)):
            review.reconciliation_resolve(
                case=case,
                parameter=SUPPLIER_PARAMETERS[i % len(SUPPLIER_PARAMETERS)].value,
                level=2 + i % 2,
                reasons=f"Fælles begrundelse nr. {i}.",
                user=(consultant, second_consultant)[i % 2],
            )

    resolve(1)
    few, few_rows = page_queries()
    resolve(20)
    many, many_rows = page_queries()

    assert many_rows == few_rows + 20
    assert many == few
