"""Overdue-review reminders in bulk: constant queries per batch, a pass stopped partway resumes, two at once remind
each reviewer once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.notifications import services as notifications
from apps.notifications.models import Notification
from apps.reviews.models import ReviewProgress
from apps.reviews.reminders import remind_overdue_reviews

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _overdue(user) -> int:
    """The overdue reminders only (an application's arrival at a stage is announced too, once a day)."""
    return Notification.objects.filter(recipient=user, dedupe_key__startswith="review-overdue").count()


def _late(make_in_review, n):
    apps = [make_in_review(title=f"超期申报{i}") for i in range(n)]
    ReviewProgress.objects.update(due_on=YESTERDAY)
    return apps


@pytest.mark.django_db
def test_the_pass_costs_the_same_queries_however_many_are_late(make_in_review, keshi):
    _late(make_in_review, 3)
    with CaptureQueriesContext(connection) as few:
        remind_overdue_reviews()
    Notification.objects.all().delete()
    _late(make_in_review, 12)
    with CaptureQueriesContext(connection) as many:
        remind_overdue_reviews()
    assert _overdue(keshi) == 15
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_a_pass_stopped_partway_is_finished_by_the_next_and_nothing_twice(make_in_review, keshi, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    _late(make_in_review, 7)
    real = notifications._write_batch
    calls = []

    def dies_after_the_first_batch(rows, *, email):
        if calls:
            raise TimeoutError("soft time limit")
        calls.append(len(rows))
        return real(rows, email=email)

    monkeypatch.setattr(notifications, "_write_batch", dies_after_the_first_batch)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TimeoutError):
        notifications.deliver_many(_messages(), batch=3)
    assert Notification.objects.filter(dedupe_key__startswith="review-overdue").count() == 3
    monkeypatch.setattr(notifications, "_write_batch", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_reviews() == 4  # the rest, and only the rest
        assert remind_overdue_reviews() == 0
    assert _overdue(keshi) == 7
    assert len([m for m in mail.outbox if "审核超期" in m.subject]) == 7


def _messages():
    from apps.notifications.services import Message

    for progress in ReviewProgress.objects.select_related("application", "stage").order_by("pk"):
        yield Message(recipient_ids=tuple(u.pk for u in progress.stage.group.user_set.all()),
                      title=f"审核超期：{progress.application.title}",
                      dedupe_key=f"review-overdue:{progress.application_id}:{progress.stage_id}:"
                                 f"{progress.entered_at:%Y%m%d%H%M%S}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_each_reviewer_once(make_in_review, keshi, monkeypatch):
    from apps.notifications import tasks

    # Each worker sends its batches' e-mail itself (an eager task in two threads would share Celery's global
    # "inside a task" flag and leave it set for the tests after this one).
    monkeypatch.setattr(tasks.email_unsent_task, "delay", notifications.email_unsent)
    _late(make_in_review, 20)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            remind_overdue_reviews()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _overdue(keshi) == 20
    overdue_mail = [m for m in mail.outbox if "审核超期" in m.subject]
    assert len(overdue_mail) == 20  # one e-mail per reminder, whichever worker sent it
