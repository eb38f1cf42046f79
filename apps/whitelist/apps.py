from django.apps import AppConfig


class WhitelistConfig(AppConfig):
    name = "apps.whitelist"
    verbose_name = "白名单发布"
