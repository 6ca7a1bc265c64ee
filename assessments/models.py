"""A case (sag): the assessment of one supplier or department for one target group, and what it collects.

The case binds the versions of description, guide, form template and placement rule that were in
force the day it opened. Its state moves only through assessments.services.case_transition, which
looks the move up in assessments.domain.workflow.TRANSITIONS.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from targetgroups.models import SupplierParameterChoices

from .domain.workflow import OPEN_STATES, State

# The states in which a case still holds its subject (supplier or department, and target group).
OPEN_STATE_VALUES = sorted(state.value for state in OPEN_STATES)


class StateChoices(models.TextChoices):
    OPRETTET = State.OPRETTET.value, _("Oprettet")
    OPLYSNINGER_ANMODET = State.OPLYSNINGER_ANMODET.value, _("Oplysninger anmodet")
    OPLYSNINGER_MODTAGET = State.OPLYSNINGER_MODTAGET.value, _("Oplysninger modtaget")
    SUPPLERING = State.SUPPLERING.value, _("Supplering anmodet")
    VURDERING = State.VURDERING.value, _("Vurdering")
    AFSTEMNING = State.AFSTEMNING.value, _("Afstemning")
    TIL_GODKENDELSE = State.TIL_GODKENDELSE.value, _("Til godkendelse")
    RETURNERET = State.RETURNERET.value, _("Returneret af leder")
    PARTSHOERING = State.PARTSHOERING.value, _("Partshøring")
    AFGJORT = State.AFGJORT.value, _("Afgjort")
    KLAGE = State.KLAGE.value, _("Klage under behandling")
    ANNULLERET = State.ANNULLERET.value, _("Annulleret")


class Case(models.Model):
    """A sag about one supplier (or one of its departments) and one target group."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Første vurdering")
        SCHEDULED = "scheduled", _("Planlagt genvurdering")
        TRIGGERED = "triggered", _("Genvurdering efter ændring")

    class Mode(models.TextChoices):
        DOUBLE_BLIND = "double_blind", _("To uafhængige vurderinger, derefter afstemning")
        REVIEW = "review", _("Én vurderer, den anden gennemgår hver parameter")

    reference = models.CharField(_("sagsnummer"), max_length=30, unique=True)
    kind = models.CharField(_("sagstype"), max_length=20, choices=Kind.choices, default=Kind.FIRST)
    mode = models.CharField(_("arbejdsform"), max_length=20, choices=Mode.choices, default=Mode.DOUBLE_BLIND)
    state = models.CharField(_("status"), max_length=30, choices=StateChoices.choices, default=State.OPRETTET.value)
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey(
        "suppliers.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("Tom: hele leverandøren vurderes."),
    )
    target_group = models.ForeignKey("targetgroups.TargetGroup", on_delete=models.PROTECT, related_name="cases")
    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.PROTECT, related_name="cases")
    # The versions in force when the case opened.
    description = models.ForeignKey("targetgroups.TargetGroupDescription", on_delete=models.PROTECT, related_name="+")
    guide = models.ForeignKey("targetgroups.AssessmentGuide", on_delete=models.PROTECT, related_name="+")
    form_template = models.ForeignKey("targetgroups.FormTemplate", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey("targetgroups.PlacementRule", on_delete=models.PROTECT, related_name="+")
    primary_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_primary",
        verbose_name=_("primær konsulent"),
    )
    second_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_second",
        verbose_name=_("anden konsulent"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_as_leader", verbose_name=_("leder")
    )
    previous_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("forrige sag"),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Starts at 1; every change to a reconciled parameter after confirmation (return, revision) adds one.
    reconciliation_round = models.PositiveSmallIntegerField(default=1)
    opened_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("status ændret"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        constraints = [
            # Four eyes: two different consultants, and a leader who is neither of them.
            models.CheckConstraint(
                condition=~Q(primary_consultant=F("second_consultant")), name="case_two_consultants"
            ),
            models.CheckConstraint(
                condition=~Q(leader=F("primary_consultant")) & ~Q(leader=F("second_consultant")),
                name="case_leader_is_neither_consultant",
            ),
            # One assessment at a time per subject, even when two people open one at the same moment. An empty
            # department means the whole supplier, so NULLs must count as equal here (PostgreSQL 15+).
            models.UniqueConstraint(
                fields=["supplier", "department", "target_group"],
                condition=Q(state__in=OPEN_STATE_VALUES),
                nulls_distinct=False,
                name="case_one_open_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["supplier", "target_group"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def subject_name(self) -> str:
        """The supplier, or 'supplier – department' when one department is assessed."""
        return str(self.department) if self.department_id else self.supplier.name


class InformationForm(models.Model):
    """The oplysningsskema of a case: the supplier's answers, kept apart from the consultants' judgements."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under udfyldelse")
        SUBMITTED = "submitted", _("Indsendt")
        SUPPLEMENT = "supplement", _("Supplering anmodet")
        ACCEPTED = "accepted", _("Godkendt")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="information_form")
    template = models.ForeignKey("targetgroups.FormTemplate", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("frist"))
    requested_at = models.DateTimeField(_("anmodet"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("besked til leverandøren"), blank=True)
    reused_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genbrugt fra"),
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("godkendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("oplysningsskema")
        verbose_name_plural = _("oplysningsskemaer")

    def __str__(self) -> str:
        return f"Oplysningsskema {self.case.reference}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.SUPPLEMENT)


class Answer(models.Model):
    """The current answer to one question. `revision` counts saves, so a stale save can be detected."""

    form = models.ForeignKey(InformationForm, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("targetgroups.FormQuestion", on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("svar"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    carried_over = models.BooleanField(
        _("overført fra sidste skema"),
        default=False,
        help_text=_("Sat, når svaret er hentet fra sidste indsendte skema og endnu ikke bekræftet."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [models.UniqueConstraint(fields=["form", "question"], name="answer_one_per_question")]

    def __str__(self) -> str:
        return f"{self.question.key} (rev. {self.revision})"


class AnswerRevision(models.Model):
    """Every saved value of an answer, so earlier versions stay viewable."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    value = models.JSONField(null=True, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "-revision"]
        constraints = [models.UniqueConstraint(fields=["answer", "revision"], name="answerrevision_unique")]

    def __str__(self) -> str:
        return f"{self.answer} rev. {self.revision}"


class Submission(models.Model):
    """A submitted snapshot of the whole form: the answers as they stood at that moment."""

    form = models.ForeignKey(InformationForm, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()

    class Meta:
        ordering = ["form", "number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="submission_unique_number")]

    def __str__(self) -> str:
        return f"{self.form} – indsendelse {self.number}"


class SupplementRequest(models.Model):
    """The consultant's request to amend named questions of a submitted form."""

    form = models.ForeignKey(InformationForm, on_delete=models.PROTECT, related_name="supplement_requests")
    comment = models.TextField(_("kommentar"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["form", "-created_at"]

    def __str__(self) -> str:
        return f"Supplering {self.created_at:%Y-%m-%d}"


class SupplementItem(models.Model):
    request = models.ForeignKey(SupplementRequest, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey("targetgroups.FormQuestion", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("hvad mangler"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "question"], name="supplementitem_unique")]

    def __str__(self) -> str:
        return str(self.question)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is the content hash, never the user's file name.
    return f"forms/{instance.answer.form_id}/{instance.sha256}"


class Attachment(models.Model):
    """A file uploaded to a file question. Stored outside the web root; served only through a checked view."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "uploaded_at"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.original_name


class LevelChoices(models.IntegerChoices):
    LET = 1, _("Let")
    MODERAT = 2, _("Moderat")
    HOEJT = 3, _("Højt")


class Judgement(models.Model):
    """One consultant's judgement of the eight parameters in a case.

    In double-blind mode both consultants write one each, and neither may see the other's until both are
    submitted. In review mode the primary consultant judges and the second reviews each parameter
    (ParameterJudgement.review_*). The original pair is kept for the agreement statistics.
    """

    class Kind(models.TextChoices):
        INDEPENDENT = "independent", _("Uafhængig vurdering")
        REVIEW = "review", _("Gennemgang af kollegas vurdering")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="judgements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judgements")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INDEPENDENT)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("afgivet"), null=True, blank=True)

    class Meta:
        ordering = ["case", "created_at"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [models.UniqueConstraint(fields=["case", "author"], name="judgement_one_per_consultant")]

    def __str__(self) -> str:
        return f"{self.case} – {self.author}"


class CitesEvidence(models.Model):
    """The evidence a judgement rests on: supplier answers, guide criteria and description boxes."""

    cited_questions = models.ManyToManyField("targetgroups.FormQuestion", blank=True, related_name="+")
    cited_criteria = models.ManyToManyField("targetgroups.GuideCriterion", blank=True, related_name="+")
    cited_cells = models.ManyToManyField("targetgroups.DescriptionCell", blank=True, related_name="+")

    class Meta:
        abstract = True


class ParameterJudgement(CitesEvidence):
    """The level one consultant finds a parameter met at, with the reasons and the evidence cited."""

    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="parameters")
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=LevelChoices.choices, null=True, blank=True)
    reasons = models.TextField(_("begrundelse"), blank=True)
    # Review mode: the second consultant's view of this parameter.
    review_agrees = models.BooleanField(_("enig"), null=True, blank=True)
    review_reasons = models.TextField(_("bemærkning fra gennemgang"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["judgement", "id"]
        constraints = [models.UniqueConstraint(fields=["judgement", "parameter"], name="parameterjudgement_unique")]

    def __str__(self) -> str:
        return f"{self.get_parameter_display()}: {self.get_level_display() if self.level else '–'}"


class ReconciledParameter(CitesEvidence):
    """The agreed level and reasons of one parameter after reconciliation; the placement is computed from these."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reconciled")
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices)
    level = models.PositiveSmallIntegerField(_("aftalt niveau"), choices=LevelChoices.choices)
    reasons = models.TextField(_("begrundelse"))
    agreed_from_start = models.BooleanField(
        default=False, help_text=_("Begge konsulenter vurderede samme niveau uafhængigt af hinanden.")
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "parameter"], name="reconciled_unique")]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_parameter_display()} = {self.get_level_display()}"


class ReconciliationConfirmation(models.Model):
    """A consultant's confirmation of the reconciled result. Any change to a parameter starts a new round."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="confirmations")
    round = models.PositiveSmallIntegerField()
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "round", "consultant"], name="confirmation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.case} runde {self.round}: {self.consultant}"


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


class InterviewNote(models.Model):
    """A dated note from the follow-up interview. No citizen data (checked for CPR numbers)."""

    class Form(models.TextChoices):
        VIDEO = "video", _("Video")
        ON_SITE = "on_site", _("Besøg på stedet")
        PHONE = "phone", _("Telefon")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interview_notes")
    held_on = models.DateField(_("dato"))
    form = models.CharField(_("mødeform"), max_length=20, choices=Form.choices)
    participants = models.CharField(_("deltagere"), max_length=500)
    text = models.TextField(_("noter"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-held_on"]
        verbose_name = _("interviewnote")
        verbose_name_plural = _("interviewnoter")

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.held_on:%d-%m-%Y}"


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


class ChangeNotice(HandledBySocialtilsyn):
    """An ændringsanmeldelse: the supplier reports a material change; a consultant decides what follows."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Afventer vurdering")
        REASSESS = "reassess", _("Genvurdering åbnet")
        NO_ACTION = "no_action", _("Giver ikke anledning til genvurdering")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="change_notices")
    text = models.TextField(_("hvad har ændret sig"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    follow_up_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ændringsanmeldelse")
        verbose_name_plural = _("ændringsanmeldelser")

    def __str__(self) -> str:
        return f"Ændring i {self.case} {self.submitted_at:%d-%m-%Y}"


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
