"""Overdue reviews: each stage's active reviewers are told once per stay, by inbox and e-mail; nobody else."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts.roles import Role
from apps.notifications.models import Notification
from apps.reviews.models import ReviewProgress
from apps.reviews.reminders import remind_overdue_reviews
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def overdue(application, days=1):
    ReviewProgress.objects.filter(application=application).update(due_on=TODAY - dt.timedelta(days=days))


@pytest.fixture
def run_daily_job(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return remind_overdue_reviews(**kwargs)

    return run


def test_reviewers_of_the_stage_only_get_one_inbox_message_and_one_email(make_in_review, keshi, bangongshi,
                                                                         bureau, run_daily_job):
    late = make_in_review(order=2, title="超期的申报")
    overdue(late)
    UserFactory(username="retired", organisation=bureau, roles=[Role.REVIEWER, "审核人-办公室"], is_active=False)
    UserFactory(username="clerk", organisation=bureau, roles=["审核人-办公室"])  # in the group, not a reviewer
    run_daily_job()
    run_daily_job()
    assert [n.recipient.username for n in Notification.objects.all()] == ["bangongshi"]
    assert [m.to for m in mail.outbox] == [["bangongshi@example.org"]]
    assert "已超期" in mail.outbox[0].body and f"/reviews/{late.pk}/" in mail.outbox[0].body


def test_nothing_on_the_last_day_of_the_limit(make_in_review, keshi, run_daily_job):
    make_in_review(title="今天到期的申报")
    ReviewProgress.objects.update(due_on=TODAY)
    run_daily_job()
    assert not Notification.objects.exists()


def test_a_new_stay_at_the_stage_is_reminded_again(make_in_review, keshi, run_daily_job):
    late = make_in_review(title="退回后重新提交的申报")
    overdue(late)
    run_daily_job()
    # Returned and resubmitted: it enters the stage again later, and overstays again.
    ReviewProgress.objects.filter(application=late).update(entered_at=timezone.now() + dt.timedelta(seconds=5))
    run_daily_job()
    run_daily_job()
    assert Notification.objects.filter(recipient=keshi).count() == 2
