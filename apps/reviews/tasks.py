"""Celery tasks of the review: thin wrappers, safe to run twice."""

from celery import shared_task

from .reminders import remind_overdue_reviews


@shared_task(name="reviews.remind_overdue")
def remind_overdue() -> int:
    return remind_overdue_reviews()
