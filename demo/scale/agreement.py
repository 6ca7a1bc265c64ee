"""The agreement statistics of the national dataset: the demo judgements' citations and the summary, in SQL."""

from django.db import connection

from assessments.models import ParameterJudgement
from assessments.services.agreement import agreement_summary_rebuild
from targetgroups.models import GuideCriterion


def write_citations(*, before_judgement: int) -> int:
    """The citations of the judgements that were there before the run (the demo's), as the generator writes them
    for its own (flow.Flow.judge): in every second case (by id) each independent parameter judgement cites the case
    guide's criterion for its parameter and level, and in every eighth also a description box that criterion
    points to. One INSERT … SELECT per table over the judgements with an id below `before_judgement`; returns the
    rows written."""
    criteria = ParameterJudgement.cited_criteria.through._meta.db_table
    cells = ParameterJudgement.cited_cells.through._meta.db_table
    criterion_cells = GuideCriterion.cells.through._meta.db_table
    chosen = """
        SELECT pj.id AS pj_id, gc.id AS criterion_id, c.id AS case_id
        FROM assessments_parameterjudgement pj
        JOIN assessments_judgement j ON j.id = pj.judgement_id AND j.kind = 'independent' AND j.id < %(before)s
        JOIN assessments_case c ON c.id = j.case_id
        JOIN targetgroups_guideparameter gp ON gp.guide_id = c.guide_id AND gp.parameter = pj.parameter
        JOIN targetgroups_guidecriterion gc ON gc.guide_parameter_id = gp.id AND gc.level = pj.level
        WHERE c.id %% 2 = 0
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {criteria} (parameterjudgement_id, guidecriterion_id) "  # noqa: S608 (model table names)
            f"SELECT pj_id, criterion_id FROM ({chosen}) x ON CONFLICT DO NOTHING",
            {"before": before_judgement},
        )
        written = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {cells} (parameterjudgement_id, descriptioncell_id) "  # noqa: S608 (model table names)
            f"SELECT x.pj_id, min(cc.descriptioncell_id) FROM ({chosen}) x "
            f"JOIN {criterion_cells} cc ON cc.guidecriterion_id = x.criterion_id "
            "WHERE x.case_id %% 8 = 0 GROUP BY x.pj_id ON CONFLICT DO NOTHING",
            {"before": before_judgement},
        )
        return written + cursor.rowcount


def write_agreement_summary() -> int:
    """Recount the agreement summaries (the rows were written by COPY, past the service that keeps them up to date);
    returns the number of AgreementSummary rows.

    The generator runs it while the summaries' foreign keys are set aside (BulkLoad checks every row when it puts
    them back); any other check still queued runs now rather than at COMMIT, so that no trigger event is left
    pending: a later TRUNCATE in the same transaction (seed_scale --reset in a test) would refuse."""
    rows = agreement_summary_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return rows
