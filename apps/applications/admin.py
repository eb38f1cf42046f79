"""Admin for the bureau's master data of applications: terms, windows, caps; applications read-only."""

from django.contrib import admin

from whitelist_portal.admin_base import BureauAdminAccess, ReadOnlyModelAdmin

from .models import Application, ApplicationWindow, Attachment, CapRule, Term, TermCounter


class ApplicationWindowInline(BureauAdminAccess, admin.TabularInline):
    model = ApplicationWindow
    extra = 0


@admin.register(Term)
class TermAdmin(BureauAdminAccess, admin.ModelAdmin):
    list_display = ("__str__", "starts_on", "ends_on")
    inlines = [ApplicationWindowInline]


@admin.register(ApplicationWindow)
class ApplicationWindowAdmin(BureauAdminAccess, admin.ModelAdmin):
    list_display = ("term", "opens_on", "closes_on", "note")
    list_filter = ("term",)


@admin.register(CapRule)
class CapRuleAdmin(BureauAdminAccess, admin.ModelAdmin):
    list_display = ("name", "shape", "item_type", "category", "per_department", "limit", "is_blocking", "is_active")
    list_editable = ("limit", "is_active")
    list_filter = ("shape", "is_active")


@admin.register(TermCounter)
class TermCounterAdmin(ReadOnlyModelAdmin):
    list_display = ("term", "last")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyModelAdmin):
    """Read-only: applications change only through the services, which keep the audit trail."""

    list_display = ("reference", "title", "department", "term", "item_type", "category", "status", "submitted_at")
    list_filter = ("status", "term", "item_type", "category")
    search_fields = ("reference", "title", "department__name")
    list_select_related = ("department", "term")
    inlines = [AttachmentInline]
