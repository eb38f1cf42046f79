from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "apps.portal"
    verbose_name = "门户"

    def ready(self):
        from . import navigation  # noqa: F401  (registers the shell's own menu entries)
