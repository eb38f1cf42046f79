"""View and API helpers that ask the permission module."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .permissions import can


class RuleRequiredMixin(LoginRequiredMixin):
    """A class-based view open only to users for whom ``can(user, rule_action)`` holds."""

    rule_action: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.rule_action, self.get_rule_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_rule_object(self):
        return None


class RulePermission(BasePermission):
    """DRF permission: the view names ``rule_actions = {"GET": "x.view", "POST": "x.create"}``."""

    def has_permission(self, request, view):
        action = view.rule_actions.get(request.method) if hasattr(view, "rule_actions") else None
        return bool(request.user and request.user.is_authenticated) and (
            action is None or can(request.user, action)
        )
