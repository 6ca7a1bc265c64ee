"""URL map of cases. Supplier pages live under /sager/<pk>/skema/, the consultants' under the rest."""

from django.urls import path

from assessments.views import (
    casefile,
    cases,
    consultant_form,
    decisions,
    exports,
    process,
    reassessment,
    reports,
    review,
    statistics,
    supplier_attachments,
    supplier_autosave,
    supplier_case,
    supplier_form,
)

app_name = "assessments"
urlpatterns = [
    # cases (consultants, leaders; suppliers see their own)
    path("", cases.case_list, name="case_list"),
    path("ny/", cases.case_create, name="case_create"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    # the consultants' side of the information form
    path("<int:pk>/oplysninger/anmod/", consultant_form.form_request_view, name="form_request"),
    path("<int:pk>/oplysninger/", consultant_form.form_review, name="form_review"),
    path("<int:pk>/oplysninger/supplering/", consultant_form.form_supplement, name="form_supplement"),
    path("<int:pk>/oplysninger/godkend/", consultant_form.form_accept_view, name="form_accept"),
    path(
        "<int:pk>/oplysninger/svar/<int:question_pk>/historik/",
        consultant_form.answer_history,
        name="answer_history",
    ),
    # the supplier's side
    path("<int:pk>/skema/", supplier_form.form_overview, name="form_fill"),
    path("<int:pk>/skema/afsnit/<str:section>/", supplier_form.form_section, name="form_section"),
    path("<int:pk>/skema/svar/<int:question_pk>/", supplier_autosave.answer_autosave, name="answer_autosave"),
    path(
        "<int:pk>/skema/svar/<int:question_pk>/bekraeft/", supplier_autosave.answer_confirm_view, name="answer_confirm"
    ),
    path("<int:pk>/skema/fil/<int:question_pk>/", supplier_attachments.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/skema/bilag/<int:attachment_pk>/slet/",
        supplier_attachments.attachment_remove_view,
        name="attachment_remove",
    ),
    path("<int:pk>/skema/gennemse/", supplier_form.form_review_submit, name="form_submit"),
    # independent judgements and reconciliation (consultants)
    path("<int:pk>/vurdering/", review.judgement_overview, name="judgement"),
    path("<int:pk>/vurdering/afgiv/", review.judgement_submit_view, name="judgement_submit"),
    path("<int:pk>/vurdering/<str:parameter>/", review.judgement_parameter, name="judgement_parameter"),
    path("<int:pk>/afstemning/", review.reconciliation, name="reconciliation"),
    path("<int:pk>/afstemning/enige/", review.reconciliation_accept_agreed_view, name="reconciliation_accept"),
    path("<int:pk>/afstemning/bekraeft/", review.reconciliation_confirm_view, name="reconciliation_confirm"),
    path("<int:pk>/afstemning/genoptag/", review.reconciliation_resume_view, name="reconciliation_resume"),
    path("<int:pk>/afstemning/<str:parameter>/", review.reconciliation_parameter, name="reconciliation_parameter"),
    # leader sign-off, hearing, decision and appeal (staff)
    path("<int:pk>/godkendelse/", decisions.signoff, name="signoff"),
    path("<int:pk>/partshoering/", decisions.hearing_staff, name="hearing"),
    path("<int:pk>/partshoering/revider/", decisions.hearing_revise_view, name="hearing_revise"),
    path("<int:pk>/afgoerelse/", decisions.decision_make_view, name="decision_make"),
    path("<int:pk>/klage/", decisions.appeal_staff, name="appeal"),
    # the supplier's view of its case: hearing, decision, appeal
    path("<int:pk>/leverandoer/", supplier_case.supplier_case, name="supplier_case"),
    path("<int:pk>/leverandoer/klage/", supplier_case.appeal_submit_view, name="supplier_appeal"),
    # the case file
    path("<int:pk>/interview/", casefile.interview_notes, name="interview_notes"),
    path("<int:pk>/historik/", casefile.case_history, name="case_history"),
    path("<int:pk>/sagsakter/", exports.case_file_export, name="case_file_export"),
    # shared, permission-checked downloads
    path("<int:pk>/bilag/<int:attachment_pk>/", supplier_attachments.attachment_download, name="attachment_download"),
    path("<int:pk>/indsendelse/<int:number>/pdf/", exports.submission_pdf, name="submission_pdf"),
    # exports made in the background (case file ZIP, submission PDF): their page, status and file
    path("<int:pk>/eksport/<int:export_pk>/", exports.export_status_page, name="export_status_page"),
    path("<int:pk>/eksport/<int:export_pk>/status/", exports.export_status, name="export_status"),
    path("<int:pk>/eksport/<int:export_pk>/hent/", exports.export_download, name="export_download"),
    path("<int:pk>/afgoerelse/<int:version>/pdf/", reports.decision_pdf, name="decision_pdf"),
    path("statistik/", statistics.agreement, name="agreement_statistics"),
    path("statistik/eksport/<str:fmt>/", statistics.agreement_export, name="agreement_export"),
    path("statistik/kalibrering/", statistics.agreement_calibration, name="agreement_calibration"),
    path("statistik/kalibrering/eksport/<str:fmt>/", statistics.calibration_export, name="calibration_export"),
    path("sagsforloeb/", process.process_figures_view, name="process_figures"),
]
urlpatterns += [
    # cancelling a case, re-assessment and change notices
    path("<int:pk>/annuller/", cases.case_cancel, name="case_cancel"),
    path("<int:pk>/genvurdering/", reassessment.reassessment_open_view, name="reassessment_open"),
    path("<int:pk>/aendringsanmeldelser/", reassessment.change_notice_handle_view, name="change_notice_handle"),
    path("<int:pk>/leverandoer/aendring/", supplier_case.change_notice_view, name="change_notice"),
]
