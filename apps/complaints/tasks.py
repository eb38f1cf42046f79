"""Celery tasks of the complaint line: thin wrappers, safe to run twice."""

from celery import shared_task

from .reminders import remind_replies_due


@shared_task(name="complaints.remind_replies_due")
def remind_replies() -> int:
    return remind_replies_due()
