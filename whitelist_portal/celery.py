"""The Celery application: configuration from Django settings, tasks discovered in every app."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whitelist_portal.settings")

app = Celery("whitelist_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _cron(env_name: str, default: str) -> crontab:
    """A crontab from a five-field string, overridable through the environment."""
    minute, hour, day_of_month, month_of_year, day_of_week = os.environ.get(env_name, default).split()
    return crontab(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
    )


# The beat schedule lives in code; cron strings may be overridden by environment variables.
# Entries are added as the jobs they run exist; `expires` stays just under the period.
app.conf.beat_schedule = {}


@app.task(name="portal.ping")
def ping() -> str:
    """A trivial task used by the health check and the worker round-trip test."""
    return "pong"
