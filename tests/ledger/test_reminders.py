"""Ledger reminders: 3 working days before the deadline, overdue, escalated past 10 working days; each once."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from apps.ledger.calendar import WorkingCalendar
from apps.ledger.models import LedgerLine
from apps.ledger.reminders import remind_ledger_deadlines
from apps.notifications.models import Notification
from apps.reviews.models import Holiday
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 10, 13)  # a Monday, the week after National Day


@pytest.fixture
def national_day_2025(db):
    """The 2025 National Day and Mid-Autumn week with its two make-up working days (调休)."""
    for day in range(1, 9):
        Holiday.objects.create(date=dt.date(2025, 10, day), name="国庆节、中秋节")
    for day in (dt.date(2025, 9, 28), dt.date(2025, 10, 11)):
        Holiday.objects.create(date=day, name="调休上班", is_workday=True)


def test_calendar_across_national_day_and_make_up_days(national_day_2025):
    calendar = WorkingCalendar.around(dt.date(2025, 10, 1))
    assert calendar.add(dt.date(2025, 9, 26), 1) == dt.date(2025, 9, 28)  # Sunday 28 September is worked
    assert calendar.add(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)  # the whole week off
    assert calendar.add(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)  # Saturday 11 October is worked
    assert calendar.add(dt.date(2025, 10, 10), 2) == dt.date(2025, 10, 13)
    # 11 working days in (deadline, 13 Oct]: 13, 11, 10, 9, 30 Sep, 29, 28, 26, 25, 24, 23 → the cutoff is 22 Sep
    assert calendar.overdue_cutoff(TODAY, 10) == dt.date(2025, 9, 22)


def _line(open_line, deadline, **changes):
    line = open_line()
    LedgerLine.objects.filter(pk=line.pk).update(deadline=deadline, **changes)
    return line


def test_each_reminder_exactly_once(open_line, school_owner, reviewer, bureau, national_day_2025,
                                    django_capture_on_commit_callbacks):
    office = UserFactory(username="dudaoshi", organisation=bureau)
    office.groups.add(Group.objects.get_or_create(name="审核人-教育督导室")[0])
    soon = _line(open_line, dt.date(2025, 10, 16))  # 3 working days ahead
    far = _line(open_line, dt.date(2025, 10, 17))  # 4 working days ahead
    late = _line(open_line, dt.date(2025, 10, 10))
    very_late = _line(open_line, dt.date(2025, 9, 22))  # 11 working days late
    nearly = _line(open_line, dt.date(2025, 9, 23))  # 10 working days late: overdue, not escalated
    _line(open_line, dt.date(2025, 9, 1), status="closed", closed_on=dt.date(2025, 9, 2),
          verified_at=dt.datetime(2025, 9, 2, tzinfo=dt.UTC))
    _line(open_line, dt.date(2025, 9, 1), status="awaiting")  # the bureau's turn
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            remind_ledger_deadlines(today=TODAY)

    def titles(user):
        return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))

    n = {line: line.number for line in (soon, far, late, very_late, nearly)}
    assert titles(school_owner) == sorted([
        f"整改事项即将到期：{n[soon]}", f"整改事项已超期：{n[late]}", f"整改事项已超期：{n[very_late]}",
        f"整改事项已超期：{n[nearly]}"])
    assert titles(reviewer) == sorted([f"整改事项已超期：{n[late]}", f"整改事项已超期：{n[very_late]}",
                                       f"整改事项已超期：{n[nearly]}"])
    assert titles(office) == [f"整改事项超期逾 10 个工作日，请督办：{n[very_late]}"]


def test_an_extended_deadline_is_reminded_again(open_line, school_owner, reviewer,
                                                django_capture_on_commit_callbacks):
    from apps.ledger import services

    line = _line(open_line, dt.date(2025, 10, 15))
    with django_capture_on_commit_callbacks(execute=True):
        remind_ledger_deadlines(today=TODAY)
    line.refresh_from_db()
    LedgerLine.objects.filter(pk=line.pk).update(deadline=dt.date(2025, 10, 14))
    line.refresh_from_db()
    services.extend_deadline(line=line, actor=reviewer, seen_version=line.version, new_deadline=dt.date(2025, 10, 16),
                             reason="协调中")
    with django_capture_on_commit_callbacks(execute=True):
        remind_ledger_deadlines(today=TODAY)
    due = Notification.objects.filter(recipient=school_owner, title__startswith="整改事项即将到期")
    assert due.count() == 2


def test_official_calendar_needs_no_rows_and_the_bureau_overrides_it(db):
    calendar = WorkingCalendar.around(dt.date(2025, 10, 1))
    assert calendar.add(dt.date(2025, 9, 26), 1) == dt.date(2025, 9, 28)  # 调休 Sunday from the official calendar
    assert calendar.add(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)
    assert WorkingCalendar.around(dt.date(2026, 10, 1)).add(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    Holiday.objects.create(date=dt.date(2025, 10, 9), name="本地停课")
    Holiday.objects.create(date=dt.date(2025, 10, 11), name="不调休", is_workday=False)
    calendar = WorkingCalendar.around(dt.date(2025, 10, 1))
    assert calendar.add(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 10)
    assert calendar.add(dt.date(2025, 9, 30), 2) == dt.date(2025, 10, 13)
