"""Celery tasks of the inbox: thin wrappers, safe to run twice."""

from celery import shared_task

from .services import email_unsent


@shared_task(name="notifications.email_unsent")
def email_unsent_task(keys: list[str], recipient_ids: list[int]) -> int:
    return email_unsent(keys, recipient_ids)
