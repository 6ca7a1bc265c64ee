from django.urls import path

from . import views
from .imports import views as import_views

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("<int:pk>/", views.supplier_view, name="detail"),
    path("import/", import_views.supplier_import_start, name="import"),
    path("import/<int:pk>/", import_views.supplier_import_detail, name="import_detail"),
    path("import/<int:pk>/indlaes/", import_views.supplier_import_confirm, name="import_confirm"),
]
