from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import rest, tokens

app_name = "api"

v1 = [
    path("v1/indplaceringer/", rest.PlacementList.as_view(), name="placements"),
    path("v1/leverandoerer/", rest.SupplierList.as_view(), name="suppliers"),
    path("v1/leverandoerer/<int:pk>/", rest.SupplierDetail.as_view(), name="supplier"),
    path("v1/afdelinger/", rest.DepartmentList.as_view(), name="departments"),
    path("v1/oplysningsskemaer/", rest.FormList.as_view(), name="forms"),
    path("v1/oplysningsskemaer/<int:case_pk>/", rest.FormDetailView.as_view(), name="form"),
    path("v1/oplysningsskemaer/<int:case_pk>/svar/<int:question_pk>/", rest.AnswerView.as_view(), name="form_answer"),
    path("v1/oplysningsskemaer/<int:case_pk>/indsend/", rest.SubmitView.as_view(), name="form_submit"),
    path("v1/sager/", rest.CaseList.as_view(), name="cases"),
    path("v1/sager/<int:pk>/", rest.CaseDetail.as_view(), name="case"),
]

urlpatterns = [
    *v1,
    # The schema and its docs are public (they describe the API, not its data); both served from our origin.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    # The fagadministrator's token pages
    path("noegler/", tokens.token_list, name="tokens"),
    path("noegler/<int:pk>/tilbagekald/", tokens.token_revoke_view, name="token_revoke"),
]
