"""Reply-due reminders to complaint staff: due within 2 working days, overdue, each once; closed reports never."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.complaints.models import Complaint
from apps.complaints.reminders import remind_replies_due
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_due_and_overdue_reminded_once(registered, officer, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    due, _ = registered()
    late, _ = registered()
    later, _ = registered()
    Complaint.objects.filter(pk=due.pk).update(reply_due_on=today + dt.timedelta(days=1))
    Complaint.objects.filter(pk=late.pk).update(reply_due_on=today - dt.timedelta(days=2))
    Complaint.objects.filter(pk=later.pk).update(reply_due_on=today + dt.timedelta(days=9))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            remind_replies_due(today=today)
    titles = sorted(Notification.objects.filter(recipient=officer).values_list("title", flat=True))
    assert len(titles) == 2
    assert any("已超期" in t and late.number in t for t in titles)
    assert any("即将到答复期限" in t and due.number in t for t in titles)


def test_due_within_two_working_days_counts_working_days_across_a_weekend(
        registered, officer, django_capture_on_commit_callbacks):
    friday = dt.date(2026, 11, 27)  # an ordinary Friday: two working days ahead is Tuesday
    tuesday, wednesday = registered()[0], registered()[0]
    Complaint.objects.filter(pk=tuesday.pk).update(reply_due_on=dt.date(2026, 12, 1))
    Complaint.objects.filter(pk=wednesday.pk).update(reply_due_on=dt.date(2026, 12, 2))
    with django_capture_on_commit_callbacks(execute=True):
        remind_replies_due(today=friday)
    titles = list(Notification.objects.filter(recipient=officer).values_list("title", flat=True))
    assert any(tuesday.number in t for t in titles) and not any(wednesday.number in t for t in titles)


def test_replied_reports_are_not_reminded(registered, officer, django_capture_on_commit_callbacks):
    from apps.complaints import services

    complaint, _ = registered()
    complaint = services.accept_complaint(complaint=complaint, actor=officer, seen_version=complaint.version)
    services.reply_to_reporter(complaint=complaint, actor=officer, seen_version=complaint.version, reply="已处理",
                               finding="substantiated")
    Complaint.objects.filter(pk=complaint.pk).update(reply_due_on=timezone.localdate() - dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_replies_due() == 0
    assert not Notification.objects.exists()
