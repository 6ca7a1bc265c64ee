"""The question kinds are defined once, in targetgroups.domain.questions; the model's choices label them."""

from targetgroups.domain import questions
from targetgroups.models import QuestionKind


def test_the_models_question_kinds_are_the_domains_kinds_in_the_same_order():
    assert tuple(QuestionKind.values) == questions.KINDS


def test_table_columns_take_a_subset_of_the_kinds():
    assert set(questions.KINDS) >= questions.COLUMN_KINDS
    assert set(questions.KINDS) >= questions.TEXT_KINDS | questions.CHOICE_KINDS
