"""`manage.py seed_scale` at a tiny scale: the shape of the national dataset, its rules, and its reproducibility."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from assessments.domain.workflow import OPEN_STATES, State
from assessments.models import Case, Decision, DecisionReport, ParameterJudgement, ReconciledParameter
from assessments.selectors.reassessment import current_decisions
from demo.scale.decision_steps import SYNTHETIC_REPORT_LINES, synthetic_report_pdf
from demo.scale.generate import Sizes
from demo.scale.orgs import SUPPLIER_PORTAL_BASE
from suppliers.models import Department, Supplier
from targetgroups.domain.model import SUPPLIER_PARAMETERS, Level
from targetgroups.domain.placement import place
from targetgroups.models import TargetGroup, VersionStatus

from .shared_db import shared_transaction

pytestmark = pytest.mark.django_db

SCALE = 0.002
SIZES = Sizes.at(SCALE)

# Natural keys only (references, usernames, CVR numbers), so ids handed out by sequences do not matter.
CHECKSUM_SQL = """
SELECT md5(string_agg(row, '|' ORDER BY row)) FROM (
    SELECT concat_ws(',', c.reference, c.state, c.kind, s.cvr, d.name, tg.slug, c.opened_at, p.username,
                     l.username, pc.reference) AS row
    FROM assessments_case c JOIN suppliers_supplier s ON s.id = c.supplier_id AND s.tilbudsportal_id >= 5000000
    LEFT JOIN suppliers_department d ON d.id = c.department_id
    JOIN targetgroups_targetgroup tg ON tg.id = c.target_group_id
    JOIN accounts_user p ON p.id = c.primary_consultant_id JOIN accounts_user l ON l.id = c.leader_id
    LEFT JOIN assessments_case pc ON pc.id = c.previous_case_id
    UNION ALL
    SELECT concat_ws(',', c.reference, x.level, x.valid_from, x.valid_until, x.remedy_until, x.parameters::text)
    FROM assessments_decision x JOIN assessments_case c ON c.id = x.case_id
    JOIN suppliers_supplier s ON s.id = c.supplier_id AND s.tilbudsportal_id >= 5000000
    UNION ALL
    SELECT concat_ws(',', c.reference, u.username, pj.parameter, pj.level)
    FROM assessments_parameterjudgement pj JOIN assessments_judgement j ON j.id = pj.judgement_id
    JOIN assessments_case c ON c.id = j.case_id JOIN accounts_user u ON u.id = j.author_id
    JOIN suppliers_supplier s ON s.id = c.supplier_id AND s.tilbudsportal_id >= 5000000
    UNION ALL
    SELECT concat_ws(',', c.reference, n.kind, u.username, n.subject, n.created_at)
    FROM notifications_notification n JOIN assessments_case c ON c.id = n.case_id
    JOIN suppliers_supplier s ON s.id = c.supplier_id AND s.tilbudsportal_id >= 5000000
    JOIN accounts_user u ON u.id = n.recipient_id
    UNION ALL
    SELECT concat_ws(',', c.reference, a.action, a.summary, a.at)
    FROM audit_auditentry a JOIN assessments_case c ON c.id = a.case_id
    JOIN suppliers_supplier s ON s.id = c.supplier_id AND s.tilbudsportal_id >= 5000000
) rows
"""


def _checksum() -> str:
    with connection.cursor() as cursor:
        cursor.execute(CHECKSUM_SQL)
        return cursor.fetchone()[0]


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_scale", "--scale", str(SCALE), "--seed", "7", *args, stdout=out)
    return out.getvalue()


def _bulk_cases():
    return Case.objects.filter(supplier__tilbudsportal_id__gte=SUPPLIER_PORTAL_BASE)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seed (it takes many seconds) for the tests below; its output. Rolled back after the last of them."""
    with shared_transaction(django_db_blocker):
        yield _seed()


def test_seed_scale_builds_the_national_shape_keeps_the_rules_and_repeats_itself(seeded):
    output = seeded
    assert "Færdig" in output

    # Sizes and proportions.
    assert Supplier.objects.filter(tilbudsportal_id__gte=SUPPLIER_PORTAL_BASE).count() == SIZES.suppliers
    assert Department.objects.filter(supplier__tilbudsportal_id__gte=SUPPLIER_PORTAL_BASE).count() == (
        SIZES.departments
    )
    cases = _bulk_cases()
    decided = cases.in_states({State.AFGJORT, State.KLAGE})
    assert decided.count() == SIZES.decided
    assert cases.open().count() == SIZES.open
    assert {c.state for c in cases.open()} == {s.value for s in OPEN_STATES}
    assert set(cases.values_list("target_group", flat=True)) <= set(TargetGroup.objects.values_list("pk", flat=True))
    assert cases.filter(previous_case__isnull=False).exists()
    assert Decision.objects.filter(case__in=decided).count() == SIZES.decided
    # Two submitted independent judgements of eight parameters on every decided case.
    judged = ParameterJudgement.objects.filter(judgement__case__in=decided, judgement__submitted_at__isnull=False)
    assert judged.count() == SIZES.decided * 2 * 8
    assert current_decisions().filter(case__in=decided).exists()

    # Every case binds published versions of its own target group.
    for case in cases.select_related("description", "guide", "form_template", "rule"):
        for version in (case.description, case.guide, case.form_template):
            assert version.target_group_id == case.target_group_id
            assert version.status != VersionStatus.DRAFT
        assert case.rule.status != VersionStatus.DRAFT

    # The placement of each decided case is place() of its reconciled levels under the case's rule.
    levels: dict[int, dict[str, int]] = {}
    for rp in ReconciledParameter.objects.filter(case__in=decided):
        levels.setdefault(rp.case_id, {})[rp.parameter] = rp.level
    for decision in Decision.objects.filter(case__in=decided).select_related("case__rule"):
        reconciled = [Level(levels[decision.case_id][p.value]) for p in SUPPLIER_PARAMETERS]
        placement = place(reconciled, decision.case.rule.settings())
        assert decision.level == int(placement.level)
        assert decision.explanation == placement.explanation

    # A second run refuses while the data is there; with --reset and the same seed it writes the same data.
    first = _checksum()
    with pytest.raises(CommandError):
        _seed()
    _seed("--reset")
    assert _checksum() == first


def test_a_copy_that_fails_in_the_writer_thread_fails_the_run(seeded):
    """The COPY thread's error reaches the main thread (at the next batch or at the end), so a run never commits
    with a batch missing."""
    from django.db import transaction

    from demo.scale.copy import CopyWriter, Table

    table = Table("suppliers_socialtilsyn", ("code", "name", "host_municipality", "email"))
    taken = Supplier.objects.filter(tilbudsportal_id__gte=SUPPLIER_PORTAL_BASE).first().socialtilsyn
    table.add("ny", taken.name, "Ny kommune", "ny@example.org")  # the name is unique: the COPY fails

    def write_in_thread() -> None:
        with transaction.atomic():
            writer = CopyWriter()
            try:
                writer.submit([(table, table.take())])
                writer.drain()
            finally:
                writer.close()

    with pytest.raises(Exception, match="suppliers_socialtilsyn_name_key"):
        write_in_thread()
    assert table.written == 0
    assert Supplier.objects.filter(tilbudsportal_id__gte=SUPPLIER_PORTAL_BASE).count() == SIZES.suppliers


def test_every_synthetic_decision_report_downloads_the_placeholder(seeded, client):
    """The scale seed's decisions have a report file that downloads: one placeholder PDF that says the data are
    synthetic, written once through the storage API (not a row pointing at a file that does not exist)."""
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
