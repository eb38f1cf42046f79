"""Admin building blocks shared by every app."""

from django.contrib import admin

from apps.accounts.permissions import has_role
from apps.accounts.roles import Role


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """History and workflow state: shown in admin, changed only through the apps' services (which audit)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def is_bureau_admin(request) -> bool:
    """The bureau admin of SPEC §2: a publisher given staff access (or a superuser)."""
    user = request.user
    return user.is_active and user.is_staff and (user.is_superuser or has_role(user, Role.PUBLISHER))


class BureauAdminAccess:
    """Master data the bureau admin keeps (terms, windows, caps, review stages): the role decides, not Django's
    per-model permissions. Mix into a ModelAdmin or an inline."""

    def has_module_permission(self, request):
        return is_bureau_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_bureau_admin(request)

    def has_add_permission(self, request, *args):
        return is_bureau_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_bureau_admin(request)

    def has_delete_permission(self, request, obj=None):
        return is_bureau_admin(request)
