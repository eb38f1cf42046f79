from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ComplaintsConfig(AppConfig):
    name = "apps.complaints"
    verbose_name = gettext_lazy("举报受理")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register

        from . import rules, selectors  # noqa: F401  (registers permission rules)

        register(NavItem(_("举报受理"), "complaints:queue", 40, permission="complaints.view"))
        register_panel(Panel("complaints", "complaints/_dashboard.html", 20, roles=(Role.COMPLAINT_STAFF,),
                             data=lambda user: selectors.staff_workload(user)))
