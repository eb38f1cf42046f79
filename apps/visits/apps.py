from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class VisitsConfig(AppConfig):
    name = "apps.visits"
    verbose_name = gettext_lazy("进校园活动记录")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register
        from apps.whitelist.services import register_assembly_filter

        from . import evaluation, rules, selectors  # noqa: F401  (registers the permission rules)
        from .rules import is_school

        register_assembly_filter(evaluation.left_out_of_assembly)

        register(NavItem(_("进校园记录"), "visits:list", 47, permission="visits.view_list"))
        # Visitors and schools check permits at the gate; other staff reach the page from the home page.
        register(NavItem(_("凭证核验"), "visits:check", 92, public=True, roles=(Role.RECTIFICATION_OWNER,),
                         extra=is_school))
        register(NavItem(_("年终评估"), "visits:evaluations", 48, permission="visits.evaluate"))
        register_panel(Panel("visits_department", "visits/_dashboard_department.html", 40,
                             roles=(Role.SUBMITTER,), data=lambda user: selectors.department_today(user)))
        register_panel(Panel("visits_school", "visits/_dashboard_school.html", 41,
                             roles=(Role.RECTIFICATION_OWNER,), data=lambda user: selectors.school_today(user)))
