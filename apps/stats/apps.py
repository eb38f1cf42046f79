from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class StatsConfig(AppConfig):
    name = "apps.stats"
    verbose_name = gettext_lazy("统计分析")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from apps.portal.navigation import NavItem, register

        from . import rules  # noqa: F401  (registers the permission rule)

        register(NavItem(_("统计分析"), "stats:page", 80, permission="stats.view"))
        register(NavItem(_("统计公开"), "stats:public", 96, public=True, visitors_only=True))
