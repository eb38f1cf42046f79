"""The Celery application: configuration from Django settings, tasks discovered in every app."""

import datetime as dt
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whitelist_portal.settings")

app = Celery("whitelist_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every task runs in the portal's language (reminders, e-mails, exports are written in Chinese), whatever language
# the worker's thread was left in by an earlier task or, when tasks run inline, by the request that queued it;
# afterwards the thread's language is put back.
_languages_before: dict[str, str | None] = {}


@task_prerun.connect
def _portal_language(task_id=None, **kwargs):
    from django.conf import settings
    from django.utils import translation

    _languages_before[task_id] = translation.get_language()
    translation.activate(settings.LANGUAGE_CODE)


@task_postrun.connect
def _language_back(task_id=None, **kwargs):
    from django.utils import translation

    before = _languages_before.pop(task_id, None)
    if before:
        translation.activate(before)
    else:
        translation.deactivate()


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


def _period(schedule: crontab) -> dt.timedelta:
    """The shortest gap between two runs of a crontab, judged over one week (day of month and month aside)."""
    moments = sorted(
        (day * 24 + hour) * 60 + minute
        for day in schedule.day_of_week for hour in schedule.hour for minute in schedule.minute
    )
    gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)] + [moments[0] + 7 * 24 * 60 - moments[-1]]
    return dt.timedelta(minutes=min(gaps))


def _job(task: str, env_name: str, default: str) -> dict:
    """A beat entry whose run expires just under its period, so a late run never overlaps the next one."""
    schedule = _cron(env_name, default)
    period = _period(schedule)
    expires = period - min(dt.timedelta(minutes=10), period / 10)
    return {"task": task, "schedule": schedule, "options": {"expires": int(expires.total_seconds())}}


# The beat schedule lives in code; cron strings may be overridden by environment variables.
# Every job is idempotent (reminders are keyed), so a run repeated by a restart sends nothing twice.
app.conf.beat_schedule = {
    "remind-closing-windows": _job(
        "applications.remind_closing_windows", "CRON_WINDOW_CLOSING_REMINDERS", "0 8 * * *"),
    "remind-overdue-reviews": _job("reviews.remind_overdue", "CRON_OVERDUE_REVIEW_REMINDERS", "30 8 * * *"),
    # Export runs lost to a broker outage or a dead worker are handed over again within minutes.
    "sweep-export-runs": _job("whitelist.sweep_export_runs", "CRON_EXPORT_SWEEP", "* * * * *"),
    "verify-audit-chain": _job("portal.verify_audit_chain", "CRON_VERIFY_AUDIT_CHAIN", "15 2 * * *"),
    "remind-complaint-replies": _job("complaints.remind_replies_due", "CRON_COMPLAINT_REPLY_REMINDERS",
                                     "45 8 * * *"),
    "remind-ledger-deadlines": _job("ledger.remind_deadlines", "CRON_LEDGER_REMINDERS", "0 9 * * *"),
}


@app.task(name="portal.ping")
def ping() -> str:
    """A trivial task used by the health check and the worker round-trip test."""
    return "pong"
