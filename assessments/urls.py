"""URL map of cases. Supplier pages live under /sager/<pk>/skema/, the consultants' under the rest."""

from django.urls import path

from .views import cases, consultant_form, supplier_form

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
    path("<int:pk>/skema/svar/<int:question_pk>/", supplier_form.answer_autosave, name="answer_autosave"),
    path("<int:pk>/skema/svar/<int:question_pk>/bekraeft/", supplier_form.answer_confirm_view, name="answer_confirm"),
    path("<int:pk>/skema/fil/<int:question_pk>/", supplier_form.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/skema/bilag/<int:attachment_pk>/slet/", supplier_form.attachment_remove_view, name="attachment_remove"
    ),
    path("<int:pk>/skema/gennemse/", supplier_form.form_review_submit, name="form_submit"),
    # shared, permission-checked downloads
    path("<int:pk>/bilag/<int:attachment_pk>/", supplier_form.attachment_download, name="attachment_download"),
    path("<int:pk>/indsendelse/<int:number>/pdf/", supplier_form.submission_pdf, name="submission_pdf"),
]
