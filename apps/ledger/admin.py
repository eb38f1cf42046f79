"""Admin: read-only views of the ledger and its history; the work happens on the pages."""

from django.contrib import admin

from .models import DeadlineExtension, LedgerLine


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LedgerLine)
class LedgerLineAdmin(ReadOnlyAdmin):
    list_display = ("number", "source_kind", "owner", "deadline", "status", "immediate", "closed_on")
    list_filter = ("source_kind", "status", "immediate")
    date_hierarchy = "deadline"
    fields = ("region", "source_kind", "source_ref", "complaint", "problem", "owner", "owner_person", "standard",
              "deadline", "measures", "results", "immediate", "status", "verification_opinion", "verified_at",
              "closed_on")
    readonly_fields = fields


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyAdmin):
    list_display = ("line", "old_deadline", "new_deadline", "extended_by", "extended_at")
    fields = ("line", "old_deadline", "new_deadline", "reason", "extended_at")
    readonly_fields = fields
