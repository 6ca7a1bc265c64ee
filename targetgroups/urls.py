from django.urls import path

from . import form_views, views

app_name = "targetgroups"
urlpatterns = [
    path("", views.target_group_list, name="list"),
    path("vejledning/<int:pk>/", views.guide_detail, name="guide"),
    path("indplaceringsregler/", views.rule_list, name="rules"),
    # Form templates (oplysningsskemaer): fagadministrators only.
    path("skemaer/", form_views.form_template_list, name="form_templates"),
    path(
        "skemaer/maalgruppe/<int:pk>/ny-kladde/",
        form_views.form_template_new_draft_view,
        name="form_template_new_draft",
    ),
    path("skemaer/<int:pk>/", form_views.form_template_detail, name="form_template"),
    path("skemaer/<int:pk>/rediger/", form_views.form_template_edit, name="form_template_edit"),
    path("skemaer/<int:pk>/offentliggoer/", form_views.form_template_publish, name="form_template_publish"),
    path("skemaer/<int:pk>/spoergsmaal/nyt/", form_views.question_create, name="form_question_create"),
    path("skemaer/spoergsmaal/<int:pk>/rediger/", form_views.question_edit, name="form_question_edit"),
    path("skemaer/spoergsmaal/<int:pk>/slet/", form_views.question_delete, name="form_question_delete"),
    path("skemaer/spoergsmaal/<int:pk>/flyt/", form_views.question_move, name="form_question_move"),
]
