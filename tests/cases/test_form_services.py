"""The case and information-form services: who may move a case, four eyes, reuse, supplements, reminders."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.domain.workflow import TRANSITIONS, Action, CaseRole, State
from assessments.models import Answer, AnswerRevision, Case, InformationForm, Submission
from assessments.selectors.information_form import last_submitted_form, missing_for_submit
from assessments.services.cases import case_open, case_transition
from assessments.services.information_form import (
    answer_confirm,
    attachment_remove,
    form_accept,
    form_request,
    form_request_supplement,
    form_submit,
)
from assessments.services.notify import form_deadline_sweep
from audit.models import AuditEntry
from notifications.models import Notification
from targetgroups.models import FormQuestion, FormTemplate
from targetgroups.services import version_publish

from .. import factories
from .conftest import QUESTIONS
from .filling import RAW_ANSWERS, attach, fill, fill_and_submit, questions_of, save
from .helpers import close_for_follow_up

pytestmark = pytest.mark.django_db

CPR_TEXT = "Borgeren med CPR 010190-1234 har brug for mere støtte."


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def set_state(case: Case, state: State) -> Case:
    Case.objects.filter(pk=case.pk).update(state=state.value)
    case.refresh_from_db()
    return case


@pytest.fixture
def submitted_form(requested_form, supplier_user):
    fill_and_submit(requested_form, supplier_user, with_file=True)
    requested_form.refresh_from_db()
    return requested_form


# --- opening a case: four eyes and bound versions -----------------------------------------------------------


@pytest.fixture
def opening(supplier, target_group, published_form_template, national_rule, consultant, second_consultant, leader):
    """Keyword arguments for case_open with a valid assignment; override any of them."""

    def build(**overrides):
        kwargs = {
            "user": leader,
            "supplier": supplier,
            "target_group": target_group,
            "primary_consultant": consultant,
            "second_consultant": second_consultant,
            "leader": leader,
        }
        return {**kwargs, **overrides}

    return build


def test_case_binds_the_versions_in_force_and_records_who_opened_it(opening, published_form_template, leader):
    case = case_open(**opening())
    assert case.state == State.OPRETTET
    assert case.form_template == published_form_template
    assert case.guide == published_form_template.guide
    assert case.description == published_form_template.guide.description
    assert case.rule.target_group is None
    assert case.reference.startswith(f"ST-NOR-{timezone.localdate().year}-")
    entry = AuditEntry.objects.get(case=case)
    assert (entry.action, entry.actor) == ("case_open", leader)
    assert entry.after["versions"]["form_template"] == published_form_template.pk


def test_case_references_count_up_per_socialtilsyn_and_year(opening, supplier):
    first, second = case_open(**opening()), case_open(**opening(department=supplier.departments.get()))
    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1


def test_the_same_consultant_cannot_be_both_primary_and_second(opening, consultant):
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(second_consultant=consultant))
    assert set(caught.value.message_dict) == {"second_consultant"}
    assert "anden person" in caught.value.message_dict["second_consultant"][0]


def test_the_leader_must_not_be_a_consultant_of_the_case(opening, second_consultant):
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(leader=second_consultant))
    assert caught.value.message_dict["leader"] == ["Lederen, der godkender, må ikke selv være konsulent på sagen."]


def test_the_leader_must_have_the_leader_role(opening, supplier):
    consultant_as_leader = factories.ConsultantFactory(socialtilsyn=supplier.socialtilsyn)
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(leader=consultant_as_leader))
    assert caught.value.message_dict["leader"] == ["Vælg en bruger med rollen leder."]


def test_consultants_must_work_for_the_suppliers_socialtilsyn(opening, other_consultant):
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(primary_consultant=other_consultant))
    assert caught.value.message_dict["primary_consultant"] == ["Vælg en medarbejder fra Socialtilsyn Nord."]


def test_department_must_belong_to_the_supplier(opening, other_supplier):
    foreign = factories.DepartmentFactory(supplier=other_supplier)
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(department=foreign))
    assert set(caught.value.message_dict) == {"department"}


def test_a_department_of_the_supplier_is_assessed_on_its_own(opening, supplier):
    department = supplier.departments.get()
    case = case_open(**opening(department=department))
    assert case.subject_name == f"{supplier.name} – {department.name}"


@pytest.mark.parametrize("who", ["supplier_user", "other_leader", "fagadmin"])
def test_only_staff_of_the_suppliers_socialtilsyn_may_open_a_case(opening, user_for, who):
    with pytest.raises(PermissionDenied):
        case_open(**opening(user=user_for(who)))
    assert not Case.objects.exists()


def test_a_target_group_without_published_content_is_refused_with_what_is_missing(opening, national_rule):
    bare = factories.TargetGroupFactory(name="Synsnedsættelse", age_band="boern", slug="syn-boern")
    with pytest.raises(ValidationError) as caught:
        case_open(**opening(target_group=bare))
    message = caught.value.messages[0]
    assert "målgruppebeskrivelse" in message
    assert "vejledning" in message
    assert "oplysningsskema" in message
    assert "indplaceringsregel" not in message  # the national rule covers every target group


# --- the workflow table, through case_transition -----------------------------------------------------------

ROLE_USERS = {
    CaseRole.PRIMARY: "consultant",
    CaseRole.SECOND: "second_consultant",
    CaseRole.LEADER: "leader",
    CaseRole.SUPPLIER: "supplier_user",
}


# One test per action (the case is the expensive part), every role tried in a savepoint of its own that is rolled
# back after it, so each role meets the case exactly as a test of its own would.
@pytest.mark.parametrize("action", list(Action), ids=[a.value for a in Action])
def test_each_action_is_allowed_exactly_for_the_roles_in_the_table(case, user_for, action):
    transition = TRANSITIONS[action]
    source = sorted(transition.sources)[0]
    for role, fixture in ROLE_USERS.items():
        user = user_for(fixture)
        with transaction.atomic():
            set_state(case, source)
            if role in transition.roles:
                case_transition(case=case, action=action, user=user)
                case.refresh_from_db()
                assert case.state == transition.target, role
                assert AuditEntry.objects.filter(case=case, action=f"transition:{action.value}", actor=user).exists(), (
                    role
                )
            else:
                with pytest.raises(PermissionDenied, match="rolle på sagen"):
                    case_transition(case=case, action=action, user=user)
                case.refresh_from_db()
                assert case.state == source, role
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.REQUEST_INFORMATION, {"consultant"}),
        (Action.ACCEPT_INFORMATION, {"consultant", "second_consultant"}),
        (Action.REQUEST_SUPPLEMENT, {"consultant", "second_consultant"}),
        (Action.SUBMIT_INFORMATION, {"supplier_user"}),
        (Action.APPROVE, {"leader"}),
        (Action.CANCEL, {"consultant", "leader"}),
    ],
)
def test_who_may_do_the_everyday_actions(case, user_for, action, allowed):
    """Written out by hand, so a slip in the table itself is caught too."""
    source = sorted(TRANSITIONS[action].sources)[0]
    for who in ["consultant", "second_consultant", "leader", "supplier_user", "other_consultant", "fagadmin"]:
        set_state(case, source)
        if who in allowed:
            case_transition(case=case, action=action, user=user_for(who))
        else:
            with pytest.raises(PermissionDenied):
                case_transition(case=case, action=action, user=user_for(who))


def test_an_action_from_the_wrong_state_is_refused_with_the_state_named(case, consultant):
    with pytest.raises(PermissionDenied, match="«Oprettet»"):
        case_transition(case=case, action=Action.ACCEPT_INFORMATION, user=consultant)


def test_only_the_system_moves_a_case_to_reconciliation(case, consultant):
    set_state(case, State.VURDERING)
    with pytest.raises(PermissionDenied):
        case_transition(case=case, action=Action.COMPLETE_JUDGEMENTS, user=consultant)
    case_transition(case=case, action=Action.COMPLETE_JUDGEMENTS, system=True)
    assert case.state == State.AFSTEMNING


def test_a_closed_case_cannot_be_cancelled(case, leader):
    set_state(case, State.AFGJORT)
    with pytest.raises(PermissionDenied):
        case_transition(case=case, action=Action.CANCEL, user=leader)


# --- requesting the form ------------------------------------------------------------------------------------


def test_request_creates_an_empty_answer_per_question_and_tells_the_supplier(case, consultant, supplier_user):
    form = form_request(case=case, user=consultant, deadline=in_days(21), message="Se især aktiv praksis.")
    case.refresh_from_db()
    assert case.state == State.OPLYSNINGER_ANMODET
    assert form.status == InformationForm.Status.OPEN
    assert form.deadline == in_days(21)
    assert form.answers.count() == len(QUESTIONS)
    assert not form.answers.exclude(value=None).exists()
    assert Notification.objects.filter(recipient=supplier_user, kind="form_requested", case=case).count() == 1
    assert AuditEntry.objects.filter(case=case, action="form_request").exists()


@pytest.mark.parametrize("days", [0, -1])
def test_the_deadline_must_be_after_today(case, consultant, days):
    with pytest.raises(ValidationError) as caught:
        form_request(case=case, user=consultant, deadline=in_days(days))
    assert caught.value.message_dict == {"deadline": ["Fristen skal ligge efter i dag."]}
    assert not InformationForm.objects.exists()


def test_a_message_with_a_cpr_number_is_refused(case, consultant):
    with pytest.raises(ValidationError) as caught:
        form_request(case=case, user=consultant, deadline=in_days(21), message=CPR_TEXT)
    assert "message" in caught.value.message_dict
    assert "010190-1234" not in caught.value.message_dict["message"][0]  # masked in the refusal
    case.refresh_from_db()
    assert case.state == State.OPRETTET


@pytest.mark.parametrize("who", ["second_consultant", "leader", "supplier_user"])
def test_only_the_primary_consultant_requests_information(case, user_for, who):
    with pytest.raises(PermissionDenied):
        form_request(case=case, user=user_for(who), deadline=in_days(21))


def test_information_cannot_be_requested_twice(requested_form, consultant):
    with pytest.raises(PermissionDenied):
        form_request(case=requested_form.case, user=consultant, deadline=in_days(21))


# --- saving answers: revisions, conflicts, refusals ---------------------------------------------------------


def test_every_saved_value_is_kept_as_a_revision(requested_form, supplier_user):
    for value in ["3", "5", "8"]:
        assert save(requested_form, "borgere-hoejt", value, supplier_user).saved
    answer = requested_form.answers.get(question__key="borgere-hoejt")
    assert (answer.value, answer.revision) == (8, 3)
    assert list(answer.revisions.values_list("revision", "value")) == [(3, 8), (2, 5), (1, 3)]
    assert set(answer.revisions.values_list("saved_by", flat=True)) == {supplier_user.pk}


def test_saving_the_same_value_again_adds_no_revision(requested_form, supplier_user):
    save(requested_form, "borgere-hoejt", "3", supplier_user)
    save(requested_form, "borgere-hoejt", "3", supplier_user)
    assert AnswerRevision.objects.filter(answer__form=requested_form).count() == 1


def test_a_stale_save_of_a_different_value_is_a_conflict_and_stores_nothing(requested_form, supplier_user):
    colleague = factories.SupplierUserFactory(suppliers=[requested_form.case.supplier])
    save(requested_form, "borgere-hoejt", "12", colleague, expected_revision=0)
    result = save(requested_form, "borgere-hoejt", "13", supplier_user, expected_revision=0)
    assert not result.saved
    assert result.conflict is not None
    assert (result.conflict.current_value, result.conflict.your_value) == (12, 13)
    assert result.conflict.current_revision == 1
    assert result.conflict.current_display == "12"
    answer = requested_form.answers.get(question__key="borgere-hoejt")
    assert (answer.value, answer.revision, answer.updated_by) == (12, 1, colleague)


def test_a_stale_save_of_the_same_value_is_no_conflict(requested_form, supplier_user):
    save(requested_form, "borgere-hoejt", "12", supplier_user, expected_revision=0)
    result = save(requested_form, "borgere-hoejt", "12", supplier_user, expected_revision=0)
    assert result.conflict is None
    assert result.saved


def test_keeping_your_own_value_after_a_conflict_stores_it_as_a_new_revision(requested_form, supplier_user):
    question = questions_of(requested_form)["borgere-hoejt"]
    save(requested_form, "borgere-hoejt", "12", supplier_user, expected_revision=0)
    from assessments.services.information_form import answer_save

    result = answer_save(
        form=requested_form, question=question, raw="13", user=supplier_user, expected_revision=0, force=True
    )
    assert result.saved
    assert list(result.answer.revisions.values_list("value", flat=True)) == [13, 12]


def test_invalid_input_is_not_stored(requested_form, supplier_user):
    result = save(requested_form, "borgere-hoejt", "mange", supplier_user)
    assert result.parsed.errors == ["Skriv et helt tal, fx 12."]
    assert requested_form.answers.get(question__key="borgere-hoejt").revision == 0


def test_free_text_with_a_cpr_number_is_refused(requested_form, supplier_user):
    result = save(requested_form, "samarbejde", CPR_TEXT, supplier_user)
    assert not result.saved
    assert "CPR" in result.parsed.errors[0]
    assert requested_form.answers.get(question__key="samarbejde").value is None


def test_a_cpr_number_in_a_table_cell_is_refused(requested_form, supplier_user):
    result = save(requested_form, "personale", [{"funktion": "Pædagog 010190-1234", "aar": "3"}], supplier_user)
    assert not result.saved
    assert (0, "funktion") in result.parsed.cell_errors


def test_a_cpr_number_split_over_two_rows_of_a_table_is_refused_and_not_stored(requested_form, supplier_user):
    rows = [{"funktion": "Pædagog", "aar": "3"}, {"funktion": "Født 010190"}, {"funktion": "1234"}]
    result = save(requested_form, "personale", rows, supplier_user)
    assert not result.saved
    assert any("010190-****" in error for error in result.parsed.errors)
    assert requested_form.answers.get(question__key="personale").value is None


@pytest.mark.parametrize("who", ["consultant", "leader", "other_supplier_user"])
def test_only_the_suppliers_own_users_save_answers(requested_form, user_for, who):
    with pytest.raises(PermissionDenied):
        save(requested_form, "borgere-hoejt", "3", user_for(who))


# --- attachments --------------------------------------------------------------------------------------------


def test_an_attachment_is_stored_under_its_hash_and_counts_as_a_revision(requested_form, supplier_user):
    attachment = attach(requested_form, supplier_user)
    # Named by content hash (the storage may add a suffix when the same content is already stored).
    assert attachment.file.name.startswith(f"forms/{requested_form.pk}/{attachment.sha256}")
    assert attachment.original_name == "vagtplan.png"
    assert attachment.content_type == "png"
    assert requested_form.answers.get(question__key="vagtplan").revision == 1


def test_a_file_cannot_be_attached_to_a_question_that_takes_no_files(requested_form, supplier_user):
    with pytest.raises(ValidationError, match="tager ikke imod filer"):
        attach(requested_form, supplier_user, key="samarbejde")


def test_a_removed_attachment_leaves_the_snapshot_but_the_file_is_kept(requested_form, supplier_user):
    kept, removed = attach(requested_form, supplier_user), attach(requested_form, supplier_user, name="gammel.png")
    attachment_remove(attachment=removed, user=supplier_user)
    removed.refresh_from_db()
    assert removed.removed_at is not None
    assert removed.file.storage.exists(removed.file.name)
    submission = fill_and_submit(requested_form, supplier_user)
    names = [a["name"] for a in submission.snapshot["answers"]["vagtplan"]["attachments"]]
    assert names == [kept.original_name]


# --- submitting ---------------------------------------------------------------------------------------------


def test_submitting_locks_the_form_and_stores_a_timestamped_snapshot(requested_form, supplier_user):
    before = timezone.now()
    submission = fill_and_submit(requested_form, supplier_user)
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.SUBMITTED
    assert not requested_form.is_editable
    assert submission.number == 1
    assert submission.submitted_at >= before
    assert submission.snapshot["answers"]["personale"]["display"] == "2 rækker"
    assert submission.snapshot["answers"]["aktiviteter"]["value"] == ["Kurser", "Netværk"]
    with pytest.raises(PermissionDenied, match="indsendt"):
        save(requested_form, "borgere-hoejt", "99", supplier_user)
    with pytest.raises(ValidationError, match="allerede indsendt"):
        form_submit(form=requested_form, user=supplier_user)


def test_missing_required_answers_are_named(requested_form, supplier_user):
    fill(requested_form, supplier_user, {k: v for k, v in RAW_ANSWERS.items() if k != "hovedmetode"})
    problems = missing_for_submit(requested_form)
    assert [(a.question.key, reason) for a, reason in problems] == [("hovedmetode", "Spørgsmålet skal besvares.")]


# --- supplement ---------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(requested_form, supplier_user):
    fill_and_submit(requested_form, supplier_user)
    requested_form.refresh_from_db()
    return requested_form


def test_a_supplement_reopens_only_the_named_questions(submitted, consultant, supplier_user):
    q = questions_of(submitted)
    form_request_supplement(
        form=submitted,
        user=consultant,
        comment="Vi mangler lidt.",
        items=[(q["borgere-hoejt"], "Tæl også vikardækkede borgere."), (q["samarbejde"], "")],
    )
    submitted.refresh_from_db()
    assert submitted.status == InformationForm.Status.SUPPLEMENT
    assert submitted.case.state == State.SUPPLERING
    assert save(submitted, "borgere-hoejt", "14", supplier_user).saved
    with pytest.raises(PermissionDenied, match="kun de spørgsmål"):
        save(submitted, "certificering", "nej", supplier_user)
    assert Notification.objects.filter(recipient=supplier_user, kind="form_supplement").count() == 1


def test_resubmitting_after_a_supplement_keeps_both_snapshots_and_every_earlier_answer(
    submitted, consultant, supplier_user
):
    q = questions_of(submitted)
    request = form_request_supplement(
        form=submitted, user=consultant, comment="Ret tallet.", items=[(q["borgere-hoejt"], "")]
    )
    save(submitted, "borgere-hoejt", "14", supplier_user)
    second = form_submit(form=submitted, user=supplier_user)
    request.refresh_from_db()
    assert second.number == 2
    assert request.answered_at is not None
    first = Submission.objects.get(form=submitted, number=1)
    assert first.snapshot["answers"]["borgere-hoejt"]["value"] == 12
    assert second.snapshot["answers"]["borgere-hoejt"]["value"] == 14
    answer = submitted.answers.get(question__key="borgere-hoejt")
    assert list(answer.revisions.values_list("value", flat=True)) == [14, 12]


def test_a_supplement_needs_at_least_one_question(submitted, consultant):
    with pytest.raises(ValidationError) as caught:
        form_request_supplement(form=submitted, user=consultant, comment="Ret.", items=[])
    assert caught.value.message_dict == {"questions": ["Vælg mindst ét spørgsmål, der skal suppleres."]}


@pytest.mark.parametrize("where", ["comment", "item"])
def test_a_cpr_number_in_a_supplement_comment_is_refused(submitted, consultant, where):
    q = questions_of(submitted)["borgere-hoejt"]
    comment, item = (CPR_TEXT, "") if where == "comment" else ("Ret.", CPR_TEXT)
    with pytest.raises(ValidationError) as caught:
        form_request_supplement(form=submitted, user=consultant, comment=comment, items=[(q, item)])
    assert "CPR" in caught.value.message_dict["comment"][0]
    submitted.case.refresh_from_db()
    assert submitted.case.state == State.OPLYSNINGER_MODTAGET


def test_a_supplement_cannot_name_a_question_of_another_template(submitted, consultant, published_form_template):
    other = FormTemplate.objects.create(
        target_group=published_form_template.target_group, guide=published_form_template.guide, version=2, title="X"
    )
    foreign = FormQuestion.objects.create(template=other, key="fremmed", kind="integer", label="Fremmed")
    with pytest.raises(ValidationError):
        form_request_supplement(form=submitted, user=consultant, comment="Ret.", items=[(foreign, "")])


@pytest.mark.parametrize("who", ["leader", "supplier_user", "other_consultant"])
def test_only_the_cases_consultants_ask_for_a_supplement(submitted, user_for, who):
    q = questions_of(submitted)["borgere-hoejt"]
    with pytest.raises(PermissionDenied):
        form_request_supplement(form=submitted, user=user_for(who), comment="Ret.", items=[(q, "")])


def test_a_supplement_is_only_possible_after_submission(requested_form, consultant):
    q = questions_of(requested_form)["borgere-hoejt"]
    with pytest.raises(PermissionDenied):
        form_request_supplement(form=requested_form, user=consultant, comment="Ret.", items=[(q, "")])


# --- accepting ----------------------------------------------------------------------------------------------


def test_the_second_consultant_may_accept_and_the_case_moves_to_judgement(submitted, second_consultant):
    form_accept(form=submitted, user=second_consultant)
    submitted.refresh_from_db()
    assert submitted.status == InformationForm.Status.ACCEPTED
    assert submitted.accepted_at is not None
    assert submitted.case.state == State.VURDERING


@pytest.mark.parametrize("who", ["leader", "supplier_user"])
def test_only_consultants_accept(submitted, user_for, who):
    with pytest.raises(PermissionDenied):
        form_accept(form=submitted, user=user_for(who))


def test_an_unsubmitted_form_cannot_be_accepted(requested_form, consultant):
    with pytest.raises(PermissionDenied):
        form_accept(form=requested_form, user=consultant)
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.OPEN


# --- reuse: a new case starts from the last submitted answers -----------------------------------------------


def open_follow_up(case: Case, user) -> Case:
    """A later case on the same subject, after the earlier one is closed (one open case per subject)."""
    close_for_follow_up(case)
    return case_open(
        user=user,
        supplier=case.supplier,
        department=case.department,
        target_group=case.target_group,
        primary_consultant=case.primary_consultant,
        second_consultant=case.second_consultant,
        leader=case.leader,
        kind=Case.Kind.SCHEDULED,
        previous_case=case,
    )


def publish_second_template(first: FormTemplate, fagadmin) -> FormTemplate:
    """Version 2: 'certificering' changes kind, 'tilbudstype' is replaced by a new key; the rest keeps its key."""
    template = FormTemplate.objects.create(
        target_group=first.target_group, guide=first.guide, version=2, title="Oplysningsskema"
    )
    for position, (parameter, key, kind, label, extra) in enumerate(QUESTIONS):
        if key == "certificering":
            kind, extra = "short_text", {}
        if key == "tilbudstype":
            key = "tilbudsform"
        FormQuestion.objects.create(
            template=template, parameter=parameter, position=position, key=key, kind=kind, label=label, **extra
        )
    published = version_publish(version=template, user=fagadmin)
    assert isinstance(published, FormTemplate)
    return published


def test_reuse_carries_answers_over_by_question_key_and_kind(
    submitted_form, published_form_template, fagadmin, leader, consultant, supplier_user
):
    publish_second_template(published_form_template, fagadmin)
    follow_up = open_follow_up(submitted_form.case, leader)
    assert last_submitted_form(follow_up) == submitted_form
    form = form_request(case=follow_up, user=consultant, deadline=in_days(21), reuse=True)
    assert form.reused_from == submitted_form
    assert form.template.version == 2
    answers = {a.question.key: a for a in form.answers.select_related("question")}
    assert answers["borgere-hoejt"].value == 12
    assert answers["borgere-hoejt"].carried_over
    assert answers["personale"].value[1]["funktion"] == "Ergoterapeut"
    assert answers["certificering"].value is None
    assert not answers["certificering"].carried_over
    assert answers["tilbudsform"].value is None
    assert not answers["tilbudsform"].carried_over
    copied = answers["vagtplan"].attachments.get()
    original = submitted_form.answers.get(question__key="vagtplan").attachments.get()
    assert (copied.file.name, copied.sha256) == (original.file.name, original.sha256)
    assert "genbrugt fra" in AuditEntry.objects.get(case=follow_up, action="form_request").summary


def test_carried_over_answers_must_be_confirmed_before_submitting(submitted_form, leader, consultant, supplier_user):
    follow_up = open_follow_up(submitted_form.case, leader)
    form = form_request(case=follow_up, user=consultant, deadline=in_days(21), reuse=True)
    unconfirmed = {a.question.key for a, reason in missing_for_submit(form) if "Bekræft" in reason}
    assert {"borgere-hoejt", "samarbejde", "vagtplan"} <= unconfirmed
    for question in form.template.questions.all():
        if form.answers.get(question=question).carried_over:
            answer_confirm(form=form, question=question, user=supplier_user)
    assert missing_for_submit(form) == []
    answer = form.answers.get(question__key="borgere-hoejt")
    assert (answer.value, answer.carried_over, answer.revision) == (12, False, 1)
    submission = form_submit(form=form, user=supplier_user)
    assert submission.snapshot["answers"]["borgere-hoejt"]["value"] == 12


def test_without_reuse_the_form_starts_empty(submitted_form, leader, consultant):
    follow_up = open_follow_up(submitted_form.case, leader)
    form = form_request(case=follow_up, user=consultant, deadline=in_days(21), reuse=False)
    assert form.reused_from is None
    assert not Answer.objects.filter(form=form, carried_over=True).exists()
    assert not Answer.objects.filter(form=form).exclude(value=None).exists()


def test_reuse_needs_the_same_department(submitted_form, leader):
    department = submitted_form.case.supplier.departments.get()
    follow_up = case_open(
        user=leader,
        supplier=submitted_form.case.supplier,
        department=department,
        target_group=submitted_form.case.target_group,
        primary_consultant=submitted_form.case.primary_consultant,
        second_consultant=submitted_form.case.second_consultant,
        leader=leader,
    )
    assert last_submitted_form(follow_up) is None


def test_a_form_that_was_never_submitted_is_not_reused(requested_form, leader):
    follow_up = open_follow_up(requested_form.case, leader)
    assert last_submitted_form(follow_up) is None


# --- deadline reminders -------------------------------------------------------------------------------------

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def kinds_for(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_deadline_reminders_come_7_and_1_day_before_and_overdue_once(
    case, consultant, second_consultant, supplier_user
):
    with time_machine.travel(START, tick=False) as traveller:
        form = form_request(case=case, user=consultant, deadline=datetime.date(2026, 3, 23))
        Notification.objects.all().delete()

        def sweep_on(day: datetime.date) -> int:
            traveller.move_to(datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=datetime.UTC))
            return form_deadline_sweep()

        assert sweep_on(datetime.date(2026, 3, 15)) == 0  # 8 days before
        assert sweep_on(datetime.date(2026, 3, 16)) == 1  # 7 days before
        assert sweep_on(datetime.date(2026, 3, 16)) == 0  # the same sweep again
        assert sweep_on(datetime.date(2026, 3, 17)) == 0
        assert sweep_on(datetime.date(2026, 3, 22)) == 1  # 1 day before
        assert sweep_on(datetime.date(2026, 3, 22)) == 0
        assert sweep_on(datetime.date(2026, 3, 23)) == 0  # the deadline itself is not overdue
        assert sweep_on(datetime.date(2026, 3, 24)) == 1  # overdue, to the primary consultant only
        assert sweep_on(datetime.date(2026, 3, 25)) == 0
    assert kinds_for(supplier_user) == ["form_deadline", "form_deadline"]
    assert kinds_for(consultant) == ["form_overdue"]
    assert kinds_for(second_consultant) == []
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert any(k.startswith(f"form_deadline_7d:form={form.pk}:") for k in keys)
    assert any(k.startswith(f"form_deadline_1d:form={form.pk}:") for k in keys)


def test_a_sweep_after_an_outage_sends_only_the_nearest_reminder(case, consultant, supplier_user):
    with time_machine.travel(START, tick=False) as traveller:
        form_request(case=case, user=consultant, deadline=datetime.date(2026, 3, 23))
        Notification.objects.all().delete()
        traveller.move_to(datetime.datetime(2026, 3, 22, 6, 0, tzinfo=datetime.UTC))
        assert form_deadline_sweep() == 1
        assert form_deadline_sweep() == 0
    assert Notification.objects.get().dedupe_key.startswith("form_deadline_1d:")


def test_a_submitted_form_gets_no_reminders(case, consultant, supplier_user):
    with time_machine.travel(START, tick=False) as traveller:
        form = form_request(case=case, user=consultant, deadline=datetime.date(2026, 3, 23))
        fill_and_submit(form, supplier_user)
        Notification.objects.all().delete()
        for day in (16, 22, 24):
            traveller.move_to(datetime.datetime(2026, 3, day, 6, 0, tzinfo=datetime.UTC))
            assert form_deadline_sweep() == 0
