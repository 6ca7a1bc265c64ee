"""`{{ level|level_name }}` names the three levels in the active language and nothing else."""

import pytest
from django.template import Context, Template
from django.utils import translation

NAMES = {
    "da": {1: "Let", 2: "Moderat", 3: "Højt"},
    "en": {1: "Light", 2: "Moderate", 3: "Highly specialised"},
}


@pytest.mark.parametrize("level", [1, 2, 3, 0, 4, None, "1", "", [1]])
@pytest.mark.parametrize("language", ["da", "en"])
def test_level_name_names_the_three_levels_and_nothing_else(level, language):
    context = Context({"level": level})
    with translation.override(language):
        filtered = Template("{% load choices %}{{ level|level_name }}").render(context)
    expected = NAMES[language].get(level, "") if isinstance(level, int) else ""
    assert filtered == expected


def test_level_names_are_danish_by_default():
    with translation.override("da"):
        assert Template("{% load choices %}{{ 1|level_name }} {{ 3|level_name }}").render(Context()) == "Let Højt"
