"""Read-only views of editions, items, the change log, objections and export runs: changes go through services."""

from django.contrib import admin

from .models import EditionChange, ExportRun, Objection, WhitelistEdition, WhitelistItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WhitelistEdition)
class WhitelistEditionAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "version", "published_at", "updated_on"]
    list_filter = ["status", "term"]


@admin.register(WhitelistItem)
class WhitelistItemAdmin(ReadOnlyAdmin):
    list_display = ["name", "edition", "item_type", "number", "lead_units", "status"]
    list_filter = ["item_type", "status", "edition"]
    search_fields = ["name", "lead_units", "content"]


@admin.register(EditionChange)
class EditionChangeAdmin(ReadOnlyAdmin):
    list_display = ["happened_on", "edition", "kind", "version", "summary"]
    list_filter = ["kind"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "edition", "item", "content"]


@admin.register(ExportRun)
class ExportRunAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "edition", "status", "row_count", "finished_at"]
    list_filter = ["status"]
