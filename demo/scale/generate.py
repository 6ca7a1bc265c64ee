"""Build the national dataset: sizes from --scale, every random choice from --seed, rows written by COPY."""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from assessments.models import Case
from assessments.services.process import process_summary_refresh
from suppliers.models import Socialtilsyn

from .agreement import write_agreement_summary, write_citations
from .cases import OPEN_STATE_AGES, Decided, decided_case, open_case
from .content import Group, load_groups
from .copy import BulkLoad
from .flow import Flow
from .orgs import Unit, write_suppliers, write_users
from .placements import write_placements
from .reminders import write_reminders
from .tables import Tables

# Sizes at --scale 1.
SUPPLIERS, DEPARTMENTS, DECIDED, OPEN = 6_000, 15_000, 30_000, 3_000
CONSULTANTS, LEADERS = 40, 5  # per socialtilsyn
FOLLOW_UP_SHARE = 0.15  # decided cases that re-assess an earlier decided case of the same subject
APPEAL_SHARE = 0.02
ORG_TABLES = ("suppliers_supplier", "suppliers_department", "accounts_user", "accounts_user_suppliers")
# Written by INSERT … SELECT from the copied rows: their foreign keys and indexes are set aside too.
DERIVED_TABLES = ("assessments_agreementsummary", "assessments_calibrationcitation", "assessments_currentplacement")
PROCESS_ROWS = "sagsforløbsopgørelser"


@dataclass(frozen=True)
class Sizes:
    suppliers: int
    departments: int
    decided: int
    open: int
    consultants: int
    leaders: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        suppliers = max(5, round(SUPPLIERS * scale))
        return cls(
            suppliers=suppliers,
            departments=max(suppliers, round(DEPARTMENTS * scale)),
            decided=max(20, round(DECIDED * scale)),
            open=max(len(OPEN_STATE_AGES), round(OPEN * scale)),
            consultants=max(2, round(CONSULTANTS * scale)),
            leaders=max(1, round(LEADERS * scale)),
        )


def _existing_references() -> dict[str, int]:
    """How many references each 'ST-XXX-YYYY-' prefix has (the services number on from the count)."""
    counts: dict[str, int] = {}
    for reference in Case.objects.values_list("reference", flat=True):
        prefix = reference.rsplit("-", 1)[0] + "-"
        counts[prefix] = counts.get(prefix, 0) + 1
    return counts


def _write_cases(flow: Flow, sizes: Sizes, units: list[Unit], groups: list[Group], now: datetime.datetime) -> None:
    """Decided cases (some re-assessing an earlier decision of their subject), then open cases in every state."""
    rng, tables = flow.rng, flow.t
    follow_ups = round(sizes.decided * FOLLOW_UP_SHARE)
    chains = sizes.decided - follow_ups
    reassessed = sizes.open // 3
    combos = rng.sample(range(len(units) * len(groups)), chains + sizes.open - reassessed)
    subjects = [(units[c // len(groups)], groups[c % len(groups)]) for c in combos]
    last_of_chain: list[Decided] = []
    for index, (unit, group) in enumerate(subjects[:chains]):
        earlier = None
        if index < follow_ups:
            earlier = decided_case(
                flow, unit, group, now, days_ago=rng.randint(1096, 1460), previous=None, appealed=False
            )
        appealed = rng.random() < APPEAL_SHARE  # the appeal came ten days after the decision
        last_of_chain.append(
            decided_case(
                flow,
                unit,
                group,
                now,
                days_ago=rng.randint(11 if appealed else 1, 1094),
                previous=earlier,
                appealed=appealed,
            )
        )
        tables.flush_if_big()
    # A third of the open cases re-assess the decisions that expire first; the rest are new subjects.
    by_expiry = sorted(last_of_chain, key=lambda d: (d.valid_until, d.case.id))
    due, current = by_expiry[:reassessed], by_expiry[reassessed:]
    open_subjects: list[tuple[Unit, Group, int | None]] = [(d.case.unit, d.case.group, d.case.id) for d in due]
    open_subjects += [(u, g, None) for u, g in subjects[chains:]]
    for index, (unit, group, previous_id) in enumerate(open_subjects):
        state, min_age = OPEN_STATE_AGES[index % len(OPEN_STATE_AGES)]
        open_case(flow, unit, group, now, state, min_age, previous=previous_id)
        tables.flush_if_big()
    write_reminders(flow, [d for d in current if not d.appealed], now)
    tables.finish()


def generate(*, scale: float, seed: int, log: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Write the dataset in one transaction, with its derived tables, summaries and planner statistics, and return
    the number of rows written per table (PROCESS_ROWS: the rows of the process summaries)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    sizes = Sizes.at(scale)
    # Every date is counted back from 08:00 today, so two runs on one day give the same rows.
    now = datetime.datetime.combine(timezone.localdate(), datetime.time(8), tzinfo=timezone.get_current_timezone())
    started = last = time.monotonic()

    def lap(what: str) -> None:
        nonlocal last
        at = time.monotonic()
        log(f"  {what}: {at - last:.1f} s (i alt {at - started:.1f} s)")
        last = at

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
        tilsyn = list(Socialtilsyn.objects.order_by("code"))
        groups = load_groups()
        tables = Tables({g.id: g.snapshot_json for g in groups})
        first_judgement = tables.judgement.next_id
        copied = [*ORG_TABLES, *(t.name for t in tables.all())]
        try:
            with BulkLoad([*copied, *DERIVED_TABLES]) as bulk:
                units = write_suppliers(rng, tilsyn, sizes.suppliers, sizes.departments, now)
                staff = write_users(rng, tilsyn, units, consultants=sizes.consultants, leaders=sizes.leaders, now=now)
                lap("leverandører, afdelinger og brugere")
                flow = Flow(
                    rng, tables, staff, [t.code for t in tilsyn], [t.pk for t in tilsyn], _existing_references()
                )
                _write_cases(flow, sizes, units, groups, now)
                lap("sager skrevet")
                slowest = sorted(tables.all(), key=lambda t: -t.seconds)[:6]
                log("    COPY: " + ", ".join(f"{t.name} {t.seconds:.1f} s" for t in slowest))
                # The statements below read the copied tables: their indexes first, and statistics for the planner.
                bulk.build_indexes(copied)
                lap("indekser bygget")
                _analyze(copied)
                lap("ANALYZE af de skrevne tabeller")
                citations = write_citations(before_judgement=first_judgement)
                citations += sum(t.written for t in (tables.cited_criteria, tables.cited_cells))
                summary_rows = write_agreement_summary()
                lap("enighedsoversigt")
                placements = write_placements()
                lap("gældende indplaceringer")
        finally:
            tables.close()
        lap("indekser bygget og fremmednøgler kontrolleret")
        process_rows = process_summary_refresh()
        lap("sagsforløbsopgørelser")
        # Statistics for the rest, before COMMIT, so the run reads nothing after it: the first read of a new row
        # after COMMIT sets its page's hint bits, a write of every page (the benchmark's VACUUM does that later).
        _analyze(_all_tables(exclude=copied))
        lap("ANALYZE")
        counts = {t.name: t.written for t in tables.all() if t not in (tables.cited_criteria, tables.cited_cells)}
        counts["assessments_currentplacement"] = placements
        counts["suppliers_supplier"] = sizes.suppliers
        counts["suppliers_department"] = sizes.departments
        counts["assessments_agreementsummary"] = summary_rows
        counts["citeringer (kriterier og bokse)"] = citations
        counts[PROCESS_ROWS] = process_rows
    lap("COMMIT")
    return counts


def _analyze(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(f'"{t}"' for t in tables))


def _all_tables(*, exclude: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = current_schema() AND NOT c.relname = ANY(%s) "
            "ORDER BY 1",
            [exclude],
        )
        return [row[0] for row in cursor.fetchall()]
