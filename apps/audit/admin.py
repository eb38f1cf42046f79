from django.contrib import admin

from whitelist_portal.admin_base import ReadOnlyModelAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    """Read-only: the trail is append-only, for admins too."""

    list_display = ["occurred_at", "actor_name", "action_label", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "opinion", "request_id"]
    date_hierarchy = "occurred_at"
