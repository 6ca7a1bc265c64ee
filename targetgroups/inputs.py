"""What a fagadministrator writes about one question of a form template, as the form hands it to the service.

Shared by the form that validates it (targetgroups.forms) and the service that stores it (targetgroups.services),
so the form needs nothing from the service.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import GuideCriterion

GENERAL_LABEL = _("Generelt")
# A select cannot offer an empty value without the field reading as optional, so 'Generelt' has a value.
GENERAL = "generelt"

# A question's key: lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class QuestionInput:
    """What a fagadministrator writes about one question; fields that do not fit the kind are dropped."""

    kind: str
    key: str
    label: str
    parameter: str = ""
    help_text: str = ""
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    max_words: int | None = None
    choices: Sequence[str] = ()
    columns: Sequence[Mapping[str, Any]] = ()
    max_rows: int | None = None
    criteria: Iterable[GuideCriterion] = field(default_factory=tuple)
