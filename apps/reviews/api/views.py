"""Review API: the queue and the decisions, through the same selectors, services and rules as the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.mixins import RulePermission
from apps.applications.models import Application
from whitelist_portal.keyset import KeysetPagination

from .. import selectors, services
from ..models import ReviewStage
from ..services import ReviewConflict
from .filters import QueueFilter
from .serializers import (
    BatchApproveSerializer,
    DecisionSerializer,
    MergeSerializer,
    QueueItemSerializer,
    StageSerializer,
)

QUEUE_RULE = {"GET": "reviews.view_queue", "POST": "reviews.view_queue"}


def _refusal(exc) -> Response:
    if isinstance(exc, ReviewConflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class QueueView(generics.ListAPIView):
    """Applications waiting at the caller's stages, oldest first; pages by cursor (follow ``next``)."""

    serializer_class = QueueItemSerializer
    filterset_class = QueueFilter
    permission_classes = [RulePermission]
    rule_actions = QUEUE_RULE
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    keyset = selectors.QUEUE_ORDER

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no reviewer
            return Application.objects.none()
        return selectors.queue_listing(self.request.user)

    def page_count(self, queryset) -> int | None:
        """The whole queue is counted exactly from the counts per stage; a filtered one is not counted (a filter
        may have to read every waiting application to count its matches)."""
        if any(self.request.query_params.get(name) for name in QueueFilter.base_filters):
            return None
        return sum(row["waiting"] for row in selectors.stage_counts(self.request.user))


class StageListView(generics.ListAPIView):
    serializer_class = StageSerializer
    permission_classes = [RulePermission]
    rule_actions = QUEUE_RULE
    pagination_class = None
    queryset = ReviewStage.objects.filter(is_active=True).order_by("-kind", "order")


class DecisionView(APIView):
    permission_classes = [RulePermission]
    rule_actions = QUEUE_RULE

    @extend_schema(request=DecisionSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.decide(application=application, actor=request.user, **data.validated_data)
        except (ValidationError, ReviewConflict) as exc:
            return _refusal(exc)
        application = Application.objects.select_related("department", "term", "review__stage").get(pk=pk)
        return Response({"id": application.pk, "status": application.status, "version": application.version,
                         "stage": application.review.stage.name if application.review.stage else None})


def _seen(items) -> list[tuple[Application, int]]:
    found = Application.objects.in_bulk([item["id"] for item in items])
    return [(found[item["id"]], item["version"]) for item in items if item["id"] in found]


class BatchApproveView(APIView):
    permission_classes = [RulePermission]
    rule_actions = QUEUE_RULE

    @extend_schema(request=BatchApproveSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        data = BatchApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = services.approve_many(items=_seen(data.validated_data["items"]), actor=request.user,
                                           opinion=data.validated_data["opinion"],
                                           justification=data.validated_data["justification"])
        except ValidationError as exc:
            return _refusal(exc)
        return Response({"batch": result.batch, "approved": [a.pk for a in result.approved],
                         "refused": [{"id": a.pk, "reason": why} for a, why in result.refused]})


class MergeView(APIView):
    permission_classes = [RulePermission]
    rule_actions = QUEUE_RULE

    @extend_schema(request=MergeSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        data = MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead = get_object_or_404(Application, pk=data.validated_data["lead"]["id"])
        try:
            services.merge(lead=lead, lead_version=data.validated_data["lead"]["version"],
                           others=_seen(data.validated_data["others"]), actor=request.user,
                           opinion=data.validated_data["opinion"])
        except (ValidationError, ReviewConflict) as exc:
            return _refusal(exc)
        return Response({"lead": lead.pk, "merged": [item["id"] for item in data.validated_data["others"]]})
