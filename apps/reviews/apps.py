from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    verbose_name = _("审核")

    def ready(self):
        from apps.accounts.roles import Role
        from apps.portal.dashboard import Panel
        from apps.portal.dashboard import register as register_panel
        from apps.portal.navigation import NavItem, register

        from . import receivers, rules, selectors  # noqa: F401  (registers permission rules)

        receivers.connect()
        register(NavItem(_("审核队列"), "reviews:queue", 30, permission="reviews.view_queue"))
        # The audit app calls no other app; its page is announced here, beside the review that writes most of it.
        register(NavItem(_("审计记录"), "audit:events", 70, permission="audit.view"))
        register_panel(Panel("reviews", "reviews/_dashboard.html", 20, roles=(Role.REVIEWER,),
                             data=selectors.reviewer_workload))
