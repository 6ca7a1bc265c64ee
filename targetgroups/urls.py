from django.urls import path

from . import views

app_name = "targetgroups"
urlpatterns = [
    path("", views.target_group_list, name="list"),
    path("vejledning/<int:pk>/", views.guide_detail, name="guide"),
    path("indplaceringsregler/", views.rule_list, name="rules"),
]
