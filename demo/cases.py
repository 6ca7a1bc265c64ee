"""Two demo cases, driven through the real services so the demo shows the product at work.

- Bostedet Egevang, autisme (voksne): decided (højt specialiseret), so the register, the decision, its PDF
  and the genvurdering reminders have something to show.
- Bostedet Egevang, erhvervet hjerneskade (voksne): information requested, so the supplier user
  `leverandoer` has an oplysningsskema waiting on the dashboard.

Created only when the supplier has no cases yet, so running seed_demo again changes nothing.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from assessments.models import Case
from assessments.services import decisions, review
from assessments.services.cases import case_open
from assessments.services.information_form import answer_save, attachment_add, form_accept, form_request, form_submit
from suppliers.models import Supplier
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.models import TargetGroup

DECIDED_LEVELS = [3, 3, 3, 3, 3, 3, 3, 2]  # seven at højt, hjælpemidler at moderat


def _demo_png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 171)).save(buffer, format="PNG")
    return SimpleUploadedFile("vagtplan-uge-12.png", buffer.getvalue(), content_type="image/png")


def _cell(column: dict):
    kind = column.get("kind", "short_text")
    if kind == "integer":
        return str(max(column.get("min") or 0, 3))
    if kind == "yesno":
        return "ja"
    if kind == "single":
        return column["choices"][0]
    return "Pædagog"


def _raw_answer(question):
    kind = question.kind
    if kind == "integer":
        low = question.min_value if question.min_value is not None else 0
        value = max(low, 6)
        return str(min(value, question.max_value) if question.max_value is not None else value)
    if kind == "yesno":
        return "ja"
    if kind == "single":
        return question.choices[0]
    if kind == "multiple":
        return question.choices[:2]
    if kind == "date":
        return (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    if kind == "table":
        return [{c["key"]: _cell(c) for c in question.columns}]
    if kind == "long_text":
        return (
            "Demodata: tilbuddet beskriver her, hvordan det arbejder med emnet, "
            "med antal og eksempler uden borgeroplysninger."
        )
    return "Demodata"


def _fill_and_submit(form, supplier_user) -> None:
    for answer in form.answers.select_related("question"):
        question = answer.question
        if question.kind == "file":
            attachment_add(form=form, question=question, upload=_demo_png(), user=supplier_user)
            continue
        answer_save(
            form=form,
            question=question,
            raw=_raw_answer(question),
            user=supplier_user,
            expected_revision=answer.revision,
        )
    form_submit(form=form, user=supplier_user)


def _judge(case, user, levels) -> None:
    judgement = review.judgement_start(case=case, user=user)
    for parameter, level in zip(SUPPLIER_PARAMETERS, levels, strict=True):
        review.parameter_judgement_save(
            judgement=judgement,
            parameter=parameter.value,
            user=user,
            level=level,
            reasons="Vurderet ud fra skemaets svar og interviewet (demodata).",
        )
    review.judgement_submit(judgement=judgement, user=user)


def seed_demo_cases() -> int:
    """Create the demo cases if the demo supplier has none. Returns how many were created."""
    supplier = Supplier.objects.filter(name="Bostedet Egevang").first()
    if supplier is None or Case.objects.filter(supplier=supplier).exists():
        return 0
    people = {u.username: u for u in User.objects.filter(username__endswith=".hovedstaden")}
    supplier_user = User.objects.get(username="leverandoer")
    primary, second, leader = (
        people["konsulent1.hovedstaden"],
        people["konsulent2.hovedstaden"],
        people["leder.hovedstaden"],
    )
    deadline = timezone.localdate() + datetime.timedelta(days=21)

    decided = case_open(
        user=leader,
        supplier=supplier,
        target_group=TargetGroup.objects.get(slug="autisme-voksne"),
        primary_consultant=primary,
        second_consultant=second,
        leader=leader,
    )
    form = form_request(case=decided, user=primary, deadline=deadline, message="Demo: udfyldt og afgjort.")
    _fill_and_submit(form, supplier_user)
    form_accept(form=form, user=primary)
    _judge(decided, primary, DECIDED_LEVELS)
    _judge(decided, second, DECIDED_LEVELS)
    review.reconciliation_accept_agreed(case=decided, user=primary)
    review.reconciliation_confirm(case=decided, user=primary)
    review.reconciliation_confirm(case=decided, user=second)
    decisions.signoff_approve(case=decided, user=leader)
    decisions.hearing_comment_add(case=decided, user=supplier_user, text="Vi har ingen bemærkninger til udkastet.")
    decisions.decision_make(case=decided, user=primary)

    waiting = case_open(
        user=leader,
        supplier=supplier,
        target_group=TargetGroup.objects.get(slug="erhvervet-hjerneskade-voksne"),
        primary_consultant=primary,
        second_consultant=second,
        leader=leader,
    )
    form_request(
        case=waiting,
        user=primary,
        deadline=deadline,
        message="Udfyld venligst skemaet. Svarene gemmes undervejs, så I kan tage det i flere omgange.",
    )
    return 2
