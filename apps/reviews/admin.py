"""Admin: the bureau admin (publisher with staff access) edits the review stages and the holiday calendar;
review positions and decisions are shown read-only (they change only through the review services)."""

from django.contrib import admin

from whitelist_portal.admin_base import BureauAdminAccess, ReadOnlyModelAdmin, is_bureau_admin

from .models import Holiday, ReviewDecision, ReviewProgress, ReviewStage


class BureauAdminEditable(BureauAdminAccess, admin.ModelAdmin):
    pass


@admin.register(ReviewStage)
class ReviewStageAdmin(BureauAdminEditable):
    list_display = ["name", "kind", "order", "time_limit_days", "group", "is_active"]
    list_display_links = ["name"]
    list_editable = ["order", "time_limit_days", "is_active"]
    list_filter = ["kind", "is_active"]
    ordering = ["-kind", "order"]


@admin.register(Holiday)
class HolidayAdmin(BureauAdminEditable):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class ReadOnly(ReadOnlyModelAdmin):
    def has_module_permission(self, request):
        return is_bureau_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_bureau_admin(request)


@admin.register(ReviewProgress)
class ReviewProgressAdmin(ReadOnly):
    list_display = ["application", "stage", "entered_at", "due_on", "returned_from_stage", "precheck_level"]
    list_filter = ["stage", "precheck_level"]
    list_select_related = ["application", "stage", "returned_from_stage"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnly):
    list_display = ["decided_at", "application", "stage", "kind", "reviewer", "opinion"]
    list_filter = ["kind", "stage"]
    list_select_related = ["application", "stage", "reviewer"]
    search_fields = ["opinion", "justification", "application__title", "application__reference"]
