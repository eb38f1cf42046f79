from django.apps import AppConfig
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    verbose_name = gettext_lazy("进校园申报")

    def ready(self):
        from apps.accounts.permissions import can
        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register

        from . import rules, selectors  # noqa: F401  (registers permission rules)

        register(NavItem(_("我的申报"), "applications:list", 10, roles=(Role.SUBMITTER,)))
        # The bureau's read-only overview of all applications (reviewers work from their queue instead).
        register(NavItem(_("申报总览"), "applications:overview", 12, roles=(Role.PUBLISHER, Role.AUDITOR),
                         extra=lambda user: not user.role_names & {str(Role.SUBMITTER)}))
        register_panel(Panel("applications", "applications/_dashboard.html", 10, roles=(Role.SUBMITTER,),
                             data=lambda user: {**selectors.department_workload(user),
                                                "can_create": can(user, "applications.create")}))
        register_panel(Panel("applications_overview", "applications/_dashboard_overview.html", 50,
                             roles=(Role.PUBLISHER, Role.AUDITOR), data=selectors.bureau_overview))
