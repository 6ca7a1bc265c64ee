"""One date format throughout: `21. december 2026` in text, `kl. 14.05` for times, `21-12-2026` only in form
fields, and machine-readable `<time datetime>` values that are valid ISO 8601."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments.models import InformationForm

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
MOMENT = datetime.datetime(2026, 12, 21, 14, 5, 7, 123456, tzinfo=CPH)
ISO = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z))?$")
SHORT_DATE = re.compile(r"\b\d\d-\d\d-\d{4}\b")


def test_danish_text_dates_read_21_december_2026_and_times_kl_14_05():
    with translation.override("da"):
        assert date_format(MOMENT.date()) == "21. december 2026"
        assert date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT") == "21. december 2026 kl. 14.05"
        assert date_format(timezone.localtime(MOMENT), "TIME_FORMAT") == "14.05"
        assert date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == "21-12-2026"
        rendered = Template("{{ d|date }} · {{ t|date:'DATETIME_FORMAT' }}").render(
            Context({"d": MOMENT.date(), "t": MOMENT})
        )
    assert rendered == "21. december 2026 · 21. december 2026 kl. 14.05"


def test_iso_datetime_filter_gives_a_valid_html_datetime_without_microseconds():
    rendered = Template("{% load dates %}{{ t|iso_datetime }}|{{ d|iso_datetime }}").render(
        Context({"t": MOMENT, "d": MOMENT.date()})
    )
    assert rendered == "2026-12-21T14:05:07+01:00|2026-12-21"


def test_templates_show_no_short_dates_or_clock_times_of_their_own():
    """Text dates come from DATE_FORMAT/DATETIME_FORMAT, not from formats written into each template."""
    offenders = []
    for root in [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]:
        for path in root.rglob("*.*"):
            text = path.read_text(encoding="utf-8")
            for pattern in ('date:"d-m-Y', "date:'d-m-Y", 'date:"H:i"', "date:'c'", 'date:"c"', 'date:"j. M'):
                if pattern in text:
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {pattern}")
    assert offenders == []


def test_case_overview_and_dashboard_show_dates_as_text(client_for, requested_form, consultant):
    InformationForm.objects.filter(pk=requested_form.pk).update(deadline=datetime.date(2026, 12, 21))
    case = requested_form.case
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=CPH)):
        detail = client_for("consultant").get(reverse("assessments:case_detail", args=[case.pk])).content.decode()
        dashboard = client_for("supplier_user").get(reverse("core:dashboard")).content.decode()
    main = detail.split("<main", 1)[1]
    assert "21. december 2026" in main
    assert SHORT_DATE.findall(main) == []
    tasks = dashboard.split('id="tasks-heading"', 1)[1].split("</section>", 1)[0]
    assert 'Frist <time datetime="2026-12-21">21. december 2026</time>' in tasks


def test_case_history_time_elements_are_valid_iso_8601(client_for, requested_form):
    case = requested_form.case
    body = client_for("leader").get(reverse("assessments:case_history", args=[case.pk])).content.decode()
    values = re.findall(r'<time datetime="([^"]*)"', body)
    assert values
    assert [v for v in values if not ISO.match(v)] == []
    assert re.search(r"\d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d</time>", body)


def test_a_date_answer_is_shown_as_text_on_review_pages_and_in_pdfs():
    from assessments.domain.answers import DATE, QuestionSpec, display_value

    assert display_value(QuestionSpec(kind=DATE), "2025-02-03") == "3. februar 2025"
    assert display_value(QuestionSpec(kind=DATE), "2026-12-21") == "21. december 2026"
