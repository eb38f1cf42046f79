"""Celery tasks of the ledger: thin wrappers, safe to run twice."""

from celery import shared_task

from .reminders import remind_ledger_deadlines


@shared_task(name="ledger.remind_deadlines")
def remind_deadlines() -> int:
    return remind_ledger_deadlines()
