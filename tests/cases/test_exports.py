"""Exports are made in the background: the request writes a row and shows a page that waits; nothing renders.

No worker runs in these tests, so a row stays pending until the test renders it with the service (what the
worker does); tests/cases/test_exports_celery.py runs the real worker.
"""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import CaseExport
from assessments.selectors.exports import EXPORT_MAX_ATTEMPTS, export_gave_up, exports_to_requeue
from assessments.services.exports import case_export_render
from assessments.services.interviews import interview_note_add
from tests.brokers import broker_unreachable

from .. import factories
from .helpers import fill_and_submit, to_judging

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


@pytest.fixture
def unassigned_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent-uden-sag", socialtilsyn=tilsyn)


@pytest.fixture
def colleague(supplier):
    """A second user of the same supplier."""
    return factories.SupplierUserFactory(username="kollega", suppliers=[supplier])


@pytest.fixture
def no_rendering(monkeypatch):
    """Any call of the renderers in this process is recorded (and fails): a request must not make them."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("rendered in the request")

    monkeypatch.setattr("reports.casefile_zip.case_file_build", refuse)
    monkeypatch.setattr("reports.forms_pdf.submission_pdf_bytes", refuse)
    return calls


def _case_file_url(case) -> str:
    return reverse("assessments:case_file_export", args=[case.pk])


def _submission_url(case, number: int = 1) -> str:
    return reverse("assessments:submission_pdf", args=[case.pk, number])


def _ask(client, url: str) -> CaseExport:
    response = client.get(url)
    assert response.status_code == 302
    match = re.search(r"/eksport/(\d+)/$", response["Location"])
    assert match, response["Location"]
    return CaseExport.objects.get(pk=int(match.group(1)))


def _urls(export: CaseExport) -> dict[str, str]:
    args = [export.case_id, export.pk]
    return {
        "page": reverse("assessments:export_status_page", args=args),
        "status": reverse("assessments:export_status", args=args),
        "download": reverse("assessments:export_download", args=args),
    }


# --- the request does not render ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["consultant", "supplier_user"])
def test_asking_for_the_case_file_writes_a_pending_row_and_renders_nothing(judged_case, client_for, who, no_rendering):
    export = _ask(client_for(who), _case_file_url(judged_case))
    assert no_rendering == []
    assert (export.status, export.attempts, export.file.name, export.kind) == ("pending", 0, "", "case_file")


def test_asking_for_the_submission_pdf_writes_a_pending_row_and_renders_nothing(
    judged_case, supplier_client, no_rendering
):
    export = _ask(supplier_client, _submission_url(judged_case))
    assert no_rendering == []
    assert (export.status, export.kind, export.submission.number) == ("pending", "submission_pdf", 1)


def test_the_page_says_the_file_is_being_made_and_updates_itself_through_a_static_script(judged_case, supplier_client):
    export = _ask(supplier_client, _case_file_url(judged_case))
    response = supplier_client.get(_urls(export)["page"])
    assert response.status_code == 202
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Vi danner filen …" in html
    assert f'data-status-url="{_urls(export)["status"]}"' in html
    assert "js/export_status.js" in html
    assert f'href="{_urls(export)["page"]}"' in html  # without JavaScript: reload
    assert 'role="status"' in html
    assert _urls(export)["download"] not in html
    # no inline script or handler added by this page (a CSP without 'unsafe-inline' is coming)
    assert not re.search(r"<script>(?!document\.documentElement|if \(window\.DKFDS)", html)
    assert " onclick=" not in html


def test_status_endpoint_says_pending_then_done_with_the_download_link(judged_case, supplier_client):
    export = _ask(supplier_client, _case_file_url(judged_case))
    urls = _urls(export)
    body = supplier_client.get(urls["status"]).json()
    assert (body["status"], body["done"], body["download_url"]) == ("pending", False, "")
    assert body["message"] == "Vi danner filen … Det tager normalt under et minut."

    case_export_render(pk=export.pk)

    body = supplier_client.get(urls["status"]).json()
    assert (body["status"], body["done"], body["download_url"]) == ("done", True, urls["download"])
    assert body["link_text"].startswith("Hent filen (")
    page = supplier_client.get(urls["page"])
    assert page.status_code == 200
    assert urls["download"] in page.content.decode()
    download = supplier_client.get(urls["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "manifest.json" in archive.namelist()
    assert f"sagsakter-{judged_case.reference}" in download["Content-Disposition"]


def test_download_before_the_file_is_ready_leads_back_to_the_page(judged_case, supplier_client):
    export = _ask(supplier_client, _case_file_url(judged_case))
    response = supplier_client.get(_urls(export)["download"])
    assert response.status_code == 302
    assert response["Location"] == _urls(export)["page"]


# --- one row per (case, variant, snapshot) ------------------------------------------------------------------


def test_asking_twice_while_nothing_changed_renders_once(judged_case, consultant_client):
    first = _ask(consultant_client, _case_file_url(judged_case))
    case_export_render(pk=first.pk)
    second = _ask(consultant_client, _case_file_url(judged_case))
    assert second.pk == first.pk
    assert CaseExport.objects.get(pk=first.pk).attempts == 1
    assert CaseExport.objects.filter(case=judged_case).count() == 1


def test_a_change_in_the_case_gives_a_new_export(judged_case, consultant_client, consultant):
    first = _ask(consultant_client, _case_file_url(judged_case))
    interview_note_add(
        case=judged_case, user=consultant, held_on=timezone.localdate(), form="video", participants="Leder", text="Ny"
    )
    second = _ask(consultant_client, _case_file_url(judged_case))
    assert second.pk != first.pk
    assert second.fingerprint != first.fingerprint


def test_each_user_gets_their_own_case_file_and_the_supplier_copy_is_its_own_variant(
    judged_case, client_for, consultant, supplier_user, colleague
):
    staff = _ask(client_for("consultant"), _case_file_url(judged_case))
    own = _ask(client_for("supplier_user"), _case_file_url(judged_case))
    other = _ask(client_for("colleague"), _case_file_url(judged_case))
    assert staff.variant == f"staff:{consultant.pk}"
    assert own.variant == f"supplier:{supplier_user.pk}"
    assert len({staff.pk, own.pk, other.pk}) == 3


def test_the_submission_pdf_is_one_row_per_submission_whoever_asks(judged_case, client_for):
    first = _ask(client_for("supplier_user"), _submission_url(judged_case))
    again = _ask(client_for("consultant"), _submission_url(judged_case))
    assert first.pk == again.pk
    case_export_render(pk=first.pk)
    for who in ("supplier_user", "consultant", "leader", "colleague"):
        response = client_for(who).get(_urls(first)["download"])
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_second_submission_has_its_own_pdf(requested_form, supplier_client, consultant, supplier_user):
    from assessments.services.information_form import answer_save, form_request_supplement, form_submit
    from targetgroups.models import FormQuestion

    fill_and_submit(requested_form, supplier_user)
    question = FormQuestion.objects.get(template=requested_form.template, key="borgere-hoejt")
    form_request_supplement(form=requested_form, user=consultant, comment="Uddyb.", items=[(question, "Tæl igen.")])
    answer = requested_form.answers.get(question=question)
    answer_save(form=requested_form, question=question, raw="14", user=supplier_user, expected_revision=answer.revision)
    form_submit(form=requested_form, user=supplier_user)
    case = requested_form.case
    first = _ask(supplier_client, _submission_url(case, 1))
    second = _ask(supplier_client, _submission_url(case, 2))
    assert first.pk != second.pk
    assert first.fingerprint != second.fingerprint


# --- who may follow and download an export ------------------------------------------------------------------

OUTSIDERS = ["other_supplier_user", "unassigned_consultant", "other_consultant", "other_leader", "fagadmin"]


# Rendering an export on a case in judgement is the expensive part: one export per kind, every outsider asked.
@pytest.mark.parametrize("kind", ["case_file", "submission_pdf"])
def test_people_outside_the_case_get_not_found_on_the_export_endpoints(judged_case, client_for, kind):
    url = _case_file_url(judged_case) if kind == "case_file" else _submission_url(judged_case)
    export = _ask(client_for("supplier_user"), url)
    case_export_render(pk=export.pk)
    got = {}
    for outsider in OUTSIDERS:
        client = client_for(outsider)
        got[(outsider, "ask")] = client.get(url).status_code
        for name, address in _urls(export).items():
            got[(outsider, name)] = client.get(address).status_code
        assert CaseExport.objects.filter(case=judged_case).count() == 1, outsider
    assert got == dict.fromkeys(got, 404)
    assert len(got) == len(OUTSIDERS) * (1 + len(_urls(export)))


def test_a_case_file_is_only_for_the_user_who_asked_for_it(judged_case, client_for):
    """The file holds what its asker may see and names them: another user asks for their own."""
    export = _ask(client_for("supplier_user"), _case_file_url(judged_case))
    case_export_render(pk=export.pk)
    got = {}
    for who in ("colleague", "consultant", "leader"):
        client = client_for(who)
        for name, address in _urls(export).items():
            got[(who, name)] = client.get(address).status_code
    assert got == dict.fromkeys(got, 404)
    assert len(got) == 3 * len(_urls(export))


def test_anonymous_is_sent_to_log_in_from_the_export_endpoints(judged_case, client_for, client):
    export = _ask(client_for("supplier_user"), _case_file_url(judged_case))
    client.logout()
    for address in _urls(export).values():
        response = client.get(address)
        assert response.status_code == 302
        assert "/konto/" in response["Location"]


# --- failures -----------------------------------------------------------------------------------------------


def test_a_failing_render_is_recorded_and_raised_and_the_last_attempt_alerts_the_asker_once(
    judged_case, supplier_client, supplier_user, monkeypatch
):
    export = _ask(supplier_client, _case_file_url(judged_case))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.casefile_zip.case_file_build", broken)
    with pytest.raises(RuntimeError):
        case_export_render(pk=export.pk)
    export.refresh_from_db()
    assert (export.status, export.attempts, export.last_error) == ("failed", 1, "RuntimeError: disk full")
    assert export.pk in exports_to_requeue(older_than_seconds=0)
    body = supplier_client.get(_urls(export)["status"]).json()
    assert body["gave_up"] is False
    assert "Vi prøver igen" in body["message"]

    CaseExport.objects.filter(pk=export.pk).update(attempts=EXPORT_MAX_ATTEMPTS - 1)
    with pytest.raises(RuntimeError):
        case_export_render(pk=export.pk)
    export.refresh_from_db()
    assert export_gave_up(export)
    assert export.pk not in exports_to_requeue(older_than_seconds=0)
    alerts = judged_case.notifications.filter(kind="case_export_failed")
    assert list(alerts.values_list("recipient", flat=True)) == [supplier_user.pk]
    assert "Sagens akter (ZIP)" in alerts.get().body_text
    page = supplier_client.get(_urls(export)["page"])
    assert page.status_code == 200
    assert "Filen kunne ikke dannes" in page.content.decode()


def test_a_case_file_whose_asker_lost_their_part_is_not_rendered_or_retried(judged_case, client_for, supplier_user):
    export = _ask(client_for("supplier_user"), _case_file_url(judged_case))
    supplier_user.suppliers.clear()
    result = case_export_render(pk=export.pk)
    assert result is not None
    assert (result.status, result.file.name) == ("failed", "")
    assert export.pk not in exports_to_requeue(older_than_seconds=0)


def test_a_broker_outage_does_not_fail_the_request_and_the_sweep_picks_the_row_up(
    judged_case, supplier_client, django_capture_on_commit_callbacks
):
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = _ask(supplier_client, _case_file_url(judged_case))
    assert callbacks  # the queueing was tried, against a closed port
    assert export.status == "pending"
    assert exports_to_requeue() == []  # a fresh row has its own task on the way
    CaseExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert exports_to_requeue() == [export.pk]


def test_asking_costs_a_fixed_number_of_queries_however_much_the_case_holds(
    judged_case, consultant_client, consultant, django_assert_max_num_queries
):
    """The snapshot is aggregates, not the documents: more notes and submissions do not cost more queries."""
    with django_assert_max_num_queries(40) as small:
        _ask(consultant_client, _case_file_url(judged_case))
    for n in range(5):
        interview_note_add(
            case=judged_case, user=consultant, held_on=timezone.localdate(), form="video", participants="L", text=f"{n}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        _ask(consultant_client, _case_file_url(judged_case))
