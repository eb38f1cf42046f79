from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    verbose_name = gettext_lazy("消息通知")
