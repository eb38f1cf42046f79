"""The complaints REST API for staff and the auditor: same access question, FilterSet and services as the pages."""

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from apps.accounts.permissions import can
from whitelist_portal.service_errors import ServiceErrorsMixin

from .. import matching, receipts, selectors, services
from .filters import ComplaintFilterSet
from .serializers import (
    ComplaintSerializer,
    ComplaintWriteSerializer,
    ReporterSerializer,
    StepSerializer,
    VerdictSerializer,
)

STEPS = {
    "accept": (services.accept_complaint, ("note",)),
    "decline": (services.decline_complaint, ("reason",)),
    "handle": (services.start_handling, ("note",)),
    "reply": (services.reply_to_reporter, ("reply", "finding", "override_reason")),
    "close": (services.close_complaint, ("note", "override_reason")),
}


class ComplaintViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """举报：列表与详情（举报人信息一律遮蔽），受理、不予受理、办理、答复、办结、白名单核对，以及留痕查看举报人。"""

    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    search_fields = None
    ordering_fields = ["received_at", "reply_due_on"]

    def get_queryset(self):
        return selectors.complaints_visible_to(self.request.user)

    # Writes ask their permission before the body is read: who may not act learns nothing from a 400.
    ACTION_PERMISSIONS = {"create": "complaints.intake", "reporter": "complaints.view_reporter",
                          **{name: "complaints.handle" for name in (*STEPS, "verdict")}}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can(request.user, "complaints.view"):
            raise PermissionDenied(gettext("只有举报受理员和监督人可以查看举报。"))
        needed = self.ACTION_PERMISSIONS.get(self.action)
        if needed and not can(request.user, needed):
            raise PermissionDenied(gettext("只有举报受理员可以办理举报。"))

    @extend_schema(request=ComplaintWriteSerializer, responses={201: ComplaintSerializer})
    def create(self, request):
        """Register a report taken by phone, e-mail, letter or visit; the answer carries its receipt code once."""
        params = ComplaintWriteSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        draft = data.pop("draft")
        data["schools"] = list(data.get("schools") or [])
        if "received_at" not in data:
            data.pop("received_at", None)
        if draft:
            complaint, code = services.save_draft(actor=request.user, data=data), ""
        else:
            complaint, code = services.register_complaint(actor=request.user, data=data)
        body = ComplaintSerializer(complaint).data
        body["receipt_code"] = receipts.display(code) if code else ""
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReporterSerializer)
    @action(detail=True, methods=["post"])
    def reporter(self, request, pk=None):
        """The reporter's name and contact, for complaint staff only; each call is written to the audit trail."""
        reporter = services.reveal_reporter(complaint=self.get_object(), actor=request.user)
        return Response({"name": reporter.name, "contact": reporter.contact})

    def _step(self, request, name):
        service, fields = STEPS[name]
        params = StepSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        complaint = service(complaint=self.get_object(), actor=request.user, seen_version=data["version"],
                            **{f: data[f] for f in fields})
        return Response(ComplaintSerializer(complaint).data)

    @extend_schema(request=StepSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, "accept")

    @extend_schema(request=StepSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._step(request, "decline")

    @extend_schema(request=StepSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        return self._step(request, "handle")

    @extend_schema(request=StepSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._step(request, "reply")

    @extend_schema(request=StepSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, "close")

    @extend_schema(request=VerdictSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def verdict(self, request, pk=None):
        complaint = self.get_object()
        params = VerdictSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        item = None
        if data["item"] is not None:
            item = next((i for i in matching.items_for(complaint) if i.pk == data["item"]), None)
            if item is None:
                raise ValidationError({"item": ["所选事项不是该地区在发生日期有效的白名单事项。"]})
        complaint = services.record_verdict(complaint=complaint, actor=request.user, seen_version=data["version"],
                                            verdict=data["verdict"], item=item, note=data["note"])
        return Response(ComplaintSerializer(complaint).data)
