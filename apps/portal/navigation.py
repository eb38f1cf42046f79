"""The main menu: each app registers its entries; each user sees those its roles may use."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts.permissions import can, has_role
from apps.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    roles: tuple[str, ...] = ()  # empty: every logged-in user
    public: bool = False  # shown to visitors who are not logged in
    visitors_only: bool = False  # a public page staff reach from the home page: kept out of their crowded menu
    extra: Callable | None = field(default=None, compare=False)  # further check on the user
    permission: str = ""  # when set, the permission helper decides (as the page itself does)

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return self.public
        if self.visitors_only:
            return False
        if self.permission and not can(user, self.permission):
            return False
        if self.roles and not has_role(user, *self.roles):
            return False
        return self.extra(user) if self.extra else True


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(user, current_path: str = "") -> list[dict]:
    entries = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        matches = current_path.startswith(url) if url != "/" else current_path == "/"
        entries.append({"label": item.label, "url": url, "active": matches})
    # Only the most specific entry is current: /whitelist/manage/ is the publisher's page, not the public list.
    longest = max((len(e["url"]) for e in entries if e["active"]), default=0)
    for entry in entries:
        entry["active"] = entry["active"] and len(entry["url"]) == longest
    return entries


register(NavItem(_("首页"), "portal:home", 0, public=True))
register(NavItem(_("我的工作台"), "portal:dashboard", 5))
register(NavItem(_("我要举报"), "portal:how_to_report", 90, public=True))
register(NavItem(_("系统管理"), "admin:index", 100, roles=(Role.PUBLISHER,), extra=lambda u: u.is_staff))
