"""Exports of a case (aktindsigt ZIP, submitted-form PDF): an outbox row and, once rendered, the file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.cases import Case
from assessments.models.information_form import Submission
from privacy.storage import private_storage


def export_path(instance: "CaseExport", filename: str) -> str:
    # Named by row and content: a stored export is never overwritten, and a rerun finds its own file.
    extension = ".zip" if instance.kind == CaseExport.Kind.CASE_FILE else ".pdf"
    return f"exports/{instance.case_id}/{instance.pk}-{instance.sha256}{extension}"


class CaseExport(models.Model):
    """The outbox row and, once rendered, the file of an export too slow to build in a web request.

    Two kinds: the case file as a ZIP (aktindsigt) and a submitted oplysningsskema as PDF. There is one row
    per (case, kind, variant, fingerprint): the variant says whose copy it is (the case file holds what the
    asking user may see, so its variant names the scope and the user; a submission's PDF is the same for
    everyone who may see the case), the fingerprint what the case held when it was asked for. Asking again
    while nothing changed finds the same row and renders nothing. A Celery task renders it; a periodic
    sweep re-queues rows left pending or failed (broker down, worker killed).
    """

    class Kind(models.TextChoices):
        CASE_FILE = "case_file", _("Sagens akter (ZIP)")
        SUBMISSION_PDF = "submission_pdf", _("Indsendt oplysningsskema (PDF)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Fejlet")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    variant = models.CharField(max_length=60)
    fingerprint = models.CharField(max_length=64)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    file = models.FileField(storage=private_storage, upload_to=export_path, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        indexes = [
            models.Index(fields=["status"], condition=~Q(status="done"), name="caseexport_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "variant", "fingerprint"], name="caseexport_one_per_snapshot"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")), name="caseexport_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(kind="submission_pdf") | Q(submission__isnull=False), name="caseexport_pdf_has_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case} ({self.variant})"
