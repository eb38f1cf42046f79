"""Reads of the audit trail shared by timelines, the auditor's pages and exports."""

from .models import AuditEvent


def events_for(obj):
    return AuditEvent.objects.for_object(obj).select_related("actor").order_by("occurred_at", "pk")


def all_events():
    return AuditEvent.objects.select_related("content_type").order_by("-occurred_at", "-pk")
