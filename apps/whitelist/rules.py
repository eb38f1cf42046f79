"""Permission rules for the whitelist: only the publisher (发布管理员) assembles, publishes and changes it."""

from apps.accounts.permissions import has_role, rule
from apps.accounts.roles import Role


@rule("whitelist.manage")
def _manage(user, obj) -> bool:
    return has_role(user, Role.PUBLISHER)
