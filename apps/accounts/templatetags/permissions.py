"""Template access to the permission helper: ``{% can "app.action" obj as allowed %}``."""

from django import template

from apps.accounts.permissions import can as can_do
from apps.accounts.permissions import has_role as has_any_role

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return can_do(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def has_role(context, *roles):
    return has_any_role(context["request"].user, *roles)
