from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, for admins too."""

    list_display = ["occurred_at", "actor_name", "action_label", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "opinion", "request_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
