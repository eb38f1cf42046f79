"""The one place that answers "may this user do X (to that object)?" for pages, API, exports and templates.

Each app registers its rules with ``@rule("app.action")`` in its own ``rules.py``; everything else asks
``can(user, "app.action", obj)`` or ``require(...)``. An unknown action is a programming error, not a "no".
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext

from .roles import Role

RuleFn = Callable[[Any, Any], bool]
_rules: dict[str, RuleFn] = {}


def rule(action: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn(user, obj) -> bool`` as the answer for ``action``."""

    def register(fn: RuleFn) -> RuleFn:
        if action in _rules and _rules[action] is not fn:
            raise ImproperlyConfigured(f"Permission rule {action!r} is registered twice")
        _rules[action] = fn
        return fn

    return register


def has_role(user, *roles: Role | str) -> bool:
    """True when the active, logged-in user holds any of ``roles``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return not user.role_names.isdisjoint(str(r) for r in roles)


def can(user, action: str, obj: Any = None) -> bool:
    if action not in _rules:
        raise ImproperlyConfigured(f"No permission rule for {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(_rules[action](user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, obj)``; services call this first."""
    if not can(user, action, obj):
        raise PermissionDenied(gettext("无权执行此操作（%(action)s）") % {"action": action})


def same_organisation(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and user.organisation_id == organisation_id


def region_of(user) -> int | None:
    """The region of the user's organisation: a bureau's staff act only on what belongs to their region."""
    organisation = getattr(user, "organisation", None)
    return organisation.region_id if organisation is not None else None


def same_region(user, region_id: int | None) -> bool:
    return user.is_superuser or (region_id is not None and region_of(user) == region_id)


def registered_actions() -> list[str]:
    return sorted(_rules)


# Rules that belong to no single app.
@rule("portal.use_admin_site")
def _use_admin_site(user, obj) -> bool:
    return user.is_staff


@rule("audit.view")
def _view_audit(user, obj) -> bool:
    return has_role(user, Role.AUDITOR) or user.is_superuser
