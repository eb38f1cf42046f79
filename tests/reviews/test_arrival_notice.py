"""Issue 12, item 9: reviewers get an inbox notice when an application reaches their stage, one a day when many."""

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from apps.reviews import services

pytestmark = pytest.mark.django_db


def test_reviewers_of_the_stage_get_one_notice_a_day(make_in_review, keshi, bangongshi,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_in_review(title="交通安全宣讲")
        make_in_review(title="禁毒知识讲座")
        make_in_review(title="消防疏散演练")
    note = Notification.objects.get(recipient=keshi)
    assert note.title == "「相关科室初审」有新的待审申报" and "交通安全宣讲" in note.body
    assert note.url == reverse("reviews:queue")
    assert not Notification.objects.filter(recipient=bangongshi).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application=first, actor=keshi, version=first.version)
    moved = Notification.objects.get(recipient=bangongshi)
    assert moved.title == "「办公室审核」有新的待审申报"
    assert Notification.objects.filter(recipient=keshi).count() == 1
