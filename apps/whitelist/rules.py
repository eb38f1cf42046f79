"""Permission rules for the whitelist: only the publisher (发布管理员) assembles, publishes and changes it."""

from apps.accounts.permissions import has_role, rule, same_region
from apps.accounts.roles import Role


def _region_id(obj) -> int | None:
    edition = getattr(obj, "edition", obj)  # an item answers for its edition
    return getattr(edition, "region_id", None)


@rule("whitelist.manage")
def _manage(user, obj) -> bool:
    """The publisher of a region manages that region's lists only; without an object: may open the pages."""
    return has_role(user, Role.PUBLISHER) and (obj is None or same_region(user, _region_id(obj)))
