"""A case (sag): the assessment of one supplier or department for one target group, and what it collects.

The case binds the versions of description, guide, form template and placement rule that were in
force the day it opened. Its state moves only through assessments.services.case_transition, which
looks the move up in assessments.domain.workflow.TRANSITIONS.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.domain.workflow import OPEN_STATES, State

# The states in which a case still holds its subject (supplier or department, and target group), as stored.
# workflow.OPEN_STATES is the definition; this is its column form for the index and the queryset below.
OPEN_STATE_VALUES = sorted(state.value for state in OPEN_STATES)


def state_values(states: "frozenset[State] | set[State]") -> list[str]:
    """A phase set of workflow.py as stored in the state column (for `state__in` lookups)."""
    return sorted(state.value for state in states)


class CaseQuerySet(models.QuerySet["Case"]):
    """The case filters every read and write shares, so "open" and "not cancelled" mean one thing."""

    def open(self) -> "CaseQuerySet":
        """Cases that still hold their subject (workflow.OPEN_STATES; the partial unique index uses the same)."""
        return self.filter(state__in=OPEN_STATE_VALUES)

    def in_states(self, states: "frozenset[State] | set[State]") -> "CaseQuerySet":
        """Cases in one of a phase set of workflow.py (e.g. HEARING_STARTED_STATES)."""
        return self.filter(state__in=state_values(states))

    def not_cancelled(self) -> "CaseQuerySet":
        return self.exclude(state=State.ANNULLERET.value)

    def on_subject(self, *, supplier_id: int, department_id: int | None, target_group_id: int) -> "CaseQuerySet":
        """Cases about this supplier or department (None: the whole supplier) and target group."""
        cases = self.filter(supplier_id=supplier_id, target_group_id=target_group_id)
        if department_id is None:
            return cases.filter(department__isnull=True)
        return cases.filter(department_id=department_id)

    def follow_ups_of(self, case: "Case") -> "CaseQuerySet":
        """The re-assessments opened from `case` that were not cancelled, newest first."""
        return self.filter(previous_case=case).not_cancelled().order_by("-pk")


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

    objects = CaseQuerySet.as_manager()

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
        indexes = [
            models.Index(fields=["state"]),
            models.Index(fields=["supplier", "target_group"]),
            # The case list of a leader (the cases of a socialtilsyn, newest first, optionally by status): the
            # top 25 read straight off the index instead of sorting the socialtilsyn's thousands of cases.
            models.Index(fields=["socialtilsyn", "-opened_at", "-id"], name="case_tilsyn_newest"),
            models.Index(fields=["socialtilsyn", "state", "-opened_at", "-id"], name="case_tilsyn_state_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def subject_name(self) -> str:
        """The supplier, or 'supplier – department' when one department is assessed."""
        return str(self.department) if self.department_id else self.supplier.name
