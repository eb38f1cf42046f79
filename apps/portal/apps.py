from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "apps.portal"
    verbose_name = gettext_lazy("门户")

    def ready(self):
        from apps.notifications.selectors import latest_unread

        from . import navigation  # noqa: F401  (registers the shell's own menu entries)
        from .dashboard import Panel, register

        register(Panel("notifications", "notifications/_dashboard.html", 90,
                       data=lambda user: {"notes": latest_unread(user)}))
