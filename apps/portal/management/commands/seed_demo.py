"""Fill the database with realistic demo data; safe to run again (it converges, never duplicates)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.accounts.demo import DEMO_PASSWORD, login_table


class Command(BaseCommand):
    help = "创建或更新演示数据（可重复执行）。"

    def handle(self, *args, **options):
        # Each app may offer demo.seed(out); they run in INSTALLED_APPS order, which follows the dependencies.
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("apps.") and find_spec(module_name):
                    self.stdout.write(f"» {config.verbose_name}")
                    import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, roles, organisation in login_table():
            self.stdout.write(f"  {username:<12} {roles:<16} {organisation}")
