"""Every e-mail the code can send renders from its one template (templates/notifications/<kind>.html) into a
one-line subject, a readable plain-text part and an HTML part that escapes what users wrote.

The kinds are read from the code (every `Message(...)` and `_queue(kind=...)` call), not from a list kept
beside it: a new kind without a template, or a template nobody sends, fails here.
"""

import ast
import datetime
import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

from assessments.models import (
    Appeal,
    Case,
    CaseExport,
    ChangeNotice,
    Decision,
    Hearing,
    HearingComment,
    SignOff,
    Submission,
    SupplementRequest,
)
from notifications.models import Notification
from notifications.rendering import email_render, html_to_text
from notifications.services import Message, notification_queue

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "notifications"
FRAME = "base_email"
HOSTILE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
INVALID = "!!INVALID {%s}!!"


# --- the kinds, read from the code ------------------------------------------------------------------------------


def _string_constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _kind_argument(call: ast.Call) -> ast.expr | None:
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    keywords = {k.arg: k.value for k in call.keywords}
    if name == "Message":
        return call.args[0] if call.args else keywords.get("kind")
    if name == "_queue":  # assessments/services/notify.py: a Message of `kind` about a case
        return keywords.get("kind")
    if name == "_Event":  # assessments/services/reassessment.py: the sweep's notices, (decision_id, kind, ...)
        return call.args[1] if len(call.args) > 1 else keywords.get("kind")
    return None


def kinds_the_code_sends() -> set[str]:
    """The first argument of every Message(...) (and kind= of notify's `_queue`, the kind of the genvurdering
    sweep's `_Event`) in the application code."""
    kinds: set[str] = set()
    apps = [path.parent for path in ROOT.glob("*/apps.py")]
    for path in sorted(p for app in apps for p in app.rglob("*.py") if "migrations" not in p.parts):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _string_constants(tree)
        for node in ast.walk(tree):
            argument = _kind_argument(node) if isinstance(node, ast.Call) else None
            if argument is None:
                continue
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                kinds.add(argument.value)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                kinds.add(constants[argument.id])
            else:
                # Only a helper passing on a kind it was given (its `kind` parameter, or an event's `.kind`, whose
                # kinds are collected where the event is made) may name the kind indirectly.
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                passed_on = (isinstance(argument, ast.Name) and argument.id == "kind") or (
                    isinstance(argument, ast.Attribute) and argument.attr == "kind"
                )
                assert passed_on, f"{where}: name the kind with a literal or a module constant"
    return kinds


KINDS = sorted(kinds_the_code_sends())


def test_the_code_sends_the_kinds_it_has_templates_for_and_nothing_else():
    templates = {path.stem for path in TEMPLATES.glob("*.html")} - {FRAME}
    assert len(KINDS) >= 20  # the scan itself works
    assert set(KINDS) == templates
    assert not [p.name for p in TEMPLATES.iterdir() if p.suffix != ".html"]  # no second copy of the prose
    assert set(KINDS) == set(SAMPLES)


# --- one sample context per kind, built from real model instances -------------------------------------------------


@pytest.fixture
def strict_templates(settings):
    """A variable a template names but the context does not have fails the render check below."""
    templates = deepcopy(django_settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = INVALID
    settings.TEMPLATES = templates


@pytest.fixture
def objects(supplier, requested_form, consultant, supplier_user, leader, national_rule) -> dict[str, Any]:
    supplier.name = HOSTILE
    supplier.save()
    case = Case.objects.select_related("supplier", "department", "target_group", "socialtilsyn").get(
        pk=requested_form.case_id
    )
    form = requested_form
    form.message = f"{HOSTILE}\nAnden linje"
    today = timezone.localdate()
    decision = Decision(
        case=case,
        version=2,
        level=3,
        explanation=HOSTILE,
        rule=national_rule,
        parameters={},
        valid_from=today,
        valid_until=today + datetime.timedelta(days=60),
        remedy_until=today + datetime.timedelta(days=30),
        decided_by=leader,
    )
    request = SupplementRequest.objects.create(
        form=form, comment=f"{HOSTILE}\n\nUddyb venligst.", created_by=consultant
    )
    hearing = Hearing(case=case, draft={}, deadline=today + datetime.timedelta(days=14))
    failed = Notification(
        recipient=supplier_user,
        case=case,
        kind="form_requested",
        subject=HOSTILE,
        body_text="",
        attempts=5,
        last_error=f"SMTPRecipientsRefused: {HOSTILE}",
    )
    return {
        "case": case,
        "form": form,
        "decision": decision,
        "request": request,
        "submission": Submission(form=form, number=2),
        "signoff": SignOff(case=case, round=1, leader=leader, approved=False, comment=HOSTILE),
        "hearing": hearing,
        "comment": HearingComment(hearing=hearing, author=supplier_user, text=HOSTILE),
        "appeal": Appeal(decision=decision, reasons=HOSTILE, submitted_by=supplier_user, outcome_reasons=HOSTILE),
        "export": CaseExport(case=case, kind=CaseExport.Kind.CASE_FILE, requested_by=consultant),
        "notice": ChangeNotice(case=case, text=HOSTILE, submitted_by=supplier_user),
        "failed": failed,
    }


def _pick(*names: str, **extra: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda objects: {**{name: objects[name] for name in ("case", *names)}, **extra}


# What each kind's sender puts in the context (see the Message(...) calls), with the reminder variants.
SAMPLES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "appeal_submitted": _pick("appeal"),
    "appeal_upheld": _pick("appeal"),
    "case_assigned": _pick(),
    "case_export_failed": _pick("export"),
    "case_returned": _pick("signoff"),
    "change_notice": _pick("notice"),
    "decision_made": _pick("decision"),
    "decision_made_staff": _pick("decision"),
    "decision_report_failed": _pick("decision"),
    "decision_report_ready": _pick("decision"),
    "form_deadline": _pick("form", days_left=7),
    "form_overdue": _pick("form"),
    "form_requested": _pick("form"),
    "form_submitted": _pick("form", "submission"),
    "form_supplement": _pick("form", "request"),
    "hearing_comment": _pick("comment"),
    "hearing_started": _pick("hearing"),
    "judgements_complete": _pick(),
    "notification_failed": _pick("failed"),
    "reassessment_due": _pick("decision", days_left=60, tone="midway"),
    "reassessment_due_supplier": _pick("decision", days_left=120, tone="early"),
    "reassessment_expired": _pick("decision"),
    "reassessment_lapsed_supplier": _pick("decision"),
    "remedy_end": _pick("decision", days_left=30),
    "signoff_requested": _pick(),
}
# The other wordings of the kinds that read differently by the days left or the place in the series.
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("form_deadline", {"days_left": 1}),
    ("reassessment_due_supplier", {"days_left": 60, "tone": "midway"}),
    ("reassessment_due_supplier", {"days_left": 1, "tone": "final"}),
    ("remedy_end", {"days_left": 0}),
]

TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|[%}#]\}")


@pytest.mark.parametrize(("kind", "variant"), [(kind, dict[str, Any]()) for kind in KINDS] + VARIANTS)
def test_every_kind_renders_a_subject_a_readable_text_and_an_escaping_html_part(
    kind, variant, objects, supplier_user, strict_templates
):
    link = f"/sager/{objects['case'].pk}/"
    context = {
        **SAMPLES[kind](objects),
        **variant,
        "recipient": supplier_user,
        "link": link,
        "site_url": "https://tilsyn.dk",
    }

    email = email_render(kind=kind, context=context)

    for part in (email.subject, email.text, email.html):
        assert part.strip()
        assert not TEMPLATE_SYNTAX.search(part), (kind, part)
        assert "INVALID" not in part, (kind, part)
    assert "\n" not in email.subject
    assert email.subject == email.subject.strip()
    assert objects["case"].reference in email.subject
    # The text part: words, not markup; the link as a full URL on its own line; names as written.
    assert f": https://tilsyn.dk{link}\n" in email.text
    assert email.text.startswith(f"Kære {supplier_user.display_name}\n\n")
    assert not re.search(r"</?(p|a|ul|li|strong|br|blockquote)\b", email.text), email.text
    assert "&amp;" not in email.text
    assert "&lt;" not in email.text
    # The HTML part: a whole document, and nothing a user wrote arrives as markup.
    assert email.html.lower().startswith("<!doctype html>")
    assert '<html lang="da">' in email.html
    assert f'href="https://tilsyn.dk{link}"' in email.html
    assert "<script>" not in email.html
    if HOSTILE in email.text:
        assert ESCAPED in email.html


def test_a_suppliers_name_with_markup_arrives_escaped_in_the_html_part_and_as_written_in_the_text(objects, consultant):
    case = objects["case"]
    (row,) = notification_queue(
        recipients=[consultant], message=Message("case_assigned", {"case": case}), key="test-hostile", case=case
    )
    assert row.subject == f"Ny sag: {case.reference} – {HOSTILE}"
    assert f"om {HOSTILE} (" in row.body_text
    assert "<script>" not in row.body_html
    assert f"om {ESCAPED} (" in row.body_html
    assert re.search(rf"<title>\s*Ny sag: {case.reference} – {re.escape(ESCAPED)}\s*</title>", row.body_html)


def test_the_reminder_reads_in_the_sites_language_whatever_the_request_speaks(objects, supplier_user):
    context = {**SAMPLES["form_deadline"](objects), "recipient": supplier_user, "link": "/x/", "site_url": ""}
    danish = email_render(kind="form_deadline", context=context)
    with translation.override("en"):
        assert email_render(kind="form_deadline", context=context) == danish
    assert "Påmindelse" in danish.subject
    assert '<html lang="da">' in danish.html


def test_the_text_of_the_consultants_message_keeps_its_lines_and_is_quoted(objects, supplier_user):
    context = {**SAMPLES["form_requested"](objects), "recipient": supplier_user, "link": "/x/", "site_url": "https://t"}
    text = email_render(kind="form_requested", context=context).text
    assert f"Besked fra konsulenten:\n\n> {HOSTILE}\n> Anden linje\n\n" in text
    assert "Åbn skemaet: https://t/x/" in text
    assert text.endswith(
        f"Venlig hilsen\n{objects['case'].socialtilsyn}\n\n"
        "Denne besked er sendt automatisk af socialtilsynets sagssystem. Svar ikke på denne e-mail."
    )


# --- the HTML → text conversion ---------------------------------------------------------------------------------


def test_html_to_text_reads_paragraphs_lists_quotes_links_and_entities():
    converted = html_to_text(
        "<!doctype html><html><head><title> Emne &amp;\n  mere </title><style>p {}</style></head><body>"
        "<p>Første  afsnit\n med <strong>fed</strong> tekst.</p>"
        "<ul>\n<li>Et</li>\n<li>To &lt;3&gt;</li></ul>"
        "<blockquote>Linje 1<br>Linje 2<br><br>Linje 4</blockquote>"
        '<p><a href="https://x.dk/a?b=1&amp;c=2">Se sagen</a></p>'
        "</body></html>"
    )
    assert converted.title == "Emne & mere"
    assert converted.text == (
        "Første afsnit med fed tekst.\n\n"
        "- Et\n- To <3>\n\n"
        "> Linje 1\n> Linje 2\n>\n> Linje 4\n\n"
        "Se sagen: https://x.dk/a?b=1&c=2"
    )
