from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    verbose_name = "进校园申报"

    def ready(self):
        from . import rules  # noqa: F401  (registers permission rules)
