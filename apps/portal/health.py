"""Liveness of what the portal depends on: the database, and Redis and a Celery worker when configured."""

from django.conf import settings
from django.db import connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy", whatever the driver raises
        return f"database: {exc.__class__.__name__}"
    return None


def check_redis() -> str | None:
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:
        return f"redis: {exc.__class__.__name__}"
    return None


def check_worker() -> str | None:
    from whitelist_portal.celery import app

    try:
        replies = app.control.ping(timeout=1.5)
    except Exception as exc:
        return f"celery: {exc.__class__.__name__}"
    return None if replies else "celery: no worker answered"


def run_checks() -> dict[str, str]:
    """Return {component: "ok" | reason}."""
    results = {"database": check_database() or "ok"}
    if settings.REDIS_URL:
        results["redis"] = check_redis() or "ok"
        results["celery"] = (check_worker() if results["redis"] == "ok" else "celery: redis unavailable") or "ok"
    return results
