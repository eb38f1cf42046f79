import datetime as dt

import pytest

from apps.reviews.models import Holiday
from apps.reviews.workdays import add_working_days, due_date

FRIDAY = dt.date(2026, 11, 27)


def test_weekends_are_skipped():
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 11, 30)
    assert add_working_days(FRIDAY, 5) == dt.date(2026, 12, 4)


def test_holidays_are_skipped_and_swapped_weekend_days_count():
    assert add_working_days(FRIDAY, 1, holidays={dt.date(2026, 11, 30)}) == dt.date(2026, 12, 1)
    assert add_working_days(FRIDAY, 1, extra_workdays={dt.date(2026, 11, 28)}) == dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_due_date_reads_the_holiday_table():
    Holiday.objects.create(date=dt.date(2026, 11, 30), name="测试假日")
    assert due_date(FRIDAY, 1) == dt.date(2026, 12, 1)
