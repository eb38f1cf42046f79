"""The workspace's panels: each app registers what waits for a role; the dashboard shows the user's panels."""

from collections.abc import Callable
from dataclasses import dataclass, field

from apps.accounts.permissions import has_role


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    roles: tuple[str, ...] = ()  # empty: every logged-in user
    data: Callable = field(default=None, compare=False)  # user -> dict for the template, or None to hide

    def visible_to(self, user) -> bool:
        return not self.roles or has_role(user, *self.roles)


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[dict]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        if not panel.visible_to(user):
            continue
        data = panel.data(user) if panel.data else {}
        if data is not None:
            shown.append({"key": panel.key, "template": panel.template, "data": data})
    return shown
