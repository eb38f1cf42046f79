"""The ledger REST API: the same access question, FilterSet and services as the pages."""

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts.permissions import can, has_role
from apps.accounts.roles import Role
from whitelist_portal.service_errors import ServiceErrorsMixin

from .. import selectors, services
from .filters import LedgerFilterSet
from .serializers import LedgerLineSerializer, LineStepSerializer, LineWriteSerializer

STEPS = {
    # name: (service, permission, fields taken from the body)
    "assign": (services.assign_line, "ledger.manage", ("owner", "owner_person")),
    "extend": (services.extend_deadline, "ledger.manage", ("new_deadline", "reason")),
    "close_out": (services.close_out, "ledger.manage", ("opinion",)),
    "send_back": (services.send_back, "ledger.manage", ("opinion",)),
    "report": (services.report_progress, "ledger.report", ("measures", "results", "immediate")),
    "request_close": (services.request_close_out, "ledger.report", ("note",)),
}


class LedgerLineViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """整改台账：教育局查看本地区全部事项并指定、延期、核实销号或退回；整改责任人只看到并报告本单位的事项。"""

    serializer_class = LedgerLineSerializer
    filterset_class = LedgerFilterSet
    search_fields = None
    ordering_fields = ["deadline", "created_at"]

    def get_queryset(self):
        return selectors.lines_visible_to(self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        user = request.user
        if not (can(user, "ledger.view_all") or has_role(user, Role.RECTIFICATION_OWNER)):
            raise PermissionDenied(gettext("无权查看整改台账。"))
        if self.action == "create" and not can(user, "ledger.manage"):
            raise PermissionDenied(gettext("只有教育局可以建立整改事项。"))

    @extend_schema(request=LineWriteSerializer, responses={201: LedgerLineSerializer})
    def create(self, request):
        """Open a line from a self-check, an inspection, the evaluation or an activity record."""
        params = LineWriteSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        line = services.open_line(actor=request.user, data=dict(params.validated_data))
        return Response(LedgerLineSerializer(line).data, status=status.HTTP_201_CREATED)

    def _step(self, request, name):
        service, permission, fields = STEPS[name]
        line = self.get_object()
        if not can(request.user, permission, line):  # before the body is read
            raise PermissionDenied(gettext("无权执行此操作。"))
        params = LineStepSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        line = service(line=line, actor=request.user, seen_version=data["version"], **{f: data[f] for f in fields})
        return Response(LedgerLineSerializer(line).data)

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(request, "assign")

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(request, "extend")

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"], url_path="close-out")
    def close_out(self, request, pk=None):
        return self._step(request, "close_out")

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(request, "send_back")

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(request, "report")

    @extend_schema(request=LineStepSerializer, responses=LedgerLineSerializer)
    @action(detail=True, methods=["post"], url_path="request-close")
    def request_close(self, request, pk=None):
        return self._step(request, "request_close")
