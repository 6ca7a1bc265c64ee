"""Change notices (ændringsanmeldelser) that may lead to a re-assessment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.cases import Case
from assessments.models.decisions import HandledBySocialtilsyn


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
