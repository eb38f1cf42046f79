from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "apps.portal"
    verbose_name = gettext_lazy("门户")

    def ready(self):
        from . import navigation  # noqa: F401  (registers the shell's own menu entries)
