"""Admin: read-only views of visits, ratings and evaluations; the work happens on the pages (whose services audit)."""

from django.contrib import admin

from whitelist_portal.admin_base import ReadOnlyModelAdmin

from .models import Decision, Evaluation, Rating, Visit


@admin.register(Visit)
class VisitAdmin(ReadOnlyModelAdmin):
    list_display = ("number", "item", "department", "school", "date", "status")
    list_filter = ("status", "school_year", "semester")
    date_hierarchy = "date"
    search_fields = ("item__name", "school__name", "department__name")
    list_select_related = ("item", "department", "school")


@admin.register(Rating)
class RatingAdmin(ReadOnlyModelAdmin):
    list_display = ("visit", "burden", "usefulness", "rated_at")


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ("item", "kind", "reason", "ledger_line", "decided_by", "decided_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyModelAdmin):
    list_display = ("__str__", "region", "school_year", "status", "finished_at")
    list_filter = ("status",)
    inlines = [DecisionInline]
