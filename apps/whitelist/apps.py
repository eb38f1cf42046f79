from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WhitelistConfig(AppConfig):
    name = "apps.whitelist"
    verbose_name = gettext_lazy("白名单发布")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register

        from . import rules, selectors  # noqa: F401  (registers permission rules)

        register(NavItem(_("公开白名单"), "whitelist:current", 80, public=True))
        register(NavItem(_("白名单发布"), "whitelist:manage", 60, permission="whitelist.manage"))
        register_panel(Panel("whitelist", "whitelist/_dashboard.html", 30, roles=(Role.PUBLISHER,),
                             data=lambda user: selectors.publisher_workload(user)))
        register_panel(Panel("whitelist_lookup", "whitelist/_dashboard_lookup.html", 40,
                             roles=(Role.COMPLAINT_STAFF, Role.RECTIFICATION_OWNER),
                             data=lambda user: selectors.lookup_summary(user)))
