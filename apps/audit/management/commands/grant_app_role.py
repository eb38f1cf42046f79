"""manage.py grant_app_role: give the portal's runtime database role what it needs and nothing more.

Run by the tables' owner after every ``migrate``. The runtime role (web, worker, beat) may read and write the
portal's tables, but owns none of them: it cannot alter a table, disable a trigger, TRUNCATE, or set
``session_replication_role``; on the audit trail it may only SELECT and INSERT.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.audit.models import AuditEvent

APPEND_ONLY = [AuditEvent._meta.db_table]


class Command(BaseCommand):
    help = "创建或更新运行时数据库角色，只授予读写权限（审计表只读和追加）。"

    def add_arguments(self, parser):
        parser.add_argument("--role", default=os.environ.get("APP_DB_USER", "portal_app"))
        parser.add_argument("--password-env", default="APP_DB_PASSWORD",
                            help="the environment variable holding the role's password (set on create or change)")

    def handle(self, *args, role, password_env, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role 只适用于 PostgreSQL。")
        password = os.environ.get(password_env, "")
        name = connection.ops.quote_name(role)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            exists = cursor.fetchone() is not None
            if not exists and not password:
                raise CommandError(f"角色 {role} 不存在；请在环境变量 {password_env} 中给出密码以创建。")
            if not exists:
                cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
            elif password:
                cursor.execute(f"ALTER ROLE {name} WITH LOGIN PASSWORD %s", [password])
            cursor.execute(f"ALTER ROLE {name} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
            cursor.execute(f"GRANT CONNECT ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])}"
                           f" TO {name}")
            cursor.execute(f"GRANT USAGE ON SCHEMA public TO {name}")
            cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {name}")
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}")
            for table in APPEND_ONLY:
                cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(table)} FROM {name}")
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}")
        self.stdout.write(self.style.SUCCESS(f"运行时角色 {role} 已就绪（审计表仅可读取和追加）。"))
