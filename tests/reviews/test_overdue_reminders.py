import datetime as dt

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from apps.reviews.models import ReviewProgress
from apps.reviews.tasks import remind_overdue

pytestmark = pytest.mark.django_db


def test_stage_reviewers_are_reminded_once_about_overdue_items(make_in_review, keshi, dudaoshi,
                                                               django_capture_on_commit_callbacks):
    late, _fresh = make_in_review(title="超期未审的申报"), make_in_review(title="刚提交的申报")
    ReviewProgress.objects.filter(application=late).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    for _ in range(2):  # the daily job may run twice: still one reminder
        with django_capture_on_commit_callbacks(execute=True):
            remind_overdue.delay()
    notes = Notification.objects.all()
    assert [(n.recipient, n.title) for n in notes] == [(keshi, "审核超期：超期未审的申报")]
    assert not Notification.objects.filter(recipient=dudaoshi).exists()
