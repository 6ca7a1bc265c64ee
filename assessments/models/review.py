"""The consultants' review: blind judgements, the reconciled result, confirmations and interview notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.cases import Case
from targetgroups.models import SupplierParameterChoices


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
