"""Celery tasks of the applications: thin wrappers, safe to run twice."""

from celery import shared_task

from . import reminders


@shared_task(name="applications.remind_closing_windows")
def remind_closing_windows() -> int:
    return reminders.remind_closing_windows()
