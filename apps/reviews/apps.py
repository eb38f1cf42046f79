from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    verbose_name = "审核"

    def ready(self):
        from apps.accounts.roles import Role
        from apps.portal.navigation import NavItem, register

        from . import receivers, rules  # noqa: F401  (registers permission rules)

        receivers.connect()
        register(NavItem("审核队列", "reviews:queue", 30, roles=(Role.REVIEWER,)))
