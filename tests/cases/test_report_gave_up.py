"""When a decision report keeps failing, the last attempt tells the consultant and the download page says so."""

import pytest
from django.urls import reverse

from assessments.models import DecisionReport
from assessments.selectors.exports import REPORT_MAX_ATTEMPTS, report_gave_up, reports_to_requeue
from assessments.services import reports as report_services

from .helpers import decide

pytestmark = pytest.mark.django_db


def test_last_failed_attempt_alerts_the_primary_consultant_once(
    requested_form, supplier_user, consultant, second_consultant, leader, monkeypatch, client
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    report = DecisionReport.objects.get(decision=decision)
    DecisionReport.objects.filter(pk=report.pk).update(attempts=REPORT_MAX_ATTEMPTS - 1)

    def broken(decision):
        raise RuntimeError("font missing")

    monkeypatch.setattr("reports.decision_pdf.decision_pdf_bytes", broken)
    with pytest.raises(RuntimeError):
        report_services.decision_report_render(pk=report.pk)
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.FAILED
    assert report_gave_up(report)
    assert report.pk not in reports_to_requeue(older_than_seconds=0)
    alerts = decision.case.notifications.filter(kind="decision_report_failed")
    assert list(alerts.values_list("recipient", flat=True)) == [consultant.pk]

    client.force_login(supplier_user)
    response = client.get(reverse("assessments:decision_pdf", args=[decision.case.pk, decision.version]))
    assert response.status_code == 202
    assert "kunne ikke dannes" in response.content.decode()
