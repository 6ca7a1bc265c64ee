"""The agreement summary: the confusion tables of the original independent judgements, kept up to date in SQL.

One row per (socialtilsyn, target group, guide version, half-year, parameter) holding that group's 3 × 3
confusion table as nine counts: `n12` is the number of double-blind cases in which the consultant who submitted
first judged the parameter at level 1 and the other at level 2 ("first" is the judgement submitted first, the
lower id on a tie). The half-year is the one in which the second judgement was submitted (Danish time).

Written only by assessments.services.agreement: a case's pairs are added in the transaction that submits its
second independent judgement, and `manage.py rebuild_agreement_summary` recounts everything from the judgement
rows. The statistics pages read nothing else, so they cost the same at every number of cases (a few thousand
rows at national scale: 5 socialtilsyn × target groups × guide versions × half-years × 8 parameters).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targetgroups.models import SupplierParameterChoices

# The nine count columns, row by row: CELLS[3 * (first - 1) + (second - 1)] for levels 1..3.
CELLS = ("n11", "n12", "n13", "n21", "n22", "n23", "n31", "n32", "n33")


def _count() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0)


class AgreementSummary(models.Model):
    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey("targetgroups.TargetGroup", on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey("targetgroups.AssessmentGuide", on_delete=models.CASCADE, related_name="+")
    half_year = models.DateField(_("halvår"), help_text=_("1. januar eller 1. juli"))
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices)
    n11 = _count()
    n12 = _count()
    n13 = _count()
    n21 = _count()
    n22 = _count()
    n23 = _count()
    n31 = _count()
    n32 = _count()
    n33 = _count()

    class Meta:
        verbose_name = _("enighedsoversigt")
        verbose_name_plural = _("enighedsoversigter")
        constraints = [
            # ON CONFLICT in assessments.services.agreement names this constraint; a leader's scope (one
            # socialtilsyn) reads its leading column
            models.UniqueConstraint(
                fields=["socialtilsyn", "target_group", "guide", "half_year", "parameter"],
                name="agreementsummary_unique",
            ),
        ]
        indexes = [
            # the first and last half-year with data (min/max read from an index end), for everyone and a leader
            models.Index(fields=["half_year"], name="agreementsummary_half_year"),
            models.Index(fields=["socialtilsyn", "half_year"], name="agreementsummary_tilsyn_half"),
            models.Index(fields=["target_group", "half_year"], name="agreementsummary_group"),
            models.Index(fields=["guide"], name="agreementsummary_guide"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter} {self.half_year}: {[getattr(self, c) for c in CELLS]}"


class CalibrationCitation(models.Model):
    """What the consultants cited when they disagreed: per (socialtilsyn, target group, guide version, half-year,
    parameter) and guide criterion or description box, the original pairs disagreeing on that parameter in which
    at least one of the two cited it (`pairs`) and how many of the two judgements did (`citations`).

    Kept with AgreementSummary, by the same service and at the same moment (citations never change after the
    judgement is submitted); the calibration page reads only this.
    """

    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey("targetgroups.TargetGroup", on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey("targetgroups.AssessmentGuide", on_delete=models.CASCADE, related_name="+")
    half_year = models.DateField(_("halvår"))
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices)
    criterion = models.ForeignKey(
        "targetgroups.GuideCriterion", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cell = models.ForeignKey(
        "targetgroups.DescriptionCell", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pairs = models.PositiveIntegerField(default=0)
    citations = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("citering ved uenighed")
        verbose_name_plural = _("citeringer ved uenighed")
        constraints = [
            # ON CONFLICT in assessments.services.agreement names this constraint (NULLS NOT DISTINCT: one of
            # criterion and cell is always empty)
            models.UniqueConstraint(
                fields=["socialtilsyn", "target_group", "guide", "half_year", "parameter", "criterion", "cell"],
                name="calibrationcitation_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(criterion__isnull=True, cell__isnull=False) | Q(criterion__isnull=False, cell__isnull=True),
                name="calibrationcitation_one_item",
            ),
        ]
        indexes = [models.Index(fields=["parameter", "socialtilsyn"], name="calibrationcitation_parameter")]

    def __str__(self) -> str:
        return f"{self.parameter}: {self.criterion_id or self.cell_id} × {self.pairs}"
