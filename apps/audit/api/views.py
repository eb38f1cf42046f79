"""The audit trail over the API: read-only, for auditors, with the same filters as the page."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics

from apps.accounts.mixins import RulePermission

from ..filters import AuditEventFilter
from ..selectors import all_events
from .serializers import AuditEventSerializer


class AuditEventList(generics.ListAPIView):
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    filter_backends = [DjangoFilterBackend]
    permission_classes = [RulePermission]
    rule_actions = {"GET": "audit.view", "HEAD": "audit.view", "OPTIONS": "audit.view"}

    def get_queryset(self):
        return all_events().select_related("content_type")


class AuditEventDetail(generics.RetrieveAPIView):
    serializer_class = AuditEventSerializer
    permission_classes = [RulePermission]
    rule_actions = AuditEventList.rule_actions

    def get_queryset(self):
        return all_events().select_related("content_type")
