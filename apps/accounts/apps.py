from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = gettext_lazy("机构与用户")
