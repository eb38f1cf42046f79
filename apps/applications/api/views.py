"""The applications REST API: the same access question, FilterSet and services as the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts.permissions import can
from whitelist_portal.keyset import KeysetPagination
from whitelist_portal.service_errors import ServiceErrorsMixin

from .. import selectors, services
from ..exceptions import PrecheckBlocked
from ..models import Attachment
from ..precheck import run_precheck
from .filters import ApplicationFilterSet
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ApplicationWriteSerializer,
    FindingSerializer,
    VersionSerializer,
)


class ApplicationViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """进校园活动申报：列表、详情、新建草稿、修改草稿，以及预审、提交、撤回、复制。"""

    filterset_class = ApplicationFilterSet
    filter_backends = [DjangoFilterBackend]
    # Newest change first, paged by cursor (follow ``next``): a fixed order that an index serves at any depth.
    pagination_class = KeysetPagination
    keyset = selectors.LIST_ORDER

    def get_queryset(self):
        qs = selectors.applications_visible_to(self.request.user).prefetch_related("schools", "lead_organisations")
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("attachments", queryset=Attachment.objects.all()))
        return qs

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ApplicationWriteSerializer
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def handle_exception(self, exc):
        if isinstance(exc, PrecheckBlocked):
            return Response({"detail": gettext("预审发现必须修改的问题，未提交。"),
                             "findings": [f.as_dict() for f in exc.findings]}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def perform_create(self, serializer):
        if not can(self.request.user, "applications.create"):
            raise PermissionDenied(gettext("只有申报单位经办人可以新建申报。"))
        serializer.save()

    def perform_update(self, serializer):
        if not can(self.request.user, "applications.change", serializer.instance):
            raise PermissionDenied(gettext("只能修改本单位草稿或退回修改的申报。"))
        serializer.save()

    @extend_schema(responses=FindingSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the findings are one list, never paged
    def precheck(self, request, pk=None):
        findings = run_precheck(self.get_object())
        return Response([f.as_dict() for f in findings])

    @extend_schema(request=VersionSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()  # an application the caller cannot see is a 404 before anything else
        params = self._version(request)
        application = services.submit_application(application=application, actor=request.user,
                                                  seen_version=params["version"])
        return Response(ApplicationDetailSerializer(application, context={"request": request}).data)

    @extend_schema(request=VersionSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        params = self._version(request)
        application = services.withdraw_application(application=application, actor=request.user,
                                                    seen_version=params["version"],
                                                    reason=params.get("reason", ""))
        return Response(ApplicationDetailSerializer(application, context={"request": request}).data)

    @extend_schema(request=None, responses={201: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        copy = services.copy_application(application=self.get_object(), actor=request.user)
        return Response(ApplicationDetailSerializer(copy, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @staticmethod
    def _version(request) -> dict:
        params = VersionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        return params.validated_data
