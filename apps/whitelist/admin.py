"""Read-only views of editions, items, the change log, objections and export runs: changes go through services."""

from django.contrib import admin

from whitelist_portal.admin_base import ReadOnlyModelAdmin

from .models import EditionChange, ExportRun, Objection, WhitelistEdition, WhitelistItem


@admin.register(WhitelistEdition)
class WhitelistEditionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "status", "version", "published_at", "updated_on"]
    list_filter = ["status", "term"]


@admin.register(WhitelistItem)
class WhitelistItemAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "edition", "item_type", "number", "lead_units", "status"]
    list_filter = ["item_type", "status", "edition"]
    search_fields = ["name", "lead_units", "content"]


@admin.register(EditionChange)
class EditionChangeAdmin(ReadOnlyModelAdmin):
    list_display = ["happened_on", "edition", "kind", "version", "summary"]
    list_filter = ["kind"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "edition", "item", "content"]


@admin.register(ExportRun)
class ExportRunAdmin(ReadOnlyModelAdmin):
    list_display = ["requested_at", "edition", "status", "queued_at", "attempts", "row_count", "finished_at"]
    list_filter = ["status"]
