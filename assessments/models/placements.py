"""The current placements: one row per subject (a supplier or one of its departments) and target group whose
newest current decision is in this table, kept up to date in the transaction of every write that changes it.

A row is a denormalised copy of what the placement search needs (the subject's names, addresses, place,
ownership and matrikelløs flag, the target group's age band, the decision's levels and dates), so the search
reads one small table. What depends on the date (whether the decision is in force today, and whether the
remedy period still holds the previous, higher level) is computed by the query from the stored dates, so the
table is correct at midnight without a job. assessments.services.placements writes the rows; database
triggers (migration 0008) copy supplier and department renames and address changes into them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from assessments.models.cases import Case
from assessments.models.decisions import Decision
from assessments.models.review import LevelChoices
from suppliers.municipalities import BY_CODE


class CurrentPlacement(models.Model):
    """The placement in force of one supplier or department for one target group (see the module docstring)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="placement")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="placements")
    department = models.ForeignKey(
        "suppliers.Department", on_delete=models.CASCADE, null=True, blank=True, related_name="placements"
    )
    target_group = models.ForeignKey("targetgroups.TargetGroup", on_delete=models.CASCADE, related_name="+")
    socialtilsyn = models.ForeignKey("suppliers.Socialtilsyn", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=LevelChoices.choices)
    # The previous decision's level when it is higher than `level` and the decision has a remedy period: until
    # remedy_until that level still applies (the effective level), and `level` is pending.
    remedy_level = models.PositiveSmallIntegerField(choices=LevelChoices.choices, null=True, blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField()
    remedy_until = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField()
    # Search columns, copied from the target group, supplier and department.
    age_band = models.CharField(max_length=10)
    municipality_code = models.CharField(max_length=3, blank=True)
    ownership = models.CharField(max_length=20)
    matrikelloes = models.BooleanField()
    supplier_name = models.CharField(max_length=200)
    cvr = models.CharField(max_length=8)
    supplier_address = models.CharField(max_length=310, blank=True)
    department_name = models.CharField(max_length=200, blank=True)
    department_address = models.CharField(max_length=310, blank=True)
    # What the trigram index compares a misspelt name with.
    names = models.GeneratedField(
        expression=Concat(F("supplier_name"), Value(" "), F("department_name")),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("supplier_name", "department_name", config="danish", weight="A")
        + SearchVector("supplier_address", "department_address", config="danish", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        constraints = [
            # One placement per subject; an empty department (the whole supplier) counts as one subject.
            models.UniqueConstraint(
                fields=["supplier", "department", "target_group"],
                nulls_distinct=False,
                name="placement_one_per_subject",
            ),
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="placement_valid_period"),
        ]
        indexes = [
            # The search's order: the first page read off the index.
            models.Index(fields=["supplier_name", "department_name", "id"], name="placement_order"),
            models.Index(fields=["cvr"], name="placement_cvr"),
            models.Index(fields=["age_band"], name="placement_age_band"),
            models.Index(fields=["level"], name="placement_level"),
            models.Index(fields=["municipality_code"], name="placement_municipality"),
            models.Index(fields=["ownership"], name="placement_ownership"),
            models.Index(fields=["matrikelloes"], name="placement_matrikelloes"),
            # Both dates: the count of an unfiltered search is an index-only scan.
            models.Index(fields=["valid_until", "valid_from"], name="placement_in_force"),
            GinIndex(fields=["search_vector"], name="placement_search"),
            GinIndex(fields=["names"], opclasses=["gin_trgm_ops"], name="placement_names_trgm"),
        ]

    def __str__(self) -> str:
        subject = f"{self.supplier_name} – {self.department_name}" if self.department_name else self.supplier_name
        return f"{subject}: {self.get_level_display()}"

    @property
    def municipality_name(self) -> str:
        municipality = BY_CODE.get(self.municipality_code)
        return municipality.name if municipality else ""

    @property
    def address(self) -> str:
        """The department's address when it has one, else the supplier's."""
        return self.department_address or self.supplier_address
