"""API shape of an audit event (read-only)."""

from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    object_type = serializers.CharField(source="content_type.name", read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor", "actor_name", "actor_organisation", "object_type", "object_id",
                  "object_repr", "action", "action_label", "from_state", "to_state", "opinion", "data",
                  "request_id", "ip_address"]
        read_only_fields = fields
