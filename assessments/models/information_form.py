"""The oplysningsskema of a case: answers, their history, submissions, supplement requests, attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.cases import Case
from privacy.storage import private_storage


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
        # The deadline sweep and the dashboards: the open forms, by deadline.
        indexes = [models.Index(fields=["status", "deadline"], name="form_status_deadline")]

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
