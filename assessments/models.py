"""A case (sag): the assessment of one supplier or department for one target group, and what it collects.

The case binds the versions of description, guide, form template and placement rule that were in
force the day it opened. Its state moves only through assessments.services.case_transition, which
looks the move up in assessments.domain.workflow.TRANSITIONS.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

from .domain.workflow import State


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
