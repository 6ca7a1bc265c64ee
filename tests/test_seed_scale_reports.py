"""The scale seed's decisions have a report file that downloads: one placeholder PDF that says the data are
synthetic, written once through the storage API (not a row pointing at a file that does not exist)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import DecisionReport
from demo.scale.decision_steps import SYNTHETIC_REPORT_LINES, synthetic_report_pdf

pytestmark = pytest.mark.django_db


def test_every_synthetic_decision_report_downloads_the_placeholder(client):
    call_command("seed_scale", "--scale", "0.002", "--seed", "7", stdout=StringIO())
    reports = DecisionReport.objects.filter(decision__case__supplier__tilbudsportal_id__gte=5000000)
    assert reports.count() > 0
    data = synthetic_report_pdf()
    digest = hashlib.sha256(data).hexdigest()
    # one file for all of them, content-addressed and with the true digest and size
    assert set(reports.values_list("file", "sha256", "size", "status")) == {
        (f"decisions/synthetic/benchmark-{digest}.pdf", digest, len(data), "done")
    }
    report = reports.select_related("decision__case__primary_consultant").first()
    with report.file.open("rb") as handle:
        assert handle.read() == data
    case = report.decision.case
    client.force_login(case.primary_consultant)
    response = client.get(reverse("assessments:decision_pdf", args=[case.pk, report.decision.version]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert body == data
    assert b"Syntetiske benchmarkdata" in body
    assert SYNTHETIC_REPORT_LINES[1].encode("cp1252") in body
