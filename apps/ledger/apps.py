from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    verbose_name = gettext_lazy("整改台账")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register

        from . import hooks, rules, selectors  # noqa: F401  (registers permission rules and complaint hooks)

        register(NavItem(_("整改台账"), "ledger:list", 45, permission="ledger.view_all"))
        register(NavItem(_("我的整改"), "ledger:mine", 46, roles=(Role.RECTIFICATION_OWNER,)))
        register(NavItem(_("整改公开"), "ledger:transparency", 95, public=True, visitors_only=True))
        register_panel(Panel("ledger_owner", "ledger/_dashboard_owner.html", 45, roles=(Role.RECTIFICATION_OWNER,),
                             data=lambda user: selectors.owner_workload(user)))
        register_panel(Panel("ledger_bureau", "ledger/_dashboard_bureau.html", 46,
                             roles=(Role.REVIEWER, Role.PUBLISHER),
                             data=lambda user: selectors.bureau_workload(user)))
