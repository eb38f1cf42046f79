from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    verbose_name = _("审核")

    def ready(self):
        from apps.accounts.roles import Role
        from apps.portal.navigation import NavItem, register

        from . import receivers, rules  # noqa: F401  (registers permission rules)

        receivers.connect()
        register(NavItem(_("审核队列"), "reviews:queue", 30, roles=(Role.REVIEWER,)))
        # The audit app calls no other app; its page is announced here, beside the review that writes most of it.
        register(NavItem(_("审计记录"), "audit:events", 70, roles=(Role.AUDITOR,)))
