"""Admin building blocks shared by every app."""

from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """History and workflow state: shown in admin, changed only through the apps' services (which audit)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
