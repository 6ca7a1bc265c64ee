"""The REST endpoints (/api/v1/). Thin: check the role with the UI's `rules` permission, read through the UI's
selectors (404 outside the user's scope), write through the web form's services, and serialise.

Refusals take one path (api.errors): 404 for what the user may not know exists, 403 with the Danish reason
for what they may see but not do, 400/422 for input that breaks a rule, 409 for a stale answer revision.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from assessments.domain.answers import SectionOutcome
from assessments.models import Case, InformationForm
from assessments.selectors.access import staff_case_or_404
from assessments.selectors.information_form import (
    answer_or_404,
    form_of_case,
    missing_for_submit,
    supplier_form_or_404,
)
from assessments.selectors.placements import placement_rows, search_placements
from assessments.services.information_form import answer_save, form_submit
from suppliers.models import Supplier
from suppliers.selectors import supplier_detail
from targetgroups.domain.questions import FILE, MULTIPLE, TABLE
from targetgroups.models import FormQuestion

from ..selectors import (
    FormDetail,
    case_rows_complete,
    case_rows_for_api,
    departments_visible_to,
    form_detail,
    open_forms_of,
    placements_with_labels,
    socialtilsyn_by_code,
    suppliers_for_api,
)
from ..serializers import (
    AnswerInputSerializer,
    AnswerResultSerializer,
    CaseDetailSerializer,
    CaseSerializer,
    DepartmentSerializer,
    FormDetailSerializer,
    FormSummarySerializer,
    PlacementFilterSerializer,
    PlacementSerializer,
    RefusalSerializer,
    SubmissionSerializer,
    SupplierDetailSerializer,
    SupplierSerializer,
    case_list_data,
    placement_list_data,
)
from ..throttles import ApiWriteThrottle


def rule(perm: str) -> type[BasePermission]:
    """A DRF permission that asks the same `rules` permission as the page does."""

    class RulePermission(BasePermission):
        message = gettext_lazy("Din rolle giver ikke adgang til dette.")

        def has_permission(self, request: Request, view: APIView) -> bool:
            return bool(request.user and request.user.has_perm(perm))

    RulePermission.__name__ = f"Rule[{perm}]"
    return RulePermission


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


REFUSALS = {
    401: OpenApiResponse(RefusalSerializer, description=gettext_lazy("Ingen eller ugyldig API-nøgle.")),
    403: OpenApiResponse(RefusalSerializer, description=gettext_lazy("Din rolle giver ikke adgang.")),
}
NOT_FOUND = {404: OpenApiResponse(RefusalSerializer, description=gettext_lazy("Findes ikke, eller ikke for dig."))}


def _user(request: Request) -> User:
    # IsAuthenticated has run: the user is one of ours
    return request.user  # type: ignore[return-value]


# --- current placements -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=["Indplaceringer"],
        summary=gettext_lazy("Nuværende indplaceringer"),
        description=gettext_lazy(
            "Leverandører og afdelinger med en gældende afgørelse: niveau pr. målgruppe, de samme rækker og "
            "filtre som indplaceringssøgningen (registret). For myndighed og socialtilsynets medarbejdere. En "
            "ukendt målgruppe giver en tom liste."
        ),
        parameters=[PlacementFilterSerializer],
        responses={200: PlacementSerializer(many=True), 400: RefusalSerializer, **REFUSALS},
    )
)
class PlacementList(generics.ListAPIView):
    permission_classes: ClassVar = [IsAuthenticated, rule("assessments.view_register")]
    serializer_class = PlacementSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        params = PlacementFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        socialtilsyn = None
        if data.get("socialtilsyn"):
            socialtilsyn = socialtilsyn_by_code(data["socialtilsyn"])
            if socialtilsyn is None:
                raise ValidationError({"socialtilsyn": [_("Socialtilsynet findes ikke.")]})
        rows = search_placements(
            today=timezone.localdate(),
            target_group=data.get("target_group"),
            age_band=data.get("age_band"),
            level=int(data["level"]) if "level" in data else None,
            socialtilsyn=socialtilsyn,
            region=data.get("region"),
            municipality=data.get("municipality"),
            ownership=data.get("ownership"),
            matrikelloes=data.get("matrikelloes"),
            text=data.get("q", "").strip(),
        )
        return placement_rows(rows)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return placements_with_labels(page or [])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Plain dicts as PlacementSerializer writes them (its nested fields cost more than the search).
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        return self.get_paginated_response(placement_list_data(rows))


# --- suppliers and departments ----------------------------------------------------------------------------


SUPPLIER_ROLES = [IsAuthenticated, rule("suppliers.list_suppliers")]


@extend_schema_view(
    get=extend_schema(
        tags=["Leverandører"],
        summary=gettext_lazy("Leverandører"),
        description=gettext_lazy(
            "De leverandører, du må se, som på siden «Leverandører»: en leverandørbruger sine egne, "
            "socialtilsynets medarbejdere dem, socialtilsynet fører tilsyn med, fagadministratoren alle."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("Del af navnet, eller CVR-nummeret."))
        ],
        responses={200: SupplierSerializer(many=True), **REFUSALS},
    )
)
class SupplierList(generics.ListAPIView):
    permission_classes: ClassVar = SUPPLIER_ROLES
    serializer_class = SupplierSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        query = self.request.query_params.get("q", "").strip()[:100]
        return suppliers_for_api(self.request.user, query)


@extend_schema_view(
    get=extend_schema(
        tags=["Leverandører"],
        summary=gettext_lazy("Én leverandør med afdelinger"),
        responses={200: SupplierDetailSerializer, **REFUSALS, **NOT_FOUND},
    )
)
class SupplierDetail(generics.RetrieveAPIView):
    permission_classes: ClassVar = SUPPLIER_ROLES
    serializer_class = SupplierDetailSerializer
    queryset = Supplier.objects.none()  # for the schema; get_object reads through the selector

    def get_object(self) -> Supplier:
        found = supplier_detail(user=self.request.user, pk=self.kwargs["pk"])
        if found is None:
            raise Http404
        return found


@extend_schema_view(
    get=extend_schema(
        tags=["Leverandører"],
        summary=gettext_lazy("Afdelinger"),
        description=gettext_lazy("Afdelingerne hos de leverandører, du må se, sorteret efter id."),
        parameters=[
            OpenApiParameter("supplier", OpenApiTypes.INT, description=gettext_lazy("Kun denne leverandørs (id).")),
            OpenApiParameter(
                "matrikelloes", OpenApiTypes.BOOL, description=gettext_lazy("Kun matrikelløse (true) eller andre.")
            ),
        ],
        responses={200: DepartmentSerializer(many=True), 400: RefusalSerializer, **REFUSALS},
    )
)
class DepartmentList(generics.ListAPIView):
    permission_classes: ClassVar = SUPPLIER_ROLES
    serializer_class = DepartmentSerializer
    pagination_class = Pagination

    class Filters(serializers.Serializer):
        supplier = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
        matrikelloes = serializers.BooleanField(required=False, allow_null=True, default=None)

    def get_queryset(self) -> Any:
        params = self.Filters(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        departments = departments_visible_to(self.request.user)
        if "supplier" in params.validated_data:
            departments = departments.filter(supplier_id=params.validated_data["supplier"])
        if params.validated_data.get("matrikelloes") is not None:
            departments = departments.filter(is_matrikelloes=params.validated_data["matrikelloes"])
        return departments


# --- the supplier's information form ----------------------------------------------------------------------


FORM_ROLES = [IsAuthenticated, rule("api.use_supplier_forms")]


@extend_schema_view(
    get=extend_schema(
        tags=["Oplysningsskema"],
        summary=gettext_lazy("Åbne oplysningsskemaer"),
        description=gettext_lazy("Leverandørens skemaer, der kan udfyldes nu (åbne eller genåbnet til supplering)."),
        responses={200: FormSummarySerializer(many=True), **REFUSALS},
    )
)
class FormList(generics.ListAPIView):
    permission_classes: ClassVar = FORM_ROLES
    serializer_class = FormSummarySerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return open_forms_of(_user(self.request))


@extend_schema_view(
    get=extend_schema(
        tags=["Oplysningsskema"],
        summary=gettext_lazy("Et oplysningsskema med spørgsmål og svar"),
        description=gettext_lazy(
            "Sagens skema med alle spørgsmål i skabelonens rækkefølge, de gemte svar og deres version, og hvad "
            "der mangler, før skemaet kan indsendes. Kun for brugere af sagens leverandør."
        ),
        responses={200: FormDetailSerializer, **REFUSALS, **NOT_FOUND},
    )
)
class FormDetailView(generics.RetrieveAPIView):
    permission_classes: ClassVar = FORM_ROLES
    serializer_class = FormDetailSerializer
    queryset = InformationForm.objects.none()

    def get_object(self) -> FormDetail:
        _case, form = supplier_form_or_404(_user(self.request), self.kwargs["case_pk"])
        return form_detail(form)


SCALAR = (str, int, float, bool, type(None))
WRONG_SHAPE = gettext_lazy("Svaret har ikke den form, spørgsmålstypen kræver (se «kind» og docs/api.md).")


def _raw(question: FormQuestion, value: Any) -> Any:
    """The JSON value in the shape the web form's parser reads, or None when it cannot be that shape."""
    if question.kind == TABLE:
        if value is None:
            return []
        if isinstance(value, list) and all(
            isinstance(row, dict) and all(isinstance(cell, SCALAR) for cell in row.values()) for row in value
        ):
            return [{key: ("" if cell is None else str(cell)) for key, cell in row.items()} for row in value]
        return None
    if question.kind == MULTIPLE:
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return [str(v) for v in value]
        return None
    if not isinstance(value, SCALAR):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return "" if value is None else str(value)


def _refused(errors: list[str], revision: int, value: Any) -> Response:
    body = {
        "saved": False,
        "value": value,
        "revision": revision,
        "carried_over": False,
        "errors": errors,
        "cell_errors": [],
        "conflict": None,
    }
    return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)


class AnswerView(APIView):
    permission_classes: ClassVar = FORM_ROLES
    throttle_classes: ClassVar = [*APIView.throttle_classes, ApiWriteThrottle]

    @extend_schema(
        tags=["Oplysningsskema"],
        summary=gettext_lazy("Gem ét svar"),
        description=gettext_lazy(
            "Gemmer svaret med de samme regler som webformularen: validering, CPR-kontrol og versionsregel. "
            "Send den version, du sidst har set; har en anden gemt et andet svar imellem, gemmes intet, og "
            "svaret er 409 med begge værdier (send igen med force=true for at beholde dit). 422: svaret er "
            "afvist (fejl på dansk). 403: skemaet er låst (indsendt), eller spørgsmålet er ikke åbent for "
            "supplering. Filer uploades i webformularen."
        ),
        request=AnswerInputSerializer,
        responses={
            200: AnswerResultSerializer,
            409: AnswerResultSerializer,
            422: AnswerResultSerializer,
            400: RefusalSerializer,
            **REFUSALS,
            **NOT_FOUND,
        },
    )
    def put(self, request: Request, case_pk: int, question_pk: int) -> Response:
        user = _user(request)
        _case, form = supplier_form_or_404(user, case_pk)
        answer = answer_or_404(form, question_pk)
        question = answer.question
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = data.validated_data["value"]
        if question.kind == FILE:
            return _refused([_("Filer uploades i webformularen.")], answer.revision, answer.value)
        raw = _raw(question, value)
        if raw is None:
            return _refused([str(WRONG_SHAPE)], answer.revision, answer.value)
        result = answer_save(
            form=form,
            question=question,
            raw=raw,
            user=user,
            expected_revision=data.validated_data["revision"],
            force=data.validated_data["force"],
        )
        outcome = SectionOutcome()
        outcome.add_parsed(question.pk, raw, result.parsed)
        conflict = result.conflict
        body = {
            "saved": result.saved,
            "value": result.answer.value,
            "revision": result.answer.revision,
            "carried_over": result.answer.carried_over,
            "errors": outcome.errors.get(question.pk, []),
            "cell_errors": [
                {"row": row, "column": column, "message": message}
                for (row, column), message in sorted(outcome.cell_errors.get(question.pk, {}).items())
            ],
            "conflict": {
                "current_value": conflict.current_value,
                "current_revision": conflict.current_revision,
                "saved_by": conflict.saved_by,
                "saved_at": conflict.saved_at,
                "your_value": conflict.your_value,
            }
            if conflict
            else None,
        }
        code = status.HTTP_200_OK if result.saved else status.HTTP_409_CONFLICT if conflict else 422
        return Response(AnswerResultSerializer(body).data, status=code)


class SubmitView(APIView):
    permission_classes: ClassVar = FORM_ROLES
    throttle_classes: ClassVar = [*APIView.throttle_classes, ApiWriteThrottle]

    @extend_schema(
        tags=["Oplysningsskema"],
        summary=gettext_lazy("Indsend skemaet"),
        description=gettext_lazy(
            "Låser skemaet og gemmer en tidsstemplet kopi, som når leverandøren trykker «Indsend». 400 med "
            "listen «missing», når spørgsmål mangler svar eller bekræftelse; 403, når skemaet ikke kan "
            "indsendes nu."
        ),
        request=None,
        responses={200: SubmissionSerializer, 400: RefusalSerializer, **REFUSALS, **NOT_FOUND},
    )
    def post(self, request: Request, case_pk: int) -> Response:
        user = _user(request)
        _case, form = supplier_form_or_404(user, case_pk)
        try:
            submission = form_submit(form=form, user=user)
        except DjangoValidationError as exc:
            form.refresh_from_db()
            missing = [a.question_id for a, _reason in missing_for_submit(form)] if form.is_editable else []
            body = {"detail": " ".join(str(m) for m in exc.messages), "missing": missing}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(SubmissionSerializer(submission).data)


# --- cases (staff) ----------------------------------------------------------------------------------------


CASE_ROLES = [IsAuthenticated, rule("api.view_cases")]


@extend_schema_view(
    get=extend_schema(
        tags=["Sager"],
        summary=gettext_lazy("Sager"),
        description=gettext_lazy(
            "De sager, du må se, som på siden «Sager»: en konsulent sine tildelte, en leder sit socialtilsyns."
        ),
        parameters=[OpenApiParameter("state", OpenApiTypes.STR, description=gettext_lazy("Kun sager i denne status."))],
        responses={200: CaseSerializer(many=True), **REFUSALS},
    )
)
class CaseList(generics.ListAPIView):
    permission_classes: ClassVar = CASE_ROLES
    serializer_class = CaseSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return case_rows_for_api(_user(self.request), self.request.query_params.get("state", ""))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Plain values and dicts (as CaseSerializer writes them): a page of 50 cases through the serializer's
        # nested fields cost more than its queries.
        rows = case_rows_complete(self.paginate_queryset(self.get_queryset()) or [])
        return self.get_paginated_response(case_list_data(rows))


@extend_schema_view(
    get=extend_schema(
        tags=["Sager"],
        summary=gettext_lazy("Én sag og dens status"),
        responses={200: CaseDetailSerializer, **REFUSALS, **NOT_FOUND},
    )
)
class CaseDetail(generics.RetrieveAPIView):
    permission_classes: ClassVar = CASE_ROLES
    serializer_class = CaseDetailSerializer
    queryset = Case.objects.none()

    def get_object(self) -> Case:
        case = staff_case_or_404(_user(self.request), self.kwargs["pk"])
        case.api_form = form_of_case(case)  # type: ignore[attr-defined]
        return case
