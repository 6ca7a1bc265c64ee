"""The models of a case, one module per step. Import them from here: `from assessments.models import Case`."""

from assessments.models.agreement import AgreementSummary, CalibrationCitation
from assessments.models.cases import OPEN_STATE_VALUES, Case, StateChoices
from assessments.models.decisions import (
    Appeal,
    Decision,
    DecisionReport,
    HandledBySocialtilsyn,
    Hearing,
    HearingComment,
    SignOff,
    report_path,
)
from assessments.models.exports import CaseExport, export_path
from assessments.models.information_form import (
    Answer,
    AnswerRevision,
    Attachment,
    InformationForm,
    Submission,
    SupplementItem,
    SupplementRequest,
    attachment_path,
)
from assessments.models.placements import CurrentPlacement
from assessments.models.process import ReassessmentDueSummary, StateDurationSummary
from assessments.models.reassessment import ChangeNotice
from assessments.models.review import (
    CitesEvidence,
    InterviewNote,
    Judgement,
    LevelChoices,
    ParameterJudgement,
    ReconciledParameter,
    ReconciliationConfirmation,
)

__all__ = [
    "OPEN_STATE_VALUES",
    "AgreementSummary",
    "Answer",
    "AnswerRevision",
    "Appeal",
    "Attachment",
    "CalibrationCitation",
    "Case",
    "CaseExport",
    "ChangeNotice",
    "CitesEvidence",
    "CurrentPlacement",
    "Decision",
    "DecisionReport",
    "HandledBySocialtilsyn",
    "Hearing",
    "HearingComment",
    "InformationForm",
    "InterviewNote",
    "Judgement",
    "LevelChoices",
    "ParameterJudgement",
    "ReassessmentDueSummary",
    "ReconciledParameter",
    "ReconciliationConfirmation",
    "SignOff",
    "StateChoices",
    "StateDurationSummary",
    "Submission",
    "SupplementItem",
    "SupplementRequest",
    "attachment_path",
    "export_path",
    "report_path",
]
