"""The nightly summary behind the process figures (sagsforløb): time spent in each case state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StateDurationSummary(models.Model):
    """Median and 90th percentile of the time cases spent in one state, for one look-back period, per socialtilsyn
    and target group (NULL: all of them together). Written whole by
    assessments.services.process.process_summary_refresh (nightly, and after seed_scale): computing the
    percentiles from the audit trail takes seconds at national scale, reading them here takes one index lookup."""

    period_months = models.PositiveSmallIntegerField()
    socialtilsyn = models.ForeignKey(
        "suppliers.Socialtilsyn", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_group = models.ForeignKey(
        "targetgroups.TargetGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=30)
    spells = models.PositiveIntegerField()
    median_seconds = models.FloatField()
    p90_seconds = models.FloatField()
    since = models.DateTimeField(_("forløb afsluttet siden"))
    refreshed_at = models.DateTimeField(_("opdateret"))

    class Meta:
        verbose_name = _("opgørelse af tid i status")
        verbose_name_plural = _("opgørelser af tid i status")
        constraints = [
            # one row per figure; the page reads a period and a target group (or NULL), all socialtilsyn or one
            models.UniqueConstraint(
                fields=["period_months", "target_group", "socialtilsyn", "state"],
                nulls_distinct=False,
                name="stateduration_one_per_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state} ({self.period_months} mdr.)"


class ReassessmentDueSummary(models.Model):
    """How many decisions in force end in one month of the twelve from the refresh day's month (when their
    genvurdering must be done), per socialtilsyn and target group (NULL: all target groups). Written whole by
    assessments.services.process.process_summary_refresh together with StateDurationSummary."""

    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey(
        "targetgroups.TargetGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("måned"))
    decisions = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(_("opdateret"))

    class Meta:
        verbose_name = _("opgørelse af genvurderinger")
        verbose_name_plural = _("opgørelser af genvurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["target_group", "socialtilsyn", "month"],
                nulls_distinct=False,
                name="reassessmentdue_one_per_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.decisions}"
