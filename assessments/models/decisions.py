"""Sign-off, hearing, decision and appeal, and the archived decision report."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.cases import Case
from assessments.models.review import LevelChoices
from privacy.storage import private_storage
from targetgroups.models import SupplierParameterChoices


class SignOff(models.Model):
    """The leader's quality assurance of a reconciled result: approve, or return with comments per parameter."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="signoffs")
    round = models.PositiveSmallIntegerField()
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField()
    comment = models.TextField(_("kommentar"), blank=True)
    parameter_comments = models.JSONField(_("kommentarer pr. parameter"), default=dict, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "decided_at"]

    def __str__(self) -> str:
        return f"{self.case}: {'godkendt' if self.approved else 'returneret'}"


class Hearing(models.Model):
    """Partshøring: the supplier sees the draft result with reasons and may comment until the deadline."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    draft = models.JSONField(
        help_text=_("Udkastet, som leverandøren blev hørt over (niveauer, begrundelser, indplacering).")
    )
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateField(_("høringsfrist"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "started_at"]
        # The process figures count the open hearings past their deadline (the decisions that are due).
        indexes = [models.Index(fields=["deadline"], condition=Q(closed_at__isnull=True), name="hearing_open_deadline")]

    def __str__(self) -> str:
        return f"Partshøring {self.case} til {self.deadline:%d-%m-%Y}"


class HearingComment(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices, blank=True)
    text = models.TextField(_("bemærkning"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hearing", "created_at"]

    def __str__(self) -> str:
        return f"Bemærkning fra {self.author}"


class Decision(models.Model):
    """An afgørelse. Changing it after an appeal makes a new version; old versions stay."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField(default=1)
    level = models.PositiveSmallIntegerField(_("specialiseringsniveau"), choices=LevelChoices.choices)
    explanation = models.CharField(_("indplacering"), max_length=300)
    rule = models.ForeignKey("targetgroups.PlacementRule", on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField(help_text=_("Niveau, begrundelse og evidens pr. parameter, som afgjort."))
    hearing_summary = models.TextField(_("resumé af partshøringen"), blank=True)
    valid_from = models.DateField(_("gælder fra"))
    valid_until = models.DateField(_("gælder til"))
    remedy_until = models.DateField(_("frist for at rette op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "version"]
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="decision_unique_version"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="decision_valid_period"),
        ]
        # The genvurdering sweep and the leader's expired decisions look decisions up by their end date; the
        # process figures count them with the newest-version check read off the index too (no heap visits).
        indexes = [models.Index(fields=["valid_until"], include=["case", "version"], name="decision_valid_until")]

    def __str__(self) -> str:
        return f"Afgørelse {self.case} v{self.version}"


class HandledBySocialtilsyn(models.Model):
    """Something the supplier sent that the socialtilsyn takes a reasoned position on (appeal, change notice)."""

    outcome_reasons = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def mark_handled(self, *, outcome: str, reasons: str, user) -> None:
        """Record the outcome with its reasons, who decided and when (the caller saves)."""
        self.outcome = outcome
        self.outcome_reasons = reasons.strip()
        self.handled_by = user
        self.handled_at = timezone.now()


class Appeal(HandledBySocialtilsyn):
    """A klage over a decision, and how the socialtilsyn dealt with it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under behandling")
        CHANGED = "changed", _("Afgørelsen ændres")
        UPHELD = "upheld", _("Afgørelsen fastholdes og sendes til Ankestyrelsen")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    reasons = models.TextField(_("begrundelse for klagen"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    forwarded_at = models.DateTimeField(_("sendt til Ankestyrelsen"), null=True, blank=True)

    class Meta:
        ordering = ["decision", "submitted_at"]
        constraints = [
            # A decision version is appealed once: an upheld appeal goes on to Ankestyrelsen, a changed one
            # leads to a new decision version, which may be appealed in its turn.
            models.UniqueConstraint(fields=["decision"], name="appeal_one_per_decision"),
        ]

    def __str__(self) -> str:
        return f"Klage over {self.decision}"


def report_path(instance: "DecisionReport", filename: str) -> str:
    # Content-addressed and never reused: a stored report is never overwritten.
    return f"decisions/{instance.decision.case_id}/v{instance.decision.version}-{instance.sha256}.pdf"


class DecisionReport(models.Model):
    """The outbox row and, once rendered, the archived PDF/A of a decision version.

    Written in the transaction that makes the decision, so a report is never forgotten: a Celery task
    renders it, and a periodic sweep re-queues rows left pending or failed (broker down, worker killed).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Fejlet")

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="report")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    file = models.FileField(storage=private_storage, upload_to=report_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("afgørelsesrapport")
        verbose_name_plural = _("afgørelsesrapporter")
        indexes = [
            models.Index(fields=["status"], condition=~Q(status="done"), name="decisionreport_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")), name="decisionreport_done_has_file"
            )
        ]

    def __str__(self) -> str:
        return f"Rapport for {self.decision}"
