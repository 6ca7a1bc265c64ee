"""`{{ level|level_name }}` names a level as includes/level_name.html does."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize("level", [1, 2, 3, 0, 4, None, "1", "", [1]])
@pytest.mark.parametrize("language", ["da", "en"])
def test_level_name_filter_says_what_the_include_says(level, language):
    context = Context({"level": level})
    with translation.override(language):
        filtered = Template("{% load choices %}{{ level|level_name }}").render(context)
        included = Template('{% include "includes/level_name.html" %}').render(context)
    assert filtered == included.strip()


def test_level_names_are_danish_by_default():
    with translation.override("da"):
        assert Template("{% load choices %}{{ 1|level_name }} {{ 3|level_name }}").render(Context()) == "Let Højt"
