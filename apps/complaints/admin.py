"""Admin: a read-only view of reports (without the reporter), for master-data staff; work happens on the pages."""

from django.contrib import admin

from .models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("number", "channel", "received_at", "category", "status", "verdict", "reply_due_on")
    list_filter = ("channel", "status", "category", "verdict")
    date_hierarchy = "received_at"
    fields = ("channel", "received_at", "region", "school_text", "department", "department_text", "category",
              "activity_text", "occurred_on", "description", "status", "reply_due_on", "verdict", "matched_item",
              "verdict_note", "not_accepted_reason", "handling_note", "finding", "public_reply", "case")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
