"""Settings resolve from the environment both ways: the quick start and real services."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from whitelist_portal.celery import app; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'], "
    "'eager': app.conf.task_always_eager, 'broker': app.conf.broker_url, 'backend': str(app.conf.result_backend), "
    "'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'email': s.EMAIL_BACKEND, 'acks_late': app.conf.task_acks_late}))"
)


def resolve(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG")}
    env.update(overrides, DJANGO_SETTINGS_MODULE="whitelist_portal.settings")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_quick_start_defaults_to_sqlite_inline_tasks_and_local_memory_cache():
    resolved = resolve()
    assert resolved["engine"] == "django.db.backends.sqlite3"
    assert resolved["cache"].endswith("LocMemCache")
    assert resolved["eager"] is True
    assert resolved["tz"] == "Asia/Shanghai"
    assert resolved["lang"] == "zh-hans"
    assert resolved["email"] == "django.core.mail.backends.console.EmailBackend"
    assert resolved["acks_late"] is True


def test_real_services_come_from_database_and_redis_urls():
    resolved = resolve(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
        REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
    )
    assert resolved["engine"] == "django.db.backends.postgresql"
    assert resolved["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert resolved["eager"] is False
    assert resolved["broker"] == "redis://127.0.0.1:6379/3"
    assert resolved["backend"] == "redis://127.0.0.1:6379/3"
    assert resolved["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_profile_passes_check_deploy_without_warnings(tmp_path):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DEBUG="0",
        SECRET_KEY="p" * 20 + "roduction-secret-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="whitelist.example.gov.cn",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_profile_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    env["DEBUG"] = "0"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_connections_start_one_parallel_worker_unless_configured():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "1"
