"""The agreement summary: the confusion tables of the original independent judgements, kept up to date in SQL.

One row per (socialtilsyn, target group, guide version, half-year, parameter, first level, second level) with
the number of double-blind cases whose two consultants judged that parameter so. "First" is the judgement
submitted first (the lower id on a tie); the half-year is the one in which the second was submitted (Danish
time). Written only by assessments.services.agreement: a case's pairs are added in the transaction that submits
its second independent judgement, and `manage.py rebuild_agreement_summary` recounts everything from the
judgement rows. The statistics pages read nothing else, so they cost the same at every data size.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targetgroups.models import SupplierParameterChoices


class AgreementCell(models.Model):
    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey("targetgroups.TargetGroup", on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey("targetgroups.AssessmentGuide", on_delete=models.CASCADE, related_name="+")
    half_year = models.DateField(_("halvår"), help_text=_("1. januar eller 1. juli"))
    parameter = models.CharField(max_length=20, choices=SupplierParameterChoices.choices)
    first_level = models.PositiveSmallIntegerField()
    second_level = models.PositiveSmallIntegerField()
    pairs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("enighedscelle")
        verbose_name_plural = _("enighedsceller")
        constraints = [
            # ON CONFLICT in assessments.services.agreement names this constraint.
            models.UniqueConstraint(
                fields=[
                    "socialtilsyn",
                    "target_group",
                    "guide",
                    "half_year",
                    "parameter",
                    "first_level",
                    "second_level",
                ],
                name="agreementcell_unique",
            ),
            models.CheckConstraint(
                condition=Q(first_level__in=(1, 2, 3)) & Q(second_level__in=(1, 2, 3)),
                name="agreementcell_levels",
            ),
        ]
        # the leader's scope is one socialtilsyn (the unique index leads with it); the fagadmin's filters
        indexes = [
            models.Index(fields=["target_group", "half_year"], name="agreementcell_group"),
            models.Index(fields=["guide"], name="agreementcell_guide"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter} {self.first_level}/{self.second_level}: {self.pairs}"
